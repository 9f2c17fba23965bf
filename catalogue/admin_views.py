"""Admin views for models under a `ProducerScopedPermissionPolicy` (lots, certificates, orders).

The listing holds only what the user may see; edit, inspect, delete, copy, history and usage open
only what the listing shows: another producer's record is a 404, as if it did not exist. Each view
asks the policy registered for its model (Wagtail 8's `register_permission_policy`).
"""

import datetime

from django.contrib.admin.utils import unquote
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import (
    CopyView,
    DeleteView,
    EditView,
    HistoryView,
    IndexView,
    InspectView,
    UsageView,
)
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.search.backends import get_search_backend

from .text import words

# Labels of fields a model left without a verbose name (Django would show "Created at").
DEFAULT_LABELS = {"created_at": _("Tạo lúc"), "updated_at": _("Cập nhật lúc")}
EMPTY = "—"
UTF8_BYTE_ORDER_MARK = "\ufeff"


class ReadableInspectMixin:
    """An inspect view in the editors' words: "Có"/"Không", not True/False; "—", not None; times in
    Asia/Ho_Chi_Minh as dd/mm/yyyy hh:mm, dates as dd/mm/yyyy. A view's `get_<field>_display_value`
    and a model's `get_<field>_display` (choices' labels) keep precedence, as in Wagtail's own."""

    def get_field_label(self, field_name, field):
        if field_name in DEFAULT_LABELS and field is not None and not field._verbose_name:
            return DEFAULT_LABELS[field_name]
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        if hasattr(self, f"get_{field_name}_display_value") or hasattr(
            self.object, f"get_{field_name}_display"
        ):
            return super().get_field_display_value(field_name, field)
        value = getattr(self.object, field_name, None)
        return readable(value) if is_plain(value) else super().get_field_display_value(field_name, field)


def is_plain(value) -> bool:
    return value is None or value == "" or isinstance(value, bool | datetime.date)


def readable(value) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "d/m/Y H:i")
    return date_format(value, "d/m/Y")


class LocalTimeColumn(Column):
    """A time as the order page and the dashboard write it, dd/mm/yyyy HH:MM in Asia/Ho_Chi_Minh, in
    either language (Django's English format would say "Nov. 30, 2026, 8:52 p.m.")."""

    def get_value(self, instance):
        return readable(super().get_value(instance))


# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"): = + - @, and a tab or a
# carriage return, after which Excel still reads one of those as the cell's start.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(value):
    """A text `value` that a spreadsheet would run as a formula, with a leading ' so it is shown as
    typed: a certificate number or a buyer's name is whatever someone typed, and "=HYPERLINK(…)" in an
    export opened by programme staff would send their data away. Numbers and dates are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class ReadableExportMixin:
    """CSV and XLSX exports of a listing in the editors' words: a choice's label, not its code ("Phiếu
    kiểm nghiệm", not "test_report"); dates as dd/mm/yyyy and times in Asia/Ho_Chi_Minh; Có/Không; an
    empty cell for nothing. A CSV says it is UTF-8 twice, in its Content-Type and with a byte order
    mark, which is how Excel (its most common reader here) knows not to read Vietnamese as Windows-1252.
    A text cell a spreadsheet would run as a formula starts with ' (`as_text_cell`).
    A listing that names no `list_export` offers no export: Wagtail would answer `?export=csv` with a
    file of blank lines; the listing is shown instead. Also for Wagtail's own reports (cms.reports)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not self.list_export:
            self.is_export = False

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for field in row:
            label = getattr(item, f"get_{field}_display", None)
            if callable(label):
                row[field] = label()
        return row

    def preprocess_field_value(self, field, value, export_format):
        if value is None or value == "":
            return ""
        if is_plain(value):
            return str(readable(value))
        return as_text_cell(super().preprocess_field_value(field, value, export_format))

    def stream_csv(self, queryset):
        # Wagtail's CSV writer has no option for it: the mark goes before the headings' line.
        yield UTF8_BYTE_ORDER_MARK
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


class ScrollingListingMixin:
    """A listing wider than a phone scrolls sideways (static/css/admin-phone.css) instead of being cut.
    `codes_first`: the first column holds codes (an order's, a lot's), kept on one line, as read out."""

    results_template_name = "wagtailadmin/generic/scrolling_index_results.html"
    codes_first = False


# The most products a search box's words pick (a producer has a few dozen; staff see them all).
PRODUCTS_FOUND_AT_MOST = 500


def products_titled(query: str) -> list[int]:
    """Ids of the product pages whose title the query starts words of, typed with or without tone marks:
    Wagtail's search reads each page's folded title (`catalogue.folded_search`), so "keo dua" finds
    "Kẹo dừa sầu riêng", which a plain `icontains` on the title does not."""
    from .models import ProductPage

    folded = " ".join(words(query))  # words only: a stray quote or bracket means nothing to a search
    if not folded:
        return []
    found = get_search_backend().autocomplete(folded, ProductPage.objects.all(), order_by_relevance=False)
    return [page.pk for page in found[:PRODUCTS_FOUND_AT_MOST]]


class FoldedProductSearchMixin:
    """An index view whose search box also finds a row by its product's name typed without tone marks,
    beside what its `search_fields` find. `product_lookup`: the path from the row to its product page."""

    product_lookup = ""

    def search_queryset(self, queryset):
        searched = super().search_queryset(queryset)
        if not self.is_searching or not self.product_lookup:
            return searched
        products = products_titled(self.search_query)
        if not products:
            return searched
        return queryset.filter(
            Q(pk__in=searched.values("pk")) | Q(**{f"{self.product_lookup}__in": products})
        )


class ProducerScopedIndexView(ScrollingListingMixin, ReadableExportMixin, IndexView):
    def get_base_queryset(self):
        return self.permission_policy.scope(self.request.user, super().get_base_queryset())


class ProducerScopedObjectMixin:
    def get_object(self, queryset=None):
        visible = self.permission_policy.scope(self.request.user)
        return get_object_or_404(visible, pk=unquote(str(self.kwargs[self.pk_url_kwarg])))


class ProducerScopedEditView(ProducerScopedObjectMixin, EditView):
    pass


class ProducerScopedCopyView(ProducerScopedObjectMixin, CopyView):
    """For plain models (no child relations). Wagtail's copy view binds its form to the original
    record, so a POST would save over it (and could move it to another producer): the form gets an
    unsaved duplicate instead, and saving it adds a new record."""

    def get_initial_form_instance(self):
        duplicate = self.get_object()
        duplicate.pk = None
        duplicate._state.adding = True
        return duplicate


class ProducerScopedDeleteView(ProducerScopedObjectMixin, DeleteView):
    pass


class ProducerScopedInspectView(ProducerScopedObjectMixin, ReadableInspectMixin, InspectView):
    pass


class ProducerScopedHistoryView(ProducerScopedObjectMixin, HistoryView):
    pass


class ProducerScopedUsageView(ProducerScopedObjectMixin, UsageView):
    pass


class ProducerScopedViewSet(ModelViewSet):
    """A model viewset whose every view keeps to the rows the model's policy lets the user see.

    `listing_queryset`: what the index lists (with what its columns show joined in), before scoping.
    """

    listing_queryset = None
    index_view_class = ProducerScopedIndexView
    edit_view_class = ProducerScopedEditView
    copy_view_class = ProducerScopedCopyView
    delete_view_class = ProducerScopedDeleteView
    inspect_view_class = ProducerScopedInspectView
    history_view_class = ProducerScopedHistoryView
    usage_view_class = ProducerScopedUsageView

    def get_index_view_kwargs(self, **kwargs):
        if self.listing_queryset is not None:
            kwargs.setdefault("queryset", self.listing_queryset)
        return super().get_index_view_kwargs(**kwargs)
