"""Error pages Django would otherwise write in English, outside the site's layout."""

import sys

from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.views import defaults

from ops.database import is_unreachable, unreachable_response
from pagecache.methods import methods_taken, refuses_other_methods

# The methods some view here may take; any other (TRACE, CONNECT, WebDAV's, made-up ones) is refused
# before routing, whatever the path: Django's CSRF check lets TRACE through as "safe", and views that
# do not check the method (the sitemap, Wagtail's document links) would answer it with 200.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
FALLBACK_ALLOW = "GET, HEAD, POST"  # for an address no view answers, or a function view that does not say
# What the CSRF check lets through unchecked: the view answers these itself.
UNCHECKED_BY_CSRF = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def allow_header(view) -> str:
    """The Allow header of a 405 from `view`: the methods it declared, or its class handles
    (pagecache/methods.py)."""
    taken = methods_taken(view)
    return ", ".join(taken) if taken else FALLBACK_ALLOW


def _view_at(request):
    try:
        return resolve(request.path_info, getattr(request, "urlconf", None)).func
    except Resolver404:
        return None


def csrf_failure(request, reason=""):
    """A form sent without its security token: a session that ended, cookies blocked (some in-app
    browsers), a page left open for days. The buyer is told what to do in the site's own words; the
    reason is for the log (Django's `django.security.csrf` logger has it), not for them."""
    return render(request, "403_csrf.html", status=403)


def _without_a_second_csrf_check(request):
    """Django's error views (`requires_csrf_token`) run the CSRF check again, only to offer a token to
    the page: that check reads the post, which may be what failed (a body Django cannot read), raising
    the same error inside the error view, and again inside the next one. An error page checks nothing;
    the CSRF cookie it may show is still read and renewed."""
    request.csrf_processing_done = True


def bad_request(request, exception):
    """handler400: the site's 400 page, whatever made the request unreadable."""
    _without_a_second_csrf_check(request)
    return defaults.bad_request(request, exception)


def server_error(request):
    """handler500: a request the database could not serve (PostgreSQL down, hung past the timeouts) is
    a 503 "the shop is briefly unavailable" page with Retry-After, needing nothing from the database;
    anything else is the 500 page. Django calls it while handling the exception, from whichever layer
    (view or middleware: sessions, the cart badge) met it."""
    _without_a_second_csrf_check(request)
    if is_unreachable(sys.exception()):
        return unreachable_response(request)
    return defaults.server_error(request)


def method_not_allowed(request, allow: str):
    response = render(request, "405.html", status=405)
    response["Allow"] = allow
    return response


class MethodNotAllowedPageMiddleware:
    """Every 405 a visitor may meet is a page in the site's layout, never the empty body Django's
    require_POST and require_safe give (a blank page when the browser reloads it from its history)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in KNOWN_METHODS:
            return method_not_allowed(request, allow_header(_view_at(request)))
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or response.content:
            return response
        page = method_not_allowed(request, response.get("Allow", FALLBACK_ALLOW))
        for name, value in response.items():  # Allow, CORS for GS1 clients, Vary, cookies' headers
            if name.lower() not in ("content-type", "content-length"):
                page[name] = value
        page.cookies = response.cookies
        return page


class DeclaredMethodsMiddleware:
    """A method the view does not take (pagecache/methods.py: declared, or what a class-based view of
    Wagtail's admin handles) is a 405 before the CSRF check: a PUT or DELETE on a form's page or the
    admin's, a POST on a JSON view, is refused for what it is, not told "your session expired" (which
    it would be, having no token). Placed just before CsrfViewMiddleware; the view's own check would
    answer the same 405, only after the CSRF check. Views that refuse other methods in their own way
    answer their own 405 (CORS for GS1 clients, JSON for API clients)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, view_args, view_kwargs):
        if request.method in UNCHECKED_BY_CSRF or refuses_other_methods(view):
            return None
        taken = methods_taken(view)
        if taken and request.method not in taken:
            return method_not_allowed(request, ", ".join(taken))
        return None
