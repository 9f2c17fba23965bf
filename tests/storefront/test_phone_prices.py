"""On a 390 px phone, the order page and the checkout summary keep every price on one line beside its
name, and a gift combo's contents stack under the combo's name (never a squeezed third column)."""

import re

import pytest

from catalogue.factories import PackSizeFactory, ProductPageFactory
from storefront.checkout import place_order
from storefront.payments import get_provider
from tests.combos import make_combo
from tests.conftest import IN_A_BROWSER

pytestmark = IN_A_BROWSER

# How many line boxes the text of each price takes: 1 when it does not wrap.
PRICE_LINES = """prices => prices.map(price => {
    const range = document.createRange();
    range.selectNodeContents(price);
    const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
    return [price.textContent.trim(), tops.size];
})"""


@pytest.fixture
def long_names(producer, combo_index, tea_pack):
    """A pack with a long name and a 380.000 ₫ combo of it with a long title."""
    product = ProductPageFactory(
        parent=producer, title="Long nhãn sấy khô Lục Sơn loại đặc biệt", slug="long-nhan", image=None
    )
    pack = PackSizeFactory(product=product, label="Túi 500g", price=35_000, stock=20)
    combo = make_combo(
        combo_index, {pack: 2, tea_pack: 1}, price=380_000, title="Quà Lục Nam: long nhãn và trà hoa vàng"
    )
    return pack, combo


def one_line_each(page):
    return page.locator(".summary-lines .price").evaluate_all(PRICE_LINES)


def assert_stacked_under(page, combo_line):
    name = combo_line.locator(".line-name").bounding_box()
    for component in combo_line.locator(".combo-contents li").all():
        box = component.bounding_box()
        assert box["y"] >= name["y"] + name["height"] - 1  # below the name, not beside it
        assert box["x"] < name["x"] + name["width"] / 2


def test_the_order_page_keeps_a_combos_price_on_one_line_and_its_contents_under_it(
    live_server, phone_page, long_names, shipping, details
):
    pack, combo = long_names
    order = place_order(
        quantities={pack.pk: 1},
        seen_prices={pack.pk: pack.price},
        combos={combo.pk: 1},
        combo_prices={combo.pk: combo.price},
        details=details,
        provider=get_provider("cod"),
        shipping=shipping,
    )
    phone_page.goto(live_server.url + order.get_absolute_url())
    assert one_line_each(phone_page) == [["35.000\u00a0₫", 1], ["380.000\u00a0₫", 1]]
    assert_stacked_under(phone_page, phone_page.locator("li.order-combo"))
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_checkout_summary_keeps_prices_on_one_line_beside_long_names(
    live_server, phone_page, long_names, product, shipping
):
    pack, combo = long_names
    for page_url in (combo.url, pack.product.url):
        phone_page.goto(live_server.url + page_url)
        phone_page.click("form.add-to-cart button[type=submit]")
        phone_page.wait_for_selector(".messages .message")
    phone_page.goto(live_server.url + "/thanh-toan/")
    phone_page.wait_for_url(re.compile(r"/thanh-toan/$"))
    assert sorted(one_line_each(phone_page)) == [["35.000\u00a0₫", 1], ["380.000\u00a0₫", 1]]
