"""Emails to buyers, sent after the order is committed (console backend by default)."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catalogue.money import format_vnd

from . import contact, orders
from .models import Order, OrderState
from .order_links import emailed_order_url

logger = logging.getLogger(__name__)


# An email the sweep sends: due this long ago (younger, its own task may still be at it), and not
# older than a week (news that stale helps nobody; the order page has it all).
SWEEP_AFTER = datetime.timedelta(minutes=5)
SWEEP_GIVES_UP_AFTER = datetime.timedelta(days=7)


def send_confirmation(order_id: int, raise_errors: bool = False) -> bool:
    """Send the order confirmation with the secret status link, once. A mail failure never undoes an
    order, and leaves the confirmation owed for the sweep (`send_unsent`).

    `raise_errors` lets the background task see an SMTP failure and try again later.
    """
    order = (
        Order.objects.select_related("province", "commune")
        .prefetch_related("lines", "combos__components")
        .get(pk=order_id)
    )
    if not order.email or order.confirmation_sent_at is not None:
        return False
    with translation.override(order.language):  # the language the buyer ordered in
        sent = _send_confirmation(order, raise_errors)
    if sent:
        Order.objects.filter(pk=order.pk, confirmation_sent_at__isnull=True).update(
            confirmation_sent_at=timezone.now()
        )
    return sent


def _send_confirmation(order, raise_errors: bool) -> bool:
    context = {
        "order": order,
        "status_url": emailed_order_url(order),
        "payment_instructions": _payment_instructions(order),
    }
    try:
        send_mail(
            subject=_("Đơn hàng %(code)s đã được ghi nhận") % {"code": order.code},
            message=render_to_string("storefront/emails/order_confirmation.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[order.email],
        )
    except Exception:  # SMTP down: the order stands, the buyer still has the page; log for staff
        if raise_errors:
            raise
        logger.exception("Could not send the confirmation email of order %s", order.code)
        return False
    return True


def _payment_instructions(order) -> str:
    """How to pay, for an order still waiting for its money (a bank transfer's account and message)."""
    provider = order.provider
    if provider is None or order.paid_at is not None or order.state != OrderState.PENDING_PAYMENT:
        return ""
    return provider.email_instructions(order)


def send_update(order_id: int, target: str, by: str, raise_errors: bool = False) -> bool:
    """Tell the buyer their order moved to `target` (shipped, cancelled or refunded; `by` whom, as
    `orders.transition` says). Nothing for an order without an email, or that has moved on since."""
    order = Order.objects.select_related("province", "commune").get(pk=order_id)
    if not order.email or order.state != target:
        return False
    with translation.override(order.language):
        subject, news = _update_text(order, by)
        context = {
            "order": order,
            "news": news,
            "status_url": emailed_order_url(order),
            "reach_us": contact.reach_us(),
        }
        try:
            send_mail(
                subject=subject % {"code": order.code},
                message=render_to_string("storefront/emails/order_update.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[order.email],
            )
        except Exception:
            if raise_errors:
                raise
            logger.exception("Could not email order %s's move to %s", order.code, target)
            return False
    Order.objects.filter(pk=order.pk, update_unsent=target).update(update_unsent="")
    return True


def send_unsent(now=None) -> int:
    """The worker's sweep: the emails buyers are still owed (the queue or SMTP was down when they fell
    due), oldest first, stopping at the first mail failure (SMTP is still down: the next sweep tries
    again). One that a retry sends meanwhile is marked sent, so neither sends it twice. Returns how
    many went out."""
    now = now or timezone.now()
    due = Order.objects.exclude(email="").filter(
        updated_at__lte=now - SWEEP_AFTER, updated_at__gte=now - SWEEP_GIVES_UP_AFTER
    )
    confirmations = due.filter(confirmation_sent_at__isnull=True).order_by("pk").values_list("pk", flat=True)
    # A move overtaken by another the buyer is not told of (shipped, then delivered) is old news.
    updates = (
        due.filter(update_unsent=F("state")).order_by("pk").values_list("pk", "state", "update_unsent_by")
    )
    sent = 0
    try:
        for order_id in confirmations:
            sent += send_confirmation(order_id, raise_errors=True)
        for order_id, target, by in updates:
            sent += send_update(order_id, target, by, raise_errors=True)
    except Exception:  # noqa: BLE001 - SMTP down: logged where it failed; the rest wait for the next sweep
        logger.warning("the sweep of unsent order emails stopped at a mail failure; the next one tries again")
    return sent


def _update_text(order, by: str) -> tuple[str, str]:
    """The subject (with %(code)s) and the sentences that say what happened and what comes next."""
    code = {"code": order.code, "total": format_vnd(order.total)}
    if order.state == OrderState.SHIPPED:
        news = _("Đơn hàng %(code)s đã được giao cho đơn vị vận chuyển và đang trên đường đến bạn.") % code
        if order.payment_method == "cod" and not order.paid_at:
            news += " " + _("Vui lòng chuẩn bị %(total)s để trả khi nhận hàng.") % code
        return _("Đơn hàng %(code)s đang được giao"), news
    if order.state == OrderState.REFUNDED:
        news = _("Đơn hàng %(code)s đã được hoàn tiền: %(total)s.") % code
        return _("Đơn hàng %(code)s đã được hoàn tiền"), news
    return _("Đơn hàng %(code)s đã được huỷ"), _cancelled_text(order, by, code)


def _cancelled_text(order, by: str, code: dict) -> str:
    if by == orders.BY_BUYER:
        news = _("Bạn đã huỷ đơn hàng %(code)s.") % code
    elif by == orders.BY_EXPIRY:
        news = _("Đơn hàng %(code)s đã được huỷ vì cửa hàng chưa nhận được thanh toán trong thời hạn.") % code
    else:
        news = (
            _("Cửa hàng đã huỷ đơn hàng %(code)s. Nếu bạn không yêu cầu huỷ, vui lòng liên hệ cửa hàng.")
            % code
        )
        if order.cancel_reason:
            news += " " + _("Lý do: %(reason)s") % {"reason": order.cancel_reason}
    if order.paid_at:
        news += " " + _("Số tiền bạn đã trả (%(total)s) sẽ được hoàn lại.") % code
    elif orders.money_may_be_on_its_way(order):
        news += " " + orders.refund_of_a_transfer(order)
    return news
