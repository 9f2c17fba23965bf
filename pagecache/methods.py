"""Which HTTP methods a view takes, said once where the view is declared.

`takes_methods("GET", "HEAD", "POST")` is Django's `require_http_methods` that also records the list
on the view (`http_methods`, carried outwards by every `functools.wraps` decorator), so that the
site's error handling (config/errors.py) can answer a method the view does not take with a 405 naming
the methods it does: before the CSRF check, which would otherwise tell a PUT or a DELETE that "the
session expired", and for methods no view takes (TRACE, PROPFIND…), which are refused before routing.
"""

from django.views.decorators.http import require_http_methods

SAFE = ("GET", "HEAD")
SAFE_OR_POST = ("GET", "HEAD", "POST")
POST_ONLY = ("POST",)


def takes_methods(*methods: str):
    def decorator(view):
        checked = require_http_methods(list(methods))(view)
        checked.http_methods = methods
        return checked

    return decorator


def methods_taken(view) -> tuple[str, ...] | None:
    """The methods `view` declared with takes_methods (or a page decorator), None if it did not."""
    return getattr(view, "http_methods", None)
