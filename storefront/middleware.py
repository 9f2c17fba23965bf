"""The header's cart count, in a small cookie the page's script reads (static/js/cart-count.js).

Cached pages are the same for every visitor, so they cannot print the count; the cookie carries it.
It is updated whenever a request has read the session and the count there differs from the cookie's.
"""

from .cart import COUNT_KEY

COOKIE = "cart_count"


class CartCountCookieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed:
            return response  # never load the session just for this
        count = session.get(COUNT_KEY, 0)
        if str(count) != request.COOKIES.get(COOKIE, "0"):
            if count:
                response.set_cookie(COOKIE, str(count), samesite="Lax", secure=request.is_secure())
            else:
                response.delete_cookie(COOKIE, samesite="Lax")
        return response
