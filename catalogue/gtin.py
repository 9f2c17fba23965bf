"""GTIN rules (GS1 General Specifications): lengths 8, 12, 13 and 14, a mod-10 check digit, and the
14-digit form used as the key of GS1 Digital Link URIs. Parsing and the check digit come from biip."""

import unicodedata

from biip import ParseError
from biip.gtin import Gtin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

GTIN_LENGTHS = (8, 12, 13, 14)


class InvalidGtin(ValueError):
    """The text is not a GTIN: wrong length, not digits, or a wrong check digit."""


def ascii_digits(text: str) -> str:
    """Decimal digits of any script as ASCII ("８９３" typed in full width, or pasted from a PDF,
    becomes "893"); other characters are kept as they are."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def normalize_gtin(value: str) -> str:
    """Return the GTIN-14 form of a GTIN-8/12/13/14, or raise InvalidGtin with a readable reason."""
    value = ascii_digits((value or "").strip().replace(" ", ""))
    if not (value.isascii() and value.isdigit()):
        raise InvalidGtin(_("Mã GTIN chỉ gồm chữ số."))
    if len(value) not in GTIN_LENGTHS:
        raise InvalidGtin(_("Mã GTIN phải có 8, 12, 13 hoặc 14 chữ số."))
    try:
        return Gtin.parse(value).as_gtin_14()
    except ParseError as error:
        raise InvalidGtin(_("Số kiểm tra của mã GTIN không đúng.")) from error


def check_digit(payload: str) -> int:
    """The GS1 mod-10 check digit of the digits before it (used to invent valid demo GTINs)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(payload)))
    return (10 - total % 10) % 10


def with_check_digit(payload: str) -> str:
    return payload + str(check_digit(payload))


def short_gtin(gtin14: str) -> str:
    """The form printed under a barcode: GTIN-13 for the 893 prefix, without the padding zero."""
    return gtin14[1:] if gtin14.startswith("0") else gtin14


def validate_gtin(value: str) -> None:
    try:
        normalize_gtin(value)
    except InvalidGtin as error:
        raise ValidationError(str(error), code="invalid_gtin") from error
