"""Recalls that reach buyers: when traceability says a lot is recalled (or warned about), every order
with a line shipped from that lot gets one notice, shown on its order page and emailed once; when
that notice is lifted or replaced (a warning become a recall), the next one is told again."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalogue.phone import phone_link
from traceability import gs1
from traceability.models import Lot, NoticeLevel, Serial
from traceability.recalls import Reach, standing_level
from traceability.signals import lot_notice_ended, lot_recalled

from .errors import TransitionError
from .models import Order, OrderLine, OrderState, PartState
from .order_links import emailed_order_url
from .shipment_models import RecallNotice, ShippedLot

logger = logging.getLogger(__name__)


def orders_shipped_from(lot: Lot):
    """Orders whose goods from `lot` left the shop: a line recorded as coming from it and handed to the
    carrier. A lot recorded while the order is still being packed is a plan, not goods in a buyer's
    hands: that buyer is told only once the line ships (`tell_buyer_of_notices_in_force`), and until
    then the record may be corrected; a recalled lot's goods never ship (`refuse_handing_over_recalled`)."""
    # One filter call: the record and the shipping are the same line's.
    shipped = Q(lines__shipped_lots__lot=lot, lines__fulfilment=PartState.SHIPPED)
    return Order.objects.filter(shipped).distinct().order_by("pk")


# Orders that may still be handed to the carrier.
BEFORE_SHIPPING = {
    OrderState.PENDING_PAYMENT,
    OrderState.PLACED,
    OrderState.CONFIRMED,
    OrderState.PAID,
    OrderState.PREPARING,
}


def orders_waiting_with(lot: Lot):
    """Orders still to ship with a line not handed over yet recorded as coming from `lot`."""
    lines = OrderLine.objects.filter(shipped_lots__lot=lot).exclude(fulfilment=PartState.SHIPPED)
    return Order.objects.filter(state__in=BEFORE_SHIPPING, lines__in=lines).distinct().order_by("pk")


@receiver(lot_recalled)
def tell_buyers(sender, lot, **kwargs) -> int:
    """Create a notice for each affected order not told of the lot's notice yet, and email it; returns
    how many."""
    return _tell(orders_shipped_from(lot), lot)


def tell_buyer_of_notices_in_force(order_id: int) -> int:
    """Once goods of an order left the shop (handed to the carrier, or their lot recorded after): its
    buyer hears of a warning in force on those lots now, not at the worker's next sweep."""
    lots = (
        Lot.objects.filter(
            shipped_lines__line__order=order_id, shipped_lines__line__fulfilment=PartState.SHIPPED
        )
        .exclude(notice_level="")
        .distinct()
    )
    return sum(_tell(orders_shipped_from(lot).filter(pk=order_id), lot) for lot in lots if lot.notice_active)


def _tell(orders, lot: Lot) -> int:
    told = 0
    told_already = RecallNotice.objects.filter(lot=lot, ended_at=None).values("order")
    for order in orders.exclude(pk__in=told_already):
        try:
            with transaction.atomic():
                notice = RecallNotice.objects.create(
                    order=order, lot=lot, level=lot.notice_level, email=order.email
                )
        except IntegrityError:
            continue  # this buyer was told of this notice already
        send_recall_notice(notice.pk)
        told += 1
    return told


@receiver(lot_notice_ended)
def end_notices(sender, lot, **kwargs) -> int:
    """The lot's notice was lifted or replaced: what its buyers were told stays in the log, marked as
    ended, so that the lot's next notice (the recall a warning became) reaches them as news."""
    return RecallNotice.objects.filter(lot=lot, ended_at=None).update(ended_at=timezone.now())


def notice_reach(lot: Lot, *, buyers_shown: bool) -> Reach:
    """For the message after a notice is saved: how many buyers were really emailed (or will be, for a
    notice starting later), and the orders without an email, whose buyers nobody told: the producer
    phones them. `buyers_shown`: the user may read those buyers' names and phones (the notices log);
    else the message says how many, not who."""
    shipped = list(orders_shipped_from(lot))
    url = f"{reverse('recall_notices:index')}?lot={lot.pk}"
    if not shipped:
        sentences = [
            _(
                "Chưa có đơn hàng nào được ghi là đã giao cho vận chuyển từ lô này (“Ghi lô xuất hàng” trên "
                "trang đơn hàng), nên chưa người mua nào được báo."
            )
        ]
    else:
        sentences = [_emailed_sentence(lot, shipped)]
        if without_email := [order for order in shipped if not order.email]:
            sentences.append(_to_phone_sentence(without_email, buyers_shown))
    sentences.append(_waiting_sentence(lot))
    return Reach(format_html_join(" ", "{}", ((s,) for s in sentences if s)), url, _("Xem ai đã được báo"))


def _waiting_sentence(lot: Lot) -> str:
    """The orders not shipped yet whose goods were recorded as coming from the lot: a recalled lot's do
    not go to the carrier until another lot is recorded; a warned lot's buyers are told as they ship."""
    waiting = orders_waiting_with(lot).count()
    if not waiting or not lot.notice_level:
        return ""
    if lot.notice_level == NoticeLevel.RECALL:
        return ngettext(
            "%(count)s đơn chưa giao có hàng ghi từ lô này: đơn không được giao cho vận chuyển cho tới khi "
            "ghi lô khác (Ghi lô xuất hàng).",
            "%(count)s đơn chưa giao có hàng ghi từ lô này: đơn không được giao cho vận chuyển cho tới khi "
            "ghi lô khác (Ghi lô xuất hàng).",
            waiting,
        ) % {"count": waiting}
    return ngettext(
        "Người mua của %(count)s đơn chưa giao có hàng ghi từ lô này sẽ được báo khi đơn giao cho vận chuyển.",
        "Người mua của %(count)s đơn chưa giao có hàng ghi từ lô này sẽ được báo khi đơn giao cho vận chuyển.",
        waiting,
    ) % {"count": waiting}


def _emailed_sentence(lot: Lot, shipped: list[Order]) -> str:
    """What email did: for a notice in force, the buyers whose email really left (a mail failure is
    said apart); for one starting later, those who have an address to be emailed at."""
    with_email = [order for order in shipped if order.email]
    if not lot.notice_active:
        if not with_email:
            return ""
        return ngettext(
            "Người mua của %(count)s đơn hàng có email sẽ được báo qua email khi thông báo bắt đầu.",
            "Người mua của %(count)s đơn hàng có email sẽ được báo qua email khi thông báo bắt đầu.",
            len(with_email),
        ) % {"count": len(with_email)}
    emailed = set(
        RecallNotice.objects.filter(lot=lot, ended_at=None, emailed_at__isnull=False).values_list(
            "order_id", flat=True
        )
    )
    sentences = []
    if emailed:
        sentences.append(
            ngettext(
                "Đã báo qua email người mua của %(count)s đơn hàng giao từ lô này.",
                "Đã báo qua email người mua của %(count)s đơn hàng giao từ lô này.",
                len(emailed),
            )
            % {"count": len(emailed)}
        )
    if failed := len([order for order in with_email if order.pk not in emailed]):
        sentences.append(
            ngettext(
                "%(count)s email chưa gửi được (xem danh sách): hãy gọi điện báo người mua.",
                "%(count)s email chưa gửi được (xem danh sách): hãy gọi điện báo người mua.",
                failed,
            )
            % {"count": failed}
        )
    return " ".join(sentences)


def _to_phone_sentence(unreached: list[Order], buyers_shown: bool) -> str:
    """The orders without an email: nobody told their buyers, so the producer phones them."""
    count = ngettext(
        "%(count)s đơn không có email nên người mua chưa được báo.",
        "%(count)s đơn không có email nên người mua chưa được báo.",
        len(unreached),
    ) % {"count": len(unreached)}
    if not buyers_shown:
        advice = _("Hãy gọi điện báo họ.")
        return f"{count} {advice}"
    who = format_html_join("; ", "{}", ((buyer_to_phone(order),) for order in unreached))
    # Two sentences: the list of buyers after the only colon.
    return format_html("{} {} {}.", count, _("Hãy gọi điện báo họ:"), who)


def buyer_to_phone(order: Order) -> str:
    """ "Name, 0912 345 678 (a tel: link, one tap on a phone), đơn OC…": what phoning a buyer takes."""
    return format_html(
        "{}, {}, {}", order.full_name, phone_link(order.phone), _("đơn %(code)s") % {"code": order.code}
    )


def send_recall_notice(notice_id: int) -> bool:
    """Email one buyer about one lot; a mail failure leaves `emailed_at` empty for staff to see."""
    notice = RecallNotice.objects.select_related("order", "lot__pack_size__product").get(pk=notice_id)
    if not notice.email:
        return False
    with translation.override(notice.order.language):  # the language the buyer ordered in
        return _send_recall_notice(notice)


def _send_recall_notice(notice) -> bool:
    lot = notice.lot
    context = {
        "notice": notice,
        "lot": lot,
        "order_url": emailed_order_url(notice.order),
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
    """A shipment record that cannot be made or undone for this line; the message says which and why."""


# Once the goods reached the buyer (or came back from them), what shipped is history: a recall must
# still find this buyer, so the record is no longer corrected. A cancelled order never left: its
# record may be cleared.
RECORD_FINAL_STATES = {OrderState.DELIVERED, OrderState.RETURNED, OrderState.REFUNDED}


@transaction.atomic
def record_lot(line: OrderLine, lot: Lot, *, scanned_with_it: bool = False) -> ShippedLot:
    """Record that `line`'s packages not recorded yet came from `lot` (all of them, the first time);
    `scanned_with_it`: packages of the line were scanned in the same submission, just before."""
    _lock(line)
    refuse_if_recalled(lot)
    existing = line.shipped_lots.filter(lot=lot, serial=None).first()
    if existing is not None:
        return existing
    recorded = _packages_recorded(line)
    left = line.quantity - recorded
    if left <= 0 and scanned_with_it:
        raise ShipmentError(
            _(
                "Dòng “%(line)s” có %(quantity)s gói: các gói đã ghi và các mã vừa quét đã đủ, không còn gói "
                "nào để ghi theo lô %(lot)s. Hãy bỏ chọn lô, hoặc bớt mã."
            )
            % {"line": line.full_label, "quantity": line.quantity, "lot": lot.code}
        )
    if left <= 0:
        raise _too_many(line, recorded, 1)
    return ShippedLot.objects.create(line=line, lot=lot, serial=None, quantity=left)


def refuse_if_recalled(lot: Lot) -> None:
    """Goods of a recalled lot (in force or dated to start later) must not reach another buyer; a
    warned lot may still ship, the producer sees its warning beside it."""
    if standing_level(lot) == NoticeLevel.RECALL:
        raise ShipmentError(
            _(
                "Lô %(lot)s đang bị thu hồi: không được xuất hàng từ lô này. Hãy chọn lô khác, hoặc "
                "gỡ thông báo thu hồi của lô nếu đã có kết luận lô an toàn."
            )
            % {"lot": lot.code}
        )


def refuse_handing_over_recalled(order: Order, lines=None) -> None:
    """Goods recorded as coming from a lot recalled since (`lines`: the order's, or one producer's part)
    do not go to the carrier: TransitionError naming the lot. The producer records another lot for the
    line first, or cancels the order."""
    records = ShippedLot.objects.filter(line__order=order).select_related("lot")
    if lines is not None:
        records = records.filter(line__in=lines)
    for record in records:
        if standing_level(record.lot) == NoticeLevel.RECALL:
            raise TransitionError(
                order,
                OrderState.SHIPPED,
                _(
                    "Đơn %(code)s có hàng ghi là từ lô %(lot)s, lô đang bị thu hồi: không giao cho vận "
                    "chuyển. Hãy ghi lô khác cho dòng hàng đó (Ghi lô xuất hàng) hoặc huỷ đơn."
                )
                % {"code": order.code, "lot": record.lot.code},
            )


def _lock(line: OrderLine) -> None:
    # Two saves of the same line at once must not both pass the count of what it holds.
    OrderLine.objects.select_for_update().filter(pk=line.pk).first()


def _packages_recorded(line: OrderLine) -> int:
    """Packages of the line recorded so far: each lot record its quantity, each scanned package one."""
    return line.shipped_lots.aggregate(total=Sum("quantity"))["total"] or 0


def _too_many(line: OrderLine, recorded: int, adding: int) -> ShipmentError:
    return ShipmentError(
        _(
            "Dòng “%(line)s” có %(quantity)s gói và đã ghi %(recorded)s gói (theo lô hoặc theo mã): không ghi "
            "thêm %(adding)s gói được. Nếu ghi nhầm, hãy đánh dấu “Xoá” bản ghi sai rồi ghi lại."
        )
        % {
            "line": line.full_label,
            "quantity": line.quantity,
            "recorded": recorded,
            "adding": adding,
        }
    )


@transaction.atomic
def record_serials(line: OrderLine, codes: list[str]) -> int:
    """Record scanned packages (Digital Links or bare serials) of `line`'s pack size; returns how many.

    Refused, with nothing recorded: a code not of this pack size, of a voided label issue (the buyer
    scanning it would be told it is not genuine), already recorded for another order, or more
    packages than the line holds."""
    _lock(line)
    serials = []
    for code in dict.fromkeys(codes):  # a package scanned twice is one package
        serial = _scanned_serial(line, code)
        refuse_if_recalled(serial.lot)
        if serial.sheet.voided_at:
            raise ShipmentError(
                _(
                    "Mã %(code)s thuộc đợt tem đã huỷ: người mua quét mã sẽ được báo đây không phải hàng "
                    "chính hãng. Hãy dán tem còn hiệu lực lên gói này rồi quét lại."
                )
                % {"code": as_typed(code)}
            )
        elsewhere = serial.shipped_lines.exclude(line=line).select_related("line__order").first()
        if elsewhere is not None:
            raise ShipmentError(
                _("Mã %(code)s đã được ghi cho đơn %(order)s.")
                % {"code": as_typed(code), "order": elsewhere.line.order.code}
            )
        serials.append(serial)
    recorded = set(line.shipped_lots.filter(serial__isnull=False).values_list("serial_id", flat=True))
    new = [serial for serial in serials if serial.pk not in recorded]
    packages = _packages_recorded(line) if new else 0
    if packages + len(new) > line.quantity:
        raise _too_many(line, packages, len(new))
    for serial in new:
        ShippedLot.objects.create(line=line, lot=serial.lot, serial=serial, quantity=1)
    return len(new)


def as_typed(code: str, limit: int = 60) -> str:
    """A scanned code as a message repeats it: whole if it is as long as a real one can be, else its
    start (a 100 KB paste is not sent back in full)."""
    return code if len(code) <= limit else code[: limit - 1] + "…"


def _scanned_serial(line: OrderLine, code: str) -> Serial:
    """The package a scanned code names among `line`'s pack size: the GTIN and lot of a Digital Link
    must be the line's too (a buyer's phone scanning another pack's GTIN is told it is not genuine)."""
    serial_code, lot_code, gtin = _serial_of(code)
    candidates = Serial.objects.select_related("lot", "sheet").filter(
        lot__pack_size=line.pack_size_id, serial=serial_code
    )
    if lot_code:
        candidates = candidates.filter(lot__code=lot_code)
    if gtin:
        candidates = candidates.filter(lot__pack_size__gtin=gtin)
    serial = candidates.first() if serial_code else None
    if serial is None:
        raise ShipmentError(_("Mã %(code)s không thuộc sản phẩm của dòng này.") % {"code": as_typed(code)})
    return serial


def told_about(order: Order) -> set[int]:
    """Ids of the lots this order's buyer was told of (a recall or warning)."""
    return set(RecallNotice.objects.filter(order=order).values_list("lot_id", flat=True))


def may_correct(order: Order, shipped: ShippedLot, told: set[int]) -> bool:
    """Whether a shipment record may still be cleared: not once the goods reached the buyer, and never
    once the buyer was told of a recall of that lot. A notice says who was told and why; the record
    behind it stays, so the history of who received what, and who was warned, remains true."""
    return order.state not in RECORD_FINAL_STATES and shipped.lot_id not in told


def clear_records(order: Order, lines: list[OrderLine], shipped_ids: list[str]) -> int:
    """Remove the shipment records named (a wrong lot, a package scanned on the wrong line), among those
    of `lines`: the order's lines this user ships (never another producer's)."""
    if not shipped_ids:
        return 0
    told = told_about(order)
    records = {
        str(shipped.pk): shipped
        for shipped in ShippedLot.objects.filter(line__order=order, line__in=lines).select_related(
            "line", "lot"
        )
    }
    shipped_ids = list(dict.fromkeys(shipped_ids))
    for shipped_id in shipped_ids:
        shipped = records.get(shipped_id)
        if shipped is None:
            raise ShipmentError(_("Bản ghi lô cần xoá không thuộc các dòng hàng của bạn trong đơn này."))
        if not may_correct(order, shipped, told):
            why = (
                _("người mua đã được báo thu hồi lô này.")
                if shipped.lot_id in told
                else _("đơn đã ở trạng thái “%(state)s”, bản ghi được giữ làm lịch sử.")
                % {"state": order.get_state_display()}
            )
            raise ShipmentError(
                _("Không xoá được lô %(lot)s của dòng “%(line)s”: %(why)s")
                % {"lot": shipped.lot.code, "line": shipped.line.full_label, "why": why}
            )
        shipped.delete()
    return len(shipped_ids)


def _serial_of(code: str) -> tuple[str, str | None, str | None]:
    """The serial and, from a Digital Link, the lot and GTIN it names. A link is ours only on our
    site (SITE_URL's host) or as a bare path: a look-alike label pointing elsewhere is refused."""
    if "/01/" not in code:
        return code, None, None
    origin, rest = code.split("/01/", 1)
    if origin and not _is_our_origin(origin):
        raise ShipmentError(
            _("Mã %(code)s trỏ tới một trang khác, không phải tem in từ %(site)s.")
            % {"code": as_typed(code), "site": _our_host()}
        )
    try:
        link = gs1.parse("/01/" + rest.split("?", 1)[0])
    except gs1.LinkError:
        return "", None, None
    return link.serial or "", link.lot, link.gtin


def _our_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or ""


def _is_our_origin(origin: str) -> bool:
    """ "https://our.host" or "https://our.host:8000", and nothing more (no path, no other host)."""
    parts = urlsplit(origin)
    return bool(parts.hostname) and parts.hostname == _our_host() and not (parts.path or parts.query)
