"""Who the client is behind Varnish (or any reverse proxy): the one place that decides.

Behind a proxy every request comes from the proxy's own address, so rate limits, the order lookup's
allowance, django-axes' login lockout and the metrics allow-list would all see one client for the whole
shop. `TRUSTED_PROXIES` names the proxies (addresses or networks); when a request's immediate peer is one
of them, the client is the rightmost X-Forwarded-For address that is not itself a trusted proxy: each
proxy appends the address it got the request from, so what lies left of the first untrusted address is
whatever that client chose to send. Unset (the default), nothing is trusted and REMOTE_ADDR stays the
peer's, whatever X-Forwarded-For says.

`TrustedProxyMiddleware` runs early and puts the client's address in REMOTE_ADDR, so everything after it
(catalogue.ratelimit, axes, /metrics) reads the same answer from the same place.
"""

import ipaddress
from functools import cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def as_network(entry: str) -> Network | None:
    """An address or network as written in a setting (an address is a network of one); None if neither."""
    try:
        return ipaddress.ip_network(entry.strip(), strict=False)
    except ValueError:
        return None


@cache
def networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """The entries as networks; entries that are neither are left out (`manage.py check` names them)."""
    return tuple(network for entry in entries if (network := as_network(entry)) is not None)


def as_address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_in(address: str, entries) -> bool:
    """Whether `address` is one of, or in one of, the addresses and networks `entries` lists."""
    ip = as_address(address)
    return ip is not None and any(ip in network for network in networks(tuple(entries)))


def forwarded_addresses(request) -> list[str]:
    """The addresses X-Forwarded-For names, leftmost first (several headers arrive joined by commas)."""
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return [hop.strip() for hop in header.split(",") if hop.strip()]


def client_behind(peer: str, forwarded_for: list[str], trusted: tuple[str, ...]) -> str:
    """The client's address for a request from `peer` carrying `forwarded_for` (leftmost first)."""
    if not is_in(peer, trusted):
        return peer  # not from a proxy we trust: its X-Forwarded-For may say anything
    for hop in reversed(forwarded_for):
        if as_address(hop) is None:
            return peer  # a trusted proxy always appends an address; garbage here is not a client's
        if not is_in(hop, trusted):
            return hop
    # Every hop a trusted proxy (a request from inside the proxies' own network): the first one.
    return forwarded_for[0] if forwarded_for else peer


class TrustedProxyMiddleware:
    """REMOTE_ADDR becomes the client's address when the request came through a trusted proxy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        trusted = tuple(settings.TRUSTED_PROXIES)
        if trusted:
            peer = request.META.get("REMOTE_ADDR", "")
            request.META["REMOTE_ADDR"] = client_behind(peer, forwarded_addresses(request), trusted)
        return self.get_response(request)


def address_for_axes(request) -> str | None:
    """The client's address as TrustedProxyMiddleware decided it, for django-axes
    (AXES_CLIENT_IP_CALLABLE), whose records keep it in an IP address column: None when the request has
    no address (a sign-in made in code, a Unix socket), which PostgreSQL's inet column would refuse as
    "unknown"."""
    address = request.META.get("REMOTE_ADDR", "")
    return address if as_address(address) is not None else None
