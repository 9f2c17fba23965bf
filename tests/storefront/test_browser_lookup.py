"""A phone buyer orders with cash on delivery, loses the link, and finds the order through "Tra cứu đơn hàng"."""

import pytest

from storefront.models import Order
from tests.conftest import IN_A_BROWSER
from tests.storefront.checkout_browser import order_with_cash_on_delivery

pytestmark = IN_A_BROWSER


@pytest.fixture
def page(phone_page):
    return phone_page


def test_a_phone_buyer_finds_the_order_again_by_code_and_phone_and_cancels_after_confirming(
    live_server, page, product, province, commune, shipping
):
    page.goto(live_server.url + product.url)
    page.click("form.add-to-cart button[type=submit]")
    page.click(".messages a:has-text('Xem giỏ hàng')")
    page.click("text=Đặt hàng")
    order_with_cash_on_delivery(page, province, commune)
    order = Order.objects.get()

    page.goto(live_server.url + "/")
    page.click("footer a:has-text('Tra cứu đơn hàng')")
    page.fill("#id_code", order.code.lower())
    page.fill("#id_phone", "0912345678")
    page.click("button:has-text('Tra cứu')")
    page.wait_for_url(live_server.url + order.get_absolute_url())
    assert page.inner_text(".order-code") == order.code

    page.click("a:has-text('Huỷ đơn hàng')")
    page.wait_for_selector("text=Không, giữ đơn hàng")
    order.refresh_from_db()
    assert order.state == "placed"
    page.click("button:has-text('Có, huỷ đơn hàng')")
    page.wait_for_url(live_server.url + order.get_absolute_url())
    order.refresh_from_db()
    assert order.state == "cancelled"
    page.click("a:has-text('Tiếp tục mua sắm')")
    page.wait_for_url(live_server.url + "/")
