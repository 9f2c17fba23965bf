"""Online payments: VietQR on the order page; Stripe stubbed at its HTTP client, webhooks signed and
verified with the real stripe library."""

import base64
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from PIL import Image

from catalogue.vietnam_time import VIETNAM
from storefront.emails import send_confirmation
from storefront.models import Order, OrderState, PaymentEvent
from storefront.payments import enabled_providers
from storefront.payments.stripe import idempotency_key
from storefront.payments.vietqr import parse

from .conftest import stripe_event, stripe_signature

pytestmark = pytest.mark.django_db
S = OrderState
TUESDAY_EVENING = datetime.datetime(2026, 12, 1, 20, 55, tzinfo=VIETNAM)


def texts(response, selector):
    """The text of each element `selector` finds, as a reader without JavaScript sees it (the copy
    buttons beside the values are hidden until a script finds the clipboard usable)."""
    page = BeautifulSoup(response.content, "html.parser")
    for hidden in page.select("[hidden]"):
        hidden.decompose()
    return [p.get_text(" ", strip=True) for p in page.select(selector)]


def test_only_cash_on_delivery_is_offered_without_payment_settings(db):
    assert [p.identifier for p in enabled_providers()] == ["cod"]


def test_every_provider_is_offered_when_configured(db, vietqr_on, stripe_http):
    assert [p.identifier for p in enabled_providers()] == ["cod", "vietqr", "stripe"]


# --- VietQR ----------------------------------------------------------------------------------------


def test_the_vietqr_order_page_shows_the_qr_and_the_account_in_text(client, place, pack, vietqr_on):
    order = place({pack: 2}, "vietqr")
    page = client.get(order.get_absolute_url())
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select_one(".vietqr-code svg") is not None
    facts = dict(zip(texts(page, ".vietqr dt"), texts(page, ".vietqr dd"), strict=True))
    assert facts == {
        "Ngân hàng": "Vietcombank (970436)",
        "Số tài khoản": "0071000123456",
        "Chủ tài khoản": "HTX DUA XANH",
        "Số tiền": "120.000\u00a0₫",
        "Nội dung chuyển khoản": order.code,
    }


def test_the_vietqr_order_page_gives_the_time_an_unpaid_order_is_cancelled(client, place, pack, vietqr_on):
    with freeze_time(TUESDAY_EVENING):
        order = place({pack: 2}, "vietqr")
    deadline = (
        "23:59 02/12/2026"  # the end of the next working day (tests/storefront/test_transfer_deadline.py)
    )
    page = client.get(order.get_absolute_url())
    hints = " ".join(texts(page, ".vietqr .hint"))
    assert f"Đơn chưa thanh toán trước {deadline} sẽ tự huỷ." in hints
    assert "24 giờ" not in hints
    english = " ".join(texts(client.get(order.get_absolute_url(), {"lang": "en"}), ".vietqr .hint"))
    # In English the time is followed by its zone (tests/storefront/test_vietnam_time.py).
    assert f"An order not paid by {deadline} (" in english and "UTC+7) is cancelled automatically." in english


def test_the_vietqr_code_is_announced_as_a_picture_named_by_its_title(client, place, pack, vietqr_on):
    order = place({pack: 2}, "vietqr")
    page = BeautifulSoup(client.get(order.get_absolute_url()).content, "html.parser")
    svg = page.select_one(".vietqr-code svg")
    assert svg["role"] == "img"
    assert svg.find("title").get_text() == "Mã VietQR của đơn hàng"


def test_the_vietqr_confirmation_email_holds_what_to_transfer_and_by_when(
    place, pack, vietqr_on, mailoutbox, details
):
    # A buyer who closed the order page pays from the email alone.
    details["email"] = "nam@example.com"
    with freeze_time(TUESDAY_EVENING):
        order = place({pack: 2}, "vietqr")
    assert send_confirmation(order.pk)
    body = mailoutbox[-1].body
    deadline = "23:59 02/12/2026"
    for line in (
        "Ngân hàng: Vietcombank (970436)",
        "Số tài khoản: 0071000123456",
        "Chủ tài khoản: HTX DUA XANH",
        "Số tiền: 120.000\u00a0₫",
        f"Nội dung chuyển khoản: {order.code}",
        f"Đơn chưa thanh toán trước {deadline} sẽ tự huỷ.",
    ):
        assert line in body.splitlines(), line
    cod = place({pack: 1}, "cod")
    assert send_confirmation(cod.pk)
    assert "Số tài khoản" not in mailoutbox[-1].body


def test_the_vietqr_picture_a_phone_saves_decodes_to_the_orders_amount_and_code(
    client, place, pack, vietqr_on
):
    zxingcpp = pytest.importorskip("zxingcpp")
    order = place({pack: 2}, "vietqr")
    page = BeautifulSoup(client.get(order.get_absolute_url()).content, "html.parser")
    save = page.select_one(".vietqr-save a")
    assert save["download"] == f"VietQR-{order.code}.png"
    kind, data = save["href"].split(",", 1)
    assert kind == "data:image/png;base64"
    [decoded] = zxingcpp.read_barcodes(Image.open(io.BytesIO(base64.b64decode(data))))
    fields = parse(decoded.text)
    assert (fields["54"], fields["53"]) == ("120000", "704")  # the amount, in đồng
    assert parse(fields["62"]) == {"08": order.code}
    assert parse(parse(fields["38"])["01"]) == {"00": "970436", "01": "0071000123456"}  # bank BIN, account


# --- Stripe: starting the payment ------------------------------------------------------------------


def test_the_stripe_order_page_creates_one_payment_intent_in_whole_dong(client, place, pack, stripe_http):
    order = place({pack: 2}, "stripe")
    page = client.get(order.get_absolute_url())
    assert page.status_code == 200
    [create] = stripe_http.creates()
    assert "amount=120000" in create["body"] and "currency=vnd" in create["body"]
    assert create["headers"]["Idempotency-Key"] == idempotency_key(order)
    order.refresh_from_db()
    assert order.provider_reference.startswith("pi_")
    form = BeautifulSoup(page.content, "html.parser").select_one("#stripe-form")
    assert form["data-client-secret"] == f"{order.provider_reference}_secret_fake"
    assert form["data-publishable-key"] == "pk_test_fake"
    client.get(order.get_absolute_url())  # reloading reuses the intent
    assert len(stripe_http.creates()) == 1
    assert order.state == S.PENDING_PAYMENT


def test_stripe_unreachable_keeps_the_order_pending_with_a_clear_message_and_retry_is_no_double_charge(
    client, place, pack, stripe_http
):
    order = place({pack: 2}, "stripe")
    stripe_http.unreachable = 1
    page = client.get(order.get_absolute_url())
    assert page.status_code == 200
    assert texts(page, ".payment-box .message.error") == [
        "Chưa kết nối được cổng thanh toán thẻ. Đơn hàng vẫn được giữ; vui lòng thử lại sau ít phút."
    ]
    box = BeautifulSoup(page.content, "html.parser").select_one(".payment-box")
    deadline = timezone.localtime(order.created_at + datetime.timedelta(minutes=60)).strftime(
        "%H:%M %d/%m/%Y"
    )
    assert f"Đơn chưa thanh toán trước {deadline} sẽ tự huỷ." in box.get_text(" ", strip=True)
    # The way out besides waiting: cancel, and order again with another way to pay.
    assert "Hoặc huỷ đơn này và đặt lại với cách thanh toán khác." in box.get_text(" ", strip=True)
    assert box.find("a", string="Huỷ đơn hàng")["href"] == f"/don-hang/{order.token}/huy/"
    order.refresh_from_db()
    assert order.state == S.PENDING_PAYMENT and order.provider_reference == ""
    assert len(stripe_http.intents) == 0
    client.get(order.get_absolute_url())  # the buyer retries
    keys = [r["headers"]["Idempotency-Key"] for r in stripe_http.creates()]
    assert keys == [idempotency_key(order), idempotency_key(order)]
    assert len(stripe_http.intents) == 1


def test_while_stripe_cannot_be_reached_the_checkout_offers_no_card_and_says_why(
    client, place, pack, stripe_http, add_to_cart, shipping, checkout_data
):
    from storefront.payments import stripe as stripe_payments
    from tests.storefront.checkout_pages import send_checkout

    stripe_http.unreachable = 1
    client.get(place({pack: 1}, "stripe").get_absolute_url())  # an order page met the failure
    add_to_cart(pack, 1)
    page = BeautifulSoup(client.get(reverse("storefront:checkout")).content, "html.parser")
    card = page.select_one("input[name=payment_method][value=stripe]")
    assert card.has_attr("disabled") and not card.has_attr("checked")
    assert page.select_one("input[name=payment_method][value=cod]").has_attr("checked")
    assert "Cổng thanh toán thẻ đang tạm thời không kết nối được" in page.select_one(".checkout-form").text

    # A card chosen on a page opened before the failure: refused on its field, nothing ordered.
    before = Order.objects.count()
    refused = send_checkout(client, {**checkout_data, "payment_method": "stripe"})
    assert "Cổng thanh toán thẻ đang tạm thời không kết nối được" in refused.content.decode()
    assert Order.objects.count() == before

    cache.delete(stripe_payments.FAILING_KEY)  # FAILING_SECONDS later
    page = BeautifulSoup(client.get(reverse("storefront:checkout")).content, "html.parser")
    assert not page.select_one("input[name=payment_method][value=stripe]").has_attr("disabled")


def test_a_lost_response_then_a_retry_returns_the_same_payment_intent(place, pack, stripe_http):
    """Stripe created the intent but the reply was lost: the retry's key brings back the same one."""
    from storefront.payments.stripe import StripeCard

    order = place({pack: 1}, "stripe")
    first = (
        StripeCard()
        .client()
        .v1.payment_intents.create(
            params={"amount": order.total, "currency": "vnd"},
            options={"idempotency_key": idempotency_key(order)},
        )
    )
    StripeCard().start(order)
    order.refresh_from_db()
    assert order.provider_reference == first.id
    assert len(stripe_http.intents) == 1


def test_the_stripe_confirmation_email_says_it_is_unpaid_where_to_pay_and_by_when(
    place, pack, stripe_http, mailoutbox, details
):
    # A buyer who closed the card page before paying pays from the email alone, before the order expires.
    details["email"] = "nam@example.com"
    order = place({pack: 2}, "stripe")
    assert send_confirmation(order.pk)
    lines = mailoutbox[-1].body.splitlines()
    deadline = timezone.localtime(order.created_at + datetime.timedelta(minutes=60)).strftime(
        "%H:%M %d/%m/%Y"
    )
    pay_here = lines.index("Đơn hàng chưa được thanh toán. Mở trang đơn hàng để trả bằng thẻ:")
    assert lines[pay_here + 1] == settings.SITE_URL + order.get_absolute_url()
    assert f"Đơn chưa thanh toán trước {deadline} sẽ tự huỷ." in lines


def test_the_paid_stripe_orders_email_asks_for_nothing(place, pack, stripe_http, mailoutbox, details):
    details["email"] = "nam@example.com"
    order = place({pack: 2}, "stripe")
    Order.objects.filter(pk=order.pk).update(state=S.PAID, paid_at=timezone.now())
    assert send_confirmation(order.pk)
    assert "chưa được thanh toán" not in mailoutbox[-1].body


def test_the_stripe_order_page_gives_the_time_an_unpaid_order_is_cancelled(client, place, pack, stripe_http):
    order = place({pack: 2}, "stripe")
    page = client.get(order.get_absolute_url())
    deadline = timezone.localtime(order.created_at + datetime.timedelta(minutes=60)).strftime(
        "%H:%M %d/%m/%Y"
    )
    assert f"Đơn chưa thanh toán trước {deadline} sẽ tự huỷ." in texts(page, ".stripe-payment .hint")


# --- Stripe: webhooks ------------------------------------------------------------------------------


def test_the_signed_succeeded_webhook_marks_the_order_paid(stripe_order, post_webhook):
    payload = stripe_event("payment_intent.succeeded", order=stripe_order, event_id="evt_ok")
    assert post_webhook(payload).status_code == 200
    stripe_order.refresh_from_db()
    assert stripe_order.state == S.PAID and stripe_order.paid_at is not None
    assert list(PaymentEvent.objects.values_list("event_id", "kind", "amount", "order")) == [
        ("evt_ok", "payment_succeeded", 120_000, stripe_order.pk)
    ]


def test_the_browser_coming_back_does_not_mark_the_order_paid(client, stripe_order):
    client.get(stripe_order.get_absolute_url() + "?payment_intent=pi_x&redirect_status=succeeded")
    stripe_order.refresh_from_db()
    assert stripe_order.state == S.PENDING_PAYMENT


@pytest.mark.parametrize(
    "signature",
    ["", "t=1,v1=deadbeef", stripe_signature(b"another body"), "garbage"],
    # Fixed ids: the signature holds the time, and xdist workers must collect the same test names.
    ids=["empty", "wrong-digest", "signed-for-another-body", "garbage"],
)
def test_a_forged_signature_gets_400_and_changes_nothing(stripe_order, post_webhook, signature):
    payload = stripe_event("payment_intent.succeeded", order=stripe_order)
    assert post_webhook(payload, signature=signature).status_code == 400
    stripe_order.refresh_from_db()
    assert stripe_order.state == S.PENDING_PAYMENT
    assert PaymentEvent.objects.count() == 0


def test_a_signature_made_with_another_secret_or_too_old_is_refused(stripe_order, post_webhook):
    import time

    payload = stripe_event("payment_intent.succeeded", order=stripe_order)
    assert post_webhook(payload, signature=stripe_signature(payload, secret="whsec_other")).status_code == 400
    old = stripe_signature(payload, timestamp=int(time.time()) - 3600)
    assert post_webhook(payload, signature=old).status_code == 400
    assert Order.objects.get(pk=stripe_order.pk).state == S.PENDING_PAYMENT


def test_the_same_webhook_twice_is_a_harmless_duplicate(stripe_order, post_webhook, pack):
    payload = stripe_event("payment_intent.succeeded", order=stripe_order, event_id="evt_twice")
    assert post_webhook(payload).status_code == 200
    assert post_webhook(payload).status_code == 200
    assert PaymentEvent.objects.filter(event_id="evt_twice").count() == 1
    stripe_order.refresh_from_db()
    assert stripe_order.state == S.PAID


def test_a_failure_arriving_after_the_success_changes_nothing(stripe_order, post_webhook):
    post_webhook(stripe_event("payment_intent.succeeded", order=stripe_order, event_id="evt_1"))
    post_webhook(stripe_event("payment_intent.payment_failed", order=stripe_order, event_id="evt_0"))
    stripe_order.refresh_from_db()
    assert stripe_order.state == S.PAID
    assert PaymentEvent.objects.count() == 2


def test_a_success_after_a_failure_still_marks_the_order_paid(stripe_order, post_webhook):
    post_webhook(stripe_event("payment_intent.payment_failed", order=stripe_order))
    assert Order.objects.get(pk=stripe_order.pk).state == S.PENDING_PAYMENT
    post_webhook(stripe_event("payment_intent.succeeded", order=stripe_order))
    assert Order.objects.get(pk=stripe_order.pk).state == S.PAID


def test_a_refund_event_before_the_success_is_noted_and_the_success_still_counts(
    stripe_order, post_webhook, pack
):
    charge = {
        "id": "ch_1",
        "object": "charge",
        "payment_intent": stripe_order.provider_reference,
        "amount_refunded": 120_000,
        "currency": "vnd",
        "metadata": {},
    }
    post_webhook(stripe_event("charge.refunded", obj=charge))
    assert Order.objects.get(pk=stripe_order.pk).state == S.PENDING_PAYMENT
    post_webhook(stripe_event("payment_intent.succeeded", order=stripe_order))
    post_webhook(stripe_event("charge.refunded", obj=charge))
    stripe_order.refresh_from_db()
    assert stripe_order.state == S.REFUNDED
    pack.refresh_from_db()
    assert pack.stock == 12  # refunded before shipping: back on the shelf


def test_unknown_events_are_ignored_with_200(stripe_order, post_webhook):
    payload = stripe_event("customer.created", obj={"id": "cus_1", "object": "customer"})
    assert post_webhook(payload).status_code == 200
    assert PaymentEvent.objects.count() == 0
    assert Order.objects.get(pk=stripe_order.pk).state == S.PENDING_PAYMENT


def test_a_success_for_the_wrong_amount_does_not_mark_the_order_paid(stripe_order, post_webhook):
    post_webhook(stripe_event("payment_intent.succeeded", order=stripe_order, amount=1_000))
    assert Order.objects.get(pk=stripe_order.pk).state == S.PENDING_PAYMENT
    assert PaymentEvent.objects.get().note == "amount mismatch: 1000 vnd, expected 120000"


def test_a_payment_for_an_expired_order_is_recorded_for_a_refund(stripe_order, post_webhook, pack):
    from storefront import orders

    orders.cancel(stripe_order)
    post_webhook(stripe_event("payment_intent.succeeded", order=stripe_order))
    assert Order.objects.get(pk=stripe_order.pk).state == S.CANCELLED
    assert PaymentEvent.objects.get().note == "paid after cancellation: refund needed"
    pack.refresh_from_db()
    assert pack.stock == 12


def test_an_expired_stripe_order_cancels_its_payment_intent_after_the_commit(
    stripe_order, stripe_http, django_capture_on_commit_callbacks
):
    from storefront import orders

    with django_capture_on_commit_callbacks(execute=True):
        orders.cancel(stripe_order)
    assert stripe_http.requests[-1]["url"].endswith(
        f"/v1/payment_intents/{stripe_order.provider_reference}/cancel"
    )
    assert stripe_http.intents[stripe_order.provider_reference]["status"] == "canceled"


def test_stripe_unreachable_while_cancelling_leaves_the_order_cancelled(
    stripe_order, stripe_http, django_capture_on_commit_callbacks, pack
):
    from storefront import orders

    stripe_http.unreachable = 1
    with django_capture_on_commit_callbacks(execute=True):
        orders.cancel(stripe_order)
    assert Order.objects.get(pk=stripe_order.pk).state == S.CANCELLED
    pack.refresh_from_db()
    assert pack.stock == 12


def test_webhooks_are_refused_when_stripe_is_not_configured(client, db):
    response = client.post(reverse("storefront:stripe_webhook"), data=b"{}", content_type="application/json")
    assert response.status_code == 404


def test_the_webhook_accepts_only_post(client, stripe_http):
    assert client.get(reverse("storefront:stripe_webhook")).status_code == 405


def test_our_test_signature_is_the_one_stripe_computes(db):
    import stripe

    payload, timestamp = b'{"id": "evt_1", "object": "event"}', 1_700_000_000
    expected = stripe.WebhookSignature._compute_signature(f"{timestamp}.{payload.decode()}", "whsec_x")
    assert stripe_signature(payload, secret="whsec_x", timestamp=timestamp) == f"t={timestamp},v1={expected}"


def test_the_english_order_page_heads_its_payment_payment_not_checkout(client, place, pack, vietqr_on):
    order = place({pack: 1}, "vietqr")
    page = BeautifulSoup(client.get(order.get_absolute_url(), {"lang": "en"}).content, "html.parser")
    assert "Payment" in [h2.get_text(strip=True) for h2 in page.select("h2")]
    assert "Checkout" not in page.get_text()
