"""Webhooks at /webhooks/<provider>/, served by the providers listed in PAYMENT_PROVIDERS."""

import pytest
from django.urls import resolve, reverse

from storefront.models import OrderState, PaymentEvent
from storefront.payments.base import SUCCEEDED, PaymentProvider, ProviderEvent

from .conftest import stripe_event, stripe_signature

pytestmark = pytest.mark.django_db


class EchoBank(PaymentProvider):
    """A second provider that takes webhooks, added by a line in PAYMENT_PROVIDERS only."""

    identifier = "echobank"
    label = "Echo Bank"
    pays_online = True
    receives_webhooks = True

    def is_enabled(self):
        return True

    def handle_webhook(self, request):
        return [ProviderEvent(event_id=request.headers["X-Event"], kind=SUCCEEDED, order_code="")]


def post(client, url, payload=b"{}", **headers):
    return client.post(url, data=payload, content_type="application/json", **headers)


def test_stripe_webhooks_are_served_at_webhooks_stripe(client, stripe_order):
    payload = stripe_event("payment_intent.succeeded", order=stripe_order, event_id="evt_new_url")
    response = post(client, "/webhooks/stripe/", payload, HTTP_STRIPE_SIGNATURE=stripe_signature(payload))
    assert response.status_code == 200
    stripe_order.refresh_from_db()
    assert stripe_order.state == OrderState.PAID
    assert list(PaymentEvent.objects.values_list("event_id", flat=True)) == ["evt_new_url"]


def test_the_old_stripe_webhook_url_is_the_same_view_for_deployed_dashboards(client, stripe_order):
    assert reverse("storefront:stripe_webhook") == "/stripe/webhook/"
    assert resolve("/stripe/webhook/").func is resolve("/webhooks/stripe/").func
    payload = stripe_event("payment_intent.succeeded", order=stripe_order, event_id="evt_old_url")
    response = post(client, "/stripe/webhook/", payload, HTTP_STRIPE_SIGNATURE=stripe_signature(payload))
    assert response.status_code == 200
    stripe_order.refresh_from_db()
    assert stripe_order.state == OrderState.PAID


def test_an_unknown_provider_is_a_404_and_records_nothing(client, stripe_http):
    assert post(client, "/webhooks/paypal/").status_code == 404
    assert not PaymentEvent.objects.exists()


@pytest.mark.parametrize("identifier", ["cod", "vietqr"])
def test_a_provider_that_takes_no_webhooks_is_a_404(client, vietqr_on, identifier):
    assert post(client, f"/webhooks/{identifier}/").status_code == 404
    assert not PaymentEvent.objects.exists()


def test_a_forged_stripe_webhook_at_the_new_url_is_a_400(client, stripe_order):
    payload = stripe_event("payment_intent.succeeded", order=stripe_order)
    assert post(client, "/webhooks/stripe/", payload, HTTP_STRIPE_SIGNATURE="t=1,v1=bad").status_code == 400
    stripe_order.refresh_from_db()
    assert stripe_order.state == OrderState.PENDING_PAYMENT
    assert not PaymentEvent.objects.exists()


def test_a_provider_added_to_the_settings_gets_its_webhook_url_without_touching_urls(client, settings):
    settings.PAYMENT_PROVIDERS = [*settings.PAYMENT_PROVIDERS, f"{__name__}.EchoBank"]
    response = post(client, "/webhooks/echobank/", HTTP_X_EVENT="evt_echo_1")
    assert response.status_code == 200
    assert list(PaymentEvent.objects.values_list("provider", "event_id")) == [("echobank", "evt_echo_1")]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"[]", "not an event"),
        (b"42", "not an event"),
        (b'"not json at all"', "not an event"),
        (b"not json at all", "not JSON"),
        (b'{"id": "evt_x"}', "no event type"),
        (b'{"type": "payment_intent.succeeded"}', "no event id"),
        (b'{"id": "evt_y", "type": ["payment_intent.succeeded"]}', "no event type"),
        (b'{"id": "evt_y", "type": "payment_intent.succeeded", "data": {"object": "x"}}', "no data object"),
        (b'{"id": "evt_y", "type": "payment_intent.succeeded", "data": "x"}', "no data object"),
        (b'{"id": "evt_y", "type": "payment_intent.succeeded"}', "no data object"),
        (b'{"id": 7, "type": "payment_intent.succeeded", "data": {"object": {}}}', "no event id"),
        (
            b'{"id": "evt_y", "type": "payment_intent.succeeded", "data": {"object": {"amount": "75000"}}}',
            "amount",
        ),
        (
            b'{"id": "evt_y", "type": "charge.refunded", "data": {"object": {"payment_intent": {"a": 1}}}}',
            "reference",
        ),
        (
            b'{"id": "evt_y", "type": "payment_intent.succeeded", "data": {"object": {"metadata": "x"}}}',
            "metadata",
        ),
        (
            b'{"id": "' + b"e" * 300 + b'", "type": "payment_intent.succeeded", "data": {"object": {}}}',
            "no event id",
        ),
    ],
    ids=[
        "list",
        "number",
        "json-string",
        "not-json",
        "no-type",
        "no-id",
        "type-not-text",
        "object-a-string",
        "data-a-string",
        "no-data",
        "id-a-number",
        "amount-as-text",
        "intent-not-an-id",
        "metadata-a-string",
        "id-too-long",
    ],
)
def test_a_signed_body_that_is_not_a_proper_event_is_a_400_with_its_reason(
    client, stripe_order, body, reason
):
    response = post(client, "/webhooks/stripe/", body, HTTP_STRIPE_SIGNATURE=stripe_signature(body))
    assert response.status_code == 400
    assert reason in response.content.decode()
    stripe_order.refresh_from_db()
    assert stripe_order.state == OrderState.PENDING_PAYMENT
    assert not PaymentEvent.objects.exists()


def test_a_forged_webhook_says_why_it_was_refused(client, stripe_order):
    payload = stripe_event("payment_intent.succeeded", order=stripe_order)
    response = post(client, "/webhooks/stripe/", payload, HTTP_STRIPE_SIGNATURE="t=1,v1=bad")
    assert response.status_code == 400
    assert "signature" in response.content.decode()
