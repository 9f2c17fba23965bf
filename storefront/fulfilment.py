"""An order across producers: each producer confirms and ships its own part.

An order may hold several producers' goods. Each line remembers its producer and how far that
producer's part got (`OrderLine.fulfilment`: waiting → confirmed → shipped). A producer's staff see
only their own lines and subtotal (plus the buyer's delivery details) and move only their own part;
the order follows its parts:

- every part confirmed, and the cash-on-delivery order still "placed" → the order is confirmed;
- a first part shipped while the order is confirmed or paid → the order is being prepared;
- every part shipped → the order is shipped.

Each part move is a conditional update from the expected part state, made with the order row locked,
so two producers shipping at the same moment cannot both miss the "every part shipped" step.
"""

from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import orders, recalls
from .errors import TransitionError
from .models import Order, OrderLine, OrderState, PartState

S, P = OrderState, PartState

PART_TRANSITIONS = {P.WAITING: P.CONFIRMED, P.CONFIRMED: P.SHIPPED}

# A part moves only while the order as a whole is going ahead (not awaiting payment, not ended).
ORDER_STATES_FOR = {
    P.CONFIRMED: {S.PLACED, S.CONFIRMED, S.PAID, S.PREPARING},
    P.SHIPPED: {S.CONFIRMED, S.PAID, S.PREPARING},
}

PART_ACTION_LABELS = {
    P.CONFIRMED: _("Xác nhận phần hàng của mình"),
    P.SHIPPED: _("Đã giao phần hàng cho vận chuyển"),
}


@dataclass
class Part:
    """One producer's share of an order: its lines, their subtotal, how far it got."""

    producer_id: int | None
    producer_title: str
    lines: list = field(default_factory=list)
    action: dict | None = None  # the button the admin shows for this part, if any

    @property
    def subtotal(self) -> int:
        return sum(line.line_total for line in self.lines)

    @property
    def state(self) -> str:
        # Lines of one part move together; the least advanced one speaks for the part.
        order_of = list(P.values)
        return min((line.fulfilment for line in self.lines), key=order_of.index, default=P.WAITING)

    @property
    def state_label(self) -> str:
        return P(self.state).label


def parts(order: Order, producer_ids=None) -> list[Part]:
    """The order's parts, one per producer (only those in `producer_ids` when given), in one query."""
    lines = order.lines.select_related("producer", "combo").order_by("producer_id", "pk")
    if producer_ids is not None:
        lines = lines.filter(producer_id__in=producer_ids)
    grouped: dict[int | None, Part] = {}
    for line in lines:
        title = line.producer.title if line.producer else str(_("Chủ thể không còn trên trang"))
        grouped.setdefault(line.producer_id, Part(line.producer_id, title)).lines.append(line)
    return list(grouped.values())


# The order's own move that does what a part's move does when that part is the whole order.
ORDER_MOVE_FOR = {P.CONFIRMED: S.CONFIRMED, P.SHIPPED: S.SHIPPED}


def part_action(order: Order, part: Part, order_moves, *, only_part: bool) -> dict | None:
    """The button a part shows, if any. When the part is the whole order (`only_part`) and the order
    offers the same move among `order_moves`, the order's button does it: two buttons confirming the
    same order leave the producer wondering which one to press."""
    target = next_part_state(order, part)
    if target is None or (only_part and ORDER_MOVE_FOR.get(target) in order_moves):
        return None
    return {"target": target, "label": PART_ACTION_LABELS[target]}


def next_part_state(order: Order, part: Part) -> str | None:
    """The move this part may make now, if any."""
    target = PART_TRANSITIONS.get(part.state)
    if target is None or order.state not in ORDER_STATES_FOR[target]:
        return None
    return target


def move_part(order: Order, producer_id: int, target: str) -> None:
    """Move one producer's part to `target` and the order along with it; TransitionError if refused."""
    source = next((s for s, t in PART_TRANSITIONS.items() if t == target), None)
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        lines = OrderLine.objects.filter(order=locked, producer_id=producer_id)
        if source is None or locked.state not in ORDER_STATES_FOR[target]:
            raise TransitionError(
                locked,
                target,
                _("Đơn %(code)s đang “%(state)s”: phần hàng này chưa chuyển được.")
                % {"code": locked.code, "state": locked.get_state_display()},
            )
        if target == P.SHIPPED:
            recalls.refuse_handing_over_recalled(locked, lines)
        if not lines.filter(fulfilment=source).update(fulfilment=target):
            raise TransitionError(
                locked,
                target,
                _("Phần hàng của đơn %(code)s đã được cập nhật trước đó.") % {"code": locked.code},
            )
        _order_follows_parts(locked, target)
        if target == P.SHIPPED:
            transaction.on_commit(partial(recalls.tell_buyer_of_notices_in_force, order.pk))
    order.refresh_from_db(fields=["state", "paid_at", "updated_at"])


def _order_follows_parts(order: Order, moved_to: str) -> None:
    behind = OrderLine.objects.filter(order=order)
    if moved_to == P.CONFIRMED:
        if order.state == S.PLACED and not behind.filter(fulfilment=P.WAITING).exists():
            orders.transition(order, S.CONFIRMED, expected=S.PLACED)
        return
    if order.state in (S.CONFIRMED, S.PAID):
        orders.transition(order, S.PREPARING, expected=order.state)
    if not behind.exclude(fulfilment=P.SHIPPED).exists():
        orders.transition(order, S.SHIPPED, expected=S.PREPARING)
