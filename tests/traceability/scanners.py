"""Phones scanning one code at the same time: real threads, each with its own test client and its
own database connection (needs a SQLite file or PostgreSQL: shared-cache memory databases lock
whole tables instead of waiting)."""

import threading
from contextlib import contextmanager

from django.db import connection, connections
from django.test import Client

from tests.threads import run_together

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def needs_real_concurrency() -> str | None:
    """Why the threads cannot race here, or None."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return "needs a database file (SQLITE_TEST_NAME) or PostgreSQL"
    return None


# The other writer lets go after this long: a write that waited for its lock rather than giving up after
# LOCK_TIMEOUT_MS then goes through, and its test fails on what was written rather than hanging. Below
# the 20 s of SQLite's own busy timeout (config/settings.py); PostgreSQL's lock wait has none.
GIVE_UP_AFTER = 10


@contextmanager
def held_by_another_writer(sql: str, params: list):
    """Another connection runs `sql` (an update) and keeps its locks, on SQLite the database's write
    lock, until the block ends or GIVE_UP_AFTER seconds have passed; nothing it wrote is kept."""
    other = connections.create_connection("default")
    other.set_autocommit(False)
    other.inc_thread_sharing()  # the timer's thread may roll it back
    letting_go = threading.Timer(GIVE_UP_AFTER, other.rollback)
    try:
        with other.cursor() as cursor:
            cursor.execute(sql, params)
        letting_go.start()
        yield
    finally:
        letting_go.cancel()
        if letting_go.is_alive():
            letting_go.join()
        other.rollback()
        other.close()


def scan_at_once(url: str, *, phones: int, scans_each: int) -> list[int]:
    """Every phone scans `url` `scans_each` times; the status codes of all the scans."""
    statuses, lock = [], threading.Lock()

    def phone():
        client = Client()
        try:
            for _ in range(scans_each):
                status = client.get(url, HTTP_ACCEPT=BROWSER).status_code
                with lock:
                    statuses.append(status)
        finally:
            connections.close_all()  # this thread's own, kept open by CONN_MAX_AGE otherwise

    run_together([phone] * phones, timeout=120)
    return statuses
