"""The order state machine: explicit transitions, each move a conditional update from the expected state.

`UPDATE order SET state = new WHERE pk = … AND state = expected` touches one row or none, so when a
webhook, a staff member and the expiry job race, exactly one of them moves the order, and side
effects tied to the move (giving stock back) happen exactly once.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.db.models import Q, Sum
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.money import format_vnd

from . import recalls, stock
from .errors import TransitionError
from .models import Order, OrderLine, OrderState, PartState

S = OrderState

TRANSITIONS: dict[str, set[str]] = {
    S.PENDING_PAYMENT: {S.PAID, S.CANCELLED},
    S.PLACED: {S.CONFIRMED, S.CANCELLED},  # cash on delivery starts here
    S.CONFIRMED: {S.PREPARING, S.CANCELLED},
    S.PAID: {S.PREPARING, S.REFUNDED},
    S.PREPARING: {S.SHIPPED, S.CANCELLED, S.REFUNDED},
    S.SHIPPED: {S.DELIVERED, S.RETURNED},  # returned: refused at the door, or lost and sent back
    # Returned after delivery (the shop takes goods back within its days for returns); the money, where
    # the shop had it (cash recorded, a card, a transfer), is then given back as a refund.
    S.DELIVERED: {S.RETURNED, S.REFUNDED},
    S.RETURNED: {S.REFUNDED},
    # Only for money taken all the same (a card form left open, a payment Stripe delivered late, an order
    # called off after payment): NEEDS_MONEY_RECEIVED keeps a cancelled order that holds none from it.
    S.CANCELLED: {S.REFUNDED},
    S.REFUNDED: set(),
}

# Moves that give money back: only money received (`paid_at` set) can be; calling off an order whose
# money never came (cash on delivery before delivery, an unpaid transfer) is a cancel.
NEEDS_MONEY_RECEIVED = {S.REFUNDED}

# Moves after which the goods are back on the shelf (never shipped, or came back).
RESTOCKING = {
    (S.PENDING_PAYMENT, S.CANCELLED),
    (S.PLACED, S.CANCELLED),
    (S.CONFIRMED, S.CANCELLED),
    (S.PREPARING, S.CANCELLED),
    (S.PAID, S.REFUNDED),
    (S.PREPARING, S.REFUNDED),
    (S.SHIPPED, S.RETURNED),
    (S.DELIVERED, S.RETURNED),
}

# What a buyer may do from the order page: cancel, as long as nobody has started preparing the goods
# (after that, the shop must be called). Staff moves are the whole TRANSITIONS map.
BUYER_TRANSITIONS: dict[str, set[str]] = {
    S.PENDING_PAYMENT: {S.CANCELLED},
    S.PLACED: {S.CANCELLED},
}

# Where a buyer's order ends without reaching them: no timeline is shown.
ENDED_BEFORE_DELIVERY = {S.CANCELLED, S.REFUNDED, S.RETURNED}

# The moves a buyer is told of by email (the order page shows every move): those that change their plans.
BUYER_TOLD = {S.SHIPPED, S.CANCELLED, S.REFUNDED}

# Who called an order off, for the buyer's email: themselves, the clock (unpaid in time), else the shop.
BY_BUYER, BY_EXPIRY, BY_SHOP = "buyer", "expiry", "shop"

# Sent once a move the buyer is told of is committed: `order_id`, `source`, `target`, `by`.
order_moved = Signal()

# Sent once an unpaid order's cancel is committed (`order_id`): its provider must stop taking money for
# it (a card form left open). storefront.tasks asks the provider, and again later if it cannot be reached.
payment_to_release = Signal()

# Cancelled orders that hold the buyer's money: staff owe a refund (flagged in the admin's order list).
REFUND_OWED = Q(state=S.CANCELLED, paid_at__isnull=False)

# A whole-order move made by staff carries every producer's part along with it. Cancelling calls off
# the parts still in the shop; one already handed to the carrier stays shipped, as its goods did.
PARTS_AFTER = {
    S.CONFIRMED: (PartState.CONFIRMED, [PartState.WAITING]),
    S.SHIPPED: (PartState.SHIPPED, [PartState.WAITING, PartState.CONFIRMED]),
    S.DELIVERED: (PartState.SHIPPED, [PartState.WAITING, PartState.CONFIRMED]),
    S.CANCELLED: (PartState.CANCELLED, [PartState.WAITING, PartState.CONFIRMED]),
}

# What the admin buttons are called; one per target state.
ACTION_LABELS = {
    S.CONFIRMED: _("Xác nhận qua điện thoại"),
    S.PAID: _("Đánh dấu đã nhận tiền"),
    S.PREPARING: _("Chuẩn bị hàng"),
    S.SHIPPED: _("Giao cho vận chuyển"),
    S.DELIVERED: _("Đã giao"),
    S.RETURNED: _("Khách trả hàng"),
    S.CANCELLED: _("Huỷ đơn"),
    S.REFUNDED: _("Đã hoàn tiền"),
}


def initial_state(provider) -> str:
    return S.PENDING_PAYMENT if provider.pays_online else S.PLACED


def allowed_targets(state: str) -> list[str]:
    return [s for s in OrderState.values if s in TRANSITIONS.get(state, ())]


def money_received(order: Order, target: str) -> bool:
    """Whether `order` holds the money a move to `target` would give back (True for other moves)."""
    return target not in NEEDS_MONEY_RECEIVED or order.paid_at is not None


def transition(order: Order, target: str, *, expected: str | None = None, by: str = BY_SHOP) -> bool:
    """Move `order` to `target` if it is still in `expected` (default: its state as loaded); `by`:
    who made the move, as the buyer's email tells it.

    Returns True if this call made the move; False if the order had already left `expected`.
    Raises TransitionError if the move is not in the map at all, or would refund money never received.
    """
    source = expected or order.state
    if target not in TRANSITIONS.get(source, ()):
        raise TransitionError(
            order,
            target,
            _("Không thể chuyển đơn %(code)s từ “%(source)s” sang “%(target)s”.")
            % {"code": order.code, "source": S(source).label, "target": S(target).label},
        )
    if not money_received(order, target):
        raise TransitionError(
            order,
            target,
            _("Đơn %(code)s chưa nhận được tiền nên không thể hoàn tiền; nếu không giao hàng, hãy huỷ đơn.")
            % {"code": order.code},
        )
    if target == S.SHIPPED:
        recalls.refuse_handing_over_recalled(order)
    now = timezone.now()
    changes = {"state": target, "updated_at": now}
    if target == S.PAID:
        changes["paid_at"] = now
    if target in BUYER_TOLD:  # owed to the buyer until it goes out (storefront.emails.send_unsent)
        changes.update(update_unsent=target, update_unsent_by=by)
    expected_row = Order.objects.filter(pk=order.pk, state=source)
    if target in NEEDS_MONEY_RECEIVED:
        expected_row = expected_row.filter(paid_at__isnull=False)
    with transaction.atomic():
        moved = expected_row.update(**changes) == 1
        if moved and (source, target) in RESTOCKING:
            stock.give_back(order, lines_on_the_shelf(order, source), returned=target == S.RETURNED)
        if moved and target in PARTS_AFTER:
            part_state, behind = PARTS_AFTER[target]
            handed_over = OrderLine.objects.filter(order=order, fulfilment__in=behind).update(
                fulfilment=part_state
            )
            if handed_over and part_state == PartState.SHIPPED:
                # Goods from a lot under a warning now reach a buyer, who hears of it (when the last
                # producer's part shipping moved the order, fulfilment.move_part has said so already).
                transaction.on_commit(partial(recalls.tell_buyer_of_notices_in_force, order.pk))
    if moved and source == S.PENDING_PAYMENT and target == S.CANCELLED:
        transaction.on_commit(partial(payment_to_release.send, Order, order_id=order.pk))
    if moved and target in BUYER_TOLD:
        moved_signal = partial(
            order_moved.send, Order, order_id=order.pk, source=source, target=target, by=by
        )
        transaction.on_commit(moved_signal)
    if moved:
        order.state = target
        order.updated_at = now
        if target == S.PAID:
            order.paid_at = now
    return moved


def lines_on_the_shelf(order: Order, source: str):
    """The lines whose goods are still with the shop when an order in `source` is called off: while
    it is being prepared, a producer may already have handed its part to the carrier, and those
    goods are not back on the shelf (they come back, if ever, as a return and a stock count)."""
    lines = order.lines.all()
    return lines.exclude(fulfilment=PartState.SHIPPED) if source == S.PREPARING else lines


def move(order: Order, target: str) -> None:
    """Staff action: like `transition`, but a lost race is an error with a message to show."""
    if not transition(order, target):
        order.refresh_from_db(fields=["state"])
        raise TransitionError(
            order,
            target,
            _("Đơn %(code)s vừa được người khác cập nhật (hiện: “%(state)s”).")
            % {"code": order.code, "state": order.get_state_display()},
        )


def cancel(order: Order) -> bool:
    return transition(order, S.CANCELLED)


def shop_cancel(order: Order, reason: str = "") -> None:
    """Staff's "Huỷ đơn", once confirmed: like `move`, with the reason given (may be empty) saved in the
    same transaction, so the cancellation email sent after commit says it."""
    with transaction.atomic():
        move(order, S.CANCELLED)
        Order.objects.filter(pk=order.pk).update(cancel_reason=reason)
    order.cancel_reason = reason


def buyer_may(order: Order, target: str) -> bool:
    return target in BUYER_TRANSITIONS.get(order.state, ())


def buyer_may_cancel(order: Order) -> bool:
    return buyer_may(order, S.CANCELLED)


def buyer_cancel(order: Order) -> bool:
    """The buyer's cancel button: True if this call cancelled the order (stock given back)."""
    return buyer_may_cancel(order) and transition(order, S.CANCELLED, by=BY_BUYER)


def money_may_be_on_its_way(order: Order) -> bool:
    """The buyer may have sent money for this order that the shop has not seen yet (a bank transfer):
    cancelling it warns them first, and once cancelled, its page says how the money comes back."""
    provider = order.provider
    return provider is not None and provider.buyer_sends_money and order.paid_at is None


def refund_of_a_transfer(order: Order) -> str:
    """For a cancelled order the buyer may have sent money for: how that money comes back."""
    return _(
        "Nếu bạn đã chuyển khoản cho đơn này, nhân viên cửa hàng sẽ hoàn lại tiền cho bạn. "
        "Vui lòng liên hệ cửa hàng, báo mã đơn %(code)s và số tài khoản nhận lại tiền."
    ) % {"code": order.code}


def owes_refund(order: Order) -> bool:
    """The order was called off but holds the buyer's money: staff must give it back."""
    return order.state == S.CANCELLED and order.paid_at is not None


def refund_of_a_late_payment(order: Order) -> str:
    """For a cancelled order whose payment still came (a card form left open): the money goes back."""
    return _(
        "Cửa hàng nhận được khoản thanh toán %(total)s của bạn sau khi đơn đã được huỷ. "
        "Số tiền này sẽ được hoàn lại cho bạn."
    ) % {"total": format_vnd(order.total)}


def units_bought(order: Order) -> int:
    """How many things the buyer bought, counted as the cart's badge counts them: each pack, and each
    gift box as one (not its components, which are lines of their own)."""
    packs = order.lines.filter(combo=None).aggregate(units=Sum("quantity"))["units"] or 0
    boxes = order.combos.aggregate(units=Sum("quantity"))["units"] or 0
    return packs + boxes


def awaits_payment(order: Order) -> bool:
    """The order page shows the provider's payment box (QR code, card form)."""
    return order.state == S.PENDING_PAYMENT and order.provider is not None


def payment_not_offered(order: Order) -> str:
    """Why the order's way to pay cannot collect it now, "" if it can: the provider was switched off
    since (its settings removed), or the total is above what it takes (Stripe's limit, for an order
    placed before the checkout knew it). Trying again cannot help; the buyer may cancel instead."""
    provider = order.provider
    if not provider.is_enabled():
        return _("Cửa hàng hiện không nhận thanh toán bằng “%(method)s”.") % {"method": provider.label}
    return provider.refuses(order.total)


@dataclass(frozen=True)
class TimelineStep:
    state: str
    label: str
    done: bool
    current: bool


def buyer_timeline(order: Order) -> list[TimelineStep]:
    """The steps a buyer follows and how far this order got; none for an order that ended early."""
    if order.state in ENDED_BEFORE_DELIVERY:
        return []
    paid_online = order.provider is not None and order.provider.pays_online
    first, second = (S.PENDING_PAYMENT, S.PAID) if paid_online else (S.PLACED, S.CONFIRMED)
    steps = [first, second, S.PREPARING, S.SHIPPED, S.DELIVERED]
    reached = steps.index(order.state) if order.state in steps else 0
    return [
        TimelineStep(state=s, label=S(s).label, done=i <= reached, current=i == reached)
        for i, s in enumerate(steps)
    ]


# What the buyer is told comes next, by state, for an order still owed cash on delivery or not.
ON_THE_WAY_TO_PAID = {
    S.PAID: _("Cửa hàng đã nhận tiền và sẽ chuẩn bị hàng. Bạn không phải trả thêm khi nhận hàng."),
    S.PREPARING: _("Cửa hàng đang chuẩn bị hàng. Bạn đã thanh toán, không phải trả thêm khi nhận hàng."),
    S.SHIPPED: _("Đơn hàng đang trên đường đến bạn. Bạn đã thanh toán, không phải trả thêm khi nhận hàng."),
}
ON_THE_WAY_TO_PAY_IN_CASH = {
    S.PLACED: _("Bạn trả %(total)s bằng tiền mặt khi nhận hàng. Cửa hàng sẽ gọi điện xác nhận đơn."),
    S.CONFIRMED: _(
        "Cửa hàng đã xác nhận đơn và sẽ chuẩn bị hàng. Bạn trả %(total)s bằng tiền mặt khi nhận hàng."
    ),
    S.PREPARING: _("Cửa hàng đang chuẩn bị hàng. Bạn trả %(total)s bằng tiền mặt khi nhận hàng."),
    # The words of the "shipped" email, so the page and the mail agree on the cash to have ready.
    S.SHIPPED: _("Đơn hàng đang trên đường đến bạn. Vui lòng chuẩn bị %(total)s để trả khi nhận hàng."),
}
AFTER_THE_END = {
    S.DELIVERED: _("Đơn hàng đã được giao. Cảm ơn bạn đã mua hàng!"),
    S.RETURNED: _("Đơn hàng đã được trả về cửa hàng."),
    S.REFUNDED: _("Đơn hàng đã được hoàn tiền: %(total)s."),
}


def owes_cash_on_delivery(order: Order) -> bool:
    """Cash on delivery whose cash the shop has not recorded: the buyer pays the courier."""
    return order.payment_method == "cod" and not order.paid_at


def next_step(order: Order) -> str:
    """One line for the order page: what happens next and what the buyer still owes. "" while the
    order waits for an online payment: the payment box says how to pay."""
    total = {"total": format_vnd(order.total)}
    if order.state == S.CANCELLED:
        return _cancelled_step(order) % total
    if order.state in AFTER_THE_END:
        return AFTER_THE_END[order.state] % total
    if owes_cash_on_delivery(order):
        return ON_THE_WAY_TO_PAY_IN_CASH.get(order.state, "") % total
    return str(ON_THE_WAY_TO_PAID.get(order.state, ""))


def _cancelled_step(order: Order) -> str:
    if order.paid_at:
        return _("Đơn hàng đã được huỷ. Số tiền bạn đã trả (%(total)s) sẽ được hoàn lại.")
    return _("Đơn hàng đã được huỷ. Bạn không phải trả tiền cho đơn này.")


def cash_to_collect(order: Order) -> bool:
    """Cash on delivery: the goods arrived and the courier's cash is not yet recorded."""
    return order.state == S.DELIVERED and owes_cash_on_delivery(order)


def staff_actions(order: Order) -> list[dict]:
    """The buttons staff see on an order: record the COD cash first, then every allowed move."""
    actions = [
        {"target": target, "label": ACTION_LABELS[target]}
        for target in allowed_targets(order.state)
        if money_received(order, target)
    ]
    if cash_to_collect(order):
        actions.insert(0, {"target": "cash", "label": _("Đã thu tiền COD")})
    return actions


def expire_pending(
    older_than, *, method: str | None = None, overdue: Callable[[Order], bool] | None = None
) -> list[str]:
    """Cancel online-payment orders still unpaid since before `older_than` (with `overdue`, only those
    it says are past their own deadline); their stock goes back."""
    orders = Order.objects.filter(state=S.PENDING_PAYMENT, created_at__lt=older_than)
    if method:
        orders = orders.filter(payment_method=method)
    expired = []
    for order in orders.only("pk", "code", "state", "payment_method", "created_at").iterator():
        if overdue is not None and not overdue(order):
            continue
        if transition(order, S.CANCELLED, expected=S.PENDING_PAYMENT, by=BY_EXPIRY):
            expired.append(order.code)
    return expired
