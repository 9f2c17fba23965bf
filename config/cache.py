"""The Redis cache, made to survive Redis: when it is down every cache call is a miss (or a no-op)
at once, the outage is logged once and its end once, and the shop keeps selling from the database.
A count is the exception: `incr` and `decr` have no answer that means "missed", so they raise the
outage's error (as django-redis does without IGNORE_EXCEPTIONS) rather than return None, which a
caller would take for a number; each caller says what it does instead (a package's check goes to
the database, a rate limit lets the request through).

django-redis's IGNORE_EXCEPTIONS turns connection errors into misses but tries Redis (and its
connection retries) on every call and logs each one. This backend adds a breaker: after a failure,
Redis is left alone for `DOWN_RETRY_SECONDS`, then tried again. When it answers again, cached
sessions are dropped, since sessions saved meanwhile went to the database only (`cached_db`) and a
copy cached before the outage would hide them.
"""

import logging
import threading
import time
import weakref
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)
OUTAGES = (RedisConnectionError, RedisTimeoutError, TimeoutError)

SESSION_KEYS = "django.contrib.sessions.cache*"  # cached_db's key prefix (cache and cached_db share it)


class _Breaker:
    """Whether Redis is known to be down, shared by the threads of one process and by every cache
    alias on the same server (the default cache and the page cache), so an outage is logged once."""

    def __init__(self, retry_seconds: float):
        self.retry_seconds = retry_seconds
        self.down_since: float | None = None
        self.cause = None  # the error that showed Redis down, for the errors raised while it is
        self.retry_at = 0.0
        self.lock = threading.Lock()
        self.caches = weakref.WeakSet()  # told when Redis is back, whichever noticed it

    def allows_a_call(self) -> bool:
        return self.down_since is None or time.monotonic() >= self.retry_at

    def failed(self, error) -> None:
        with self.lock:
            self.retry_at = time.monotonic() + self.retry_seconds
            self.cause = error.__cause__ or error
            if self.down_since is None:
                self.down_since = time.monotonic()
                logger.warning(
                    "Redis is unreachable (%s): the cache answers misses and sessions come from the "
                    "database until it is back.",
                    error,
                )

    def succeeded(self) -> bool:
        """True once, on the first success after an outage."""
        if self.down_since is None:
            return False
        with self.lock:
            if self.down_since is None:
                return False
            seconds = time.monotonic() - self.down_since
            self.down_since = None
        logger.warning("Redis is back after %.0f s.", seconds)
        return True


def is_outage(error) -> bool:
    """Whether `error` is Redis being unreachable (what a count raises while it is down: see _counted)."""
    return isinstance(error, OUTAGES) or (
        isinstance(error, ConnectionInterrupted) and isinstance(error.__cause__, OUTAGES)
    )


class OutageLog:
    """What a piece of work that needs Redis says about an outage, as the breaker says it for the cache:
    a warning with the cause when it first stops, nothing while Redis stays down (no traceback per
    request for a known outage), one line when it works again. Another error is not an outage:
    `stopped` answers False and the caller logs it as it always did."""

    def __init__(self, log: logging.Logger, stopped: str, resumed: str):
        self.log = log
        self.stopped_message = stopped
        self.resumed_message = resumed
        self.down = False
        self.lock = threading.Lock()

    def stopped(self, error) -> bool:
        if not is_outage(error):
            return False
        with self.lock:
            first, self.down = not self.down, True
        if first:
            self.log.warning("%s (%s)", self.stopped_message, error.__cause__ or error)
        return True

    def worked(self) -> None:
        if not self.down:
            return
        with self.lock:
            was_down, self.down = self.down, False
        if was_down:
            self.log.info(self.resumed_message)


_BREAKERS: dict[tuple, "_Breaker"] = {}
_BREAKERS_LOCK = threading.Lock()


def _breaker_for(server, retry_seconds: float) -> _Breaker:
    with _BREAKERS_LOCK:
        return _BREAKERS.setdefault((str(server), retry_seconds), _Breaker(retry_seconds))


def breaker_for_url(url: str) -> _Breaker:
    """What this process knows of the Redis at `url`: the breaker of the cache kept there, so that the
    task queue skips a Redis the cache found down and the cache one the queue found down; a breaker
    of its own (REDIS_DOWN_RETRY_SECONDS) if no cache is kept there. Query options (timeouts) aside."""
    server = _server(url)
    for alias, params in settings.CACHES.items():
        if params["BACKEND"] == RESILIENT_BACKEND and _server(params.get("LOCATION", "")) == server:
            return caches[alias]._breaker
    return _breaker_for(server, settings.REDIS_DOWN_RETRY_SECONDS)


def _server(url: str) -> str:
    return urlsplit(str(url))._replace(query="", fragment="").geturl()


class _GuardedClient:
    """Stands in front of django-redis's client: skips calls while Redis is down, notices outages."""

    def __init__(self, client, breaker: _Breaker):
        self._client = client
        self._breaker = breaker

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def guarded(*args, **kwargs):
            if self._breaker.down_since is not None and not self._back_up():
                cause = self._breaker.cause or "Redis is down"
                raise ConnectionInterrupted(connection=None) from RedisConnectionError(str(cause))
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                if isinstance(error.__cause__, OUTAGES):
                    self._breaker.failed(error)
                raise

        return guarded

    def _back_up(self) -> bool:
        """While Redis is down, one PING per retry period says whether it is back."""
        if not self._breaker.allows_a_call():
            return False
        try:
            self._client.get_client(write=True).ping()
        except OUTAGES as error:
            self._breaker.failed(error)
            return False
        if self._breaker.succeeded():
            for cache in list(self._breaker.caches):
                if cache.forget_all_after_outage:
                    _forget_everything(cache)
                else:
                    _forget_cached_sessions(cache)
        return True


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        # A copy: the page cache's settings share this dict with the default cache's (settings.py).
        options = params["OPTIONS"] = {**params.get("OPTIONS", {})}
        options["CONNECTION_POOL_KWARGS"] = {**options.get("CONNECTION_POOL_KWARGS", {})}
        options["IGNORE_EXCEPTIONS"] = True
        # No reconnect-and-backoff loop inside redis-py: one quick failure, then the breaker decides.
        options.setdefault("CONNECTION_POOL_KWARGS", {}).setdefault("retry", Retry(NoBackoff(), 0))
        retry_seconds = float(options.pop("DOWN_RETRY_SECONDS", 5))
        # The page cache: purges sent while Redis was down were lost, so nothing it held before can
        # be trusted once it is back (every entry, tag version and routing entry goes).
        self.forget_all_after_outage = bool(options.pop("FORGET_ALL_AFTER_OUTAGE", False))
        super().__init__(server, params)
        self._log_ignored_exceptions = False  # the breaker logs the outage once instead
        self._breaker = _breaker_for(server, retry_seconds)
        self._breaker.caches.add(self)
        self._guarded = None

    @property
    def client(self):
        if self._guarded is None:
            self._guarded = _GuardedClient(super().client, self._breaker)
        return self._guarded

    def incr(self, *args, **kwargs):
        return _counted(self.client.incr, *args, **kwargs)

    def decr(self, *args, **kwargs):
        return _counted(self.client.decr, *args, **kwargs)


RESILIENT_BACKEND = f"{__name__}.{ResilientRedisCache.__qualname__}"


def _counted(count, *args, **kwargs):
    """The count, or the outage's own error (redis' ConnectionError or TimeoutError): never None."""
    try:
        return count(*args, **kwargs)
    except ConnectionInterrupted as interrupted:
        if interrupted.__cause__ is None:
            raise
        raise interrupted.__cause__ from None


def _forget_everything(cache) -> None:
    """Every key under this cache's prefix (never the whole Redis database, which others share)."""
    try:
        super(ResilientRedisCache, cache).client.delete_pattern("*")
    except ConnectionInterrupted:
        logger.warning("The page cache could not be emptied after the Redis outage.")


def _forget_cached_sessions(cache) -> None:
    """Sessions live under the default cache's prefix; under the page cache's there are none."""
    try:
        super(ResilientRedisCache, cache).client.delete_pattern(SESSION_KEYS)
    except ConnectionInterrupted:
        logger.warning("Cached sessions could not be dropped after the Redis outage.")
