"""The names of what is bought are Vietnamese content: in an English cart, checkout and order page they
are marked lang="vi" for a screen reader, the quantities and prices around them are not; a Vietnamese
page marks nothing."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from storefront.orders import shop_cancel
from tests.content_language import language_of, languages_marked_in_body, soup_of, vietnamese_read_as
from tests.storefront.checkout_pages import CHECKOUT

pytestmark = pytest.mark.django_db
CART = reverse("storefront:cart")
ADD = reverse("storefront:cart_add")


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


def test_no_vietnamese_of_the_english_cart_checkout_and_order_is_read_with_an_english_voice(
    client, in_the_cart, pack, place, province
):
    client.get(CART)  # shows the Vietnamese messages of the fixture's adds
    order = place({pack: 1})
    shop_cancel(order, "Hết hàng gừng, xin lỗi quý khách")
    pages = {
        "cart": client.get(CART + "?lang=en"),
        "checkout": client.get(CHECKOUT + "?lang=en"),
        "checkout with communes": _choosing(client, province, "?lang=en"),
        "order": client.get(order.get_absolute_url() + "?lang=en"),
    }
    assert {name: vietnamese_read_as("en", soup_of(page)) for name, page in pages.items()} == {
        name: [] for name in pages
    }


def _choosing(client, province, query=""):
    """The checkout once a province is chosen (without script: its button lists the communes)."""
    return client.post(CHECKOUT + query, {"province": province.pk, "choose_province": "1"})


def test_the_english_order_page_marks_the_delivery_and_the_shops_reason_vietnamese(client, pack, place):
    order = place({pack: 1})
    shop_cancel(order, "Hết hàng gừng, xin lỗi quý khách")
    soup = soup_of(client.get(order.get_absolute_url() + "?lang=en"))
    address = soup.find("dt", string="Address").find_next_sibling("dd")
    assert (address.get_text(), language_of(address)) == (order.address_display, "vi")
    reason = soup.select_one(".cancel-reason")
    assert (language_of(reason), language_of(reason.span)) == ("en", "vi")  # "The shop's reason…: "
    assert reason.span.get_text() == "Hết hàng gừng, xin lỗi quý khách"


def test_the_english_checkout_lists_provinces_and_communes_in_vietnamese(client, in_the_cart, province):
    soup = soup_of(_choosing(client, province, "?lang=en"))
    for name in ("province", "commune"):
        select = soup.select_one(f"select[name={name}]")
        assert select["lang"] == "vi"  # also the communes places/communes.js lists when the province changes
        choose = select.option  # "— Choose a province/city —"
        assert (choose["value"], language_of(choose)) == ("", "en")
        assert len(select.select("option")) > 2
        assert {language_of(option) for option in select.select("option[value!='']")} == {"vi"}


def test_the_vietnamese_checkout_lists_places_without_marks(client, in_the_cart, province):
    soup = soup_of(_choosing(client, province))
    places = soup.select("select[name=province], select[name=commune]")
    assert [select.get("lang") for select in places] == [None, None]
    assert len(places[1].select("option")) > 2
    assert languages_marked_in_body(soup) == []


def _added(html) -> tuple[str, str]:
    """The add-to-cart message's text, and the language its product name is read in."""
    message = BeautifulSoup(html, "html.parser").select_one("p.message")
    return " ".join(message.get_text().split()), language_of(
        message.find(string=lambda text: "Kẹo" in text).parent
    )


def test_the_add_to_cart_message_of_an_english_page_marks_the_product_name_vietnamese(client, pack, product):
    data = {"pack_size": pack.pk, "quantity": 1, "next": product.url + "?lang=en"}
    page = client.post(ADD + "?lang=en", data, follow=True)  # without script: back to the page
    assert _added(page.content.decode()) == (
        "Added 1 × “Kẹo dừa sầu riêng – Hộp 400g” to your cart. View cart →",
        "vi",
    )
    answer = client.post(ADD + "?lang=en", data, headers={"Accept": "application/json"})  # the page's script
    assert _added(answer.json()["html"]) == (
        "Added 1 × “Kẹo dừa sầu riêng – Hộp 400g” to your cart. View cart →",
        "vi",
    )
    assert answer.json()["message"] == "Added 1 × “Kẹo dừa sầu riêng – Hộp 400g” to your cart."


def test_the_add_to_cart_message_of_a_vietnamese_page_marks_nothing(client, pack, product):
    answer = client.post(ADD, {"pack_size": pack.pk, "quantity": 1}, headers={"Accept": "application/json"})
    assert "lang=" not in answer.json()["html"]
    assert _added(answer.json()["html"])[0].startswith("Đã thêm 1 × “Kẹo dừa sầu riêng – Hộp 400g”")
