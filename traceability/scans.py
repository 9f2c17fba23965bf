"""Counting scans of a lot's QR code without making the page fail or wait.

A scan increments a counter in the cache (`cache.incr` is atomic on local memory and on Redis). The
pending count is written to the lot row in batches: when it reaches `TRACEABILITY_SCAN_FLUSH_EVERY`,
when `TRACEABILITY_SCAN_FLUSH_SECONDS` have passed since the lot's last flush (by the background worker
when the cache is shared, see `traceability.tasks`), every minute by the worker's schedule, and by
`manage.py flush_scans`. The count shown is the lot's whole count, kept in the cache too (the
database's count plus the pending one when the cache first sees the lot, then one more per scan), so
a flush moves scans from the cache to the database without changing what any page shows, and a lot
page served from the page cache needs no baseline of its own (nor a purge after each flush).

A package's serial is scanned too: its first two checks are written by the database (checks.py), and
every later check of it (a copied code scanned again and again) is counted here the same way, in the
cache, and written to the serial's row with its lot's batch. A check is always counted before its lot's
scan, and a flush takes the lot's batch before its serials', so a serial with pending checks always
has a lot with pending scans, and the sweep over lots finds it.

What the design promises: no scan makes a request fail or wait on a lock for more than
LOCK_TIMEOUT_MS. A flush that meets a locked database gives its count back to the cache and is
retried later. A process flushes what it counted when it exits normally (needed with the
local-memory cache, which `flush_scans` in another process cannot see; with Redis, the worker's
schedule flushes every minute). Counts can be lost only if the cache loses them (a process killed with a
local-memory cache, an evicted Redis key) or a process dies between taking a batch and writing it.
"""

import atexit
import datetime
import logging
import threading
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from config.cache import OutageLog
from ops.tasks import enqueued

from .locking import short_lock_wait

logger = logging.getLogger("traceability.scans")
# Redis down: said once, and once when scans are counted again (README: "logged once").
outage = OutageLog(
    logger,
    "scans are not counted while the cache is unreachable; pages show the counts already written",
    "the cache answers again: scans are counted again",
)

FLUSH_EVERY = getattr(settings, "TRACEABILITY_SCAN_FLUSH_EVERY", 50)
FLUSH_SECONDS = getattr(settings, "TRACEABILITY_SCAN_FLUSH_SECONDS", 60)
# A serial's checks from this one on are counted here; the ones before it are written to its row at
# once (checks.py): the first decides which buyer was first, the second makes it a copied-label suspect.
CHECKS_COUNTED_FROM = 3


# Lots this process has counted scans for: with a local-memory cache, `flush_scans` (another
# process) cannot see them, so the process flushes them itself when it exits.
_seen_lots: set[int] = set()
_seen_lock = threading.Lock()


def _key(kind: str, pk: int) -> str:
    return f"trace:{kind}:{pk}"


# A lot's pending scans, its first and last scan's time, whether a flush is due, its whole count.
_count_key = partial(_key, "scans")
_first_key = partial(_key, "scans:first")
_last_key = partial(_key, "scans:last")
_flushed_key = partial(_key, "scans:flushed")
_total_key = partial(_key, "scans:total")
# A serial's pending checks, its last check's time, its whole count.
_check_count_key = partial(_key, "checks")
_check_last_key = partial(_key, "checks:last")
_check_total_key = partial(_key, "checks:total")


@dataclass(frozen=True)
class ScanSummary:
    count: int
    since: datetime.datetime | None


def _incr(key) -> int:
    try:
        return cache.incr(key)
    except ValueError:  # no counter yet
        cache.add(key, 0, timeout=None)
        return cache.incr(key)


def record_scan(lot) -> ScanSummary:
    """Count one scan of `lot` and return what the page shows (this scan included). Never raises."""
    now = timezone.now()
    try:
        pending = _incr(_count_key(lot.pk))
        if lot.pk not in _seen_lots:
            with _seen_lock:
                _seen_lots.add(lot.pk)
        stamp = now.timestamp()
        cache.add(_first_key(lot.pk), stamp, timeout=None)
        cache.set(_last_key(lot.pk), stamp, timeout=None)
        total = _count_total(lot)
        first_stamp = None if lot.first_scanned_at else cache.get(_first_key(lot.pk))
        if pending >= FLUSH_EVERY or cache.add(_flushed_key(lot.pk), 1, timeout=FLUSH_SECONDS):
            _flush_soon(lot)
    except Exception as error:  # a cache or database outage must not cost the buyer the page
        if not outage.stopped(error):
            logger.exception("scan of lot %s not counted", lot.pk)
        return ScanSummary(lot.scan_count, lot.first_scanned_at)
    outage.worked()
    since = lot.first_scanned_at or (_from_stamp(first_stamp) if first_stamp else now)
    return ScanSummary(total, since)


def _count_total(lot) -> int:
    """One more on the lot's whole count. The first time the cache sees the lot the count starts from
    the database's (every thread racing to start it starts it from the same rows: a flush only ever
    follows a start). For a page from the page cache, `scan_count` is the database's as it was rendered:
    exact unless this cache lost the lot's count after a flush (then it restarts that many low)."""
    return _incr_from(_total_key(lot.pk), lot.scan_count)


def _incr_from(key, start: int) -> int:
    try:
        return cache.incr(key)
    except ValueError:
        cache.add(key, start, timeout=None)
        return cache.incr(key)


def counts_check(serial) -> bool:
    """Whether the next check of `serial` is counted here, not written to its row (see
    CHECKS_COUNTED_FROM): its first check is recorded and it has been checked at least once more."""
    return serial.first_checked_at is not None and serial.check_count >= CHECKS_COUNTED_FROM - 1


def count_check(serial) -> int:
    """Count one more check of a serial whose first check is already recorded; return its whole
    count, as `_count_total` does for a lot. Raises if the cache cannot count it (the caller then
    writes the check to the database). The caller records the lot's scan after this."""
    total = _incr_from(_check_total_key(serial.pk), serial.check_count)
    _incr(_check_count_key(serial.pk))
    cache.set(_check_last_key(serial.pk), timezone.now().timestamp(), timeout=None)
    return total


def check_total(serial) -> int:
    """A serial's whole count without counting a check (HEAD, JSON clients asking again)."""
    count, _ = _read_whole(_check_total_key(serial.pk), _check_count_key(serial.pk), serial.check_count)
    return count


def _read_whole(total_key, pending_key, stored: int, *also) -> tuple[int, dict]:
    """A whole count without counting (the cache's, else the database's `stored` plus what is
    pending) and the values of the keys `also`, in one read of the cache; if the cache cannot be
    read, the database's count alone."""
    try:
        values = cache.get_many([total_key, pending_key, *also])
    except Exception:
        logger.exception("pending counts under %s unreadable", pending_key)
        values = {}
    total = values.get(total_key)
    return (int(total) if total is not None else stored + int(values.get(pending_key) or 0)), values


def _flush_soon(lot) -> None:
    """Write the lot's batch: from the background worker when it can see this cache (Redis, database),
    here and now with a local-memory cache, which only this process can read."""
    from .tasks import flush_lot_scans  # the task module imports this one

    if not isinstance(caches["default"], LocMemCache):
        try:
            if enqueued(flush_lot_scans, lot.pk):
                return
        except Exception:  # the queue failed otherwise: write the batch here rather than wait
            logger.warning("scan flush of lot %s not enqueued; writing it now", lot.pk, exc_info=True)
    flush_lot(lot.pk)


def summary(lot) -> ScanSummary:
    """The count and first-scan time without recording a scan (HEAD, admin, label sheet)."""
    count, values = _read_whole(_total_key(lot.pk), _count_key(lot.pk), lot.scan_count, _first_key(lot.pk))
    first = values.get(_first_key(lot.pk))
    since = lot.first_scanned_at or (_from_stamp(first) if first else None)
    return ScanSummary(count, since)


def _from_stamp(stamp) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(float(stamp), tz=datetime.UTC)


def flush_lot(lot_id) -> int:
    """Move one lot's pending scans from the cache to its row; return how many were written."""
    from .models import Lot

    key = _count_key(lot_id)
    lock = f"trace:scans:lock:{lot_id}"
    if not cache.add(lock, 1, timeout=30):
        return 0  # another request is flushing this lot
    try:
        pending = int(cache.get(key) or 0)
        if pending <= 0:
            return 0
        # Take the batch out of the counter first, so scans arriving meanwhile stay pending.
        cache.decr(key, pending)
        stamps = cache.get_many([_first_key(lot_id), _last_key(lot_id)])
        now = timezone.now()
        first = _from_stamp(stamps[_first_key(lot_id)]) if _first_key(lot_id) in stamps else now
        last = _from_stamp(stamps[_last_key(lot_id)]) if _last_key(lot_id) in stamps else now
        checks = {}
        try:
            checks = _take_checks(lot_id)
            with short_lock_wait():
                Lot.objects.filter(pk=lot_id).update(
                    scan_count=F("scan_count") + pending,
                    first_scanned_at=Coalesce(Least(F("first_scanned_at"), Value(first)), Value(first)),
                    last_scanned_at=Coalesce(Greatest(F("last_scanned_at"), Value(last)), Value(last)),
                )
                _write_checks(checks)
        except DatabaseError:
            # Give the batches back; the next flush retries them.
            cache.incr(key, pending)
            for serial_id, (count, _) in checks.items():
                cache.incr(_check_count_key(serial_id), count)
            logger.warning("scan flush of lot %s postponed: database busy", lot_id, exc_info=True)
            return 0
        return pending
    finally:
        cache.delete(lock)


def _take_checks(lot_id) -> dict[int, tuple[int, datetime.datetime]]:
    """The lot's serials' pending checks, taken out of their counters: {serial id: (count, last)}."""
    from .models import Serial

    counted = Serial.objects.filter(lot_id=lot_id, check_count__gte=CHECKS_COUNTED_FROM - 1)
    serial_ids = list(counted.values_list("pk", flat=True))
    taken = {}
    for start in range(0, len(serial_ids), 500):
        keys = [_check_count_key(pk) for pk in serial_ids[start : start + 500]]
        for key, value in cache.get_many(keys).items():
            if int(value or 0) > 0:
                serial_id = int(key.rsplit(":", 1)[1])
                cache.decr(key, int(value))
                taken[serial_id] = int(value)
    lasts = cache.get_many([_check_last_key(pk) for pk in taken])
    now = timezone.now()
    return {
        pk: (count, _from_stamp(lasts[_check_last_key(pk)]) if _check_last_key(pk) in lasts else now)
        for pk, count in taken.items()
    }


def _write_checks(checks) -> None:
    from .models import Serial

    for serial_id, (count, last) in checks.items():
        Serial.objects.filter(pk=serial_id).update(
            check_count=F("check_count") + count,
            last_checked_at=Coalesce(Greatest(F("last_checked_at"), Value(last)), Value(last)),
        )


def flush_all(lot_ids=None) -> int:
    """Flush every lot with pending scans (the `flush_scans` command); returns the scans written."""
    from .models import Lot

    if lot_ids is None:
        lot_ids = list(Lot.objects.values_list("pk", flat=True))
    written = 0
    for start in range(0, len(lot_ids), 500):
        chunk = lot_ids[start : start + 500]
        pending = cache.get_many([_count_key(pk) for pk in chunk])
        for key, value in pending.items():
            if int(value or 0) > 0:
                written += flush_lot(int(key.rsplit(":", 1)[1]))
    return written


@atexit.register
def _flush_on_exit():
    """Write what this process still holds when it stops (a restart would lose a local-memory cache)."""
    if not _seen_lots:
        return
    try:
        flush_all(sorted(_seen_lots))
    except Exception:
        logger.exception("pending scans not written at exit")
