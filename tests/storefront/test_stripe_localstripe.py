"""The card flow against a real, stateful Stripe-compatible server: localstripe, started by these
tests on a free port. PaymentIntents in VND are created by the order page, confirmed with a good or
a declined card (as Stripe.js would), cancelled when the order expires; localstripe signs and
delivers the webhooks itself to a live test server. Stripe unreachable: a clear message, the order
kept, the same idempotency key on the retry.

What the browser would do (Stripe.js collecting the card) is done here through the API: localstripe's
Stripe.js stand-in only fakes the card Element, so no browser journey is run against it."""

import json
import logging
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import stripe
from django.core.management import call_command

from storefront.models import Order, OrderState, PaymentEvent
from storefront.payments.stripe import StripeCard, idempotency_key
from tests.live_server import between_requests
from tests.servers import free_port

# The webhook route, in one place: the lead may move it to /webhooks/stripe/.
STRIPE_WEBHOOK_PATH = "/stripe/webhook/"
WEBHOOK_SECRET = "whsec_localstripe_test"
# 4000 0000 0000 0341: the card is accepted, the charge declined (as on Stripe).
GOOD_CARD, DECLINED_CARD = "4242424242424242", "4000000000000341"

LOCALSTRIPE = shutil.which("localstripe") or str(Path(sys.executable).with_name("localstripe"))

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not Path(LOCALSTRIPE).exists(), reason="localstripe is not installed (pip install localstripe)"
    ),
]


@pytest.fixture(scope="module")
def localstripe(tmp_path_factory):
    port = free_port()
    process = subprocess.Popen(
        [LOCALSTRIPE, "--port", str(port), "--from-scratch"],
        cwd=tmp_path_factory.mktemp("localstripe"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.skip("localstripe did not start")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def register_webhook(localstripe, name, url):
    """localstripe's own configuration route: it signs each event with the secret and POSTs it."""
    body = json.dumps({"url": url, "secret": WEBHOOK_SECRET}).encode()
    request = urllib.request.Request(  # noqa: S310 (loopback)
        f"{localstripe}/_config/webhooks/{name}", data=body, headers={"Content-Type": "application/json"}
    )
    urllib.request.urlopen(request, timeout=10).close()  # noqa: S310


@pytest.fixture
def stripe_on(settings, localstripe, live_server, monkeypatch):
    settings.STRIPE_SECRET_KEY = "sk_test_localstripe"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_localstripe"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = localstripe
    monkeypatch.setattr(StripeCard, "max_network_retries", 0)
    register_webhook(localstripe, "ocop", live_server.url + STRIPE_WEBHOOK_PATH)
    return StripeCard().client()


def pay(client, intent_id, card):
    """What Stripe.js does with the card the buyer typed: a PaymentMethod, attached and confirmed."""
    method = client.v1.payment_methods.create(
        params={"type": "card", "card": {"number": card, "exp_month": 12, "exp_year": 2030, "cvc": "123"}}
    )
    client.v1.payment_intents.update(intent_id, params={"payment_method": method.id})
    return client.v1.payment_intents.confirm(intent_id)


def wait_for(condition, seconds=15):
    """Polls the database while localstripe's webhooks may be arriving (see tests/live_server.py)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with between_requests():
            if condition():
                return True
        time.sleep(0.2)
    return False


def state(order):
    order.refresh_from_db()
    return order.state


@pytest.fixture
def card_order(client, place, pack, stripe_on):
    """A card order whose page the buyer opened: it created the PaymentIntent on localstripe."""
    order = place({pack: 2}, "stripe")
    page = client.get(order.get_absolute_url())
    assert page.status_code == 200
    order.refresh_from_db()
    assert order.provider_reference.startswith("pi_")
    return order


def test_the_order_page_creates_a_payment_intent_in_whole_dong_on_the_server(card_order, stripe_on, client):
    intent = stripe_on.v1.payment_intents.retrieve(card_order.provider_reference)
    assert (intent.amount, intent.currency, intent.status) == (120_000, "vnd", "requires_payment_method")
    assert intent.metadata["order_code"] == card_order.code
    client.get(card_order.get_absolute_url())  # reloading reuses the intent
    card_order.refresh_from_db()
    assert card_order.provider_reference == intent.id


def test_a_good_card_marks_the_order_paid_through_the_signed_webhook_localstripe_delivers(
    card_order, stripe_on
):
    intent = pay(stripe_on, card_order.provider_reference, GOOD_CARD)
    assert intent.status == "succeeded"
    assert state(card_order) == OrderState.PENDING_PAYMENT  # not before the webhook
    assert wait_for(lambda: state(card_order) == OrderState.PAID)
    assert list(PaymentEvent.objects.values_list("kind", flat=True)) == ["payment_succeeded"]


def test_a_declined_card_is_recorded_and_leaves_the_order_waiting_for_payment(card_order, stripe_on):
    with pytest.raises(stripe.CardError):
        pay(stripe_on, card_order.provider_reference, DECLINED_CARD)
    assert wait_for(lambda: PaymentEvent.objects.filter(kind="payment_failed").exists())
    assert state(card_order) == OrderState.PENDING_PAYMENT
    intent = stripe_on.v1.payment_intents.retrieve(card_order.provider_reference)
    assert intent.status == "requires_payment_method"


def test_every_event_delivered_twice_is_recorded_once_and_the_order_is_paid_once(
    card_order, stripe_on, localstripe, live_server, caplog
):
    """localstripe delivers each event to every registered endpoint: two endpoints, two deliveries.

    (Out-of-order events on one intent, a failure after a success, cannot be produced by localstripe,
    which does not let a declined intent be confirmed again; test_payments.py covers them with
    signed payloads.)"""
    ledger_log = logging.getLogger("storefront.payments.ledger")
    ledger_log.addHandler(caplog.handler)  # the "storefront" logger does not propagate to caplog's
    try:
        register_webhook(localstripe, "ocop-twin", live_server.url + STRIPE_WEBHOOK_PATH)
        pay(stripe_on, card_order.provider_reference, GOOD_CARD)
        assert wait_for(lambda: state(card_order) == OrderState.PAID)
        assert wait_for(lambda: any("Duplicate stripe event" in r.getMessage() for r in caplog.records))
    finally:
        ledger_log.removeHandler(caplog.handler)
    assert list(PaymentEvent.objects.values_list("kind", flat=True)) == ["payment_succeeded"]
    assert state(card_order) == OrderState.PAID


def test_an_expired_card_order_cancels_its_payment_intent_on_the_server(card_order, stripe_on, pack):
    Order.objects.filter(pk=card_order.pk).update(created_at=card_order.created_at - _hours(2))
    call_command("expire_orders", verbosity=0)
    assert state(card_order) == OrderState.CANCELLED
    assert stripe_on.v1.payment_intents.retrieve(card_order.provider_reference).status == "canceled"
    with pytest.raises(stripe.InvalidRequestError):  # a stale payment page can no longer pay
        pay(stripe_on, card_order.provider_reference, GOOD_CARD)
    pack.refresh_from_db()
    assert pack.stock == 12


def test_stripe_unreachable_shows_a_clear_message_keeps_the_order_and_retries_with_the_same_key(
    client, place, pack, stripe_on, settings, localstripe, monkeypatch
):
    sent_keys = []
    real_request = stripe.RequestsClient.request if hasattr(stripe, "RequestsClient") else None
    if real_request is None:
        pytest.skip("the requests HTTP client of the stripe library is not available")

    def recording(self, method, url, headers, post_data=None, *args, **kwargs):
        if method == "post" and url.endswith("/v1/payment_intents"):
            sent_keys.append(headers.get("Idempotency-Key"))
        return real_request(self, method, url, headers, post_data, *args, **kwargs)

    monkeypatch.setattr(stripe.RequestsClient, "request", recording)
    monkeypatch.setattr(StripeCard, "http_client", stripe.RequestsClient())
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"  # nothing listens there

    order = place({pack: 1}, "stripe")
    page = client.get(order.get_absolute_url())
    assert page.status_code == 200
    assert "Chưa kết nối được cổng thanh toán thẻ. Đơn hàng vẫn được giữ" in page.content.decode()
    assert state(order) == OrderState.PENDING_PAYMENT and order.provider_reference == ""

    settings.STRIPE_API_BASE = localstripe  # Stripe is back; the buyer reloads
    assert client.get(order.get_absolute_url()).status_code == 200
    order.refresh_from_db()
    assert order.provider_reference.startswith("pi_")
    assert sent_keys == [idempotency_key(order), idempotency_key(order)]


def _hours(n):
    import datetime

    return datetime.timedelta(hours=n)
