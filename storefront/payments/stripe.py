"""Card payments through Stripe: a PaymentIntent in VND (zero-decimal: the amount is whole đồng).

- The PaymentIntent is created after the order is committed, never inside a transaction or while a
  row is locked, with an idempotency key tied to the order: a retry after a timeout returns the same
  PaymentIntent, so the buyer is never charged twice.
- The order becomes paid only from the signed `payment_intent.succeeded` webhook, not from the
  browser coming back.
- Stripe is asked from the order page, inside a buyer's request: a Stripe that does not answer must
  cost that buyer a few seconds, not the library's 80 s timeout tried three times (241 s, and eight
  such pages held every gunicorn thread). Each call gives up after STRIPE_TIMEOUT, is not retried
  (the buyer's reload retries, with the same idempotency key), and after a call that hung, the order
  pages do not ask Stripe again for `DOWN_SECONDS` (a mark in the cache, shared by every process
  with Redis): they show at once that the card gateway is not connected.
"""

import json
import logging
import time

import stripe
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from ..order_links import emailed_order_url
from .base import (
    FAILED,
    REFUNDED,
    SUCCEEDED,
    InvalidWebhook,
    PaymentError,
    PaymentProvider,
    PaymentStart,
    ProviderEvent,
    ProviderUnavailable,
)

logger = logging.getLogger(__name__)

EVENT_KINDS = {
    "payment_intent.succeeded": SUCCEEDED,
    "payment_intent.payment_failed": FAILED,
    "charge.refunded": REFUNDED,
}


# No order comes near this many đồng; a bigger amount in an event is refused, as the ledger's column would.
MAX_AMOUNT = 10**15

# After a call that hung, the order pages show UNREACHABLE without asking Stripe for this long.
DOWN_SECONDS = 30
DOWN_KEY = "storefront:stripe:down"

UNREACHABLE = _("Chưa kết nối được cổng thanh toán thẻ. Đơn hàng vẫn được giữ; vui lòng thử lại sau ít phút.")

# After any call that could not reach Stripe (refused at once or hung), the checkout offers no card for
# this long: a new order would only meet the same failure on its page, its stock held for an hour.
FAILING_SECONDS = 60
FAILING_KEY = "storefront:stripe:failing"


def idempotency_key(order) -> str:
    return f"ocop-order-{order.code}-payment-intent"


def _unreachable(started: float) -> None:
    """A call that could not reach Stripe: the checkout offers no card for a while, and a call that
    also cost the buyer time keeps the order pages from asking."""
    cache.set(FAILING_KEY, 1, timeout=FAILING_SECONDS)  # Redis down too: a no-op (config/cache.py)
    _mark_down_if_it_hung(time.monotonic() - started)


def _mark_down_if_it_hung(seconds: float) -> None:
    """A failure that cost the buyer time (a timeout) keeps the next pages from waiting too; a refused
    connection fails at once, so the next page may as well ask again."""
    if seconds < min(1.0, settings.STRIPE_TIMEOUT / 2):
        return
    logger.warning("Stripe did not answer within %.1f s; not asked again for %s s", seconds, DOWN_SECONDS)
    cache.set(DOWN_KEY, 1, timeout=DOWN_SECONDS)  # Redis down too: a no-op (config/cache.py)


class StripeCard(PaymentProvider):
    identifier = "stripe"
    label = _("Thẻ quốc tế (Visa, Mastercard…) qua Stripe")
    description = _(
        "Nhập thẻ trên trang thanh toán an toàn của Stripe; đơn được xác nhận khi Stripe báo đã thu tiền."
    )
    pays_online = True
    expires_after_minutes = 60
    receives_webhooks = True
    # Stripe takes an amount of at most eight digits ("minimum and maximum charge amounts"); VND has no
    # minor unit, so 99.999.999 ₫. Above it the checkout does not offer a card (Stripe would refuse the
    # PaymentIntent when the order page opens, the stock already taken).
    max_amount = 99_999_999

    # Tests replace the HTTP client at the client boundary (never the network).
    http_client: stripe.HTTPClient | None = None
    # No retries inside a request: each would add another STRIPE_TIMEOUT to the buyer's wait.
    max_network_retries = 0

    required_settings = ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET")

    def client(self) -> stripe.StripeClient:
        # STRIPE_API_BASE points the client at a Stripe-compatible server (localstripe in the tests).
        base = {"api": settings.STRIPE_API_BASE} if getattr(settings, "STRIPE_API_BASE", "") else None
        return stripe.StripeClient(
            settings.STRIPE_SECRET_KEY,
            http_client=self.http_client or stripe.new_default_http_client(timeout=settings.STRIPE_TIMEOUT),
            max_network_retries=self.max_network_retries,
            base_addresses=base,
        )

    def email_instructions(self, order) -> str:
        """The card form is on the order page: the email gives its link and the time the order expires."""
        context = {"order_url": emailed_order_url(order), "deadline": self.deadline(order)}
        return render_to_string("storefront/emails/stripe_instructions.txt", context)

    def unavailable_now(self) -> str:
        if cache.get(FAILING_KEY):  # set with DOWN_KEY, and kept longer
            return _(
                "Cổng thanh toán thẻ đang tạm thời không kết nối được; vui lòng chọn cách thanh toán khác "
                "hoặc thử lại sau ít phút."
            )
        return ""

    def start(self, order, *, return_url: str = "") -> PaymentStart:
        from ..models import Order

        if cache.get(DOWN_KEY):
            raise ProviderUnavailable(UNREACHABLE)
        intents = self.client().v1.payment_intents
        started = time.monotonic()
        try:
            if order.provider_reference:
                intent = intents.retrieve(order.provider_reference)
            else:
                intent = intents.create(
                    params={
                        "amount": order.total,  # VND is zero-decimal: whole đồng, no ×100
                        "currency": "vnd",
                        "metadata": {"order_code": order.code},
                        # Only parameters both Stripe and localstripe (the tests' server) accept.
                        "payment_method_types": ["card"],
                    },
                    options={"idempotency_key": idempotency_key(order)},
                )
                Order.objects.filter(pk=order.pk, provider_reference="").update(provider_reference=intent.id)
                order.provider_reference = intent.id
        except stripe.APIConnectionError as error:
            logger.warning("Stripe unreachable for order %s: %s", order.code, error)
            _unreachable(started)
            raise ProviderUnavailable(UNREACHABLE) from error
        except stripe.StripeError as error:
            logger.error("Stripe refused order %s: %s", order.code, error)
            raise PaymentError(
                _("Cổng thanh toán thẻ từ chối yêu cầu. Vui lòng chọn cách thanh toán khác.")
            ) from error
        return PaymentStart(
            template="storefront/payments/stripe.html",
            context={
                "client_secret": intent.client_secret,
                "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
                "return_url": return_url,
                "processing": intent.status in ("processing", "succeeded"),
                "deadline": self.deadline(order),
            },
        )

    def release(self, order) -> None:
        """Cancel the open PaymentIntent so a stale payment page cannot charge a cancelled order.
        Stripe unreachable (or known to be down a moment ago): ProviderUnavailable, to be tried again."""
        if not order.provider_reference:
            return
        if cache.get(DOWN_KEY):
            raise ProviderUnavailable(UNREACHABLE)
        started = time.monotonic()
        try:
            self.client().v1.payment_intents.cancel(order.provider_reference)
        except stripe.APIConnectionError as error:
            _unreachable(started)
            raise ProviderUnavailable(UNREACHABLE) from error
        except stripe.StripeError as error:  # already succeeded or cancelled: nothing to try again
            logger.warning("Could not cancel PaymentIntent of order %s: %s", order.code, error)

    def handle_webhook(self, request) -> list[ProviderEvent]:
        """Verify the signature on the raw body with Stripe's library, then normalise the event. A body
        Stripe signed is still read as untrusted: anything not shaped like an event is InvalidWebhook,
        never an error of ours (a 5xx would have Stripe send it again for days)."""
        values = _signed_json(request)
        event_id, event_type = _short_text(values, "id", 255), values.get("type")
        if not event_id:
            raise InvalidWebhook("no event id")
        if not isinstance(event_type, str):
            raise InvalidWebhook(f"event {event_id}: no event type")
        kind = EVENT_KINDS.get(event_type)
        if kind is None:
            return []
        obj = values.get("data").get("object") if isinstance(values.get("data"), dict) else None
        if not isinstance(obj, dict):
            raise InvalidWebhook(f"event {event_id}: no data object")
        return [_provider_event(event_id, kind, obj)]


def _signed_json(request) -> dict:
    """The webhook's body as a JSON object, once its Stripe-Signature checks out."""
    try:
        stripe.WebhookSignature.verify_header(
            request.body,
            request.headers.get("Stripe-Signature", ""),
            settings.STRIPE_WEBHOOK_SECRET,
            tolerance=stripe.Webhook.DEFAULT_TOLERANCE,
        )
    except (ValueError, stripe.SignatureVerificationError) as error:  # ValueError: not UTF-8
        raise InvalidWebhook(f"bad signature: {error}") from error
    try:
        values = json.loads(request.body)
    except ValueError as error:
        raise InvalidWebhook("body is not JSON") from error
    if not isinstance(values, dict):
        raise InvalidWebhook("body is not an event object")
    return values


def _short_text(values: dict, key: str, max_length: int) -> str:
    """values[key] if it is a text that fits its column, else ""."""
    value = values.get(key)
    return value if isinstance(value, str) and len(value) <= max_length else ""


def _provider_event(event_id: str, kind: str, obj: dict) -> ProviderEvent:
    """The event's PaymentIntent (or, for a refund, Charge) as the ledger reads it; InvalidWebhook for
    a field of the wrong type (it would otherwise fail on its way into the database)."""
    if kind == REFUNDED:  # a Charge: its PaymentIntent is the reference we stored
        reference_key, amount = "payment_intent", obj.get("amount_refunded")
    else:
        reference_key, amount = "id", obj.get("amount_received") or obj.get("amount")
    if obj.get(reference_key) is not None and not _short_text(obj, reference_key, 100):
        raise InvalidWebhook(f"event {event_id}: {reference_key} is not a reference")
    if amount is not None and not _whole_dong(amount):
        raise InvalidWebhook(f"event {event_id}: amount is not a whole number of đồng")
    metadata = obj.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise InvalidWebhook(f"event {event_id}: metadata is not an object")
    return ProviderEvent(
        event_id=event_id,
        kind=kind,
        order_code=_short_text(metadata, "order_code", 100),
        reference=_short_text(obj, reference_key, 100),
        amount=amount,
        currency=_short_text(obj, "currency", 10),
    )


def _whole_dong(amount) -> bool:
    return isinstance(amount, int) and not isinstance(amount, bool) and 0 <= amount <= MAX_AMOUNT
