"""The site's one public origin, `SITE_URL`: the Wagtail Site follows it, so that every absolute URL
the site prints (sitemap, JSON-LD, redirects, linksets, emails, QR codes) starts with it.

Wagtail builds full URLs from the default Site's hostname and port, so the Site is set from
SITE_URL after every `migrate` (which `make run` runs) and so whenever SITE_URL changes.
"""

import logging
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def absolute(url: str) -> str:
    """A path (or an already absolute URL, e.g. on object storage) as an absolute URL on SITE_URL."""
    return urljoin(site_url() + "/", url)


def host_and_port(url: str) -> tuple[str, int]:
    """The hostname and port a Wagtail Site needs for this origin (80/443 when the URL has none)."""
    parts = urlsplit(url)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


def sync_default_site(using: str = DEFAULT_DB_ALIAS, **kwargs) -> bool:
    """Point the default Wagtail Site at SITE_URL; True if it changed. A post_migrate receiver."""
    from wagtail.models import Site

    if Site._meta.db_table not in connections[using].introspection.table_names():
        return False  # a partial migrate (e.g. `migrate places`): nothing to sync yet
    hostname, port = host_and_port(site_url())
    changed = (
        Site.objects.using(using)
        .filter(is_default_site=True)
        .exclude(hostname=hostname, port=port)
        .update(hostname=hostname, port=port)
    )
    if changed:
        logger.info("Default site now at %s (SITE_URL)", site_url())
    return bool(changed)
