"""Fixtures for the storefront: a pack on sale, an address, placed orders, a fake Stripe HTTP client."""

import hashlib
import hmac
import json
import time
import uuid

import pytest
import stripe
from django.urls import reverse

from catalogue.factories import PackSizeFactory
from places.models import Commune, Province
from storefront.checkout import place_order
from storefront.models import ShippingSettings
from storefront.payments import get_provider
from storefront.payments.stripe import StripeCard
from tests.combos import combo_image, combo_index, gift_box, tea_pack  # noqa: F401  (gift combo fixtures)
from tests.page_tree import independent_of_the_page_tree

VINH_LONG = 86
WEBHOOK_SECRET = "whsec_test_secret_for_signatures"


@pytest.fixture
def pack(product):
    """The product fixture's one pack: "Hộp 400g", 45.000 ₫, 12 in stock."""
    return product.pack_sizes.get()


@pytest.fixture
def second_pack(product):
    return PackSizeFactory(product=product, label="Túi 250g", price=30_000, stock=5)


@pytest.fixture
@independent_of_the_page_tree
def province(db):
    return Province.objects.get(code=VINH_LONG)


@pytest.fixture
@independent_of_the_page_tree
def commune(province):
    return province.communes.order_by("code").first()


@pytest.fixture
@independent_of_the_page_tree
def foreign_commune(province):
    """A commune of another province."""
    return Commune.objects.exclude(province=province).order_by("code").first()


@pytest.fixture
@independent_of_the_page_tree
def shipping(home):
    """The default site's fee rule: 30.000 ₫, free from 500.000 ₫."""
    from wagtail.models import Site

    settings, _ = ShippingSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"flat_fee": 30_000, "free_above": 500_000}
    )
    return settings


@pytest.fixture
@independent_of_the_page_tree
def checkout_data(province, commune):
    return {
        "full_name": "Nguyễn Thị Hoa",
        "phone": "0912 345 678",
        "email": "hoa@example.vn",
        "province": province.pk,
        "commune": commune.pk,
        "street": "12 Đồng Khởi, ấp 3",
        "note": "Gọi trước khi giao",
        "payment_method": "cod",
    }


@pytest.fixture
@independent_of_the_page_tree
def details(province, commune):
    return {
        "full_name": "Trần Văn Nam",
        "phone": "+84912345678",
        "email": "",
        "province": province,
        "commune": commune,
        "street": "5 Lê Lợi",
        "note": "",
    }


@pytest.fixture
@independent_of_the_page_tree
def place(details, shipping):
    """Place an order directly through the checkout module: place({pack: quantity}, method)."""

    def _place(quantities, method="cod"):
        return place_order(
            quantities={p.pk: q for p, q in quantities.items()},
            seen_prices={p.pk: p.price for p in quantities},
            details=details,
            provider=get_provider(method),
            shipping=shipping,
        )

    return _place


@pytest.fixture
def add_to_cart(client):
    def _add(pack, quantity=1):
        """Post the product page's form and follow to the cart page (which shows and consumes messages)."""
        return client.post(
            reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": quantity}, follow=True
        )

    return _add


@pytest.fixture
def vietqr_on(settings):
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT = "0071000123456"
    settings.VIETQR_ACCOUNT_NAME = "HTX DUA XANH"


# --- Stripe, stubbed at the client boundary ---------------------------------------------------------


class FakeStripeHTTP(stripe.HTTPClient):
    """Stands in for Stripe's servers behind `stripe.StripeClient(http_client=...)`.

    Keeps Stripe's idempotency rule: the same Idempotency-Key returns the same PaymentIntent.
    `unreachable` makes the next calls fail as a network error would.
    """

    name = "fake"

    def __init__(self):
        super().__init__()
        self.requests = []
        self.intents = {}
        self.by_key = {}
        self.unreachable = 0

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        self.requests.append(
            {"method": method, "url": url, "headers": dict(headers or {}), "body": post_data}
        )
        if self.unreachable:
            self.unreachable -= 1
            raise stripe.APIConnectionError("Could not connect to Stripe (fake).", should_retry=False)
        if method == "post" and url.endswith("/v1/payment_intents"):
            key = (headers or {}).get("Idempotency-Key")
            if key not in self.by_key:
                pi_id = f"pi_{uuid.uuid4().hex[:16]}"
                fields = dict(pair.split("=", 1) for pair in post_data.split("&"))
                self.intents[pi_id] = {
                    "id": pi_id,
                    "object": "payment_intent",
                    "amount": int(fields["amount"]),
                    "currency": fields["currency"],
                    "status": "requires_payment_method",
                    "client_secret": f"{pi_id}_secret_fake",
                    "metadata": {"order_code": fields.get("metadata%5Border_code%5D", "")},
                }
                self.by_key[key] = pi_id
            return json.dumps(self.intents[self.by_key[key]]), 200, {"Request-Id": "req_fake"}
        if method == "post" and url.endswith("/cancel"):
            pi_id = url.rsplit("/", 2)[-2]
            self.intents[pi_id]["status"] = "canceled"
            return json.dumps(self.intents[pi_id]), 200, {"Request-Id": "req_fake"}
        if method == "get" and "/v1/payment_intents/" in url:
            pi_id = url.rsplit("/", 1)[-1]
            return json.dumps(self.intents[pi_id]), 200, {"Request-Id": "req_fake"}
        return json.dumps({"error": {"message": "not faked"}}), 404, {}

    def request_stream(self, *args, **kwargs):
        raise NotImplementedError

    def close(self):
        pass

    def creates(self):
        return [
            r for r in self.requests if r["method"] == "post" and r["url"].endswith("/v1/payment_intents")
        ]


@pytest.fixture
def stripe_http(settings, monkeypatch):
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    fake = FakeStripeHTTP()
    monkeypatch.setattr(StripeCard, "http_client", fake)
    monkeypatch.setattr(StripeCard, "max_network_retries", 0)
    return fake


@pytest.fixture
def stripe_order(client, place, pack, stripe_http):
    """A card order for 2 packs (120.000 ₫) whose page was opened: its PaymentIntent exists."""
    order = place({pack: 2}, "stripe")
    client.get(order.get_absolute_url())
    order.refresh_from_db()
    return order


def stripe_signature(payload: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """The Stripe-Signature header as Stripe computes it: HMAC-SHA256 of "{t}.{body}"."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def stripe_event(event_type, *, order=None, event_id=None, amount=None, obj=None) -> bytes:
    data = obj or {
        "id": order.provider_reference or "pi_unknown",
        "object": "payment_intent",
        "amount": order.total if amount is None else amount,
        "amount_received": order.total if amount is None else amount,
        "currency": "vnd",
        "metadata": {"order_code": order.code},
    }
    return json.dumps(
        {
            "id": event_id or f"evt_{uuid.uuid4().hex[:16]}",
            "object": "event",
            "type": event_type,
            "api_version": "2025-01-27.acacia",
            "created": int(time.time()),
            "data": {"object": data},
        }
    ).encode()


@pytest.fixture
def post_webhook(client):
    def _post(payload: bytes, signature: str | None = None):
        return client.post(
            reverse("storefront:stripe_webhook"),
            data=payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=stripe_signature(payload) if signature is None else signature,
        )

    return _post
