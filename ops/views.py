"""Prometheus metrics for the scrapers listed in settings.METRICS_ALLOWED_IPS; a 404 for anyone else.

Entries are addresses ("127.0.0.1") or networks ("172.16.0.0/12"): in docker compose the scraper's
container has an address of the stack's network that no list could know in advance. Varnish answers
/metrics itself with a 404 (deploy/varnish/default.vcl), so visitors never reach it from the network's
own address, which the proxied requests carry."""

import ipaddress
from functools import cache

from django.conf import settings
from django.http import Http404
from django_prometheus.exports import ExportToDjangoView


def metrics(request):
    if not allowed(request.META.get("REMOTE_ADDR", "")):
        raise Http404
    return ExportToDjangoView(request)


def allowed(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in scrapers(tuple(settings.METRICS_ALLOWED_IPS)))


@cache
def scrapers(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """The entries as networks (an address is a network of one); entries that are neither are left out
    (`manage.py check` warns of them: ops/checks.py)."""
    return tuple(network for entry in entries if (network := as_network(entry)) is not None)


def as_network(entry: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(entry.strip(), strict=False)
    except ValueError:
        return None
