"""A small clock for periodic tasks: settings.TASK_SCHEDULE maps a task's path to an interval in seconds.

Each interval is cut into slots (`now // interval`); a slot is claimed in the cache with `add`, so with a
shared cache (Redis) several schedulers on several machines still enqueue each slot once. The tasks
themselves run on the worker, retried like any other.

Each tick leaves a heartbeat that `manage.py worker_health` reads from another process: in the cache
when every process shares it (Redis), else in a file (WORKER_HEARTBEAT_FILE, under var/), since the
embedded local-memory cache is the worker's own memory, which no other process can read.
"""

import logging
import os
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.module_loading import import_string

from .database import is_unreachable, whereabouts
from .logs import first_line
from .outages import Reminder

logger = logging.getLogger("ops.scheduler")
# The database unreachable, said by the clock or by the worker beside it, whichever meets it first.
database_outage = Reminder("worker:database-down")

HEARTBEAT_KEY = "ops:scheduler:heartbeat"


def heartbeat_in_cache() -> bool:
    """Whether another process reads what this one writes to the default cache."""
    return not isinstance(caches["default"], LocMemCache | DummyCache)


def beat(now: float) -> None:
    if heartbeat_in_cache():
        cache.set(HEARTBEAT_KEY, now, timeout=None)
        return
    path = Path(settings.WORKER_HEARTBEAT_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    written = path.with_name(f".{path.name}.{os.getpid()}")
    written.write_text(repr(now))
    written.replace(path)  # whole, never half-written for a reader


def last_beat() -> float | None:
    """When the scheduler last ticked (seconds since the epoch), None if it never did."""
    if heartbeat_in_cache():
        beat_at = cache.get(HEARTBEAT_KEY)
        return None if beat_at is None else float(beat_at)
    try:
        return float(Path(settings.WORKER_HEARTBEAT_FILE).read_text())
    except (OSError, ValueError):
        return None


def heartbeat_place() -> str:
    return "the shared cache" if heartbeat_in_cache() else str(settings.WORKER_HEARTBEAT_FILE)


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
    """Enqueue what is due; a task that cannot be enqueued is logged and tried at its next slot. The
    database's queue unreachable: one warning line a minute at most, not a traceback per task."""
    enqueued = []
    for path in due(now):
        try:
            import_string(path).enqueue()
        except Exception as error:
            if not is_unreachable(error):
                logger.exception("scheduled task %s not enqueued", path)
            elif database_outage.due():
                logger.warning(
                    "scheduled tasks not enqueued: the database %s is unreachable (%s)",
                    whereabouts(),
                    first_line(error),
                )
            continue
        enqueued.append(path)
        logger.info("scheduled task %s enqueued", path, extra={"task": path})
    try:
        beat(time.time())
    except Exception:
        logger.warning("scheduler heartbeat not written to %s", heartbeat_place(), exc_info=True)
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
