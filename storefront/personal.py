"""A buyer's own pages: the cart, checkout, an order, its cancellation and the order lookup.

They show one buyer's goods, address or order, so no browser's back-forward cache, proxy or CDN may keep
them ("private, no-store"), and those that show an order (reached by its secret link) tell search
engines not to index it, even if the link leaks. One decorator, so that a new personal page cannot
forget a header.
"""

from functools import wraps

from django.views.decorators.cache import cache_control


def personal_page(*, shows_an_order: bool = False):
    def decorator(view):
        @wraps(view)
        @cache_control(private=True, no_store=True)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if shows_an_order:
                response["X-Robots-Tag"] = "noindex"
            return response

        return wrapper

    return decorator
