"""The storefront's background work: order emails (the confirmation, then each move the buyer is told
of; retried while SMTP is down, and swept from the orders if even that failed), order expiry, and
stopping a cancelled order's payment (retried while the provider cannot be reached)."""

import datetime
import logging
from functools import partial

from django.dispatch import receiver
from django.utils import timezone

from ops.tasks import background_task, enqueue_after_commit_or_leave_to_sweep, retried

from . import emails
from .models import Order
from .orders import expire_pending, order_moved, payment_to_release
from .payments import ProviderUnavailable, all_providers

logger = logging.getLogger(__name__)


@background_task()
@retried
def send_order_confirmation(order_id: int) -> bool:
    """Email the buyer their order; an SMTP failure raises, so the task is tried again later."""
    return emails.send_confirmation(order_id, raise_errors=True)


@background_task()
@retried
def send_order_update(order_id: int, target: str, by: str) -> bool:
    """Email the buyer that their order was shipped, cancelled or refunded (retried as above)."""
    return emails.send_update(order_id, target, by, raise_errors=True)


@receiver(order_moved)
def _tell_buyer(sender, order_id, target, by, **kwargs) -> None:
    enqueue_after_commit_or_leave_to_sweep(send_order_update, order_id, target, by)


@background_task()
@retried(retry_on=(ProviderUnavailable,))
def release_payment(order_id: int) -> None:
    """Stop the provider from taking money for a cancelled order (Stripe: cancel its PaymentIntent, so
    a card form left open cannot charge). Provider unreachable: tried again later, with backoff."""
    order = Order.objects.get(pk=order_id)
    if order.provider is not None:
        order.provider.release(order)


@receiver(payment_to_release)
def _release_payment(sender, order_id, **kwargs) -> None:
    """Tried at once, in the cancelling request (the card form should stop working now); a provider
    that does not answer leaves it to `release_payment`'s retries in the background."""
    try:
        release_payment.call(order_id)
    except Exception:  # the retry could not be queued either (Redis down): the order stays cancelled
        logger.exception("Could not stop the payment of cancelled order %s, nor queue a retry", order_id)


@background_task()
def send_unsent_order_emails() -> int:
    """The scheduled sweep (every 5 minutes): the emails buyers are still owed because the queue or
    SMTP was down when they fell due (storefront.emails.send_unsent); returns how many went out."""
    return emails.send_unsent()


def expire_unpaid(minutes: int | None = None) -> dict[str, list[str]]:
    """Cancel online-payment orders unpaid past their deadline (or, staff's override, older than
    `minutes`); codes per provider."""
    now = timezone.now()
    expired = {}
    for provider in all_providers():
        limit = minutes or provider.expires_after_minutes
        if not provider.pays_online or not limit:
            continue
        # No order is due before its provider's limit; a provider may give some longer (a transfer waits
        # for a working day), so each one past the limit is held to its own deadline, the one it was shown.
        expired[provider.identifier] = expire_pending(
            now - datetime.timedelta(minutes=limit),
            method=provider.identifier,
            overdue=None if minutes else partial(_past_deadline, provider, now),
        )
    return expired


def _past_deadline(provider, now, order) -> bool:
    return provider.deadline(order) < now


@background_task()
def expire_orders() -> int:
    """The scheduled expiry (every 5 minutes by default); returns how many orders were cancelled."""
    return sum(len(codes) for codes in expire_unpaid().values())
