"""The order this browser placed last, remembered in its session for an hour: a checkout left open in
another tab, sent after the order went through, or the cart opened again, says that the order was
placed and links to it, rather than only "the cart is empty" (a buyer would order twice)."""

import time

from .models import Order

SESSION_KEY = "recent_order"
REMEMBERED_SECONDS = 60 * 60


def remember(session, order: Order) -> None:
    session[SESSION_KEY] = {"token": order.token, "at": time.time()}


def just_placed(session) -> Order | None:
    """The order placed from this session within the hour, if it still exists."""
    kept = session.get(SESSION_KEY)
    if not isinstance(kept, dict):
        return None
    token, at = kept.get("token"), kept.get("at")
    if not isinstance(token, str) or not isinstance(at, int | float):
        return None
    if not 0 <= time.time() - at <= REMEMBERED_SECONDS:
        return None
    return Order.objects.filter(token=token).first()
