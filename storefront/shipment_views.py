"""Admin: when an order ships, the producer records which lot each line shipped from (or scans the
packages' serials), so that a later recall reaches this buyer. Only the lines of the producer's own
products are offered, with only their own lots."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from catalogue.admin_views import (
    LocalTimeColumn,
    ProducerScopedIndexView,
    ProducerScopedInspectView,
    ProducerScopedViewSet,
)
from catalogue.money import group_thousands
from catalogue.phone import phone_link
from pagecache.methods import SAFE_OR_POST, takes_methods
from traceability.models import Lot, NoticeLevel
from traceability.recalls import standing_level
from traceability.serial_admin import lots_for
from traceability.wagtail_hooks import MENU_HOOK as TRACEABILITY_MENU

from . import recalls
from .shipment_models import RecallNotice

TYPED_CODES_KEPT = 20_000  # characters of scanned codes shown again: a few hundred Digital Link URLs


@takes_methods(*SAFE_OR_POST)  # the form and its target: a PUT is a 405, not "session expired"
def ship_lots(request, pk):
    from .wagtail_hooks import visible_orders

    if not request.user.has_perm("storefront.change_order"):
        raise PermissionDenied
    order = get_object_or_404(visible_orders(request.user), pk=pk)
    rows = shipment_rows(request.user, order)
    if request.method == "POST":
        try:
            # One form, one transaction: a refused code or lot anywhere leaves every line as it was.
            with transaction.atomic():
                lines = [row["line"] for row in rows]
                recalls.clear_records(order, lines, request.POST.getlist("clear"))
                for row in rows:
                    record_row(row, request.POST)
        except recalls.ShipmentError as error:
            messages.error(request, str(error))
            keep_what_was_typed(rows, request.POST)
        else:
            # A lot recorded for goods already with the carrier: a warning in force on it reaches the buyer.
            recalls.tell_buyer_of_notices_in_force(order.pk)
            messages.success(request, _("Đã ghi lô xuất hàng của đơn %(code)s.") % {"code": order.code})
            return redirect("storefront_ship_lots", pk=order.pk)
    context = {"order": order, "rows": rows, **ship_lots_header(order)}
    return TemplateResponse(request, "storefront/admin/ship_lots.html", context)


def ship_lots_header(order) -> dict:
    """Wagtail's slim header naming the order (a packer may have several open in tabs), with the way
    back to it as breadcrumbs and as a button beside the title, which stays in sight on a phone."""
    title = _("Lô xuất hàng – đơn %s") % order.code
    order_url = reverse("storefront_order:inspect", args=[order.pk])
    order_label = _("Đơn %s") % order.code
    return {
        "header_title": title,
        "breadcrumbs_items": [
            *WagtailAdminTemplateMixin.breadcrumbs_items,
            {"url": reverse("storefront_order:index"), "label": _("Đơn hàng")},
            {"url": order_url, "label": order_label},
            {"url": None, "label": title},
        ],
        "header_buttons": [HeaderButton(order_label, url=order_url, icon_name="arrow-left")],
    }


def notice_level_label(notice) -> str:
    """ "Thu hồi" or "Cảnh báo", as the lot's notice said when the buyer was told."""
    try:
        return NoticeLevel(notice.level).label
    except ValueError:
        return notice.level


class RecallNoticeFilterSet(WagtailFilterSet):
    """By lot (the message after saving a notice links here), among the user's own lots, and by kind."""

    lot = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Lô"),
        queryset=lambda request: lots_for(request.user, Lot.objects.select_related("pack_size__product")),
    )
    level = django_filters.ChoiceFilter(
        label=gettext_lazy("Loại"), choices=[(value, label) for value, label in NoticeLevel.choices if value]
    )
    emailed = django_filters.BooleanFilter(
        label=gettext_lazy("Đã báo qua email"),
        field_name="emailed_at",
        lookup_expr="isnull",
        exclude=True,  # "Không": the buyers still to phone
    )

    class Meta:
        model = RecallNotice
        fields = ["lot", "level", "emailed"]


class EmailColumn(Column):
    """The address the notice went to; for a buyer without one, that nobody emailed them: phone them."""

    def get_value(self, instance):
        return instance.email or _("Không có email: gọi điện báo")


class PhoneColumn(Column):
    """The buyer's phone as a tel: link, one tap on a phone, for the buyers email did not reach."""

    def get_value(self, instance):
        return phone_link(instance.order.phone)


class RecallNoticeInspectView(ProducerScopedInspectView):
    def get_level_display_value(self):
        return notice_level_label(self.object)


def lot_choice_label(lot) -> str:
    """How the lot menu names a lot: code and production date, and its recall or warning if it has one
    (a recalled lot is refused on saving, a warned one may ship)."""
    label = f"{lot.code} · {lot.production_date:%d/%m/%Y}"
    markers = {NoticeLevel.RECALL: _("đang bị thu hồi"), NoticeLevel.WARNING: _("đang có cảnh báo")}
    marker = markers.get(standing_level(lot))
    return f"{label} · {marker}" if marker else label


def shipment_rows(user, order) -> list[dict]:
    """The order's lines this user ships from its own lots, with what was recorded and whether each
    record may still be cleared."""
    told = recalls.told_about(order)
    rows = []
    lines = order.lines.select_related("pack_size").prefetch_related(
        "shipped_lots__lot", "shipped_lots__serial"
    )
    for line in lines:
        lots = list(lots_for(user).filter(pack_size=line.pack_size_id).order_by("-production_date"))
        if lots:
            shipped = [
                {
                    "record": record,
                    "may_clear": recalls.may_correct(order, record, told),
                    "told": record.lot_id in told,
                }
                for record in line.shipped_lots.all()
            ]
            choices = [(lot, lot_choice_label(lot)) for lot in lots]
            rows.append({"line": line, "lots": lots, "choices": choices, "shipped": shipped})
    return rows


def keep_what_was_typed(rows, data) -> None:
    """After a refusal, the form shows each line's chosen lot, scanned codes and "Xoá" ticks again:
    a producer who scanned twenty packages fixes the one refused code, not all twenty."""
    cleared = set(data.getlist("clear"))
    for row in rows:
        line = row["line"]
        row["chosen_lot"] = data.get(f"lot_{line.pk}", "")
        row["typed_codes"] = data.get(f"serials_{line.pk}", "")[:TYPED_CODES_KEPT]
        for shipped in row["shipped"]:
            shipped["clear_ticked"] = str(shipped["record"].pk) in cleared


def record_row(row, data) -> None:
    """A line's scanned packages, then the lot chosen for the rest: "these packages, and the others from
    lot L" is one submission (the lot taking every package first left no room for the scanned ones)."""
    line = row["line"]
    chosen = data.get(f"lot_{line.pk}", "")
    lot = next((lot for lot in row["lots"] if str(lot.pk) == chosen), None) if chosen else None
    if chosen and lot is None:
        raise recalls.ShipmentError(_("Lô không hợp lệ."))
    codes = data.get(f"serials_{line.pk}", "").split()
    if codes:
        recalls.record_serials(line, codes)
    if lot is not None:
        recalls.record_lot(line, lot, scanned_with_it=bool(codes))


class RecallNoticePaginator(WagtailPaginator):
    """The count under the list: the emails that left apart from the buyers still to phone (no email,
    or one that could not be sent), not "2 thông báo thu hồi đã gửi" when one of the two went nowhere."""

    @cached_property
    def items_count_label(self):
        emailed = self.object_list.filter(emailed_at__isnull=False).count()
        return ngettext(
            "%(count)s thông báo thu hồi: %(emailed)s đã gửi email, %(to_phone)s người mua cần gọi điện báo",
            "%(count)s thông báo thu hồi: %(emailed)s đã gửi email, %(to_phone)s người mua cần gọi điện báo",
            self.count,
        ) % {
            "count": group_thousands(self.count),
            "emailed": group_thousands(emailed),
            "to_phone": group_thousands(self.count - emailed),
        }


class RecallNoticeIndexView(ProducerScopedIndexView):
    paginator_class = RecallNoticePaginator


class RecallNoticeViewSet(ProducerScopedViewSet):
    """Staff see which buyers were told of which recall, and when the email left: a log, read-only
    (its policy, registered in `wagtail_hooks.py`, allows viewing only: programme staff every lot's,
    a producer's staff their own lots'), in the "Truy xuất nguồn gốc" menu of those who may read it."""

    model = RecallNotice
    listing_queryset = RecallNotice.objects.select_related("order", "lot__pack_size__product")
    icon = "mail"
    menu_label = gettext_lazy("Thông báo thu hồi đã gửi")
    menu_hook = TRACEABILITY_MENU  # under "Truy xuất nguồn gốc", after the lots it is about
    menu_order = 4
    list_display = [
        "order",
        "lot",
        Column("level", label=gettext_lazy("Loại"), accessor=notice_level_label),
        Column("buyer", label=gettext_lazy("Người mua"), accessor="order.full_name"),
        PhoneColumn("phone", label=gettext_lazy("Điện thoại")),
        EmailColumn("email", label=gettext_lazy("Email")),
        "created_at",
        LocalTimeColumn("emailed_at", label=gettext_lazy("Đã gửi email lúc")),
        LocalTimeColumn("ended_at", label=gettext_lazy("Hết hiệu lực lúc")),
    ]
    filterset_class = RecallNoticeFilterSet
    inspect_view_enabled = True
    index_view_class = RecallNoticeIndexView
    inspect_view_class = RecallNoticeInspectView
    copy_view_enabled = False
    form_fields = ["email"]
