"""A buyer on a phone buys a gift combo with cash on delivery (combo page → cart → checkout → order),
then finds the order again through "Tra cứu đơn hàng" with its code and the phone it was placed with."""

import re

import pytest

from catalogue.models import PackSize
from storefront.models import Order, OrderState
from tests.conftest import IN_A_BROWSER
from tests.storefront.checkout_browser import order_with_cash_on_delivery

pytestmark = IN_A_BROWSER


@pytest.fixture
def page(phone_page):
    return phone_page


def test_a_phone_buyer_buys_a_gift_combo_with_cash_on_delivery_and_finds_the_order_again(
    live_server, page, gift_box, product, tea_pack, province, commune, shipping
):
    page.goto(live_server.url + gift_box.url)
    assert page.inner_text("h1") == "Hộp quà kẹo dừa Bến Tre"
    assert "Tiết kiệm 21.000\u00a0₫" in page.inner_text("#combo-saving")
    page.click("form.add-to-cart button[type=submit]")
    page.wait_for_selector(".messages .message")
    assert "Đã thêm 1 × “Hộp quà kẹo dừa Bến Tre” vào giỏ hàng." in page.inner_text(".messages")
    assert page.inner_text(".cart-count") == "1"

    page.click("a.cart-link")
    page.wait_for_url(re.compile(r"/gio-hang/$"))
    assert "Hộp quà kẹo dừa Bến Tre" in page.inner_text(".combo-line")
    assert page.inner_text(".grand-total") == "129.000\u00a0₫"  # 99.000 + 30.000 shipping
    page.click("text=Đặt hàng")

    order_with_cash_on_delivery(page, province, commune)
    order = Order.objects.get()
    assert page.inner_text(".order-code") == order.code
    assert page.inner_text("#order-total") == "129.000\u00a0₫"
    assert "Gói quà “Hộp quà kẹo dừa Bến Tre”" in page.inner_text(".order-combo")
    assert order.state == OrderState.PLACED
    assert [PackSize.objects.get(pk=p.pk).stock for p in (product.pack_sizes.get(), tea_pack)] == [10, 7]

    # The buyer closes the tab: a fresh browser (no session, no link) finds the order from the footer.
    page.context.clear_cookies()
    page.goto(live_server.url + "/")
    page.click("footer a:has-text('Tra cứu đơn hàng')")
    page.wait_for_url(re.compile(r"/tra-cuu-don-hang/$"))
    page.fill("#id_code", order.code)
    page.fill("#id_phone", "0912 345 678")  # as typed at checkout
    page.click("button:has-text('Tra cứu')")
    page.wait_for_url(live_server.url + order.get_absolute_url())
    assert page.inner_text(".order-code") == order.code
    assert "Gói quà “Hộp quà kẹo dừa Bến Tre”" in page.inner_text(".order-combo")
