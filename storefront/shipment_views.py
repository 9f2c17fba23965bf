"""Admin: when an order ships, the producer records which lot each line shipped from (or scans the
packages' serials), so that a later recall reaches this buyer. Only the lines of the producer's own
products are offered, with only their own lots."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from traceability.serial_admin import lots_for

from . import recalls
from .shipment_models import RecallNotice


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
        else:
            messages.success(request, _("Đã ghi lô xuất hàng của đơn %(code)s.") % {"code": order.code})
            return redirect("storefront_ship_lots", pk=order.pk)
    context = {"order": order, "rows": rows, "header_title": _("Lô xuất hàng – đơn %s") % order.code}
    return TemplateResponse(request, "storefront/admin/ship_lots.html", context)


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
            rows.append({"line": line, "lots": lots, "shipped": shipped})
    return rows


def record_row(row, data) -> None:
    line = row["line"]
    chosen = data.get(f"lot_{line.pk}", "")
    if chosen:
        lot = next((lot for lot in row["lots"] if str(lot.pk) == chosen), None)
        if lot is None:
            raise recalls.ShipmentError(_("Lô không hợp lệ."))
        recalls.record_lot(line, lot)
    codes = data.get(f"serials_{line.pk}", "").split()
    if codes:
        recalls.record_serials(line, codes)


class RecallNoticeViewSet(ModelViewSet):
    """Staff see which buyers were told of which recall, and when the email left."""

    model = RecallNotice
    icon = "mail"
    menu_label = _("Thông báo thu hồi đã gửi")
    add_to_admin_menu = False
    list_display = [
        "order",
        "lot",
        "level",
        "email",
        "created_at",
        Column("emailed_at", label=_("đã gửi email lúc")),
    ]
    list_filter = ["level"]
    inspect_view_enabled = True
    form_fields = ["email"]
