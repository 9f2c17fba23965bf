"""The controls a shopper taps on a 390×844 phone are thumb-sized (at least 44 px high), as the product
page's pack sizes, lots and breadcrumb already are: the header's cart, the search page's filter chips,
"Bỏ tất cả" and facet options, the checkout's order summary, the cart's buttons and the footer's
language form."""

import re

import pytest

from search import indexing
from tests.conftest import IN_A_BROWSER

pytestmark = IN_A_BROWSER

THUMB = 44  # px: the smallest tap target a thumb hits reliably


@pytest.fixture
def phone(phone_page):
    return phone_page


def too_small(phone, selectors) -> list[str]:
    """Each control of `selectors` on the page as it is now that is less than a thumb high."""
    small = []
    for selector in selectors:
        found = phone.locator(selector)
        assert found.count() > 0, selector
        for control in found.all():
            height = control.bounding_box()["height"]
            if height < THUMB:
                small.append(f"{selector} {control.inner_text().strip()!r}: {height:.0f} px")
    return small


def fits_the_phone(phone) -> bool:
    return phone.evaluate("document.documentElement.scrollWidth") <= phone.viewport_size["width"]


def test_the_search_pages_filters_and_the_header_and_footer_controls_are_thumb_sized(
    live_server, phone, product
):
    indexing.rebuild()
    phone.goto(live_server.url + "/search/?q=&stars=5")
    phone.click("details.facets summary")  # collapsed on a phone
    small = too_small(
        phone,
        [
            ".site-header .cart-link",
            ".active-filters a.chip",
            ".active-filters a:not(.chip)",  # "Bỏ tất cả"
            ".facet-option",
            ".language-form select",
            ".language-form button",
        ],
    )
    assert not small, "\n".join(small)
    assert fits_the_phone(phone)


def test_the_carts_buttons_and_the_checkouts_order_summary_are_thumb_sized(
    live_server, phone, product, shipping
):
    phone.goto(live_server.url + product.url)
    phone.click("form.add-to-cart button[type=submit]")
    phone.wait_for_selector(".messages .message")
    phone.goto(live_server.url + "/gio-hang/")
    small = too_small(phone, [".cart-line .inline-form input[type=number]", ".cart-line .inline-form button"])
    assert not small, "\n".join(small)
    assert fits_the_phone(phone)
    phone.goto(live_server.url + "/thanh-toan/")
    phone.wait_for_url(re.compile(r"/thanh-toan/$"))
    small = too_small(phone, [".order-summary summary"])
    assert not small, "\n".join(small)
    assert fits_the_phone(phone)
