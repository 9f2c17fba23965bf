"""The payment ledger: record each provider event once, then let it move the order.

Recording and applying share one transaction: if applying fails, the event is not recorded and the
provider's retry is processed afresh; if it succeeds, any retry hits the unique constraint and is a
harmless duplicate. Events may come in any order: each only moves the order from the states it
expects (a failure after a success changes nothing), and a refund that came before its payment's
success is applied once that success arrives. The order's row is locked while an event is applied,
so a success and a refund delivered at the same moment each see the other.
"""

import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .. import orders
from ..models import Order, OrderState, PaymentEvent
from .base import FAILED, REFUNDED, SUCCEEDED, ProviderEvent

logger = logging.getLogger(__name__)


# The ledger's note on a payment that came for an order already cancelled: its money is to go back.
PAID_AFTER_CANCELLATION = "paid after cancellation: refund needed"


def find_order(event: ProviderEvent) -> Order | None:
    """The event's order, its row locked until the transaction ends."""
    lookup = Q()
    if event.order_code:
        lookup |= Q(code=event.order_code)
    if event.reference:
        lookup |= Q(provider_reference=event.reference)
    return Order.objects.select_for_update().filter(lookup).order_by("pk").first() if lookup else None


def record(provider: str, event: ProviderEvent) -> bool:
    """Store and apply one event; False if it was already recorded (a retry)."""
    try:
        with transaction.atomic():
            order = find_order(event)
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
            return _refund_noted_before(order)
        order.refresh_from_db(fields=["state"])
        if order.state == OrderState.CANCELLED:
            return _paid_after_cancellation(order)
        return f"already {order.state}"
    if event.kind == REFUNDED:
        if not orders.money_received(order, OrderState.REFUNDED):  # its success has not arrived yet
            return f"refund noted in state {order.state}"
        return "" if _refund(order) else f"refund noted in state {order.state}"
    if event.kind == FAILED:
        return "payment failed; order left as it was"
    return "ignored"


# Where a refund finds the order once its money was received: the move to "refunded" is made from any.
REFUNDABLE = (OrderState.PAID, OrderState.PREPARING, OrderState.DELIVERED, OrderState.CANCELLED)


def _refund(order: Order) -> bool:
    return any(orders.transition(order, OrderState.REFUNDED, expected=source) for source in REFUNDABLE)


def _refund_noted_before(order: Order) -> str:
    """The money has just been received: a refund Stripe delivered before this success applies now,
    as it would have after it (the order must not stay "paid" and be shipped for money given back)."""
    if not order.payment_events.filter(kind=REFUNDED).exists():
        return ""
    _refund(order)
    return "refunded: its refund had come before this payment"


def _paid_after_cancellation(order: Order) -> str:
    """Money taken for a cancelled order (a card form left open): recorded as received, so the order is
    flagged to staff as owing a refund (orders.REFUND_OWED) and its page tells the buyer."""
    Order.objects.filter(pk=order.pk, state=OrderState.CANCELLED, paid_at=None).update(paid_at=timezone.now())
    order.refresh_from_db(fields=["state", "paid_at"])
    logger.error("Order %s was paid after it was cancelled: refund it", order.code)
    if _refund_noted_before(order):
        return f"{PAID_AFTER_CANCELLATION}; already refunded"
    return PAID_AFTER_CANCELLATION


def paid_after_cancellation(order: Order) -> bool:
    """The buyer's money came after the order was cancelled, and is still held."""
    return orders.owes_refund(order) and order.payment_events.filter(note=PAID_AFTER_CANCELLATION).exists()


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
