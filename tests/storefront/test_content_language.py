"""The names of what is bought are Vietnamese content: in an English cart, checkout and order page they
are marked lang="vi" for a screen reader, the quantities and prices around them are not; a Vietnamese
page marks nothing."""

import pytest
from django.urls import reverse

from tests.content_language import language_of, languages_marked_in_body, soup_of
from tests.storefront.checkout_pages import CHECKOUT

pytestmark = pytest.mark.django_db
CART = reverse("storefront:cart")


@pytest.fixture
def in_the_cart(client, pack, shipping, gift_box, add_to_cart):
    add_to_cart(pack, 2)
    client.post(reverse("storefront:combo_add"), {"combo": gift_box.pk, "quantity": 1})


def test_the_english_cart_marks_what_is_in_it_vietnamese(client, in_the_cart, pack, gift_box):
    soup = soup_of(client.get(CART + "?lang=en"))
    product, combo = soup.find("a", string=pack.product.title), soup.find("a", string=gift_box.title)
    assert (language_of(product), language_of(combo)) == ("vi", "vi")
    assert {language_of(item) for item in soup.select(".combo-contents li span")} == {"vi"}
    assert {language_of(price) for price in soup.select(".cart-line .price")} == {"en"}
    update = soup.select_one(".cart-line-actions button .visually-hidden span")  # "Update Kẹo dừa…"
    assert (update.get_text(), language_of(update)) == (pack.full_label, "vi")


def test_the_english_checkout_and_order_mark_the_lines_vietnamese(client, in_the_cart, pack, place):
    checkout = soup_of(client.get(CHECKOUT + "?lang=en"))
    assert {language_of(line.find("span", string=True)) for line in checkout.select(".line-name")} == {"vi"}
    order = place({pack: 1})
    page = soup_of(client.get(order.get_absolute_url() + "?lang=en"))
    name = page.select_one(".summary-line .line-name")
    assert language_of(name.find("span")) == "vi"
    assert language_of(name) == "en"  # "1 × " is the interface's


def test_the_vietnamese_cart_and_checkout_mark_nothing(client, in_the_cart):
    assert languages_marked_in_body(soup_of(client.get(CART))) == []
    assert languages_marked_in_body(soup_of(client.get(CHECKOUT))) == []
