"""Admin views for models under a `ProducerScopedPermissionPolicy` (lots, certificates, orders).

The listing holds only what the user may see; edit, inspect, delete, copy, history and usage open
only what the listing shows: another producer's record is a 404, as if it did not exist. Each view
asks the policy registered for its model (Wagtail 8's `register_permission_policy`).
"""

import datetime

from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
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


class ReadableExportMixin:
    """CSV and XLSX exports of a listing in the editors' words: a choice's label, not its code ("Phiếu
    kiểm nghiệm", not "test_report"); dates as dd/mm/yyyy and times in Asia/Ho_Chi_Minh; Có/Không; an
    empty cell for nothing. A CSV says it is UTF-8 twice, in its Content-Type and with a byte order
    mark, which is how Excel (its most common reader here) knows not to read Vietnamese as Windows-1252.
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
        return super().preprocess_field_value(field, value, export_format)

    def stream_csv(self, queryset):
        # Wagtail's CSV writer has no option for it: the mark goes before the headings' line.
        yield UTF8_BYTE_ORDER_MARK
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


class ProducerScopedIndexView(ReadableExportMixin, IndexView):
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
