"""Admin for serialised packages and recalls: issue serials for a lot, print and void sheets, put a
recall or warning on a lot, read copied-label reports, and the per-lot figures on the dashboard.

Every view sees only the lots `lots_for(user)` returns: the one place to swap in a permission policy.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from . import permissions, recalls, serials
from .models import CopyReport, LabelSheet, Lot, Serial

PANEL_LOTS = 10


def lots_for(user, queryset=None):
    """The lots this user manages (their producer's, or all for programme staff)."""
    return permissions.visible_lots(user, queryset)


def _managed_lot(request, pk) -> Lot:
    if not request.user.has_perm("traceability.change_lot"):
        raise PermissionDenied
    return get_object_or_404(lots_for(request.user, Lot.objects.select_related("pack_size__product")), pk=pk)


class IssueForm(forms.Form):
    count = forms.IntegerField(
        label=gettext_lazy("Số gói cần tem"), min_value=1, max_value=serials.MAX_PER_ISSUE, initial=100
    )


def lot_serials(request, pk):
    """A lot's issued sheets with their figures, and the form that issues more."""
    lot = _managed_lot(request, pk)
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sheet = serials.issue(lot, form.cleaned_data["count"], user=request.user)
        messages.success(
            request,
            _("Đã phát hành %(count)s mã cho lô %(lot)s (đợt %(number)s).")
            % {"count": form.cleaned_data["count"], "lot": lot.code, "number": sheet.number},
        )
        return redirect("traceability_serials:lot", pk=lot.pk)
    sheets = lot.label_sheets.annotate(
        issued=Count("serials"),
        checked=Count("serials", filter=Q(serials__first_checked_at__isnull=False)),
    ).order_by("number")
    context = {
        "lot": lot,
        "form": form,
        "sheets": sheets,
        "header_title": _("Tem theo gói – lô %s") % lot.code,
    }
    return TemplateResponse(request, "traceability/admin/lot_serials.html", context)


@require_POST
def void_sheet(request, pk):
    sheet = get_object_or_404(LabelSheet.objects.select_related("lot"), pk=pk)
    lot = _managed_lot(request, sheet.lot_id)
    if serials.void(sheet, request.POST.get("reason", "")):
        messages.warning(
            request,
            _("Đã huỷ đợt tem %(number)s: các mã này sẽ báo không chính hãng.") % {"number": sheet.number},
        )
    return redirect("traceability_serials:lot", pk=lot.pk)


def lot_notice(request, pk):
    """Recall or warn about a lot: reason, what to do, from when (until when)."""
    lot = _managed_lot(request, pk)
    form = recalls.NoticeForm(request.POST or None, instance=lot)
    if request.method == "POST" and form.is_valid():
        lot = form.save()
        recalls.publish(lot)
        messages.success(request, _("Đã lưu thông báo của lô %(lot)s.") % {"lot": lot.code})
        return redirect("traceability_serials:notice", pk=lot.pk)
    context = {"lot": lot, "form": form, "header_title": _("Thu hồi / cảnh báo – lô %s") % lot.code}
    return TemplateResponse(request, "traceability/admin/lot_notice.html", context)


def admin_urls():
    return [
        path("traceability/lots/<int:pk>/serials/", lot_serials, name="lot"),
        path("traceability/sheets/<int:pk>/void/", void_sheet, name="void"),
        path("traceability/lots/<int:pk>/notice/", lot_notice, name="notice"),
    ]


def lot_stats(user):
    """Per lot with serials: issued, checked, checked more than once, copied-label reports."""

    def count(queryset):
        return Coalesce(
            Subquery(queryset.values("lot").annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            Value(0),
        )

    serials_of = Serial.objects.filter(lot=OuterRef("pk"))
    return (
        lots_for(user, Lot.objects.filter(serials__isnull=False).distinct())
        .select_related("pack_size__product")
        .annotate(
            issued=count(serials_of),
            checked=count(serials_of.filter(first_checked_at__isnull=False)),
            repeated=count(serials_of.filter(check_count__gt=1)),
            reports=count(CopyReport.objects.filter(lot=OuterRef("pk"))),
        )
        .order_by("-production_date", "code")[:PANEL_LOTS]
    )


class SerialStatsPanel(Component):
    name = "serial_stats"
    order = 150
    template_name = "traceability/admin/serial_stats_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {"lots": list(lot_stats(self.user))}


def visible_reports(user, queryset=None):
    queryset = CopyReport.objects.all() if queryset is None else queryset
    if permissions.sees_everything(user):
        return queryset
    return queryset.filter(lot__in=lots_for(user))


class ReportIndexView(IndexView):
    def get_base_queryset(self):
        return visible_reports(
            self.request.user, super().get_base_queryset().select_related("lot__pack_size")
        )


class ReportInspectView(InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            visible_reports(self.request.user), pk=unquote(str(self.kwargs[self.pk_url_kwarg]))
        )


class CopyReportViewSet(ModelViewSet):
    """Reports from buyers, read-only: who reported what, where they bought it, and the photo."""

    model = CopyReport
    icon = "warning"
    menu_label = gettext_lazy("Báo tem sao chép")
    index_view_class = ReportIndexView
    inspect_view_class = ReportInspectView
    list_display = ["created_at", "lot", "serial_code", "page_status", "where_bought", "emailed_at"]
    list_filter = ["page_status"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "created_at",
        "lot",
        "serial_code",
        "page_status",
        "details",
        "where_bought",
        "contact",
        "photo",
        "page_url",
        "emailed_at",
    ]
    form_fields = ["details"]
