"""A buyer who shops in English by its `?lang=en` link (or `/en/…`) stays in English on the order page:
after placing the order, after finding it by its code, after cancelling it, and from the emails' links."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from storefront import emails, orders
from storefront.models import Order, OrderState
from tests.storefront.checkout_pages import CHECKOUT, hidden_fields

pytestmark = pytest.mark.django_db
LOOKUP = reverse("storefront:order_lookup")


def in_english(url: str) -> str:
    return f"{url}?lang=en"


def shown(response) -> tuple[str, list[str]]:
    """The page's language and its messages."""
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.html["lang"], [p.get_text(" ", strip=True) for p in soup.select(".messages .message")]


@pytest.fixture
def order(place, pack, details):
    details["email"] = "nam@example.vn"
    return place({pack: 2})


def test_an_order_placed_from_the_english_checkout_opens_in_english(
    client, pack, shipping, add_to_cart, checkout_data
):
    add_to_cart(pack, 2)
    page = client.get(in_english(CHECKOUT))
    placed = client.post(in_english(CHECKOUT), {**hidden_fields(page), **checkout_data}, follow=True)
    order = Order.objects.get()
    assert placed.redirect_chain == [(in_english(order.get_absolute_url()), 302)]
    assert shown(placed) == ("en", [f"Order placed. Your order number is {order.code}."])


def test_the_same_english_checkout_sent_again_opens_the_order_in_english(
    client, pack, shipping, add_to_cart, checkout_data
):
    add_to_cart(pack, 2)
    page = client.get(in_english(CHECKOUT))
    form = {**hidden_fields(page), **checkout_data}
    client.post(in_english(CHECKOUT), form)
    again = client.post(in_english(CHECKOUT), form)  # a second tap
    assert again["Location"] == in_english(Order.objects.get().get_absolute_url())


def test_the_english_order_lookup_opens_the_order_in_english(client, order):
    found = client.post(in_english(LOOKUP), {"code": order.code, "phone": "0912 345 678"}, follow=True)
    assert found.redirect_chain == [(in_english(order.get_absolute_url()), 302)]
    assert shown(found)[0] == "en"


def test_cancelling_from_the_english_order_page_stays_in_english(client, order):
    order_page = BeautifulSoup(client.get(in_english(order.get_absolute_url())).content, "html.parser")
    cancel_url = order_page.find("a", string="Cancel order")["href"]
    assert cancel_url == in_english(reverse("storefront:order_cancel", args=[order.token]))

    confirmation = BeautifulSoup(client.get(cancel_url).content, "html.parser")
    assert confirmation.find("a", string="No, keep the order")["href"] == in_english(order.get_absolute_url())
    form = confirmation.select_one("form.confirm-actions")
    cancelled = client.post(form["action"], {"confirm": "1"}, follow=True)
    assert cancelled.redirect_chain == [(in_english(order.get_absolute_url()), 302)]
    assert shown(cancelled) == ("en", [f"Order {order.code} has been cancelled."])


def test_the_emails_of_an_english_order_link_to_the_english_order_page(
    order, django_capture_on_commit_callbacks
):
    Order.objects.filter(pk=order.pk).update(language="en")
    order.refresh_from_db()
    mail.outbox.clear()
    emails.send_confirmation(order.pk)
    with django_capture_on_commit_callbacks(execute=True):
        orders.move(order, OrderState.CANCELLED)
    english_page = "http://127.0.0.1:8000" + in_english(order.get_absolute_url())
    assert [english_page in message.body for message in mail.outbox] == [True, True]


def test_the_emails_of_a_vietnamese_order_link_to_the_plain_order_page(
    order, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    emails.send_confirmation(order.pk)
    with django_capture_on_commit_callbacks(execute=True):
        orders.move(order, OrderState.CANCELLED)
    plain_page = f"http://127.0.0.1:8000{order.get_absolute_url()}\n"
    assert [plain_page in message.body for message in mail.outbox] == [True, True]
