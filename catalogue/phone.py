"""Phone numbers: stored E.164 (+84…), shown the way Vietnamese write them (0912 345 678), dialled
through `tel:` in E.164, but for the 1800/1900 service numbers, which are dialled as written. One module for every phone of the project (checkout, orders, producer and
store pages, the shop's hotline); catalogue holds it because every app may import catalogue."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from phonenumber_field import formfields
from phonenumber_field.modelfields import PhoneNumberField

INVALID_PHONE = _("Số điện thoại chưa đúng, ví dụ: 0912 345 678.")
NOT_VIETNAMESE_PHONE = _("Hãy nhập số điện thoại Việt Nam, ví dụ: 0912 345 678 hoặc 0275 3822 111.")


def validate_vietnamese_phone(value) -> None:
    """Refuse a valid number from abroad ("+1 202 555 0100"): the shop's, a producer's and a store's
    phones are for buyers in Vietnam to call. Invalid numbers are the field's own "invalid" message."""
    parsed = _parsed(value)
    if parsed is not None and phonenumbers.region_code_for_number(parsed) != "VN":
        raise ValidationError(NOT_VIETNAMESE_PHONE, code="not_vietnamese")


# An extension at the end ("0912 345 678 ext. 9", "x9", ";ext=12"): its letters are read as a marker
# (and the checkout says it takes no extension), not as digits.
_EXTENSION = re.compile(r"(?:;ext=|\bext[a-z]*\.?|x|#)\s*\d+\s*$", re.IGNORECASE)


def has_letters(typed: str) -> bool:
    """Whether a typed phone has a letter in its number ("09123abc78", "O912345678" with the letter O)."""
    return any(ch.isalpha() for ch in _EXTENSION.sub("", typed))


class TypedPhoneField(formfields.PhoneNumberField):
    """A phone box that refuses letters. phonenumbers reads them as a phone's keypad does (abc → 2, the
    letter O → 6) or drops them ("0912345678x"), so "09123abc78" would be saved as 0912 322 278, a
    number the buyer never typed, and the shop would call a stranger to confirm the order."""

    def to_python(self, value):
        if isinstance(value, str) and has_letters(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class VietnamesePhoneField(PhoneNumberField):
    """A PhoneNumberField that refuses numbers from abroad, and letters in its box. Migrations know it
    as the plain PhoneNumberField (validators change no column), so adopting it needs none."""

    default_validators = [*PhoneNumberField.default_validators, validate_vietnamese_phone]

    def formfield(self, form_class=None, **kwargs):
        return super().formfield(form_class=form_class or TypedPhoneField, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "phonenumber_field.modelfields.PhoneNumberField", args, kwargs


def phone_field(verbose_name, **kwargs) -> PhoneNumberField:
    """An optional phone of a page or a setting: typed as people write it, refused with a Vietnamese
    message when it is no phone number or a number from abroad, stored E.164."""
    return VietnamesePhoneField(
        verbose_name, region="VN", blank=True, error_messages={"invalid": INVALID_PHONE}, **kwargs
    )


def _parsed(number):
    """A valid phonenumbers.PhoneNumber, or None (empty, or text kept from before validation)."""
    if not number:
        return None
    if isinstance(number, phonenumbers.PhoneNumber):
        parsed = number
    else:
        try:
            parsed = phonenumbers.parse(str(number), "VN")
        except phonenumbers.NumberParseException:
            return None
    return parsed if phonenumbers.is_valid_number(parsed) else None


def display_phone(number) -> str:
    """+84912345678 → "0912 345 678"; numbers from abroad keep their international form; text that is
    no valid number is shown as it was typed."""
    parsed = _parsed(number)
    if parsed is None:
        return str(number or "")
    fmt = phonenumbers.PhoneNumberFormat
    if parsed.country_code == 84:
        return phonenumbers.format_number(parsed, fmt.NATIONAL)
    return phonenumbers.format_number(parsed, fmt.INTERNATIONAL)


def e164(number) -> str:
    """+84912345678, or "" for what is no valid number (never dialled, never put in structured data)."""
    parsed = _parsed(number)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) if parsed else ""


# Vietnam's 1800 (free) and 1900 (premium) service numbers are reached only from inside the country,
# and many networks do not connect them dialled as +84 1800…: a link dials them as written.
DOMESTIC_ONLY = {phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.PREMIUM_RATE}


def dialled(number) -> str:
    """What a `tel:` link dials: E.164 (+84912345678), or "18001234" for a service number; "" for what
    is no valid number."""
    parsed = _parsed(number)
    if parsed is None:
        return ""
    if parsed.country_code == 84 and phonenumbers.number_type(parsed) in DOMESTIC_ONLY:
        return phonenumbers.format_number_for_mobile_dialing(parsed, "VN", with_formatting=False)
    return e164(parsed)


def phone_link(number) -> str:
    """`<a href="tel:+84912345678">0912 345 678</a>`; text that is no valid number, without a link."""
    if not dialled(number):
        return display_phone(number)
    return format_html('<a href="tel:{}">{}</a>', dialled(number), display_phone(number))
