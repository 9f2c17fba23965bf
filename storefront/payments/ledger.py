"""The payment ledger: record each provider event once, then let it move the order.

Recording and applying share one transaction: if applying fails, the event is not recorded and the
provider's retry is processed afresh; if it succeeds, any retry hits the unique constraint and is a
harmless duplicate. Events may come in any order: each only moves the order from the states it
expects (a failure after a success changes nothing).
"""

import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .. import orders
from ..models import Order, OrderState, PaymentEvent
from .base import FAILED, REFUNDED, SUCCEEDED, ProviderEvent

logger = logging.getLogger(__name__)


def find_order(event: ProviderEvent) -> Order | None:
    lookup = Q()
    if event.order_code:
        lookup |= Q(code=event.order_code)
    if event.reference:
        lookup |= Q(provider_reference=event.reference)
    return Order.objects.filter(lookup).first() if lookup else None


def record(provider: str, event: ProviderEvent) -> bool:
    """Store and apply one event; False if it was already recorded (a retry)."""
    order = find_order(event)
    try:
        with transaction.atomic():
            entry = PaymentEvent.objects.create(
                provider=provider,
                event_id=event.event_id,
                kind=event.kind,
                order=order,
                amount=event.amount,
                reference=event.reference,
            )
            note = apply(order, event)
            if note:
                PaymentEvent.objects.filter(pk=entry.pk).update(note=note[:255])
    except IntegrityError:
        logger.info("Duplicate %s event %s ignored", provider, event.event_id)
        return False
    return True


def apply(order: Order | None, event: ProviderEvent) -> str:
    """Move the order as the event says; returns a note for the ledger when nothing moved."""
    if order is None:
        return "no matching order"
    if event.kind == SUCCEEDED:
        if event.amount != order.total or (event.currency or "vnd").lower() != "vnd":
            logger.error(
                "Order %s: paid %s %s, expected %s vnd", order.code, event.amount, event.currency, order.total
            )
            return f"amount mismatch: {event.amount} {event.currency}, expected {order.total}"
        if orders.transition(order, OrderState.PAID, expected=OrderState.PENDING_PAYMENT):
            return ""
        order.refresh_from_db(fields=["state"])
        if order.state == OrderState.CANCELLED:
            logger.error("Order %s was paid after it was cancelled: refund it", order.code)
            return "paid after cancellation: refund needed"
        return f"already {order.state}"
    if event.kind == REFUNDED:
        if not orders.money_received(order, OrderState.REFUNDED):  # its success has not arrived yet
            return f"refund noted in state {order.state}"
        for source in (OrderState.PAID, OrderState.PREPARING, OrderState.DELIVERED):
            if orders.transition(order, OrderState.REFUNDED, expected=source):
                return ""
        return f"refund noted in state {order.state}"
    if event.kind == FAILED:
        return "payment failed; order left as it was"
    return "ignored"


def staff_marked_paid(order: Order, user) -> bool:
    """Staff saw the transfer (VietQR) on the statement: record it and move the order to paid."""
    event = ProviderEvent(
        event_id=f"staff-paid-{order.code}", kind=SUCCEEDED, order_code=order.code, amount=order.total
    )
    with transaction.atomic():
        created = record(order.payment_method, event)
        if created:
            PaymentEvent.objects.filter(provider=order.payment_method, event_id=event.event_id).update(
                note=f"marked paid by {user}"[:255]
            )
    order.refresh_from_db()
    return created and order.state == OrderState.PAID


def cash_collected(order: Order, user) -> bool:
    """Cash on delivery: the carrier remitted the cash for a delivered order (recorded once)."""
    if order.state != OrderState.DELIVERED or order.paid_at:
        return False
    try:
        with transaction.atomic():
            PaymentEvent.objects.create(
                provider=order.payment_method,
                event_id=f"staff-cash-{order.code}",
                kind="cash_collected",
                order=order,
                amount=order.total,
                note=f"recorded by {user}"[:255],
            )
            Order.objects.filter(pk=order.pk, paid_at=None).update(paid_at=timezone.now())
    except IntegrityError:
        return False
    order.refresh_from_db()
    return True
