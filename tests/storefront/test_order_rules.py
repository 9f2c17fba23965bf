"""The buyer's side of the order rules (`storefront.orders`), without a database."""

import datetime

import pytest

from storefront import orders
from storefront.models import Order, OrderState

S = OrderState


def order(state, method="cod"):
    return Order(state=state, payment_method=method, code="OCTEST2345")


@pytest.mark.parametrize(
    ("state", "may_cancel"),
    [
        (S.PENDING_PAYMENT, True),
        (S.PLACED, True),
        (S.CONFIRMED, False),
        (S.PAID, False),
        (S.PREPARING, False),
        (S.SHIPPED, False),
        (S.DELIVERED, False),
        (S.CANCELLED, False),
    ],
)
def test_a_buyer_may_cancel_only_before_the_shop_has_confirmed_or_been_paid(state, may_cancel):
    assert orders.buyer_may_cancel(order(state)) is may_cancel


def test_every_buyer_move_is_one_the_state_machine_allows():
    for source, targets in orders.BUYER_TRANSITIONS.items():
        assert targets <= orders.TRANSITIONS[source]


def test_a_buyer_cannot_cancel_a_confirmed_order_and_nothing_is_written():
    # No database access: the rule refuses before any update is tried.
    assert orders.buyer_cancel(order(S.CONFIRMED)) is False


def _shown(timeline):
    return [(str(step.label), step.done, step.current) for step in timeline]


def test_a_cash_on_delivery_buyer_follows_placed_confirmed_preparing_shipped_delivered():
    assert _shown(orders.buyer_timeline(order(S.CONFIRMED))) == [
        ("Đã đặt, chờ xác nhận", True, False),
        ("Đã xác nhận qua điện thoại", True, True),
        ("Đang chuẩn bị hàng", False, False),
        ("Đang giao", False, False),
        ("Đã giao", False, False),
    ]


def test_an_online_payer_follows_pending_payment_then_paid(settings):
    steps = orders.buyer_timeline(order(S.PAID, method="stripe"))
    assert [s.state for s in steps] == [S.PENDING_PAYMENT, S.PAID, S.PREPARING, S.SHIPPED, S.DELIVERED]
    assert [s.current for s in steps] == [False, True, False, False, False]


@pytest.mark.parametrize("state", [S.CANCELLED, S.REFUNDED, S.RETURNED])
def test_an_order_that_ended_before_delivery_shows_no_timeline(state):
    assert orders.buyer_timeline(order(state)) == []


def test_the_order_page_template_compares_no_raw_state_strings():
    from pathlib import Path

    from django.conf import settings

    template = Path(settings.BASE_DIR, "templates/storefront/order.html").read_text()
    for state in S.values:
        assert f'"{state}"' not in template and f"'{state}'" not in template


def test_money_never_received_is_not_offered_as_refunded_and_a_refund_is_refused_without_writing():
    unpaid = order(S.PREPARING)
    assert [a["target"] for a in orders.staff_actions(unpaid)] == [S.SHIPPED, S.CANCELLED]
    with pytest.raises(orders.TransitionError) as error:  # no database access: refused before any update
        orders.transition(unpaid, S.REFUNDED)
    assert error.value.message == (
        "Đơn OCTEST2345 chưa nhận được tiền nên không thể hoàn tiền; nếu không giao hàng, hãy huỷ đơn."
    )


def test_staff_are_offered_to_record_the_cod_cash_first_once_the_goods_are_delivered():
    delivered = order(S.DELIVERED)
    # The goods may also come back (a return within the shop's days); no refund of cash not recorded.
    assert [a["target"] for a in orders.staff_actions(delivered)] == ["cash", S.RETURNED]
    paid = order(S.DELIVERED, method="stripe")
    paid.paid_at = datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC)
    assert [a["target"] for a in orders.staff_actions(paid)] == [S.RETURNED, S.REFUNDED]
    assert [a["target"] for a in orders.staff_actions(order(S.PLACED))] == [S.CONFIRMED, S.CANCELLED]
