"""The header's cart count, in a small cookie the page's script reads (static/js/cart-count.js).

Cached pages are the same for every visitor, so they cannot print the count; the cookie carries it.
It is updated whenever a request has read the session and the count there differs from the cookie's,
and renewed whenever the session's own cookie is: it lives as long as the cart it counts (the
session's expiry, SESSION_COOKIE_AGE), so the badge outlives a browser restart as the cart does.
Every change to the cart (packs, combos, checkout emptying it, a re-check dropping a line) goes
through the session, so this one place follows them all.
"""

from django.conf import settings

from .cart import COUNT_KEY

COOKIE = "cart_count"


def session_cookie_renewed(session) -> bool:
    """Whether Django's SessionMiddleware sends the session cookie (with a fresh expiry) this time."""
    return session.modified or settings.SESSION_SAVE_EVERY_REQUEST


def set_count_cookie(request, response, session, count: int) -> None:
    max_age = None if session.get_expire_at_browser_close() else session.get_expiry_age()
    response.set_cookie(COOKIE, str(count), max_age=max_age, samesite="Lax", secure=request.is_secure())


class CartCountCookieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed:
            return response  # never load the session just for this
        count = session.get(COUNT_KEY, 0)
        changed = str(count) != request.COOKIES.get(COOKIE, "0")
        if count and (changed or session_cookie_renewed(session)):
            set_count_cookie(request, response, session, count)
        elif changed:
            response.delete_cookie(COOKIE, samesite="Lax")
        return response
