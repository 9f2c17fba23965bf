"""Wagtail's admin bulk actions (`/admin/bulk/<app>/<model>/<action>/?id=…`), with what names the rows
checked before Wagtail reads it.

Wagtail filters by each `id` as given and, for `id=all`, fetches the page `childOf` names with
`.get()`: an id that is no number ("1e9", a NUL, "²"), one too large for the database's integer, or a
parent page that does not exist answered 500. Here they get a 400 that says which value is wrong;
everything else goes to Wagtail's own view unchanged. config/urls.py puts this before Wagtail's URLs,
so it is guarded as they are.
"""

from django.apps import apps
from django.http import HttpResponseBadRequest
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.bulk_action import index as wagtail_bulk_action
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

# The largest id a row can have: our own tables count with 64-bit integers, Wagtail's (pages,
# images, documents) with PostgreSQL's 32-bit `integer`; a larger number names no row anyway.
MAX_ID = 2**63 - 1


def _is_id(value: str) -> bool:
    # ASCII only: "²" is a digit to str.isdigit, but int("²") fails.
    return value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID


@never_cache
@require_admin_access  # as Wagtail guards every admin URL: only then are the values looked at
def bulk_action(request, app_label, model_name, action):
    for name, value in _row_references(request.GET):
        if not _is_id(value):
            return _refused(name, value)
    parent = request.GET.get("childOf")
    every_row = "all" in request.GET.getlist("id")
    if parent is not None and every_row and not Page.objects.filter(pk=int(parent)).exists():
        return _refused("childOf", parent)
    for name, value in _out_of_reach(request, app_label, model_name):
        return _refused(name, value)
    return wagtail_bulk_action(request, app_label, model_name, action)


# Wagtail's confirmation page names every row it was given, the ones the user may not act on too
# ("you do not have permission to delete…", with their titles), and for `id=all` every child of
# `childOf`: another producer's unpublished product title could be read that way. A row (or a parent)
# the user may not change nor choose is refused as if it did not exist.
REACH_ACTIONS = {"page": ["change"], "image": ["change", "choose"], "document": ["change", "choose"]}


def _out_of_reach(request, app_label, model_name):
    """The references of the query naming rows the user may not act on (pages, images, documents)."""
    if model_name not in REACH_ACTIONS:
        return
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return  # Wagtail answers an unknown model itself
    policy = PagePermissionPolicy() if issubclass(model, Page) else policy_registry.get_by_type(model)
    reachable = policy.instances_user_has_any_permission_for(request.user, REACH_ACTIONS[model_name])
    references = list(_row_references(request.GET))
    if not references:
        return
    ids = {int(value) for _name, value in references}
    within = set(reachable.filter(pk__in=ids).values_list("pk", flat=True))
    for name, value in references:
        if int(value) not in within:
            yield name, value


def _row_references(query):
    for value in query.getlist("id"):
        if value != "all":  # every row of the listing Wagtail shows
            yield "id", value
    if "childOf" in query:
        yield "childOf", query["childOf"]


def _refused(name, value):
    message = _("Giá trị “%(value)s” của tham số %(name)s không phải mã của một mục.") % {
        "value": value[:40],
        "name": name,
    }
    return HttpResponseBadRequest(format_html("<p>{}</p>", message))
