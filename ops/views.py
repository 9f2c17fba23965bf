"""Prometheus metrics for the scrapers listed in settings.METRICS_ALLOWED_IPS; a 404 for anyone else.

Entries are addresses ("127.0.0.1") or networks ("172.16.0.0/12"): in docker compose the scraper's
container has an address of the stack's network that no list could know in advance. The client is the
one ops.proxies decided (the real client behind a trusted proxy), and a request that came through any
proxy (X-Forwarded-For, Forwarded, X-Real-IP) is served only when every address it names is a scraper's
too: Varnish's own address is in the private ranges compose allows, and its requests carry the visitor's
address, whatever spelling of /metrics got past the VCL."""

from django.conf import settings
from django.http import Http404
from django_prometheus.exports import ExportToDjangoView

from .proxies import forwarded_addresses, is_in

# Headers a proxy adds that this app does not read: their presence alone says "through a proxy".
UNREAD_PROXY_HEADERS = ("HTTP_FORWARDED", "HTTP_X_REAL_IP")


def metrics(request):
    if not allowed(request.META.get("REMOTE_ADDR", "")) or not forwarded_only_by_scrapers(request):
        raise Http404
    return ExportToDjangoView(request)


def allowed(address: str) -> bool:
    return is_in(address, settings.METRICS_ALLOWED_IPS)


def forwarded_only_by_scrapers(request) -> bool:
    """No proxy header, or an X-Forwarded-For whose every address is a scraper's (a proxy appends the
    address it got the request from, so a visitor cannot hide theirs by writing a scraper's first)."""
    if any(header in request.META for header in UNREAD_PROXY_HEADERS):
        return False
    return all(allowed(hop) for hop in forwarded_addresses(request))
