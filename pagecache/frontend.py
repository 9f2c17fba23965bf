"""Purges sent to Varnish or a CDN through Wagtail's frontend cache invalidation.

`FRONTEND_CACHE_URL` (e.g. http://127.0.0.1:6081) configures `WAGTAILFRONTENDCACHE` with
`VarnishBackend`: Wagtail's HTTP PURGE backend, plus a BAN of a whole host for "purge everything".
The VCL in deploy/varnish/default.vcl turns a PURGE of a path into a ban of every language and
query-string variant of it.
"""

from urllib.request import Request, urlopen

from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.utils import get_backends, logger, purge_urls_from_cache
from wagtail.models import Site


def _site_urls(paths):
    roots = {root.root_url for root in Site.get_site_root_paths()}
    return [root.rstrip("/") + path for root in roots for path in paths]


def purge_paths(paths) -> None:
    if get_backends():
        purge_urls_from_cache(_site_urls(sorted(paths)))


def purge_everything() -> None:
    for backend in get_backends().values():
        if hasattr(backend, "purge_everything"):
            for root in {root.root_url for root in Site.get_site_root_paths()}:
                backend.purge_everything(root)
        else:
            purge_urls_from_cache(_site_urls(["/"]))


class _Ban(Request):
    def get_method(self):
        return "BAN"


class VarnishBackend(HTTPBackend):
    def purge_everything(self, root_url: str) -> None:
        host = root_url.split("://", 1)[-1].rstrip("/")
        request = _Ban(f"{self.cache_scheme}://{self.cache_netloc}/", headers={"Host": host})
        try:
            urlopen(request, timeout=5)  # noqa: S310 - the scheme comes from FRONTEND_CACHE_URL
        except OSError as error:
            logger.error("Couldn't ban %s from the HTTP cache: %s", root_url, error)
