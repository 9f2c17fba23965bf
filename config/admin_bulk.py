"""Wagtail's admin bulk actions (`/admin/bulk/<app>/<model>/<action>/?id=…`), with what names the rows
checked before Wagtail reads it.

Wagtail filters by each `id` as given and, for `id=all`, fetches the page `childOf` names with
`.get()`: an id that is no number ("1e9", a NUL, "²"), one too large for the database's integer, or a
parent page that does not exist answered 500. Here they get a 400 that says which value is wrong;
everything else goes to Wagtail's own view unchanged. config/urls.py puts this before Wagtail's URLs,
so it is guarded as they are.
"""

from django.http import HttpResponseBadRequest
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.bulk_action import index as wagtail_bulk_action
from wagtail.models import Page

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
    return wagtail_bulk_action(request, app_label, model_name, action)


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
