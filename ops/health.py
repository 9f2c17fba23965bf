"""What a load balancer asks: can this app server serve the shop?

Only the database stops the shop: without it nothing sells, so /health/ fails (503) and a load
balancer takes the server out; a database that answers but takes no write, or has no tables, is as
good as down. Without the cache (Redis) or a task queue in Redis the shop keeps selling (cache misses,
work done in the request or by the sweep: README, Redis down), so they are reported as "degraded" with
a 200: failing the probe then would take every app server out of rotation and turn a harmless outage
into a full one. A task queue kept in the database is the database. Each failing check is one warning
line, without a traceback."""

import contextlib
import logging
import os
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from wagtail.models import Site

from . import static_files
from .logs import first_line
from .tasks import BACKEND, RQ_BACKENDS

logger = logging.getLogger("ops.health")


def check_database() -> None:
    """The probe on a connection of its own on PostgreSQL: a thread's kept connection to a server that
    hung would wait for ever, a new one gives up after the connect timeout (DATABASE_CONNECT_TIMEOUT)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        probe_database(connection)
        return
    probe = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        probe_database(probe)
    finally:
        probe.close()


def probe_database(connection) -> None:
    """Whether the shop can sell on this database: a `SELECT 1` answers on a database that takes no
    write (an SQLite file read-only or on a failing disk, a PostgreSQL standby or one set read-only) and
    on an empty one (SQLite creates the file when it is missing), where every order, cart and sign-in
    fails. So a write that changes no row, rolled back, and a row read, on a table every page needs (the
    Wagtail site): cheap, and refused as a real write would be ("attempt to write a readonly database",
    "cannot execute UPDATE in a read-only transaction", "no such table")."""
    _check_the_file_is_still_there(connection)
    table = connection.ops.quote_name(Site._meta.db_table)
    key = connection.ops.quote_name(Site._meta.pk.column)
    with _rolled_back(connection), connection.cursor() as cursor:
        # The write first: on SQLite it takes the write lock before any read, waiting its busy timeout
        # for another writer rather than failing at once as a read transaction turned writer would.
        cursor.execute(f"UPDATE {table} SET {key} = {key} WHERE 1 = 0")  # noqa: S608 (names from the model)
        cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")  # noqa: S608
        cursor.fetchone()


def _check_the_file_is_still_there(connection) -> None:
    """An SQLite file moved or deleted under the server goes on taking orders, into a file no one will
    find after a restart."""
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or connection.is_in_memory_db() or name.startswith("file:"):
        return
    if not os.path.exists(name):
        raise FileNotFoundError(f"the database file {name} is no longer there")


@contextlib.contextmanager
def _rolled_back(connection):
    """A transaction on `connection` that is rolled back whatever happens in it (a savepoint when one is
    open already: a test's)."""
    if connection.in_atomic_block:
        savepoint = connection.savepoint()
        try:
            yield
        finally:
            connection.savepoint_rollback(savepoint)
        return
    connection.set_autocommit(False)
    try:
        yield
    finally:
        try:
            connection.rollback()
        finally:
            connection.set_autocommit(True)


def check_cache() -> None:
    key = f"ops:health:{uuid.uuid4().hex}"
    cache.set(key, 1, timeout=10)
    if cache.get(key) != 1:
        raise RuntimeError("the cache did not return what was written")
    cache.delete(key)


def check_tasks() -> None:
    backend = settings.TASKS[BACKEND]["BACKEND"]
    if backend == DATABASE_TASKS:
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(status="READY").exists()
    elif backend in RQ_BACKENDS:
        import django_rq

        django_rq.get_connection("default").ping()


CHECKS = {"database": check_database, "cache": check_cache, "tasks": check_tasks}
DATABASE_TASKS = "django_tasks_db.DatabaseBackend"


def essential() -> frozenset[str]:
    """What the shop cannot sell without; the others only degrade it. A task queue kept in the shop's
    database failing is that database failing (its tables missing, a write refused), not Redis down.
    Without its static files (STATIC_COLLECTED=1 before collectstatic) every page fails."""
    if settings.TASKS[BACKEND]["BACKEND"] == DATABASE_TASKS:
        return frozenset({"database", "tasks", static_files.HEALTH_CHECK})
    return frozenset({"database", static_files.HEALTH_CHECK})


def run_checks() -> dict[str, str]:
    """Each part's state: "ok" or "error: <exception class>" (the cause goes to the log, not the probe)."""
    results = {}
    for name, check in {**CHECKS, **static_files.health_checks()}.items():
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


def verdict(checks: dict[str, str]) -> tuple[int, dict]:
    """The probe's status code and body: 503 "fail" naming what stops the shop, else 200 "ok", or 200
    "degraded" naming what is down while the shop still sells."""
    down = [name for name, result in checks.items() if result != "ok"]
    essentials = essential()
    failing = [name for name in down if name in essentials]
    degraded = [name for name in down if name not in essentials]
    body = {"status": "fail" if failing else "degraded" if degraded else "ok", "checks": checks}
    if failing:
        body["failing"] = failing
    if degraded:
        body["degraded"] = degraded
    return (503 if failing else 200), body
