"""What an outage that lasts says again, and when: once when it starts, then at most once a minute.

The mark is added to the shared cache (as the scheduler claims its slots), so the processes that share
it (gunicorn's workers, the worker) say it once between them; while the cache is out as well (Redis
down), each process keeps its own clock.
"""

import threading
import time

from django.core.cache import cache

SAY_AGAIN_AFTER_SECONDS = 60


class Reminder:
    def __init__(self, key: str, seconds: float = SAY_AGAIN_AFTER_SECONDS):
        self.key = f"ops:said:{key}"
        self.seconds = seconds
        self.local_next_at = 0.0
        self.lock = threading.Lock()

    def due(self) -> bool:
        """True when the line is to be said now; False when it was said less than `seconds` ago."""
        if cache.add(self.key, 1, timeout=self.seconds):
            return True
        if cache.get(self.key) is not None:
            return False  # said in this period, here or by another process
        with self.lock:  # the cache itself is out: this process's clock
            now = time.monotonic()
            if now < self.local_next_at:
                return False
            self.local_next_at = now + self.seconds
            return True

    def forget(self) -> None:
        """The outage is over: the next one is said at once."""
        cache.delete(self.key)
        with self.lock:
            self.local_next_at = 0.0
