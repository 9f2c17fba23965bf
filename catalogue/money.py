"""Money in whole đồng (VND has no minor unit), formatted the Vietnamese way: `45.000 ₫`.

One plain function for Python code (emails, messages, admin columns, search filters); the `vnd`
template filter is a thin wrapper around it.
"""

import re

from .text import fold

CURRENCY_SIGN = "₫"

# An amount as people type it names its currency before or after it, or twice: "45.000 ₫", "45.000đ",
# "45.000 VNĐ", "đ 45.000", "45.000 đồng". Matched on folded text (lower case, no marks: "vnđ" is "vnd").
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_CURRENCY = re.compile(r"^(?:₫|vnd|dong|d)\s*|\s*(?:₫|vnd|dong|d)$")


def group_thousands(amount: int) -> str:
    """45000 → "45.000": Vietnamese groups thousands with a dot."""
    value = int(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(value):,}".replace(",", ".")


def format_vnd(amount) -> str:
    """45000 → "45.000 ₫" (a no-break space keeps the sign with its number); junk → ""."""
    if amount is None or amount == "":
        return ""
    try:
        grouped = group_thousands(int(amount))
    except (TypeError, ValueError):
        return ""
    return f"{grouped}\u00a0{CURRENCY_SIGN}"


def without_currency(typed: str) -> str:
    """An amount as typed, folded, its spaces made plain single spaces, without the currency it names:
    "45 000 ₫" → "45 000", "đ 30.000 đồng" → "30.000". What is left is for the caller to read (the
    admin's whole numbers, the search's price boxes)."""
    text = _SPACES.sub(" ", fold(typed or "")).strip()
    text = _CURRENCY.sub("", text, count=1)
    return _CURRENCY.sub("", text, count=1)  # "đ 30.000 đồng" names it twice
