"""Phone numbers of orders: stored E.164 (+84…), shown the way Vietnamese write them (0912 345 678)
by `catalogue.phone`, which every phone of the project shares."""

import phonenumbers

from catalogue.phone import display_phone

__all__ = ["display_phone", "search_form"]


def search_form(query: str) -> str | None:
    """What staff type in the admin search ("0912 345 678") → the stored E.164 form, or None."""
    digits = "".join(ch for ch in query if ch.isdigit() or ch == "+")
    if len(digits) < 8:
        return None
    try:
        parsed = phonenumbers.parse(digits, "VN")
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
