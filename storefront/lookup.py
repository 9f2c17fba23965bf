"""Finding an order again without its secret link: by its code and the phone it was placed with.

Both must match, and a miss says the same whichever was wrong, so the form cannot be used to learn which
codes exist. Failed lookups are counted per client address in the cache (a fixed window), so codes
cannot be guessed by brute force: LOOKUP_ATTEMPTS misses per LOOKUP_WINDOW_SECONDS. A lookup that finds
the order, or a form not filled in, costs nothing: a buyer who opens their order a few times a day
is not guessing.
"""

from catalogue.ratelimit import Allowance

from .models import Order

# Misses per client address per window (catalogue.ratelimit.Allowance).
MISSED_LOOKUPS = Allowance("order-lookup", limit=10, seconds=15 * 60)
LOOKUP_ATTEMPTS = MISSED_LOOKUPS.limit
LOOKUP_WINDOW_SECONDS = MISSED_LOOKUPS.seconds

# CODE_ALPHABET leaves out 0/O and 1/I, yet every code starts with "OC", whose O looks like 0 in the
# order page's monospace heading: a typed 0 can only mean O, and a typed 1 only I.
# Dashes of every width (phones autocorrect "-" into "–") separate, they are not part of the code.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "-": None, "\u2010": None, "\u2013": None, "\u2014": None})


class TooManyAttempts(Exception):
    """The client has used up its attempts for this window."""


def refuse_if_too_many(request) -> None:
    """Raise TooManyAttempts when this client has missed LOOKUP_ATTEMPTS times in the window."""
    if MISSED_LOOKUPS.used_up(request):
        raise TooManyAttempts


def count_failure(request) -> None:
    """Count one lookup that found nothing; the window starts at the first."""
    MISSED_LOOKUPS.count(request)


def normalise_code(typed: str) -> str:
    """The code as stored, from what a buyer types: "oc-cw5u egs8f" or "0CW5UEGS8F" → "OCCW5UEGS8F"."""
    return "".join((typed or "").split()).upper().translate(_LOOKALIKES)


def find_order(code: str, phone) -> Order | None:
    """The order with this code placed with this phone (E.164), or None for any mismatch."""
    code = normalise_code(code)
    if not code or phone is None:
        return None
    return Order.objects.filter(code=code, phone=phone).first()
