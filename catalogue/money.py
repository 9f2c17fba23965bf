"""Money in whole đồng (VND has no minor unit), formatted the Vietnamese way: `45.000 ₫`.

One plain function for Python code (emails, messages, admin columns, search filters); the `vnd`
template filter is a thin wrapper around it.
"""

CURRENCY_SIGN = "₫"


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
