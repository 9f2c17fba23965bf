"""A screen reader user hears which product and pack each repeated control acts on: the cart's
"Cập nhật" and "Bỏ", the product page's quantity boxes and "Thêm vào giỏ" (one per pack size)."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import IN_A_BROWSER

pytestmark = IN_A_BROWSER


@pytest.fixture
def page(phone_page):
    return phone_page


def test_each_pack_sizes_controls_on_the_product_page_name_the_pack(live_server, page, product, second_pack):
    page.goto(live_server.url + product.url)
    for label in ("Kẹo dừa sầu riêng – Hộp 400g", "Kẹo dừa sầu riêng – Túi 250g"):
        assert page.get_by_role("spinbutton", name=f"Số lượng {label}", exact=True).count() == 1
        button = page.get_by_role("button", name=f"Thêm vào giỏ {label}", exact=True)
        assert button.count() == 1
        assert button.locator(".visually-hidden").bounding_box()["width"] <= 1  # for the ear only


def test_each_cart_lines_buttons_name_the_pack_they_act_on(live_server, page, product, pack, second_pack):
    page.goto(live_server.url + product.url)
    for form in page.locator("form.add-to-cart").all():
        # The add stays on the page (static/js/add-to-cart.js): wait for its own answer, not for a
        # message (the first add's is still shown when the second is sent).
        with page.expect_response(lambda response: response.request.method == "POST"):
            form.locator("button[type=submit]").click()
    page.goto(live_server.url + "/gio-hang/")
    for label in ("Kẹo dừa sầu riêng – Hộp 400g", "Kẹo dừa sầu riêng – Túi 250g"):
        assert page.get_by_role("spinbutton", name=f"Số lượng {label}", exact=True).count() == 1
        assert page.get_by_role("button", name=f"Cập nhật {label}", exact=True).count() == 1
        remove = page.get_by_role("button", name=f"Bỏ {label}", exact=True)
        assert remove.locator(".visually-hidden").bounding_box()["width"] <= 1
    remove.click()
    page.wait_for_url(re.compile(r"/gio-hang/$"))
    assert page.get_by_role("button", name=re.compile("Túi 250g")).count() == 0
    assert page.get_by_role("button", name="Bỏ Kẹo dừa sầu riêng – Hộp 400g", exact=True).count() == 1


def cart_link_name(page):
    """The header cart link's accessible name, as Chromium computes it for a screen reader."""
    snapshot = page.locator("header .cart-link").aria_snapshot()
    return re.match(r'- link "(.*)"', snapshot).group(1)


@pytest.mark.parametrize(
    ("query", "empty", "one", "two"),
    [
        ("", "Giỏ hàng", "Giỏ hàng, 1 sản phẩm", "Giỏ hàng, 2 sản phẩm"),
        ("?lang=en", "Cart", "Cart, 1 item", "Cart, 2 items"),
    ],
    ids=["vi", "en"],
)
def test_the_header_cart_link_says_how_many_items_in_words(
    live_server, page, product, query, empty, one, two
):
    page.goto(live_server.url + product.url + query)
    assert cart_link_name(page) == empty
    page.click("form.add-to-cart button[type=submit]")  # stays on the page (static/js/add-to-cart.js)
    page.wait_for_selector(".messages .message")
    assert cart_link_name(page) == one
    assert page.locator(".cart-link [aria-label]").count() == 0  # no name on a plain span
    page.reload()  # the count read from the cookie by static/js/cart-count.js
    assert cart_link_name(page) == one
    page.fill("input[name=quantity]", "1")
    page.click("form.add-to-cart button[type=submit]")
    expect(page.locator(".cart-count")).to_have_text("2")
    assert cart_link_name(page) == two
    assert page.locator(".cart-link [aria-hidden=true]").all_inner_texts() == [empty, "2"]  # what is seen
