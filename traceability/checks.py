"""The first-scan check of a serialised package: decided exactly once, never making the page wait.

The first check is claimed with a conditional update (`... WHERE first_checked_at IS NULL`): however
many phones scan the same copied code at the same moment, the database lets exactly one of them
change that row, and only that one is told "genuine, first check". Later checks add one to the
count. Each write waits at most `LOCK_TIMEOUT_MS` for the database (locking.py), and on PostgreSQL
does not wait for the disk; if it cannot have the lock, the page says what it knows and counts
nothing rather than fail or hang.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import DatabaseError
from django.db.models import F
from django.utils import timezone

from .locking import short_lock_wait
from .models import Serial

logger = logging.getLogger("traceability.checks")


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
        with short_lock_wait(using, wait_for_disk=False):
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
