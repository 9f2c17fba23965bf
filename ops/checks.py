"""System checks of the operations settings (`manage.py check`, and every command's start)."""

from django.conf import settings
from django.core.checks import Warning, register

from .views import as_network


@register()
def metrics_allowed_ips(app_configs, **kwargs):
    """An entry that is neither an address nor a network (a host name) lets no scraper in."""
    return [
        Warning(
            f"METRICS_ALLOWED_IPS: {entry!r} is neither an address nor a network; it is ignored.",
            hint="List addresses (127.0.0.1) or networks (172.16.0.0/12), separated by commas.",
            id="ops.W001",
        )
        for entry in settings.METRICS_ALLOWED_IPS
        if as_network(entry) is None
    ]
