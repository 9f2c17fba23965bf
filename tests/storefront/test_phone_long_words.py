"""A phone 390 px wide never scrolls sideways on the order and cart pages, however long the words a
buyer typed (an email address is one long word) or a producer named a product."""

import pytest

from catalogue.factories import PackSizeFactory
from tests.conftest import IN_A_BROWSER, PHONE_VIEWPORT

pytestmark = IN_A_BROWSER

ORDINARY_LONG_EMAIL = "nguyenthithuhuong.kinhdoanh1987@gmail.com"
LONGEST_EMAIL = "a" * 64 + "@" + ".".join(["b" * 60] * 3) + ".com"  # 251 characters: an order holds 254
LONG_WORD = "Kẹodừasầuriêngđặcbiệt" * 8  # a product title; names and labels take a shorter cut


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.fixture(params=["ordinary", "longest"])
def details(request, province, commune):
    """A buyer with an ordinary long email address, or one who typed long words everywhere the order
    page shows them."""
    if request.param == "ordinary":
        return {
            "full_name": "Nguyễn Thị Thu Hương",
            "phone": "0912345678",
            "email": ORDINARY_LONG_EMAIL,
            "province": province,
            "commune": commune,
            "street": "12 Đồng Khởi",
            "note": "",
        }
    return {
        "full_name": "Nguyễn " + LONG_WORD[:110],  # Order.full_name holds 120 (PostgreSQL refuses more)
        "phone": "0912345678",
        "email": LONGEST_EMAIL,
        "province": province,
        "commune": commune,
        "street": "Số 12, ấp" + "Phú" * 40,
        "note": "Gọi" * 60,
    }


def test_the_order_page_fits_a_phone_with_a_long_email(live_server, phone_page, place, details, pack):
    order = place({pack: 1})
    phone_page.goto(live_server.url + order.get_absolute_url())
    assert details["email"] in phone_page.inner_text(".facts")
    assert page_width(phone_page) <= PHONE_VIEWPORT["width"]


def test_the_cart_fits_a_phone_with_a_product_named_in_one_long_word(live_server, phone_page, product):
    product.title = LONG_WORD
    product.save_revision().publish()
    pack = PackSizeFactory(product=product, label="Hộp" + "quàtặng" * 10, price=45_000, stock=5)
    phone_page.goto(live_server.url + product.url)
    assert page_width(phone_page) <= PHONE_VIEWPORT["width"]
    phone_page.locator(f"#qty-{pack.pk}").locator("xpath=..").locator("button[type=submit]").click()
    phone_page.wait_for_selector(".messages .message")
    phone_page.goto(live_server.url + "/gio-hang/")
    assert LONG_WORD in phone_page.inner_text(".cart-lines")
    assert page_width(phone_page) <= PHONE_VIEWPORT["width"]
