"""What a load balancer asks: can this app server reach its database, cache and task queue?"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from .tasks import BACKEND

logger = logging.getLogger("ops.health")


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


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


def run_checks() -> dict[str, str]:
    """Each part's state: "ok" or "error: <exception class>" (details go to the log, not the probe)."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:
            logger.warning("health check %s failed", name, exc_info=True, extra={"check": name})
            results[name] = f"error: {type(error).__name__}"
        else:
            results[name] = "ok"
    return results
