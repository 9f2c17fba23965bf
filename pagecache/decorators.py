"""Views opt in to the page cache; everything else is never stored."""

from functools import wraps

from django.http import HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from .methods import SAFE
from .middleware import mark_public

# What a public page answers. It takes no form, so a POST gets a 405 (a page, see
# config.errors.MethodNotAllowedPageMiddleware), not the CSRF check's "your session expired" about a
# token it never asked for. Exempting it from that check costs nothing: no other method reaches the view.
PAGE_METHODS = SAFE


def refuse_other_methods(request):
    """A 405 for a method other than GET or HEAD, else None."""
    return None if request.method in PAGE_METHODS else HttpResponseNotAllowed(PAGE_METHODS)


def public_page(view):
    """The same page for every visitor who is not signed in (per language, path and query)."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        refused = refuse_other_methods(request)
        if refused is not None:
            return refused
        mark_public(request)
        return view(request, *args, **kwargs)

    wrapper.http_methods = PAGE_METHODS  # pagecache/methods.py: a 405's Allow names them
    return wrapper
