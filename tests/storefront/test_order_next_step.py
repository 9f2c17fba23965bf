"""After the first step, the order page still says in one line what comes next and what the buyer owes."""

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from catalogue.money import format_vnd
from storefront.models import Order, OrderState

pytestmark = pytest.mark.django_db
S = OrderState


def next_step(client, order) -> str | None:
    page = BeautifulSoup(client.get(order.get_absolute_url()).content, "html.parser")
    line = page.select_one(".next-step")
    return line.get_text(" ", strip=True) if line else None


def moved(order, state, *, paid=False) -> Order:
    Order.objects.filter(pk=order.pk).update(state=state, paid_at=timezone.now() if paid else None)
    order.refresh_from_db()
    return order


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (S.PLACED, "Bạn trả {total} bằng tiền mặt khi nhận hàng. Cửa hàng sẽ gọi điện xác nhận đơn."),
        (
            S.CONFIRMED,
            "Cửa hàng đã xác nhận đơn và sẽ chuẩn bị hàng. Bạn trả {total} bằng tiền mặt khi nhận hàng.",
        ),
        (S.PREPARING, "Cửa hàng đang chuẩn bị hàng. Bạn trả {total} bằng tiền mặt khi nhận hàng."),
        (S.SHIPPED, "Đơn hàng đang trên đường đến bạn. Vui lòng chuẩn bị {total} để trả khi nhận hàng."),
        (S.DELIVERED, "Đơn hàng đã được giao. Cảm ơn bạn đã mua hàng!"),
        (S.CANCELLED, "Đơn hàng đã được huỷ. Bạn không phải trả tiền cho đơn này."),
        (S.RETURNED, "Đơn hàng đã được trả về cửa hàng."),
    ],
    ids=str,
)
def test_a_cash_on_delivery_order_says_what_comes_next_and_the_cash_to_have_ready(
    client, place, pack, state, expected
):
    order = moved(place({pack: 2}, "cod"), state)
    assert next_step(client, order) == expected.format(total=format_vnd(order.total))


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (S.PAID, "Cửa hàng đã nhận tiền và sẽ chuẩn bị hàng. Bạn không phải trả thêm khi nhận hàng."),
        (S.PREPARING, "Cửa hàng đang chuẩn bị hàng. Bạn đã thanh toán, không phải trả thêm khi nhận hàng."),
        (
            S.SHIPPED,
            "Đơn hàng đang trên đường đến bạn. Bạn đã thanh toán, không phải trả thêm khi nhận hàng.",
        ),
        (S.DELIVERED, "Đơn hàng đã được giao. Cảm ơn bạn đã mua hàng!"),
        (S.CANCELLED, "Đơn hàng đã được huỷ. Số tiền bạn đã trả ({total}) sẽ được hoàn lại."),
        (S.REFUNDED, "Đơn hàng đã được hoàn tiền: {total}."),
    ],
    ids=str,
)
def test_a_paid_order_says_what_comes_next_and_that_nothing_more_is_owed(
    client, place, pack, vietqr_on, state, expected
):
    order = moved(place({pack: 2}, "vietqr"), state, paid=True)
    assert next_step(client, order) == expected.format(total=format_vnd(order.total))


def test_an_order_waiting_for_its_payment_shows_the_payment_box_instead(client, place, pack, vietqr_on):
    order = place({pack: 2}, "vietqr")
    assert next_step(client, order) is None
