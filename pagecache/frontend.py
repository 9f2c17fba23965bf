"""Purges sent to Varnish or a CDN through Wagtail's frontend cache invalidation.

`FRONTEND_CACHE_URL` (e.g. http://127.0.0.1:6081) configures `WAGTAILFRONTENDCACHE` with
`VarnishBackend`: Wagtail's HTTP PURGE backend, plus a BAN of a whole host for "purge everything".
The VCL in deploy/varnish/default.vcl turns a PURGE of a path into a ban of every language and
query-string variant of it.

Purges run after commit inside the request that made the change (a sale, an admin save), so a
Varnish that is down must never hold that request: each purge gives up after `TIMEOUT` seconds
(`FRONTEND_CACHE_TIMEOUT`), and once one has failed, no process sends any for `DOWN_RETRY_SECONDS`
(one request or job then tries again), so a hung Varnish costs one request one timeout per period, not
every thread of the server for good. The outage is kept in the shared cache (as Stripe's is), since the
RQ worker runs each job in a process of its own that would otherwise meet the outage afresh: every job
waited the timeout and logged it again. The outage is logged once and its end once, by whichever
process sees it (as the Redis cache does, config/cache.py); with the shared cache out too, each
process goes by what it saw itself. The purges skipped meanwhile are lost, so the first purge Varnish
takes again is preceded by a BAN of every site: nothing stale stays in it.
"""

import logging
import threading
import time
from urllib.error import HTTPError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.core.cache import cache
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest
from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache
from wagtail.models import Site

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 2.0  # a Varnish on the same network answers a PURGE in milliseconds
DOWN_RETRY_SECONDS = 10.0


def _site_roots() -> set[str]:
    return {root.root_url for root in Site.get_site_root_paths()}


def _site_urls(paths):
    return [root.rstrip("/") + path for root in _site_roots() for path in paths]


def purge_paths(paths) -> None:
    if get_backends():
        purge_urls_from_cache(_site_urls(sorted(paths)))


def purge_everything() -> None:
    for backend in get_backends().values():
        if hasattr(backend, "purge_everything"):
            for root in _site_roots():
                backend.purge_everything(root)
        else:
            purge_urls_from_cache(_site_urls(["/"]))


class _Target:
    """Whether one Varnish (a FRONTEND_CACHE_URL) takes purges: in the shared cache for every process
    (when it went down, wall clock; whose turn it is to try again), and in this process's memory for
    when the shared cache is out as well. Wagtail builds a new backend for every purge, so this
    outlives them."""

    def __init__(self, location: str):
        self.location = location
        self.down_key = f"pagecache:frontend:{location}:down-since"
        self.retry_key = f"pagecache:frontend:{location}:retrying"
        self.local_down_since: float | None = None
        self.local_retry_at = 0.0
        self.lock = threading.Lock()

    def down_since(self) -> float | None:
        shared = cache.get(self.down_key)
        return shared if shared is not None else self.local_down_since

    def may_try(self, retry_seconds: float) -> bool:
        """While down, one caller per retry period tries again (of every process); the others skip at once."""
        if self.down_since() is None:
            return True
        if cache.add(self.retry_key, 1, timeout=retry_seconds):
            return True
        if cache.get(self.retry_key) is not None:
            return False  # another request or job tries in this period
        with self.lock:  # the shared cache is out: this process's clock
            now = time.monotonic()
            if now < self.local_retry_at:
                return False
            self.local_retry_at = now + retry_seconds
            return True

    def failed(self, error: OSError, retry_seconds: float) -> None:
        now = time.time()
        with self.lock:
            self.local_retry_at = time.monotonic() + retry_seconds
            first_here = self.local_down_since is None
            if first_here:
                self.local_down_since = now
        cache.set(self.retry_key, 1, timeout=retry_seconds)
        if cache.add(self.down_key, now, timeout=None):
            first = True
        elif cache.get(self.down_key) is not None:
            first = False  # another process saw it first, and said so
        else:
            first = first_here
        if first:
            logger.warning(
                "Varnish at %s does not take purges (%s): purges are skipped until it answers, then the "
                "whole site is banned there.",
                self.location,
                getattr(error, "reason", error),
            )

    def answered(self) -> None:
        with self.lock:
            local, self.local_down_since = self.local_down_since, None
        shared = cache.get(self.down_key)
        if shared is None and local is None:
            return
        # delete() is true for the one process that removed the mark: that one says so.
        back = cache.delete(self.down_key) or (shared is None and not _shared_cache_works())
        if back:
            logger.warning(
                "Varnish at %s takes purges again after %.0f s; every site was banned there.",
                self.location,
                time.time() - (shared if shared is not None else local),
            )


def _shared_cache_works() -> bool:
    cache.set("pagecache:frontend:probe", 1, timeout=5)
    return cache.get("pagecache:frontend:probe") == 1


_TARGETS: dict[str, _Target] = {}
_TARGETS_LOCK = threading.Lock()


def _target_for(location: str) -> _Target:
    with _TARGETS_LOCK:
        return _TARGETS.setdefault(location, _Target(location))


def forget_targets() -> None:
    """Forget what this process saw of Varnish servers, as a new process would (for tests)."""
    with _TARGETS_LOCK:
        _TARGETS.clear()


class _Ban(Request):
    def get_method(self):
        return "BAN"


class VarnishBackend(HTTPBackend):
    """Wagtail's HTTP PURGE backend, with a timeout, one log line per outage, and a BAN of a whole
    host for "purge everything". Options beside LOCATION: TIMEOUT, DOWN_RETRY_SECONDS (seconds)."""

    def __init__(self, params):
        params = dict(params)
        self.timeout = float(params.pop("TIMEOUT", TIMEOUT_SECONDS))
        self.retry_seconds = float(params.pop("DOWN_RETRY_SECONDS", DOWN_RETRY_SECONDS))
        super().__init__(params)
        self.target = _target_for(f"{self.cache_scheme}://{self.cache_netloc}")

    def purge(self, url: str) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls) -> None:
        self._send_all([self._purge_request(url) for url in urls])

    def purge_everything(self, root_url: str) -> None:
        self._send_all([self._ban_request(root_url)])

    def _purge_request(self, url: str) -> Request:
        # As Wagtail's HTTPBackend.purge builds it: the page's path sent to Varnish, under its own Host.
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        path = urlunsplit([self.cache_scheme, self.cache_netloc, parts.path, parts.query, parts.fragment])
        return PurgeRequest(url=path, headers={"Host": host, "User-Agent": "Wagtail-frontendcache"})

    def _ban_request(self, root_url: str) -> Request:
        host = root_url.split("://", 1)[-1].rstrip("/")
        return _Ban(f"{self.cache_scheme}://{self.cache_netloc}/", headers={"Host": host})

    def _send_all(self, requests) -> None:
        if not self.target.may_try(self.retry_seconds):
            return  # known down: the ban sent when it answers again covers this purge
        if self.target.down_since() is not None:  # trying again after an outage: what it missed first
            requests = [self._ban_request(root) for root in sorted(_site_roots())] + list(requests)
        try:
            for request in requests:
                self._send(request)
        except OSError as error:  # refused, reset, timed out, not resolved: the rest would fare the same
            self.target.failed(error, self.retry_seconds)
            return
        self.target.answered()

    def _send(self, request: Request) -> None:
        try:
            urlopen(request, timeout=self.timeout).close()  # noqa: S310 - the scheme comes from FRONTEND_CACHE_URL
        except HTTPError as error:  # Varnish answered, and refused (not among its purgers?): not an outage
            logger.error(
                "Varnish refused %s %s (Host %s): %s %s",
                request.get_method(),
                request.full_url,
                request.get_header("Host"),
                error.code,
                error.reason,
            )
