"""Views opt in to the page cache; everything else is never stored."""

from functools import wraps

from .middleware import mark_public


def public_page(view):
    """The same page for every visitor who is not signed in (per language, path and query)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        mark_public(request)
        return view(request, *args, **kwargs)

    return wrapper
