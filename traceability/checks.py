"""The first-scan check of a serialised package: decided exactly once, never making the page wait.

The first check is claimed with a conditional update (`... WHERE first_checked_at IS NULL`): however
many phones scan the same copied code at the same moment, the database lets exactly one of them
change that row, and only that one is told "genuine, first check". Later checks add one to the
count. Each write waits at most `LOCK_TIMEOUT_MS` for the database; if it cannot, the page says what
it knows and counts nothing rather than fail or hang.
"""

import datetime
import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DatabaseError, connections, transaction
from django.db.models import F
from django.utils import timezone

from .models import Serial

logger = logging.getLogger("traceability.checks")

LOCK_TIMEOUT_MS = 250


class Status:
    FIRST = "first"  # genuine, this is the first check
    REPEAT = "repeat"  # genuine code, checked before
    UNRECORDED = "unrecorded"  # genuine code; the check could not be recorded right now
    UNKNOWN = "unknown"  # no such serial under this lot
    VOIDED = "voided"  # the serial's sheet was voided (lost or stolen labels)


@dataclass(frozen=True)
class CheckResult:
    status: str
    count: int = 0
    first_at: datetime.datetime | None = None
    first_place: str = ""

    @property
    def genuine(self) -> bool:
        return self.status in (Status.FIRST, Status.REPEAT, Status.UNRECORDED)


def record_check(serial: Serial, *, using: str = "default") -> CheckResult:
    """Record one check of `serial` (loaded with its sheet) and say what the buyer should see."""
    if serial.sheet.voided_at:
        return CheckResult(Status.VOIDED)
    now = timezone.now()
    rows = Serial.objects.using(using)
    try:
        with _short_lock_wait(using):
            if serial.first_checked_at is None and rows.filter(
                pk=serial.pk, first_checked_at__isnull=True
            ).update(first_checked_at=now, last_checked_at=now, check_count=F("check_count") + 1):
                return CheckResult(Status.FIRST, 1, now, "")
            rows.filter(pk=serial.pk).update(check_count=F("check_count") + 1, last_checked_at=now)
            if serial.first_checked_at is None:  # lost the race for the first check: read the winner's
                serial = rows.only("check_count", "first_checked_at", "first_place").get(pk=serial.pk)
                return CheckResult(
                    Status.REPEAT, serial.check_count, serial.first_checked_at, serial.first_place
                )
    except DatabaseError:
        logger.warning("check of serial %s not recorded: database busy", serial.pk, exc_info=True)
        return CheckResult(Status.UNRECORDED, serial.check_count, serial.first_checked_at, serial.first_place)
    return CheckResult(Status.REPEAT, serial.check_count + 1, serial.first_checked_at, serial.first_place)


def peek(serial: Serial | None) -> CheckResult:
    """What the page says without recording (HEAD, JSON clients asking again)."""
    if serial is None:
        return CheckResult(Status.UNKNOWN)
    if serial.sheet.voided_at:
        return CheckResult(Status.VOIDED)
    return CheckResult(
        Status.REPEAT if serial.first_checked_at else Status.UNRECORDED,
        serial.check_count,
        serial.first_checked_at,
        serial.first_place,
    )


def share_first_place(serial_id: int, first_at: datetime.datetime, place: str) -> bool:
    """Keep the first scanner's coarse place, once: only for the check it made, only if none yet."""
    return bool(
        Serial.objects.filter(pk=serial_id, first_checked_at=first_at, first_place="").update(
            first_place=place[:80]
        )
    )


@contextmanager
def _short_lock_wait(using: str):
    """Bound the wait for the write lock to LOCK_TIMEOUT_MS.

    SQLite locks the whole database for a write: the busy timeout is set before BEGIN IMMEDIATE (where
    the wait happens) and put back afterwards. PostgreSQL locks only the row, with `lock_timeout` for
    this transaction alone; and the check's commit does not wait for the disk (`synchronous_commit`
    off, for this transaction alone): the decision is as atomic as before (the conditional update),
    only a crash within a fraction of a second could forget the check, which the next scan then
    records as the first. Orders, payments and stock keep the server's durable commits.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SET LOCAL synchronous_commit TO OFF; SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}"
                )
            yield
        return
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {LOCK_TIMEOUT_MS}")
    try:
        with transaction.atomic(using=using):
            yield
    finally:
        timeout_ms = int(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5) * 1000)
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
