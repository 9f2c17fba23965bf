"""Serve public pages from the page cache; store what a view marked public and nobody personalised.

Lookup happens for every GET/HEAD of a visitor who is not signed in and has no pending message. A
response is stored only when the view marked it public (`public_page`) and nothing in the rendering
made it personal: no cookie set, no CSRF token used, no session written, no signed-in user. So a
template that starts using `{% csrf_token %}` or the session simply stops being cached rather than
leaking one visitor's page to another.
"""

from contextvars import ContextVar
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.encoding import escape_uri_path
from django.utils.functional import SimpleLazyObject
from django.utils.http import parse_http_date_safe

from . import store

# Set while an editor or any signed-in user is logged in (see signed_in.py): such visitors may see
# the Wagtail user bar and drafts, so they always get a freshly rendered page.
SIGNED_IN_COOKIE = "ocop_signed_in"
MESSAGES_COOKIE = "messages"
# What a hit gives back of the rendering it was kept from: whatever a browser, a crawler or a shared
# cache (a CDN) reads to key, revalidate or index the page, so that a hit answers as its miss did.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Vary",
    "Last-Modified",
    "ETag",
    "X-Robots-Tag",
    "X-Frame-Options",
    "Link",
    "Access-Control-Allow-Origin",
)
# GS1 Digital Link pages cache themselves (the scan must be counted before a cached lot page is
# served, see traceability/page_cache.py); a lookup here would only cost them time.
OWN_CACHE_PREFIXES = ("/01/",)
LOOKUP = "_page_cache_lookup"
MARK = "_page_cache_public"


def mark_public(request):
    """Let the middleware store this request's response. Call it before rendering: tags that have no
    version yet get one now, so a purge during the rendering is noticed."""
    setattr(request, MARK, True)
    found = getattr(request, LOOKUP, None)
    if found is not None:
        store.ensure_versions(found)


# Set when something the page needed was out of reach while it was rendered (a picture the media
# store could not give): a page every later visitor would get with that hole is not kept.
_incomplete = ContextVar("page_cache_incomplete", default=False)


def keep_nothing_from_this_request() -> None:
    """What this request renders is missing something that will be back: share none of it."""
    _incomplete.set(True)


def key_query(request) -> str:
    """The query string that makes a cached page what it is: only the parameters cached pages read
    (settings.PAGE_CACHE_QUERY_PARAMETERS), sorted by name, each name's values in the order given (the
    last one counts). Any other (utm_source, fbclid, ?junk=<random>) changes nothing on the page, so
    it shares the entry instead of adding one: a flood of them cannot fill the cache."""
    read = settings.PAGE_CACHE_QUERY_PARAMETERS
    kept = sorted((name, values) for name, values in request.GET.lists() if name in read)
    return urlencode([(name, value) for name, values in kept for value in values])


def whole_query(request) -> str:
    """Every parameter, sorted: the key's query for pages that pass any of them on (a GS1 link's)."""
    return "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))


def request_key(request, path=None, query=None):
    """The entry's key: host, language, path and query (the request's path and the parameters cached
    pages read, unless given)."""
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    query = key_query(request) if query is None else query
    return store.entry_key(request.get_host(), language, path or request.path, query)


def shared_path(request) -> str:
    """The page's address for a form on it (the language form's `next`). A page its view marked public
    is served from the cache to visitors who asked with other parameters, so it gives what the key
    holds, the same for every visitor, never the first visitor's other parameters. Any other page is
    kept for nobody else (or, a GS1 link's page, under its whole query), so it gives its whole address:
    the parameters a form such as the copied-label report reads come back with the visitor."""
    if not getattr(request, MARK, False):
        return request.get_full_path()
    query = key_query(request)
    return escape_uri_path(request.path) + (f"?{query}" if query else "")


def bypasses(request) -> bool:
    return (
        not store.enabled()
        or request.method not in ("GET", "HEAD")
        or request.COOKIES.get(SIGNED_IN_COOKIE)
        or request.COOKIES.get(MESSAGES_COOKIE)
    )


def shared_cache_control(response) -> None:
    """Browsers revalidate every time (they cannot be purged); a shared cache (Varnish) keeps the page
    until a purge reaches it. Entries are kept per language, which the `django_language` cookie
    chooses: a shared cache must key on the cookie too (Vary), on a hit as on the miss, or it would
    hand the English page to a Vietnamese visitor."""
    response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.PAGE_CACHE_SECONDS}"
    patch_vary_headers(response, ("Cookie",))


def conditional(request, response):
    """A 304 when the visitor's copy is still this page (If-None-Match, If-Modified-Since against the
    page's ETag or Last-Modified), as Django's ConditionalGetMiddleware answers; else the page."""
    etag, last_modified = response.get("ETag"), response.get("Last-Modified")
    if etag is None and last_modified is None:
        return response
    answer = get_conditional_response(
        request,
        etag=etag,
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )
    if answer is not response and "X-Page-Cache" in response:
        answer["X-Page-Cache"] = response["X-Page-Cache"]  # a 304 still says where it came from
    return answer


def personal(request, response) -> bool:
    """Whether the response holds something of this visitor's."""
    user = evaluated_user(request)
    session = getattr(request, "session", None)
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.modified)
        or (user is not None and user.is_authenticated)
        or "private" in response.get("Cache-Control", "")
        or "no-store" in response.get("Cache-Control", "")
        # A page that used its nonce would hand that same nonce to every later visitor.
        or "'nonce-" in response.get("Content-Security-Policy", "")
    )


def unshareable(request, response) -> bool:
    """Whether the response may not be kept for other visitors: it is this visitor's, or incomplete."""
    return _incomplete.get() or personal(request, response)


def from_entry(entry) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"].items():
        response[name] = value
    shared_cache_control(response)
    response["X-Page-Cache"] = "hit"
    return response


def evaluated_user(request):
    """The request's user if something already looked at it (login() sets it outright), else None:
    never loads the session just to find out."""
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject):
        user = getattr(request, "_cached_user", None)
    return user


def sync_signed_in_cookie(request, response) -> None:
    user = evaluated_user(request)
    if user is None:
        return
    if user.is_authenticated and not request.COOKIES.get(SIGNED_IN_COOKIE):
        response.set_cookie(SIGNED_IN_COOKIE, "1", httponly=True, samesite="Lax", secure=request.is_secure())
    elif not user.is_authenticated and request.COOKIES.get(SIGNED_IN_COOKIE):
        response.delete_cookie(SIGNED_IN_COOKIE, samesite="Lax")


def prime_site(request) -> None:
    """The Wagtail site and its settings from the cache, for whatever view runs (pages, search)."""
    from .routing import cached_site, prime_settings

    site = cached_site(request)
    if site is not None:
        prime_settings(request, site)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        complete = _incomplete.set(False)  # this thread's last request says nothing of this one
        try:
            response = self.serve(request)
        finally:
            _incomplete.reset(complete)
        sync_signed_in_cookie(request, response)
        return response

    def serve(self, request):
        if request.path_info.startswith(OWN_CACHE_PREFIXES):
            return self.get_response(request)
        if bypasses(request):
            if request.method in ("GET", "HEAD"):
                prime_site(request)
            return self.get_response(request)
        found = store.lookup(request_key(request), (store.ALL, request.path))
        if found.entry is not None:
            return conditional(request, from_entry(found.entry))
        setattr(request, LOOKUP, found)
        prime_site(request)
        response = self.get_response(request)
        if (
            not getattr(request, MARK, False)
            or request.method != "GET"
            or response.status_code != 200
            or response.streaming
        ):
            return response
        if unshareable(request, response):
            return response
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        store.save(found, {"status": 200, "content": response.content, "headers": headers})
        shared_cache_control(response)
        response["X-Page-Cache"] = "miss"
        return conditional(request, response)
