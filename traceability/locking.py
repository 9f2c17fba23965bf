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
    with _sqlite_busy_timeout(connection), transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            durability = "" if wait_for_disk else "SET LOCAL synchronous_commit TO OFF; "
            with connection.cursor() as cursor:
                cursor.execute(f"{durability}SET LOCAL lock_timeout = '{LOCK_TIMEOUT_MS}ms'")
        yield


@contextmanager
def short_lock_wait_for_one_statement(using: str = "default", *, wait_for_disk: bool = True):
    """As `short_lock_wait`, for a block that runs a single write statement, which is a transaction of
    its own: no BEGIN … COMMIT round trips around it. Yields a condition, always true, that the
    statement must add to its WHERE: on PostgreSQL it gives the statement's own transaction the same
    settings (evaluated once, before the statement reads a row, so before it waits for any row's lock).
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        with _sqlite_busy_timeout(connection):
            yield "1 = 1"
        return
    settings = f"set_config('lock_timeout', '{LOCK_TIMEOUT_MS}ms', true)"
    if not wait_for_disk:
        settings += " || set_config('synchronous_commit', 'off', true)"
    yield f"(SELECT {settings}) IS NOT NULL"


@contextmanager
def _sqlite_busy_timeout(connection):
    """SQLite's busy timeout shortened for the block (its connection's own put back after)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {LOCK_TIMEOUT_MS}")
    try:
        yield
    finally:
        timeout_ms = int(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5) * 1000)
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
