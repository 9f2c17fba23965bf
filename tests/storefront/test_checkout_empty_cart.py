"""A cart found empty when the buyer presses "Đặt hàng" (the last item sold out meanwhile, the session
expired): the checkout form comes back as typed, saying why nothing was ordered, with a way back to
the shop; never a redirect to the empty cart that throws away the name, phone and address."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from places.choices import choice_label
from storefront.models import Order
from tests.storefront.checkout_pages import CHECKOUT, hidden_fields

pytestmark = pytest.mark.django_db

CART_EMPTY = "Giỏ hàng đang trống nên chưa đặt được hàng. Thông tin bạn đã nhập vẫn còn bên dưới."


@pytest.fixture
def filled_cart(client, pack, shipping, add_to_cart):
    add_to_cart(pack, 2)
    return pack


def messages_on(soup):
    return [p.get_text(" ", strip=True) for p in soup.select(".messages .message")]


def assert_the_form_kept_what_was_typed(soup, checkout_data, commune):
    form = soup.select_one("form.checkout-form")
    for name in ("full_name", "phone", "street"):
        assert form.select_one(f"input[name={name}]")["value"] == checkout_data[name]
    assert form.select_one("textarea[name=note]").get_text(strip=True) == checkout_data["note"]
    assert form.select_one("select[name=province] option[selected]")["value"] == str(
        checkout_data["province"]
    )
    chosen_commune = form.select_one("select[name=commune] option[selected]").get_text(strip=True)
    assert chosen_commune == choice_label(commune.name)  # "Bến Nghé (phường)", as the list shows it


def test_the_last_item_sold_out_before_submitting_keeps_the_form_as_typed(
    client, filled_cart, checkout_data, commune, home
):
    shown = client.get(CHECKOUT)
    type(filled_cart).objects.filter(pk=filled_cart.pk).update(stock=0)  # another buyer took them all

    page = client.post(CHECKOUT, {**hidden_fields(shown), **checkout_data})

    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert messages_on(soup) == [
        "“Kẹo dừa sầu riêng – Hộp 400g” đã hết hàng và được bỏ khỏi giỏ.",
        CART_EMPTY,
    ]
    assert_the_form_kept_what_was_typed(soup, checkout_data, commune)
    assert soup.select_one(f".order-summary a[href='{home.url}']").get_text(strip=True) == "Tiếp tục mua sắm"
    assert not soup.select("form.checkout-form button[type=submit]:not([name])")  # nothing to order
    assert Order.objects.count() == 0


def test_a_session_that_expired_before_submitting_keeps_the_form_as_typed(
    client, filled_cart, checkout_data, commune
):
    shown = client.get(CHECKOUT)
    client.cookies.pop(settings.SESSION_COOKIE_NAME)

    page = client.post(CHECKOUT, {**hidden_fields(shown), **checkout_data})

    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert messages_on(soup) == [CART_EMPTY]
    assert_the_form_kept_what_was_typed(soup, checkout_data, commune)
    assert Order.objects.count() == 0


def test_opening_the_checkout_with_an_empty_cart_still_shows_the_cart(client, home):
    page = client.get(CHECKOUT)
    assert page.status_code == 302 and page["Location"] == "/gio-hang/"
