"""A Redis cache per xdist worker: its own key prefix, and `clear()` empties only that prefix.

Tests clear the cache between them (scan counters, the menu); django-redis' `clear()` is Redis'
FLUSHDB, which would empty the other workers' caches mid-test.
"""

from config.cache import ResilientRedisCache


class WorkerRedisCache(ResilientRedisCache):
    def clear(self):
        self.delete_pattern("*")
