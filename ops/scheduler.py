"""A small clock for periodic tasks: settings.TASK_SCHEDULE maps a task's path to an interval in seconds.

Each interval is cut into slots (`now // interval`); a slot is claimed in the cache with `add`, so with a
shared cache (Redis) several schedulers on several machines still enqueue each slot once. The tasks
themselves run on the worker, retried like any other.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

logger = logging.getLogger("ops.scheduler")

HEARTBEAT_KEY = "ops:scheduler:heartbeat"


def due(now: float | None = None) -> list[str]:
    """Claim and return the scheduled tasks whose current slot nobody has enqueued yet."""
    now = time.time() if now is None else now
    claimed = []
    for path, every in settings.TASK_SCHEDULE.items():
        slot = int(now // every)
        if cache.add(f"ops:schedule:{path}:{slot}", 1, timeout=every * 2):
            claimed.append(path)
    return claimed


def tick(now: float | None = None) -> list[str]:
    """Enqueue what is due; a task that cannot be enqueued is logged and tried at its next slot."""
    enqueued = []
    for path in due(now):
        try:
            import_string(path).enqueue()
        except Exception:
            logger.exception("scheduled task %s not enqueued", path)
            continue
        enqueued.append(path)
        logger.info("scheduled task %s enqueued", path, extra={"task": path})
    try:
        cache.set(HEARTBEAT_KEY, time.time(), timeout=None)
    except Exception:
        logger.warning("scheduler heartbeat not written", exc_info=True)
    return enqueued


def run_forever(stop: threading.Event, interval: float = 5.0) -> None:
    logger.info(
        "scheduler started: %s", ", ".join(f"{p} every {s}s" for p, s in settings.TASK_SCHEDULE.items())
    )
    while not stop.is_set():
        try:
            tick()
        except Exception:  # the clock must keep ticking whatever one tick met
            logger.exception("scheduler tick failed")
        stop.wait(interval)
