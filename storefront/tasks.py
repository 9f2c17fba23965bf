"""The storefront's background work: order emails (the confirmation, then each move the buyer is told
of; retried while SMTP is down, and swept from the orders if even that failed) and order expiry."""

import datetime

from django.dispatch import receiver
from django.utils import timezone

from ops.tasks import background_task, enqueue_after_commit_or_leave_to_sweep, retried

from . import emails
from .orders import expire_pending, order_moved
from .payments import all_providers


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
def send_unsent_order_emails() -> int:
    """The scheduled sweep (every 5 minutes): the emails buyers are still owed because the queue or
    SMTP was down when they fell due (storefront.emails.send_unsent); returns how many went out."""
    return emails.send_unsent()


def expire_unpaid(minutes: int | None = None) -> dict[str, list[str]]:
    """Cancel online-payment orders unpaid past their provider's limit (or `minutes`); codes per provider."""
    now = timezone.now()
    expired = {}
    for provider in all_providers():
        limit = minutes or provider.expires_after_minutes
        if not provider.pays_online or not limit:
            continue
        expired[provider.identifier] = expire_pending(
            now - datetime.timedelta(minutes=limit), method=provider.identifier
        )
    return expired


@background_task()
def expire_orders() -> int:
    """The scheduled expiry (every 5 minutes by default); returns how many orders were cancelled."""
    return sum(len(codes) for codes in expire_unpaid().values())
