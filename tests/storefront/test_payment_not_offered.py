"""A way to pay that cannot collect an order is said so, never left to fail later: Stripe takes at most
eight digits of an amount (99.999.999 ₫ in VND, which has no minor unit), so the checkout does not offer
a card above that, and says why; a provider switched off since the order was placed (its settings
removed) leaves its pending orders a way out, not "try again in a few minutes"."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Site

from catalogue.money import format_vnd
from cms.models import SiteSettings
from storefront.models import Order, OrderState
from storefront.payments.stripe import StripeCard
from tests.storefront.checkout_pages import CHECKOUT, send_checkout

pytestmark = pytest.mark.django_db

STRIPES_LIMIT = 99_999_999  # Stripe: "The amount value supports up to eight digits"
CARD = "Thẻ quốc tế (Visa, Mastercard…) qua Stripe"


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text_of(element) -> str:
    """The element's text, its runs of spaces and line breaks one space (a price's no-break space kept)."""
    return re.sub(r"[ \t\n]+", " ", element.get_text(" ")).strip() if element is not None else ""


def card_choice(page):
    """The card's radio button and the hint beside it."""
    button = soup_of(page).select_one("input[name=payment_method][value=stripe]")
    return button, text_of(button.find_parent("label").select_one(".hint"))


def too_large_for_cards(total: int) -> str:
    return f"“{CARD}” chỉ nhận đơn đến 99.999.999\u00a0₫; đơn này là {format_vnd(total)}."


@pytest.fixture
def hotline(home):
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"hotline": "1900 1234", "email": ""}
    )


@pytest.fixture
def dear_pack(pack):
    """The pack at Stripe's limit exactly: one makes an order of 99.999.999 ₫ (free delivery)."""
    type(pack).objects.filter(pk=pack.pk).update(price=STRIPES_LIMIT)
    pack.refresh_from_db()
    return pack


# --- #13: Stripe's limit ----------------------------------------------------------------------------


def test_stripes_limit_is_eight_digits_of_dong():
    assert StripeCard.max_amount == STRIPES_LIMIT


def test_a_card_is_offered_up_to_stripes_limit(client, dear_pack, shipping, add_to_cart, stripe_http):
    add_to_cart(dear_pack, 1)
    button, hint = card_choice(client.get(CHECKOUT))
    assert not button.has_attr("disabled")
    assert "chỉ nhận đơn đến" not in hint


def test_above_stripes_limit_the_card_is_shown_disabled_saying_why(
    client, dear_pack, shipping, add_to_cart, stripe_http
):
    add_to_cart(dear_pack, 2)
    page = client.get(CHECKOUT)
    button, hint = card_choice(page)
    assert button.has_attr("disabled")
    assert hint == too_large_for_cards(2 * STRIPES_LIMIT)
    chosen = soup_of(page).select_one("input[name=payment_method][checked]")
    assert chosen["value"] == "cod"


def test_a_forged_card_choice_above_the_limit_is_refused_with_a_message_and_nothing_changes(
    client, dear_pack, shipping, add_to_cart, stripe_http, checkout_data
):
    add_to_cart(dear_pack, 2)
    page = send_checkout(client, {**checkout_data, "payment_method": "stripe"})
    assert page.status_code == 200
    errors = [li.get_text(strip=True) for li in soup_of(page).select(".payment-methods .errorlist li")]
    assert errors == [too_large_for_cards(2 * STRIPES_LIMIT) + " Vui lòng chọn cách thanh toán khác."]
    assert Order.objects.count() == 0
    dear_pack.refresh_from_db()
    assert dear_pack.stock == 12
    assert stripe_http.requests == []


def test_a_card_order_above_the_limit_placed_before_asks_stripe_nothing_and_offers_to_cancel(
    client, place, dear_pack, stripe_http
):
    order = place({dear_pack: 2}, "stripe")  # placed before the checkout knew the limit
    box = soup_of(client.get(order.get_absolute_url())).select_one(".payment-box")
    assert too_large_for_cards(order.total) in text_of(box)
    assert "Bạn có thể huỷ đơn này và đặt lại với cách thanh toán khác." in text_of(box)
    assert box.find("a", string="Huỷ đơn hàng")["href"] == reverse(
        "storefront:order_cancel", args=[order.token]
    )
    assert box.find("a", string="Thử thanh toán lại") is None
    assert stripe_http.requests == []


# --- #15: a provider switched off since the order -------------------------------------------------


def test_a_card_order_whose_gateway_was_switched_off_says_so_and_offers_to_cancel(
    client, place, pack, stripe_http, settings
):
    order = place({pack: 2}, "stripe")
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = settings.STRIPE_WEBHOOK_SECRET = ""
    box = soup_of(client.get(order.get_absolute_url())).select_one(".payment-box")
    said = text_of(box)
    assert f"Cửa hàng hiện không nhận thanh toán bằng “{CARD}”." in said
    assert "Bạn có thể huỷ đơn này và đặt lại với cách thanh toán khác." in said
    assert "thử lại sau ít phút" not in said
    assert box.find("a", string="Thử thanh toán lại") is None
    cancel = box.find("a", string="Huỷ đơn hàng")
    assert cancel["href"] == reverse("storefront:order_cancel", args=[order.token])
    assert stripe_http.requests == []
    # The way out works: the cancel confirmation, then the order cancelled and its stock back.
    client.post(cancel["href"], {"confirm": "1"})
    assert Order.objects.get(pk=order.pk).state == OrderState.CANCELLED


def test_a_transfer_order_whose_account_was_removed_says_so_and_to_call_if_money_was_sent(
    client, place, pack, vietqr_on, settings, hotline
):
    order = place({pack: 2}, "vietqr")
    settings.VIETQR_BANK_BIN = settings.VIETQR_ACCOUNT = settings.VIETQR_ACCOUNT_NAME = ""
    box = soup_of(client.get(order.get_absolute_url())).select_one(".payment-box")
    said = text_of(box)
    assert "Cửa hàng hiện không nhận thanh toán bằng “Chuyển khoản ngân hàng (VietQR)”." in said
    assert "Nếu bạn đã chuyển khoản cho đơn này, đừng huỷ đơn: hãy liên hệ cửa hàng để được kiểm tra." in said
    assert "1900 1234" in said
    assert box.find("a", string="Huỷ đơn hàng") is not None
    assert "Thông tin tài khoản nhận chuyển khoản chưa đúng" not in said
