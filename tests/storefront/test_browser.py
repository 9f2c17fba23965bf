"""A buyer on a phone: product page → cart → checkout with cash on delivery → confirmation."""

import re

import pytest

from storefront.models import Order, OrderState
from tests.conftest import IN_A_BROWSER
from tests.storefront.checkout_browser import order_with_cash_on_delivery

pytestmark = IN_A_BROWSER


@pytest.fixture
def page(phone_page):
    return phone_page


def test_a_phone_buyer_orders_with_cash_on_delivery_and_sees_the_code_and_total(
    live_server, page, product, province, commune, shipping
):
    page.goto(live_server.url + product.url)
    page.fill("input[name=quantity]", "2")
    page.click("form.add-to-cart button[type=submit]")
    page.wait_for_selector(".messages .message")
    assert "Đã thêm 2 × “Kẹo dừa sầu riêng – Hộp 400g” vào giỏ hàng." in page.inner_text(".messages")
    assert page.inner_text(".cart-count") == "2"

    page.click("a.cart-link")
    page.wait_for_url(re.compile(r"/gio-hang/$"))
    assert page.inner_text(".grand-total") == "120.000\u00a0₫"
    page.click("text=Đặt hàng")

    order_with_cash_on_delivery(page, province, commune)
    order = Order.objects.get()
    assert page.url == live_server.url + order.get_absolute_url()
    assert page.inner_text(".order-code") == order.code
    assert page.inner_text("#order-total") == "120.000\u00a0₫"
    assert order.state == OrderState.PLACED
    assert str(order.commune_id) == str(commune.pk)
    product.pack_sizes.get().refresh_from_db()
    assert product.pack_sizes.get().stock == 10


def test_going_back_to_the_checkout_lists_the_provinces_communes_and_keeps_the_chosen_ward(
    live_server, page, product, province, shipping
):
    ward = province.communes.order_by("code").last()  # not the list's first, as a default would be
    page.goto(live_server.url + product.url)
    page.click("form.add-to-cart button[type=submit]")
    page.wait_for_selector(".messages .message")
    page.goto(live_server.url + "/thanh-toan/")
    page.fill("#id_full_name", "Nguyễn Thị Hoa")
    page.select_option("#id_province", str(province.pk))
    page.locator(f"#id_commune option[value='{ward.pk}']").wait_for(state="attached")
    page.select_option("#id_commune", str(ward.pk))
    page.click("text=Sửa giỏ hàng")
    page.wait_for_url(re.compile(r"/gio-hang/$"))

    page.go_back()  # the page is loaded again (no-store); the browser puts back what was typed
    page.wait_for_url(re.compile(r"/thanh-toan/$"))
    assert page.input_value("#id_full_name") == "Nguyễn Thị Hoa"
    assert page.input_value("#id_province") == str(province.pk)
    page.locator(f"#id_commune option[value='{ward.pk}']").wait_for(state="attached")
    assert page.locator("#id_commune option").count() == province.communes.count() + 1  # and the prompt
    assert page.input_value("#id_commune") == str(ward.pk)

    page.fill("#id_phone", "0912 345 678")
    page.fill("#id_street", "12 Đồng Khởi")
    page.click("button.button-primary[type=submit]")
    page.wait_for_url(re.compile(r"/don-hang/[\w-]+/$"))
    assert Order.objects.get().commune_id == ward.pk
