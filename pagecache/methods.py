"""Which HTTP methods a view takes, said once where the view is declared.

`takes_methods("GET", "HEAD", "POST")` is Django's `require_http_methods` that also records the list
on the view (`http_methods`, carried outwards by every `functools.wraps` decorator), so that the
site's error handling (config/errors.py) can answer a method the view does not take with a 405 naming
the methods it does: before the CSRF check, which would otherwise tell a PUT or a DELETE that "the
session expired", and for methods no view takes (TRACE, PROPFIND…), which are refused before routing.

Views we cannot decorate (Wagtail's admin, Wagtail's API) are class-based: their class says which
methods it handles, read the way Django's own `View` answers a 405 (`methods_of_class`).
"""

import inspect
from functools import cache

from django.views.decorators.http import require_http_methods
from django.views.generic.edit import DeletionMixin, ProcessFormView

SAFE = ("GET", "HEAD")
SAFE_OR_POST = ("GET", "HEAD", "POST")
POST_ONLY = ("POST",)

# Handlers Django's generic views have that no page of ours (nor Wagtail's admin) sends to: a form
# view's PUT is its POST again, a delete view's DELETE deletes without Wagtail's confirmation, log and
# hooks. Browsers' forms only send GET and POST; these are refused with the other methods.
UNUSED_ALIASES = {"put": ProcessFormView.put, "delete": DeletionMixin.delete}

# Class-based views that take a method in `dispatch`, without a handler of that name (reviewed:
# tests/config/test_http_methods.py lists every such view in the URLconf).
TAKEN_IN_DISPATCH = {"wagtail.contrib.forms.views.DeleteSubmissionsView": ("post",)}


def takes_methods(*methods: str):
    def decorator(view):
        checked = require_http_methods(list(methods))(view)
        checked.http_methods = methods
        return checked

    return decorator


def answers_methods(*methods: str):
    """For a view that refuses other methods itself, with headers of its own (the GS1 resolver's CORS):
    records the list, as takes_methods does, and leaves the refusing to the view."""

    def decorator(view):
        view.http_methods = methods
        view.refuses_other_methods = True
        return view

    return decorator


def refuses_other_methods(view) -> bool:
    """Whether `view` answers a method it does not take itself, in its own way: declared so with
    answers_methods, or one exempt from the CSRF check that declares nothing (Wagtail's API: JSON)."""
    if getattr(view, "refuses_other_methods", False):
        return True
    return getattr(view, "csrf_exempt", False) and not getattr(view, "http_methods", None)


def methods_taken(view) -> tuple[str, ...] | None:
    """The methods `view` declared with takes_methods (or a page decorator), else those its class
    handles; None if neither is known (a function view that declares nothing)."""
    declared = getattr(view, "http_methods", None)
    if declared:
        return tuple(declared)
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)  # Django's, DRF's
    if view_class is not None:
        return methods_of_class(view_class, tuple(getattr(view, "actions", None) or ()))
    routed = routed_page_view(view)
    return methods_taken(routed) if routed is not None else None


@cache
def methods_of_class(view_class, actions: tuple[str, ...] = ()) -> tuple[str, ...]:
    """What Django's `View._allowed_methods()` says once the view is set up (HEAD where GET is), less
    the unused aliases; `actions` are a DRF viewset's methods, bound only when a request comes."""
    handled = {*actions, *TAKEN_IN_DISPATCH.get(f"{view_class.__module__}.{view_class.__qualname__}", ())}
    for name in view_class.http_method_names:
        handler = getattr(view_class, name, None)
        if handler is not None and handler is not UNUSED_ALIASES.get(name):
            handled.add(name)
    if "get" in handled:
        handled.add("head")
    return tuple(name.upper() for name in view_class.http_method_names if name in handled)


def routed_page_view(view):
    """Wagtail's admin routes each page URL (edit, delete, history…) to the view of the page type's
    viewset: the base page viewset's view of that name, whose class the page types' views share."""
    router = inspect.unwrap(view) if callable(view) else None
    if getattr(router, "__qualname__", "") != "PageViewSetRegistry.as_view.<locals>.view_router":
        return None
    return _page_view_named(inspect.getclosurevars(router).nonlocals.get("view_name"))


@cache
def _page_view_named(view_name):
    from wagtail.admin.viewsets.pages import page_viewset_registry
    from wagtail.models import Page

    try:
        return page_viewset_registry.get_by_type(Page).get_view_by_name(view_name)
    except KeyError:
        return None
