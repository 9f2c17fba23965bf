"""A write that waits at most LOCK_TIMEOUT_MS for the database's lock: scans and serial checks are
recorded beside the page a buyer waits for, never at the cost of it."""

from contextlib import contextmanager

from django.db import connections, transaction

LOCK_TIMEOUT_MS = 250


@contextmanager
def short_lock_wait(using: str = "default", *, wait_for_disk: bool = True):
    """A transaction that waits at most LOCK_TIMEOUT_MS for the write lock (a DatabaseError then).

    SQLite locks the whole database for a write: the busy timeout is set before BEGIN IMMEDIATE (where
    the wait happens) and put back afterwards. PostgreSQL locks rows: `lock_timeout` for this
    transaction alone. `wait_for_disk=False` (PostgreSQL): the commit does not wait for the WAL to
    reach the disk (`synchronous_commit` off, for this transaction alone); as atomic as ever, only a
    crash in the next fraction of a second could forget it. Orders, payments and stock never use it.
    """
    connection = connections[using]
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {LOCK_TIMEOUT_MS}")
    try:
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                durability = "" if wait_for_disk else "SET LOCAL synchronous_commit TO OFF; "
                with connection.cursor() as cursor:
                    cursor.execute(f"{durability}SET LOCAL lock_timeout = '{LOCK_TIMEOUT_MS}ms'")
            yield
    finally:
        if sqlite:
            timeout_ms = int(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5) * 1000)
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
