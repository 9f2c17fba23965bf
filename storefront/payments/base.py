"""The interface every payment provider implements, and the few ways a payment can fail."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from catalogue.money import format_vnd

# The payment errors are part of the storefront's one hierarchy (`storefront.errors`).
from ..errors import InvalidWebhook, PaymentError, ProviderUnavailable

__all__ = [
    "InvalidWebhook",
    "PaymentError",
    "PaymentProvider",
    "PaymentStart",
    "ProviderEvent",
    "ProviderUnavailable",
]


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
    receives_webhooks = False  # True: served at /webhooks/<identifier>/
    # True when the buyer sends the money themselves (a bank transfer): it may be on its way, unseen by
    # the shop, when the order is cancelled. Cancelling then warns the buyer, and a cancelled order's
    # page says that staff refund a transfer received for it.
    buyer_sends_money = False
    # The most one payment can collect, in đồng; None: no limit of the provider's own.
    max_amount: int | None = None

    # The settings that turn the provider on, every one of them needed (none: always on).
    required_settings: tuple[str, ...] = ()

    def is_enabled(self) -> bool:
        return all(getattr(settings, name, "") for name in self.required_settings)

    def missing_settings(self) -> list[str]:
        """The required settings left unset while another is set: the operator meant the provider on,
        and it is hidden at checkout all the same. Empty when all or none are set."""
        missing = [name for name in self.required_settings if not getattr(settings, name, "")]
        return missing if len(missing) < len(self.required_settings) else []

    def refuses(self, total: int) -> str:
        """Why this provider cannot collect `total`, for the buyer; "" when it can."""
        if self.max_amount is None or total <= self.max_amount:
            return ""
        return _("“%(method)s” chỉ nhận đơn đến %(max)s; đơn này là %(total)s.") % {
            "method": self.label,
            "max": format_vnd(self.max_amount),
            "total": format_vnd(total),
        }

    def unavailable_now(self) -> str:
        """Why a new order should not be placed with this provider at the moment (its service has just
        failed), for the checkout; "" when it may. An order placed already keeps trying."""
        return ""

    def deadline(self, order) -> datetime.datetime | None:
        """When the order is cancelled if still unpaid (the expiry job's limit), or None if never."""
        if not self.pays_online or not self.expires_after_minutes:
            return None
        return order.created_at + datetime.timedelta(minutes=self.expires_after_minutes)

    def start(self, order, *, return_url: str = "") -> PaymentStart | None:
        """Begin collecting the payment (after the order is committed). None: nothing to do now."""
        return None

    def email_instructions(self, order) -> str:
        """What the confirmation email tells the buyer to do to pay (plain text), or "" if nothing: a
        buyer who closed the order page must still be able to pay from the email alone."""
        return ""

    def handle_webhook(self, request) -> list[ProviderEvent]:
        """Check a notification (signature on the raw body) and normalise it; InvalidWebhook if forged."""
        raise InvalidWebhook("this provider takes no webhooks")

    def release(self, order) -> None:
        """The order was cancelled before payment: stop the provider from taking money for it.
        Called after the commit (storefront.tasks.release_payment). Raises ProviderUnavailable when the
        provider could not be reached, to be asked again later; any other failure is logged, never
        raised (the order stays cancelled)."""
