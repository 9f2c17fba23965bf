"""Phone numbers of orders: stored E.164 (+84…), shown the way Vietnamese write them (0912 345 678)
by `catalogue.phone`, which every phone of the project shares.

A phone typed at checkout must be one the shop can call back to confirm the order (cash on delivery is
confirmed by phone): a Vietnamese mobile or landline, without an extension (stored E.164, the extension
would be dropped without a word). Finding an order again ("Tra cứu đơn hàng") and staff's search accept
any valid number, so orders placed before this rule are still found."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalogue.phone import display_phone

__all__ = ["display_phone", "search_form", "validate_callback_phone"]

# What a courier or the shop can dial and reach a person on: not toll-free (1800), premium-rate (1900),
# shared-cost or VoIP service numbers, which take calls to a switchboard, if any.
CALLBACK_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}
NO_EXTENSION = _("Vui lòng nhập số điện thoại không kèm số máy lẻ, để cửa hàng gọi thẳng cho bạn.")
NOT_VIETNAMESE = _(
    "Vui lòng nhập số điện thoại Việt Nam (di động hoặc cố định) để cửa hàng gọi xác nhận đơn."
)
NOT_CALLABLE = _(
    "Số tổng đài (1800, 1900…) không nhận cuộc gọi xác nhận đơn; vui lòng nhập số di động hoặc số cố định."
)


def validate_callback_phone(number) -> None:
    """Refuse, with a message, a valid number the shop could not call back (invalid numbers are the
    phone field's own "invalid" message)."""
    if not isinstance(number, phonenumbers.PhoneNumber) or not phonenumbers.is_valid_number(number):
        return
    if number.extension:
        raise ValidationError(NO_EXTENSION, code="extension")
    if phonenumbers.region_code_for_number(number) != "VN":
        raise ValidationError(NOT_VIETNAMESE, code="not_vietnamese")
    if phonenumbers.number_type(number) not in CALLBACK_TYPES:
        raise ValidationError(NOT_CALLABLE, code="not_callable")


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
