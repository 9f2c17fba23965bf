"""A shopper who reached the cart in English by a `?lang=en` link buys in English: the cart's links
and forms keep English, changing the cart answers in English, and "Place order" opens the English
checkout, which leads to the English order page."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from storefront.models import Order
from tests.page_links import not_in
from tests.storefront.checkout_pages import hidden_fields

pytestmark = pytest.mark.django_db
CART = reverse("storefront:cart")


def in_english(url: str) -> str:
    return f"{url}?lang=en"


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def _messages(response) -> list[str]:
    return [p.get_text(" ", strip=True) for p in _soup(response).select(".messages .message")]


@pytest.fixture
def english_cart(client, pack, shipping, add_to_cart):
    add_to_cart(pack, 2)
    return client.get(in_english(CART))


def test_every_link_and_form_of_the_english_cart_keeps_english(english_cart):
    assert english_cart.headers["Content-Language"] == "en"
    assert not_in("en", english_cart) == []


def test_the_vietnamese_cart_links_without_asking_for_a_language(client, pack, shipping, add_to_cart):
    add_to_cart(pack, 2)
    assert not_in("", client.get(CART)) == []


@pytest.mark.parametrize(
    ("form", "sent", "message"),
    [
        ("update", {"quantity": 3}, "The quantity of “Kẹo dừa sầu riêng – Hộp 400g” is now 3."),
        ("remove", {}, "“Kẹo dừa sầu riêng – Hộp 400g” removed from your cart."),
    ],
)
def test_changing_the_english_cart_answers_in_english(client, english_cart, pack, form, sent, message):
    action = reverse(f"storefront:cart_{form}")
    form = _soup(english_cart).find("form", action=lambda a: a and a.startswith(action))
    changed = client.post(form["action"], {"pack_size": pack.pk, **sent}, follow=True)
    assert changed.redirect_chain == [(in_english(CART), 302)]
    assert changed.headers["Content-Language"] == "en"
    assert _messages(changed) == [message]


def test_a_gift_set_changed_in_the_english_cart_answers_in_english(client, shipping, gift_box):
    client.post(reverse("storefront:combo_add"), {"combo": gift_box.pk, "quantity": 1})
    cart = client.get(in_english(CART))
    assert not_in("en", cart) == []
    form = _soup(cart).find("form", action=lambda a: a and a.startswith(reverse("storefront:combo_update")))
    changed = client.post(form["action"], {"combo": gift_box.pk, "quantity": 2}, follow=True)
    assert changed.redirect_chain == [(in_english(CART), 302)]
    assert _messages(changed) == ["The quantity of “Hộp quà kẹo dừa Bến Tre” is now 2."]


def test_place_order_in_the_english_cart_leads_to_the_english_checkout_and_order(
    client, english_cart, checkout_data
):
    place_order = _soup(english_cart).find("a", string="Place order")["href"]
    checkout = client.get(place_order)
    assert checkout.headers["Content-Language"] == "en"
    assert not_in("en", checkout) == []
    placed = client.post(place_order, {**hidden_fields(checkout), **checkout_data}, follow=True)
    order = Order.objects.get()
    assert placed.redirect_chain == [(in_english(order.get_absolute_url()), 302)]
    assert placed.headers["Content-Language"] == "en"
    assert not_in("en", placed) == []  # "Continue shopping", "Cancel order", the header's and footer's
