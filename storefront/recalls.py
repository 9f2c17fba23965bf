"""Recalls that reach buyers: when traceability says a lot is recalled (or warned about), every order
with a line shipped from that lot gets one notice, shown on its order page and emailed once."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from traceability import gs1
from traceability.models import Lot, Serial
from traceability.signals import lot_recalled

from .models import Order, OrderLine
from .shipment_models import RecallNotice, ShippedLot

logger = logging.getLogger(__name__)


@receiver(lot_recalled)
def tell_buyers(sender, lot, **kwargs) -> int:
    """Create a notice for each affected order not told yet, and email it; returns how many."""
    told = 0
    orders = Order.objects.filter(lines__shipped_lots__lot=lot).distinct().order_by("pk")
    for order in orders:
        try:
            with transaction.atomic():
                notice = RecallNotice.objects.create(
                    order=order, lot=lot, level=lot.notice_level, email=order.email
                )
        except IntegrityError:
            continue  # this buyer was told already
        send_recall_notice(notice.pk)
        told += 1
    return told


def send_recall_notice(notice_id: int) -> bool:
    """Email one buyer about one lot; a mail failure leaves `emailed_at` empty for staff to see."""
    notice = RecallNotice.objects.select_related("order", "lot__pack_size__product").get(pk=notice_id)
    if not notice.email:
        return False
    lot = notice.lot
    context = {
        "notice": notice,
        "lot": lot,
        "order_url": settings.SITE_URL + notice.order.get_absolute_url(),
        "lot_url": gs1.lot_uri(lot.pack_size.gtin, lot.code),
    }
    subject = (
        _("Thu hồi sản phẩm trong đơn %(code)s")
        if lot.notice_level == "recall"
        else _("Cảnh báo về sản phẩm trong đơn %(code)s")
    ) % {"code": notice.order.code}
    try:
        send_mail(
            subject=subject,
            message=render_to_string("storefront/emails/recall_notice.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notice.email],
        )
    except Exception:
        logger.exception("recall notice %s not emailed", notice.pk)
        return False
    RecallNotice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
    return True


class ShipmentError(ValueError):
    """A scanned code that cannot be recorded against this line; the message says which."""


def record_lot(line: OrderLine, lot: Lot) -> ShippedLot:
    shipped, _created = ShippedLot.objects.get_or_create(
        line=line, lot=lot, serial=None, defaults={"quantity": line.quantity}
    )
    return shipped


def record_serials(line: OrderLine, codes: list[str]) -> int:
    """Record scanned packages (Digital Links or bare serials) of `line`'s pack size; returns how many."""
    recorded = 0
    for code in codes:
        serial_code = _serial_of(code)
        serial = (
            Serial.objects.select_related("lot")
            .filter(lot__pack_size=line.pack_size_id, serial=serial_code)
            .first()
        )
        if serial is None:
            raise ShipmentError(_("Mã %(code)s không thuộc sản phẩm của dòng này.") % {"code": code})
        _obj, created = ShippedLot.objects.get_or_create(
            serial=serial, defaults={"line": line, "lot": serial.lot, "quantity": 1}
        )
        recorded += created
    return recorded


def _serial_of(code: str) -> str:
    if "/01/" not in code:
        return code
    path = "/01/" + code.split("/01/", 1)[1].split("?", 1)[0]
    try:
        return gs1.parse(path).serial or ""
    except gs1.LinkError:
        return ""
