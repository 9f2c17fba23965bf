"""What a load balancer asks: can this app server serve the shop?

Only the database stops the shop: without it nothing sells, so /health/ fails (503) and a load
balancer takes the server out. Without the cache (Redis) or the task queue the shop keeps selling
(cache misses, work done in the request or by the sweep: README, Redis down), so they are reported as
"degraded" with a 200: failing the probe then would take every app server out of rotation and turn a
harmless outage into a full one. Each failing check is one warning line, without a traceback."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections

from .tasks import BACKEND

logger = logging.getLogger("ops.health")


def check_database() -> None:
    """SELECT 1 on a connection of the probe's own on PostgreSQL: a thread's kept connection to a server
    that hung would wait for ever, a new one gives up after the connect timeout (DATABASE_CONNECT_TIMEOUT)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        probe, own = connection, False
    else:
        probe, own = connections.create_connection(DEFAULT_DB_ALIAS), True
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        if own:
            probe.close()


def check_cache() -> None:
    key = f"ops:health:{uuid.uuid4().hex}"
    cache.set(key, 1, timeout=10)
    if cache.get(key) != 1:
        raise RuntimeError("the cache did not return what was written")
    cache.delete(key)


def check_tasks() -> None:
    backend = settings.TASKS[BACKEND]["BACKEND"]
    if backend == "django_tasks_db.DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(status="READY").exists()
    elif backend == "django_tasks_rq.RQBackend":
        import django_rq

        django_rq.get_connection("default").ping()


CHECKS = {"database": check_database, "cache": check_cache, "tasks": check_tasks}
# What the shop cannot sell without; the others only degrade it.
ESSENTIAL = frozenset({"database"})


def run_checks() -> dict[str, str]:
    """Each part's state: "ok" or "error: <exception class>" (the cause goes to the log, not the probe)."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:
            logger.warning(
                "health check %s failed: %s: %s",
                name,
                type(error).__name__,
                first_line(error),
                extra={"check": name},
            )
            results[name] = f"error: {type(error).__name__}"
        else:
            results[name] = "ok"
    return results


def first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else ""


def verdict(checks: dict[str, str]) -> tuple[int, dict]:
    """The probe's status code and body: 503 "fail" naming what stops the shop, else 200 "ok", or 200
    "degraded" naming what is down while the shop still sells."""
    down = [name for name, result in checks.items() if result != "ok"]
    failing = [name for name in down if name in ESSENTIAL]
    degraded = [name for name in down if name not in ESSENTIAL]
    body = {"status": "fail" if failing else "degraded" if degraded else "ok", "checks": checks}
    if failing:
        body["failing"] = failing
    if degraded:
        body["degraded"] = degraded
    return (503 if failing else 200), body
