"""The cart count for the header, read from the session: no query (the cart keeps the count there)."""

from .cart import COUNT_KEY


def cart(request):
    session = getattr(request, "session", None)
    # Callable: evaluated only by a template that shows it, so pages without the header skip the session.
    return {"cart_count": (lambda: session.get(COUNT_KEY, 0)) if session is not None else 0}
