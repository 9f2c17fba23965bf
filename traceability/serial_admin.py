"""Admin for serialised packages and recalls: issue serials for a lot, print and void sheets, put a
recall or warning on a lot, read copied-label reports, and the per-lot figures on the dashboard.

Every view sees only the lots `lots_for(user)` returns: the one place to swap in a permission policy.
"""

import mimetypes

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from wagtail.admin import messages as wagtail_messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from catalogue.admin_fields import WholeNumberField
from catalogue.admin_views import ProducerScopedInspectView, ProducerScopedViewSet
from catalogue.money import group_thousands
from pagecache.methods import SAFE, SAFE_OR_POST, takes_methods

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


def lot_screen_header(lot, title: str, *between: dict) -> dict:
    """Wagtail's slim header for a screen about one lot: breadcrumbs back to the lot list (and
    `between`), ending with `title`, which names the lot and is what shows; `header_title` is the
    window's title and the screen reader's heading. Without breadcrumbs the generic template drew an
    empty visible heading."""
    return {
        "header_title": title,
        "breadcrumbs_items": [
            *WagtailAdminTemplateMixin.breadcrumbs_items,
            {"url": reverse("lots:index"), "label": _("Lô sản xuất")},
            *between,
            {"url": None, "label": title},
        ],
    }


def _serials_crumb(lot) -> dict:
    return {"url": reverse("traceability_serials:lot", args=[lot.pk]), "label": _serials_title(lot)}


def _serials_title(lot) -> str:
    return _("Tem theo gói – lô %s") % lot.code


def _recallable_lot(request, pk) -> Lot:
    """A lot whose recall or warning this user sets: a producer's staff their own lots', programme
    staff any lot's (`permissions.lot_policy`, the "recall" action)."""
    if not permissions.lot_policy.user_has_permission(request.user, permissions.RECALL):
        raise PermissionDenied
    lots = permissions.recallable_lots(request.user, Lot.objects.select_related("pack_size__product"))
    return get_object_or_404(lots, pk=pk)


class IssueForm(forms.Form):
    """How many serials to issue: at most one a package of the lot (its production quantity).
    The bounds of one issue are checked in `clean_count`, not by the field's min/max validators: their
    message is the command line's, grouped, and says what the lot can still take."""

    count = WholeNumberField(  # "1.000" is a thousand labels, as typed in Vietnam
        label=gettext_lazy("Số gói cần tem"),
        initial=100,
        example=1000,
        error_messages={
            "invalid": gettext_lazy(
                "Hãy nhập số gói bằng chữ số, ví dụ %(example)s hoặc %(grouped)s (không có phần lẻ)."
            )
        },
    )

    def __init__(self, lot, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lot = lot
        self.in_use = serials.serials_in_use(lot)
        self.left = serials.left_to_issue(lot, self.in_use)
        if lot.quantity:
            self.fields["count"].help_text = _(
                "Lô có %(quantity)s gói, đã có %(in_use)s mã đang dùng: còn phát hành được %(left)s mã."
            ) % {
                "quantity": group_thousands(lot.quantity),
                "in_use": group_thousands(self.in_use),
                "left": group_thousands(self.left),
            }

    def clean_count(self):
        count = self.cleaned_data["count"]
        if reason := serials.count_refusal(count):
            raise forms.ValidationError(f"{reason} {self._what_the_lot_can_take()}")
        if reason := serials.refusal(self.lot, count, self.in_use):
            raise forms.ValidationError(reason)
        return count

    def _what_the_lot_can_take(self) -> str:
        """ "Lô … chỉ còn phát hành được 480 mã.", or why the lot can take none."""
        if reason := serials.refusal(self.lot, 1, self.in_use):
            return reason
        return _("Lô %(lot)s chỉ còn phát hành được %(left)s mã.") % {
            "lot": self.lot.code,
            "left": group_thousands(self.left),
        }


@takes_methods(*SAFE_OR_POST)
def lot_serials(request, pk):
    """A lot's issued sheets with their figures, and the form that issues more."""
    lot = _managed_lot(request, pk)
    form = IssueForm(lot, request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = form.cleaned_data["count"]
        try:
            sheet = serials.issue(lot, count, user=request.user)
        except serials.IssueError as refused:  # another issue for this lot was saved meanwhile
            form.add_error("count", str(refused))
        else:
            messages.success(
                request,
                _("Đã phát hành %(count)s mã cho lô %(lot)s (đợt %(number)s).")
                % {"count": group_thousands(count), "lot": lot.code, "number": sheet.number},
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
        **lot_screen_header(lot, _serials_title(lot)),
    }
    return TemplateResponse(request, "traceability/admin/lot_serials.html", context)


VOID_REASON_MAX = LabelSheet._meta.get_field("void_reason").max_length


class VoidSheetForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do huỷ"),
        max_length=VOID_REASON_MAX,
        error_messages={
            "required": gettext_lazy("Hãy ghi lý do huỷ đợt tem."),
            "max_length": gettext_lazy(
                "Lý do dài %(show_value)d ký tự: hãy viết gọn trong %(limit_value)d ký tự."
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _(
            "Bắt buộc, tối đa %(max)s ký tự. Ví dụ: thất lạc cuộn tem, in hỏng."
        ) % {"max": VOID_REASON_MAX}


def _voided_at_message(sheet) -> str:
    return _("Đợt tem này đã được huỷ lúc %(when)s.") % {
        "when": date_format(localtime(sheet.voided_at), "H:i d/m/Y")
    }


@takes_methods(*SAFE_OR_POST)
def void_sheet(request, pk):
    """Voiding a sheet cannot be undone and makes every one of its codes warn "not genuine", genuine
    packages' too: a page says so, with the sheet's figures, and asks for a reason before it is done."""
    sheet = get_object_or_404(LabelSheet.objects.select_related("lot"), pk=pk)
    lot = _managed_lot(request, sheet.lot_id)
    if sheet.voided_at:
        messages.warning(request, _voided_at_message(sheet))
        return redirect("traceability_serials:lot", pk=lot.pk)
    form = VoidSheetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if serials.void(sheet, form.cleaned_data["reason"]):
            messages.warning(
                request,
                _("Đã huỷ đợt tem %(number)s: các mã này sẽ báo không chính hãng.")
                % {"number": sheet.number},
            )
        else:  # voided by someone else since this page was opened
            sheet.refresh_from_db(fields=["voided_at"])
            messages.warning(request, _voided_at_message(sheet))
        return redirect("traceability_serials:lot", pk=lot.pk)
    figures = sheet.serials.aggregate(
        issued=Count("pk"), checked=Count("pk", filter=Q(first_checked_at__isnull=False))
    )
    context = {
        "lot": lot,
        "sheet": sheet,
        "form": form,
        "issued": group_thousands(figures["issued"]),
        "checked": group_thousands(figures["checked"]),
        **lot_screen_header(
            lot,
            _("Huỷ đợt tem %(number)s – lô %(lot)s") % {"number": sheet.number, "lot": lot.code},
            _serials_crumb(lot),
        ),
    }
    return TemplateResponse(request, "traceability/admin/void_sheet.html", context)


@takes_methods(*SAFE_OR_POST)
def lot_notice(request, pk):
    """Recall or warn about a lot: reason, what to do, from when (until when)."""
    lot = _recallable_lot(request, pk)
    previous_level = recalls.standing_level(lot)  # before the form writes the posted values on it
    form = recalls.NoticeForm(request.POST or None, instance=lot)
    if request.method == "POST" and form.is_valid():
        lot = form.save()
        recalls.publish(lot, previous_level)
        _say_saved(request, lot)
        return redirect("traceability_serials:notice", pk=lot.pk)
    context = {"lot": lot, "form": form, **lot_screen_header(lot, _("Thu hồi / cảnh báo – lô %s") % lot.code)}
    return TemplateResponse(request, "traceability/admin/lot_notice.html", context)


def _say_saved(request, lot) -> None:
    """ "Saved", and whom the notice reaches (how many buyers, with a link to who was told)."""
    reaches = recalls.reach_of(lot, request.user) if lot.notice_level else []
    sentences = [_("Đã lưu thông báo của lô %(lot)s.") % {"lot": lot.code}, *(r.sentence for r in reaches)]
    buttons = [wagtail_messages.button(r.url, r.link_label) for r in reaches if r.url]
    # Each sentence escaped unless it is safe HTML already (a buyer's phone as a tel: link).
    message = format_html_join(" ", "{}", ((sentence,) for sentence in sentences))
    wagtail_messages.success(request, message, buttons=buttons)


def admin_urls():
    return [
        path("traceability/lots/<int:pk>/serials/", lot_serials, name="lot"),
        path("traceability/sheets/<int:pk>/void/", void_sheet, name="void"),
        path("traceability/lots/<int:pk>/notice/", lot_notice, name="notice"),
    ]


def lot_stats(user) -> list[Lot]:
    """The latest lots with serials, each with its codes in use (voided issues' apart: `voided`), those
    checked, those checked more than once (both among the codes in use) and its copied-label reports.

    Three queries, however many serials: the lots are found with EXISTS, and only the lots shown have
    their serials counted, each once, in one grouped count. A join over every serial with counts per
    joined row took the home page over two minutes for one lot of 20,000 codes."""
    has_serials = Exists(Serial.objects.filter(lot=OuterRef("pk")))
    lots = list(
        lots_for(user, Lot.objects.filter(has_serials))
        .select_related("pack_size__product")
        .order_by("-production_date", "code")[:PANEL_LOTS]
    )
    figures = _serial_figures(lots)
    reports = dict(CopyReport.objects.filter(lot__in=lots).values_list("lot").annotate(Count("pk")))
    for lot in lots:
        lot.in_use, lot.voided, lot.checked, lot.repeated = figures.get(lot.pk, (0, 0, 0, 0))
        lot.reports = reports.get(lot.pk, 0)
    return lots


def _serial_figures(lots) -> dict[int, tuple[int, int, int, int]]:
    """Per lot: its codes in use, voided, checked and checked more than once, in one grouped count."""
    in_use = Q(sheet__voided_at__isnull=True)
    rows = (
        Serial.objects.filter(lot__in=lots)
        .values("lot")
        .annotate(
            in_use=Count("pk", filter=in_use),
            voided=Count("pk", filter=Q(sheet__voided_at__isnull=False)),
            checked=Count("pk", filter=in_use & Q(first_checked_at__isnull=False)),
            repeated=Count("pk", filter=in_use & Q(check_count__gt=1)),
        )
    )
    return {row["lot"]: (row["in_use"], row["voided"], row["checked"], row["repeated"]) for row in rows}


class SerialStatsPanel(Component):
    name = "serial_stats"
    order = 150
    template_name = "traceability/admin/serial_stats_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        # Programme staff read every lot's figures; a lot's serials page is its producer's.
        return {"lots": lot_stats(self.user), "manages_lots": self.user.has_perm("traceability.change_lot")}


class CopyReportFilterSet(WagtailFilterSet):
    """By lot (the dashboard's count links here), choosing among the user's own lots only."""

    lot = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Lô"),
        queryset=lambda request: lots_for(request.user, Lot.objects.select_related("pack_size__product")),
    )

    class Meta:
        model = CopyReport
        fields = ["lot", "page_status"]


class ReportInspectView(ProducerScopedInspectView):
    # Its times come out as every inspect page's (catalogue.admin_views.ReadableInspectMixin: Vietnam's
    # time, dd/mm/yyyy hh:mm, "—" for none), as the list writes them.
    def get_pack_named_display_value(self):
        return self.object.pack_named() or "—"

    def get_photo_display_value(self):
        if not self.object.photo:
            return "—"
        url = reverse("copyreports:photo", args=[self.object.pk])
        return format_html(
            '<a href="{}"><img src="{}" alt="{}" style="max-width: 100%; max-height: 30rem"></a>',
            url,
            url,
            _("Ảnh người mua gửi kèm"),
        )


@never_cache
@takes_methods(*SAFE)
def report_photo(request, pk):
    """A report's photo, to those who may read the report (its producer's staff, programme staff):
    it is in the private storage, so this view is the only way to it."""
    report = get_object_or_404(permissions.visible_reports(request.user).exclude(photo=""), pk=pk)
    if not permissions.may_read_report(request.user, report):
        raise PermissionDenied
    try:
        photo = report.photo.open("rb")
    except OSError as error:  # gone from the store, or the store is down
        raise Http404 from error
    content_type, _encoding = mimetypes.guess_type(report.photo.name)
    if not (content_type or "").startswith("image/"):
        content_type = "application/octet-stream"
    return FileResponse(photo, content_type=content_type)


class CopyReportViewSet(ProducerScopedViewSet):
    """Reports from buyers, read-only: who reported what, where they bought it, and the photo. A
    producer's staff see the reports on their own lots; programme staff see them all (the
    `CopyReport` policy in `permissions.py`)."""

    model = CopyReport
    listing_queryset = CopyReport.objects.select_related("lot__pack_size__product", "pack_size__product")
    icon = "warning"
    menu_label = gettext_lazy("Báo tem sao chép")
    inspect_view_class = ReportInspectView
    list_display = [
        "created_at",
        "pack_named",
        "lot",
        "serial_code",
        "page_status",
        "where_bought",
        "emailed_at",
    ]
    filterset_class = CopyReportFilterSet
    inspect_view_enabled = True
    copy_view_enabled = False  # a buyer's report is theirs: nobody writes one in their name
    inspect_view_fields = [
        "created_at",
        "pack_named",
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

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("photo/<int:pk>/", report_photo, name="photo")]
