"""Stripe does not promise to deliver events in order, and a card form left open may still charge an
order the buyer cancelled. A refund that arrives before its payment's success still ends the order
refunded; money taken for a cancelled order is told to the buyer as money coming back, and shown to
staff as a refund owed until it is made; a PaymentIntent Stripe could not be asked to cancel is
cancelled by a retry in the background."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Site

from cms.models import SiteSettings
from storefront import orders
from storefront.models import Order, OrderState

from .conftest import stripe_event

pytestmark = pytest.mark.django_db
S = OrderState

HOTLINE = "Cần hỗ trợ, vui lòng gọi đường dây nóng 1900 1234."


@pytest.fixture
def hotline(home):
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"hotline": "1900 1234", "email": ""}
    )


@pytest.fixture
def staff_client(client, home):
    client.force_login(get_user_model().objects.create_superuser("staff", "staff@example.vn", "pw-staff-123"))
    return client


def refund(order, amount, event_id=None):
    """Stripe's charge.refunded: `amount_refunded` is the total refunded so far; the Charge carries
    no order code, only its PaymentIntent."""
    charge = {
        "id": "ch_1",
        "object": "charge",
        "payment_intent": order.provider_reference,
        "amount_refunded": amount,
        "currency": "vnd",
        "metadata": {},
    }
    return stripe_event("charge.refunded", obj=charge, event_id=event_id)


def text_of(response, selector):
    found = BeautifulSoup(response.content, "html.parser").select_one(selector)
    return found.get_text(" ", strip=True) if found else None


def stock_of(pack):
    pack.refresh_from_db()
    return pack.stock


# --- A refund before its success --------------------------------------------------------------------


def test_a_success_arriving_after_its_full_refund_leaves_the_order_refunded_not_paid(
    client, stripe_order, post_webhook, pack, django_capture_on_commit_callbacks
):
    assert post_webhook(refund(stripe_order, 120_000)).status_code == 200
    assert Order.objects.get(pk=stripe_order.pk).state == S.PENDING_PAYMENT
    with django_capture_on_commit_callbacks(execute=True):
        success = stripe_event("payment_intent.succeeded", order=stripe_order, event_id="evt_late_success")
        assert post_webhook(success).status_code == 200
    order = Order.objects.get(pk=stripe_order.pk)
    assert order.state == S.REFUNDED and order.paid_at is not None
    assert stock_of(pack) == 12  # never shipped: back on the shelf
    assert text_of(client.get(order.get_absolute_url()), ".next-step") == (
        "Đơn hàng đã được hoàn tiền: 120.000\u00a0₫."
    )
    # The same success delivered again changes nothing.
    assert post_webhook(success).status_code == 200
    assert Order.objects.get(pk=stripe_order.pk).state == S.REFUNDED
    assert stock_of(pack) == 12


def test_a_success_after_a_partial_refund_ends_as_a_refund_after_payment_does(
    client, stripe_order, post_webhook, place, pack
):
    paid_first = place({pack: 2}, "stripe")
    client.get(paid_first.get_absolute_url())
    paid_first.refresh_from_db()
    # After payment, a partial refund moves the order to refunded (the shop's one refund state).
    post_webhook(stripe_event("payment_intent.succeeded", order=paid_first))
    post_webhook(refund(paid_first, 20_000))
    assert Order.objects.get(pk=paid_first.pk).state == S.REFUNDED
    # Before payment, the same partial refund ends the same way once the success comes.
    post_webhook(refund(stripe_order, 20_000))
    post_webhook(stripe_event("payment_intent.succeeded", order=stripe_order))
    assert Order.objects.get(pk=stripe_order.pk).state == S.REFUNDED


def test_a_refund_of_another_payment_intent_does_not_touch_the_order(stripe_order, post_webhook):
    other = refund(stripe_order, 120_000).replace(
        stripe_order.provider_reference.encode(), b"pi_someone_else"
    )
    post_webhook(other)
    post_webhook(stripe_event("payment_intent.succeeded", order=stripe_order))
    assert Order.objects.get(pk=stripe_order.pk).state == S.PAID


# --- Paid after the order was cancelled -------------------------------------------------------------


def test_a_payment_after_the_cancel_tells_the_buyer_it_will_be_refunded_and_whom_to_call(
    client, stripe_order, post_webhook, hotline, pack
):
    orders.buyer_cancel(stripe_order)
    assert post_webhook(stripe_event("payment_intent.succeeded", order=stripe_order)).status_code == 200
    order = Order.objects.get(pk=stripe_order.pk)
    assert order.state == S.CANCELLED
    page = client.get(order.get_absolute_url())
    assert text_of(page, ".refund-note") == (
        "Cửa hàng nhận được khoản thanh toán 120.000\u00a0₫ của bạn sau khi đơn đã được huỷ. "
        f"Số tiền này sẽ được hoàn lại cho bạn. {HOTLINE}"
    )
    assert "Bạn không phải trả tiền cho đơn này" not in page.content.decode()
    assert stock_of(pack) == 12  # the cancel gave the goods back; the payment does not take them again


def test_staff_see_a_cancelled_order_holding_money_flagged_and_can_filter_for_it(
    staff_client, stripe_order, post_webhook, place, pack
):
    orders.cancel(stripe_order)
    post_webhook(stripe_event("payment_intent.succeeded", order=stripe_order))
    unpaid_cancel = place({pack: 1}, "cod")
    orders.cancel(unpaid_cancel)
    index = reverse("storefront_order:index")

    rows = BeautifulSoup(staff_client.get(index).content, "html.parser").select("tbody tr")
    flagged = [row for row in rows if "Cần hoàn tiền" in row.get_text()]
    assert [stripe_order.code in row.get_text() for row in flagged] == [True]

    page = staff_client.get(index, {"refund_owed": "true"}).content.decode()
    assert stripe_order.code in page and unpaid_cancel.code not in page


def test_the_refund_made_in_stripe_clears_the_flag_and_tells_the_buyer_it_is_refunded(
    client, stripe_order, post_webhook, hotline
):
    orders.cancel(stripe_order)
    post_webhook(stripe_event("payment_intent.succeeded", order=stripe_order))
    assert post_webhook(refund(stripe_order, 120_000)).status_code == 200
    order = Order.objects.get(pk=stripe_order.pk)
    assert order.state == S.REFUNDED
    assert not Order.objects.filter(orders.REFUND_OWED).exists()
    assert text_of(client.get(order.get_absolute_url()), ".next-step") == (
        "Đơn hàng đã được hoàn tiền: 120.000\u00a0₫."
    )


def test_staff_record_a_refund_made_by_hand_with_the_refunded_button(
    staff_client, stripe_order, post_webhook
):
    orders.cancel(stripe_order)
    post_webhook(stripe_event("payment_intent.succeeded", order=stripe_order))
    inspect = BeautifulSoup(
        staff_client.get(reverse("storefront_order:inspect", args=[stripe_order.pk])).content, "html.parser"
    )
    assert [b.get_text(strip=True) for b in inspect.select("form[action*='/move/'] button")] == [
        "Đã hoàn tiền"
    ]
    staff_client.post(reverse("storefront_order:move", args=[stripe_order.pk, "refunded"]))
    assert Order.objects.get(pk=stripe_order.pk).state == S.REFUNDED


def test_an_unpaid_cancelled_order_still_goes_nowhere(place, pack):
    order = place({pack: 1}, "cod")
    orders.cancel(order)
    assert orders.staff_actions(Order.objects.get(pk=order.pk)) == []
    with pytest.raises(orders.TransitionError):
        orders.move(order, S.REFUNDED)


# --- Cancelling while Stripe does not answer --------------------------------------------------------


def test_a_payment_intent_stripe_could_not_cancel_is_cancelled_by_a_retry_in_the_background(
    client, stripe_order, stripe_http, django_capture_on_commit_callbacks
):
    stripe_http.unreachable = 1  # the cancel's own try fails; the background retry gets through
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("storefront:order_cancel", args=[stripe_order.token]), {"confirm": "1"})
    assert Order.objects.get(pk=stripe_order.pk).state == S.CANCELLED
    cancels = [r for r in stripe_http.requests if r["url"].endswith("/cancel")]
    assert len(cancels) == 2
    assert stripe_http.intents[stripe_order.provider_reference]["status"] == "canceled"


def test_a_payment_intent_that_cannot_be_cancelled_any_more_is_not_retried(
    stripe_order, stripe_http, django_capture_on_commit_callbacks
):
    stripe_http.intents[stripe_order.provider_reference]["status"] = "succeeded"
    refuse = stripe_http.request

    def already_succeeded(method, url, headers, post_data=None, **kwargs):
        if url.endswith("/cancel"):
            stripe_http.requests.append({"method": method, "url": url})
            body = '{"error": {"type": "invalid_request_error", "message": "already succeeded"}}'
            return body, 400, {}
        return refuse(method, url, headers, post_data, **kwargs)

    stripe_http.request = already_succeeded
    with django_capture_on_commit_callbacks(execute=True):
        orders.cancel(stripe_order)
    assert len([r for r in stripe_http.requests if r["url"].endswith("/cancel")]) == 1
    assert Order.objects.get(pk=stripe_order.pk).state == S.CANCELLED
