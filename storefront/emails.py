"""Emails to buyers, sent after the order is committed (console backend by default)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Order, OrderState

logger = logging.getLogger(__name__)


def send_confirmation(order_id: int, raise_errors: bool = False) -> bool:
    """Send the order confirmation with the secret status link. A mail failure never undoes an order.

    `raise_errors` lets the background task see an SMTP failure and try again later.
    """
    order = (
        Order.objects.select_related("province", "commune")
        .prefetch_related("lines", "combos__components")
        .get(pk=order_id)
    )
    if not order.email:
        return False
    with translation.override(order.language):  # the language the buyer ordered in
        return _send_confirmation(order, raise_errors)


def _send_confirmation(order, raise_errors: bool) -> bool:
    context = {
        "order": order,
        "status_url": settings.SITE_URL + order.get_absolute_url(),
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
