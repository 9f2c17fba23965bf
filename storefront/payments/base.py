"""The interface every payment provider implements, and the few ways a payment can fail."""

from dataclasses import dataclass, field


class PaymentError(Exception):
    """The payment cannot go ahead; `message` is for the buyer (Vietnamese, translatable)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class ProviderUnavailable(PaymentError):
    """The provider could not be reached; the order stays pending and the buyer may retry."""


class InvalidWebhook(Exception):
    """A webhook whose signature or body does not check out: answered 400, nothing changes."""


@dataclass
class PaymentStart:
    """What the order page shows to collect the payment: a partial template and its context,
    or a redirect to the provider's own page."""

    template: str | None = None
    context: dict = field(default_factory=dict)
    redirect_url: str | None = None


@dataclass(frozen=True)
class ProviderEvent:
    """A provider's notification, normalised. `kind` is one of KINDS; the rest is ignored."""

    event_id: str
    kind: str
    order_code: str = ""
    reference: str = ""
    amount: int | None = None
    currency: str = "vnd"


SUCCEEDED = "payment_succeeded"
FAILED = "payment_failed"
REFUNDED = "payment_refunded"
KINDS = {SUCCEEDED, FAILED, REFUNDED}


class PaymentProvider:
    identifier: str = ""
    label = ""
    description = ""
    pays_online = False  # True: the order waits in "pending payment" until the money arrives
    expires_after_minutes: int | None = None  # unpaid online orders are cancelled after this

    def is_enabled(self) -> bool:
        raise NotImplementedError

    def start(self, order, *, return_url: str = "") -> PaymentStart | None:
        """Begin collecting the payment (after the order is committed). None: nothing to do now."""
        return None

    def handle_webhook(self, request) -> list[ProviderEvent]:
        raise InvalidWebhook("this provider takes no webhooks")

    def release(self, order) -> None:
        """The order was cancelled before payment: stop the provider from taking money for it.
        Called after the commit; a failure is logged, never raised (the order stays cancelled)."""
