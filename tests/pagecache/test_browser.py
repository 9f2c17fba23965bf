"""In a real browser: a cached product page still shows this shopper's cart count, and its add-to-cart
form works without a CSRF token."""

import pytest

from tests.conftest import IN_A_BROWSER

pytestmark = [*IN_A_BROWSER, pytest.mark.usefixtures("page_cache")]


def test_a_cached_product_page_shows_the_shoppers_cart_count(live_server, open_phone, product):
    other = open_phone()
    other.goto(live_server.url + product.url)  # another visitor fills the cache
    page = open_phone()
    response = page.goto(live_server.url + product.url)
    assert response.headers["x-page-cache"] == "hit"
    assert page.is_hidden(".cart-count")

    page.fill("input[name=quantity]", "3")
    page.click("form.add-to-cart button[type=submit]")
    page.wait_for_selector(".messages .message")
    response = page.goto(live_server.url + product.url)
    assert response.headers["x-page-cache"] == "hit"
    assert page.inner_text(".cart-count") == "3"
    assert page.inner_text(".cart-link .visually-hidden") == "Giỏ hàng, 3 sản phẩm"
