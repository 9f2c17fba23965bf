"""The order placed is the one the buyer confirmed, once: what the checkout page showed is what is
ordered, a second submission of the page leads to its order, and a lost race for stock keeps what the
buyer typed."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from storefront import checkout as checkout_module
from storefront.models import Order

pytestmark = pytest.mark.django_db

CHECKOUT = reverse("storefront:checkout")


def texts(response, selector=".messages .message"):
    soup = BeautifulSoup(response.content, "html.parser")
    return [element.get_text(" ", strip=True) for element in soup.select(selector)]


def typed_values(response) -> dict:
    """What the form shows in each field, as the buyer would see it."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("form.checkout-form")
    values = {
        field["name"]: field.get("value", "") for field in form.select("input[type=text], input[type=email]")
    }
    values["note"] = form.select_one("textarea[name=note]").get_text().lstrip("\n")  # as a browser reads it
    for select in form.select("select"):
        chosen = select.select_one("option[selected]")
        values[select["name"]] = chosen["value"] if chosen else ""
    values["payment_method"] = form.select_one("input[name=payment_method][checked]")["value"]
    return values


def as_shown(checkout_data) -> dict:
    return {key: str(value) for key, value in checkout_data.items()}


@pytest.fixture
def filled_cart(client, pack, shipping, add_to_cart):
    add_to_cart(pack, 2)
    return pack


# --- A lost race for stock --------------------------------------------------------------------------


def test_losing_the_last_units_to_another_buyer_shows_the_form_again_as_typed(
    client, filled_cart, checkout_data, submit_checkout, monkeypatch
):
    place_for_real = checkout_module.place_order

    def another_buyer_first(**kwargs):
        # Between the form's checks and the order: another buyer takes all but one.
        type(filled_cart).objects.filter(pk=filled_cart.pk).update(stock=1)
        return place_for_real(**kwargs)

    monkeypatch.setattr("storefront.views.place_order", another_buyer_first)
    page = submit_checkout(client, checkout_data)

    assert page.redirect_chain == []  # the page itself, not an empty checkout after a redirect
    assert texts(page) == [
        "“Kẹo dừa sầu riêng – Hộp 400g” không còn đủ 2 sản phẩm. Giỏ hàng đã được cập nhật.",
        "“Kẹo dừa sầu riêng – Hộp 400g” chỉ còn 1 sản phẩm; số lượng trong giỏ đã giảm còn 1.",
    ]
    assert typed_values(page) == as_shown(checkout_data)
    assert texts(page, ".summary-lines li") == ["1 × Kẹo dừa sầu riêng – Hộp 400g 45.000\u00a0₫"]
    assert texts(page, ".grand-total") == ["75.000\u00a0₫"]
    assert Order.objects.count() == 0
    filled_cart.refresh_from_db()
    assert filled_cart.stock == 1

    monkeypatch.setattr("storefront.views.place_order", place_for_real)
    again = submit_checkout(client, checkout_data)
    order = Order.objects.get()
    assert again.redirect_chain == [(order.get_absolute_url(), 302)]
    assert order.lines.get().quantity == 1


def test_losing_every_unit_leads_back_to_the_cart_saying_why(
    client, filled_cart, checkout_data, submit_checkout, monkeypatch
):
    place_for_real = checkout_module.place_order

    def another_buyer_takes_all(**kwargs):
        type(filled_cart).objects.filter(pk=filled_cart.pk).update(stock=0)
        return place_for_real(**kwargs)

    monkeypatch.setattr("storefront.views.place_order", another_buyer_takes_all)
    page = submit_checkout(client, checkout_data)
    assert page.redirect_chain == [(reverse("storefront:cart"), 302)]
    assert texts(page) == [
        "“Kẹo dừa sầu riêng – Hộp 400g” không còn đủ 2 sản phẩm. Giỏ hàng đã được cập nhật.",
        "“Kẹo dừa sầu riêng – Hộp 400g” đã hết hàng và được bỏ khỏi giỏ.",
    ]
    assert Order.objects.count() == 0
