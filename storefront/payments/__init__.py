"""Payment providers behind one interface (`base.PaymentProvider`), listed in settings.PAYMENT_PROVIDERS.

A second provider is a new module plus a line in that list, never an `if` in a view.
"""

import logging

from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.text import get_text_list

from .base import PaymentError, PaymentProvider, PaymentStart, ProviderEvent, ProviderUnavailable

__all__ = [
    "PaymentError",
    "PaymentProvider",
    "PaymentStart",
    "ProviderEvent",
    "ProviderUnavailable",
    "all_providers",
    "enabled_providers",
    "get_provider",
    "warn_of_settings_set_in_part",
    "webhook_provider",
]

logger = logging.getLogger(__name__)

DEFAULT_PROVIDERS = [
    "storefront.payments.cod.CashOnDelivery",
    "storefront.payments.vietqr.VietQR",
    "storefront.payments.stripe.StripeCard",
]


def all_providers() -> list[PaymentProvider]:
    paths = getattr(settings, "PAYMENT_PROVIDERS", DEFAULT_PROVIDERS)
    return [import_string(path)() for path in paths]


def enabled_providers() -> list[PaymentProvider]:
    return [provider for provider in all_providers() if provider.is_enabled()]


def get_provider(identifier: str, *, enabled_only: bool = False) -> PaymentProvider | None:
    for provider in all_providers():
        if provider.identifier == identifier:
            return provider if provider.is_enabled() or not enabled_only else None
    return None


def webhook_provider(identifier: str) -> PaymentProvider | None:
    """The enabled provider that receives webhooks under this identifier, or None (answered 404)."""
    provider = get_provider(identifier, enabled_only=True)
    return provider if provider is not None and provider.receives_webhooks else None


def warn_of_settings_set_in_part() -> None:
    """At start: a provider some of whose settings are set, not all (VIETQR_BANK_BIN without
    VIETQR_ACCOUNT), is hidden at checkout; one warning names what is missing, which the operator
    otherwise learnt from a buyer who found no bank transfer."""
    for provider in all_providers():
        if missing := provider.missing_settings():
            with translation.override("en"):
                logger.warning(
                    "%s is hidden at checkout: %s %s not set",
                    provider.label,
                    get_text_list(missing, "and"),
                    "is" if len(missing) == 1 else "are",
                )
