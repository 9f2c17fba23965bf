"""The cart forms' targets opened without their form: the browser reloading the page a POST answered,
restoring it from its history, or a link copied from the address bar. Nothing is posted, so nothing
changes; the shopper sees the cart rather than a bare 405."""

from functools import wraps

from pagecache.methods import SAFE, methods_taken

from .order_links import to_the_cart


def opened_shows_the_cart(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method in ("GET", "HEAD"):
            return to_the_cart(request)
        return view(request, *args, **kwargs)

    # What the address takes now (pagecache/methods.py): GET and HEAD here, the rest the form's view's.
    wrapper.http_methods = (*SAFE, *(methods_taken(view) or ()))
    return wrapper
