"""Rate limits per client address on the endpoints a script could hammer (cart, checkout,
suggestions), counted in Django's cache in fixed one-minute windows.

Over the limit, the visitor gets a 429 page (JSON for JSON endpoints, and for a page's script that
asks for JSON, such as the add-to-cart forms') with Retry-After. When the
cache is down, requests pass: a limit must never cost a shopper the shop. Limits per scope are
`RATE_LIMITS` in settings; `RATE_LIMITS_ENABLED = False` turns them off.
"""

import functools
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60


def client_address(request) -> str:
    # Behind a trusted proxy (TRUSTED_PROXIES) the client's own address: ops.proxies.TrustedProxyMiddleware
    # puts it there before any view runs.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(scope: str, request) -> int | None:
    """Count this request; seconds until the window ends if over the limit, else None."""
    limit = settings.RATE_LIMITS.get(scope)
    if not settings.RATE_LIMITS_ENABLED or not limit:
        return None
    now = int(time.time())
    window = now // WINDOW_SECONDS
    key = f"ratelimit:{scope}:{client_address(request)}:{window}"
    try:
        cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
        count = cache.incr(key)  # raises when the cache cannot count (config.cache)
    except Exception:  # a cache outage lets requests through
        logger.debug("rate limit %s not counted", scope, exc_info=True)
        return None
    if count <= limit:
        return None
    return (window + 1) * WINDOW_SECONDS - now or 1


def asks_for_json(request) -> bool:
    """Whether the client prefers JSON to a page (a page's script posting its form with fetch)."""
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def rate_limit(scope: str, methods=("POST",), json=False):
    """Limit a view's `methods` to RATE_LIMITS[scope] requests per minute per client address."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            retry_after = hit(scope, request) if request.method in methods else None
            if retry_after is None:
                return view(request, *args, **kwargs)
            if json or asks_for_json(request):
                response = JsonResponse({"error": _("Quá nhiều yêu cầu, vui lòng thử lại sau.")}, status=429)
            else:
                response = render(request, "429.html", {"retry_after": retry_after}, status=429)
            response["Retry-After"] = str(retry_after)
            return response

        return wrapper

    return decorator


@dataclass(frozen=True)
class Allowance:
    """So many counted events per client address in a window that starts with the first of them (a
    missed order lookup, a copied-label report): checked before the work, counted only when the work
    is one that counts, so a buyer's ordinary use costs nothing. Unlike `hit`'s one-minute windows, the
    window is as long as the abuse it stops needs (a quarter of an hour)."""

    name: str
    limit: int
    seconds: int

    def _key(self, request) -> str:
        return f"{self.name}:{client_address(request)}"

    def used_up(self, request) -> bool:
        """Whether this address has used its allowance for the window (never while the cache is down:
        a limit must never cost a shopper the shop)."""
        try:
            return (cache.get(self._key(request)) or 0) >= self.limit
        except Exception:  # the cache logs its outage once (config.cache), not once per request here
            logger.debug("allowance %s not read", self.name, exc_info=True)
            return False

    def count(self, request) -> None:
        """Count one event from this address; the window starts with the first."""
        key = self._key(request)
        try:
            if not cache.add(key, 1, self.seconds):
                cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, self.seconds)
        except Exception:
            logger.debug("allowance %s not counted", self.name, exc_info=True)
