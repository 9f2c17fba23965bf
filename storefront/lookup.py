"""Finding an order again without its secret link: by its code and the phone it was placed with.

Both must match, and a miss says the same whichever was wrong, so the form cannot be used to learn which
codes exist. Attempts are counted per client address in the cache (a fixed window), so codes cannot be
guessed by brute force: LOOKUP_ATTEMPTS per LOOKUP_WINDOW_SECONDS.
"""

from django.core.cache import cache

from .models import Order

LOOKUP_ATTEMPTS = 10
LOOKUP_WINDOW_SECONDS = 15 * 60
_KEY = "order-lookup:{client}"


class TooManyAttempts(Exception):
    """The client has used up its attempts for this window."""


def client_key(request) -> str:
    # REMOTE_ADDR is the proxy's address behind a proxy; SecurityMiddleware's SECURE_PROXY_SSL_HEADER
    # setting does not rewrite it, so a shared address shares the allowance (stricter, never looser).
    return _KEY.format(client=request.META.get("REMOTE_ADDR", "unknown"))


def count_attempt(request) -> None:
    """Count one attempt; raise TooManyAttempts past the allowance (the attempt is then not made)."""
    key = client_key(request)
    cache.add(key, 0, LOOKUP_WINDOW_SECONDS)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, LOOKUP_WINDOW_SECONDS)
        attempts = 1
    if attempts > LOOKUP_ATTEMPTS:
        raise TooManyAttempts


def find_order(code: str, phone) -> Order | None:
    """The order with this code placed with this phone (E.164), or None for any mismatch."""
    code = (code or "").strip().upper()
    if not code or phone is None:
        return None
    return Order.objects.filter(code=code, phone=phone).first()
