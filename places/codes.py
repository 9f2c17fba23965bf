"""Province and commune codes as visitors send them: in a query string, a form or a session."""

# Communes have five digits, provinces two; a longer number is no code (and would overflow the
# database's integer: a 500 rather than "not found").
CODE_DIGITS = 5


def parse_code(value) -> int | None:
    """The code `value` holds (a number, its text, or a Province or Commune), or None for anything
    else. Only ASCII digits count: "²" and "１" are digits to `str.isdigit` but `int("²")` fails."""
    text = str(getattr(value, "pk", value) if value is not None else "").strip()
    if text.isascii() and text.isdigit() and len(text) <= CODE_DIGITS:
        return int(text)
    return None
