"""Phone numbers: stored E.164 (+84…), shown the way Vietnamese write them (0912 345 678)."""

import phonenumbers


def display_phone(number) -> str:
    """+84912345678 → "0912 345 678"; numbers from abroad keep their international form."""
    if not number:
        return ""
    parsed = number if isinstance(number, phonenumbers.PhoneNumber) else phonenumbers.parse(str(number), "VN")
    fmt = phonenumbers.PhoneNumberFormat
    if parsed.country_code == 84:
        return phonenumbers.format_number(parsed, fmt.NATIONAL)
    return phonenumbers.format_number(parsed, fmt.INTERNATIONAL)


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
