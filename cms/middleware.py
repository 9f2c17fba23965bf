"""Vietnamese first: the language is the one the visitor chose (cookie set by /i18n/setlang/), else
Vietnamese. Unlike Django's LocaleMiddleware, a browser's Accept-Language does not switch the site to
English, since most of the content (products, stories) exists only in Vietnamese."""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.encoding import escape_uri_path
from wagtail.contrib.redirects.middleware import RedirectMiddleware, get_redirect
from wagtail.contrib.redirects.models import Redirect

SUPPORTED = {code for code, _name in settings.LANGUAGES}
# The language a link asks for (the hreflang alternates); it outranks the cookie for that one page.
LANGUAGE_PARAMETER = "lang"
# Where a page leads on to (the sign-in page's restricted page), whose language it speaks (asked_language).
NEXT_PARAMETER = "next"


def without_language(url: str) -> str:
    """The URL without `?lang=`: where to land after choosing a language, which the cookie then decides.
    The page it leads on to (`?next=`, the sign-in page's) loses its `?lang=` too, or the choice would
    be undone there."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [
        (name, _next_without_language(value) if name == NEXT_PARAMETER else value)
        for name, value in pairs
        if name != LANGUAGE_PARAMETER
    ]
    if kept == pairs:
        return url
    return urlunsplit(parts._replace(query=urlencode(kept)))


def _next_without_language(url: str) -> str:
    try:
        return without_language(url)
    except ValueError:  # not a URL ("http://[::1"): nothing to drop
        return url


def _language_in(url: str) -> str:
    """The language `url` asks for by `?lang=`; "" for none, or for anything that is not a URL."""
    try:
        query = urlsplit(url).query
    except ValueError:
        return ""
    asked = dict(parse_qsl(query)).get(LANGUAGE_PARAMETER, "")
    return asked if asked in SUPPORTED else ""


def asked_language(request) -> str:
    """The language this request asked for by `?lang=` (an hreflang link, `/en/…`), which the pages it
    leads to keep; else the one asked by the page it leads on to, `?next=…%3Flang%3Den` (Wagtail's
    sign-in for a restricted page carries the language only there); "" when the cookie or the default
    chose it (the cookie goes along by itself)."""
    asked = request.GET.get(LANGUAGE_PARAMETER, "")
    if asked in SUPPORTED:
        return asked
    return _language_in(request.GET.get(NEXT_PARAMETER, ""))


def in_language(url: str, language: str) -> str:
    """The URL asking for `language` by `?lang=` (in place of any it had); as it is for no language."""
    if not language:
        return url
    parts = urlsplit(without_language(url))
    query = urlencode([*parse_qsl(parts.query, keep_blank_values=True), (LANGUAGE_PARAMETER, language)])
    return urlunsplit(parts._replace(query=query))


def in_screen_language(url: str) -> str:
    """`url` asking for the language the current screen speaks, unless it is Vietnamese (the plain address):
    a link from the admin, which speaks the account's preferred language, to a public page (a lot's label
    sheet) that would otherwise fall back to Vietnamese for a browser without the language cookie."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return in_language(url, "" if language == settings.LANGUAGE_CODE else language)


def as_asked(request, url: str) -> str:
    """`url` asking for the language `request` asked for by `?lang=`: a link or a form on a page shown
    by `?lang=en`, or the redirect answering such a form, so that the visitor stays in English. As it is
    when the cookie or the default chose the language (the cookie goes along by itself)."""
    return in_language(url, asked_language(request))


_PREFIXED = re.compile(r"^/(?P<code>[a-z]{2})(?:/(?P<rest>.*))?$")


def unprefixed_url(request) -> str | None:
    """Where `/en/chu-the/…` (how many sites address their English pages) is here: `/chu-the/…?lang=en`;
    `/vi/…` is the plain address. None for any other path."""
    match = _PREFIXED.match(request.path)
    if match is None or match["code"] not in SUPPORTED:
        return None
    # One leading slash, whatever was typed: "/en//evil.example" must not become "//evil.example".
    path = "/" + (match["rest"] or "").lstrip("/\\")
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    pairs = [(name, value) for name, value in pairs if name != LANGUAGE_PARAMETER]
    if match["code"] != settings.LANGUAGE_CODE:
        pairs.append((LANGUAGE_PARAMETER, match["code"]))
    query = urlencode(pairs)
    return escape_uri_path(path) + (f"?{query}" if query else "")


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # ?lang=en (the hreflang alternate links) asks for one page in a language without changing the choice.
        chosen = asked_language(request) or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in SUPPORTED else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            # Only where no page is: a page an editor names "en" stays reachable.
            moved = unprefixed_url(request)
            if moved is not None:
                response = HttpResponseRedirect(moved)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class QueryKeepingRedirectMiddleware(RedirectMiddleware):
    """Wagtail's redirects (an old address after a slug change, or one an editor made) keeping the
    visitor's query, which Wagtail drops: `/cua-hang/0/?lang=en&utm_source=zalo` leads to
    `/cua-hang/ben-tre/?lang=en&utm_source=zalo`, so an English visitor following an old shared link
    stays in English, as on `/en/…`, and campaign tags survive. The target's own parameters win over
    the visitor's; a redirect made for one query (its old path holds it) leads where its editor said."""

    def process_response(self, request, response):
        redirected = super().process_response(request, response)
        query = request.META.get("QUERY_STRING", "")
        if redirected is response or not query or _made_for_this_query(request):
            return redirected
        redirected["Location"] = with_query(redirected["Location"], query)
        return redirected


def _made_for_this_query(request) -> bool:
    # Looked up again only for a redirect answering a request with a query: Wagtail does not say
    # whether it matched the path with its query or without.
    full_path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
    return get_redirect(request, full_path) is not None


def with_query(url: str, query: str) -> str:
    """`url` with the parameters of `query` it does not set itself added after its own."""
    parts = urlsplit(url)
    own = parse_qsl(parts.query, keep_blank_values=True)
    named = {name for name, _value in own}
    added = [(name, value) for name, value in parse_qsl(query, keep_blank_values=True) if name not in named]
    return urlunsplit(parts._replace(query=urlencode([*own, *added])))
