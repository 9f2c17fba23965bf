"""The first-scan check of a serialised package: decided exactly once, never making the page wait.

The first check is claimed with a conditional update (`... WHERE first_checked_at IS NULL`): however
many phones scan the same copied code at the same moment, the database lets exactly one of them
change that row, and only that one is told "genuine, first check"; those that lost the race add one
to the row's count in the same transaction. Around a lot's cached page a new package's check is that
one statement and nothing else: it names the serial by its lot and code and returns the row it
changed. Each write waits at most `LOCK_TIMEOUT_MS` for the database (locking.py), and on PostgreSQL
does not wait for the disk; if it cannot have the lock, the page says what it knows and counts
nothing rather than fail or hang.

The second check is news too (the producer's dashboard counts codes checked more than once: a sign
of a copied label), so it is written at once the same way. Later checks decide nothing: they are
counted in the cache like a lot's scans and written with the lot's batch (scans.py), so a copied code
scanned by thousands of phones makes no write to its one row each time. Around a lot's cached page
such a serial comes from the cache too (`check_known`), and its check needs no database at all.

The browser that made the first check and comes back (a reload, the way back from sharing the place,
the page in another language) is no other phone: `revisit` shows it the check as it stands and
records nothing (first_checkers.py says which browser that is).
"""

import datetime
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import DatabaseError, connections
from django.db.models import F
from django.utils import timezone

from config.cache import OutageLog

from . import scans
from .locking import short_lock_wait, short_lock_wait_for_one_statement
from .models import CheckStatus, LabelSheet, Serial

logger = logging.getLogger("traceability.checks")
# Redis down: said once, and once when it counts again (README: "logged once").
outage = OutageLog(
    logger,
    "a package's later checks are written to the database while the cache is unreachable",
    "the cache answers again: a package's later checks are counted in it again",
)


Status = CheckStatus
# What an app reads of a genuine code checked exactly once (`CheckResult.for_apps`): not a status of
# the page, whose wording for it is that of any code checked before.
CHECKED_ONCE = "checked"


@dataclass(frozen=True)
class CheckResult:
    status: str
    count: int = 0
    first_at: datetime.datetime | None = None
    first_place: str = ""
    # The browser that made the first check came back (`revisit`): nothing recorded.
    first_here: bool = False

    @property
    def genuine(self) -> bool:
        return self.status in (Status.FIRST, Status.REPEAT, Status.UNRECORDED, Status.UNCHECKED)

    @property
    def for_apps(self) -> str:
        """The status an app reads (JSON-LD `serialStatus`): a code checked once ("checked", most
        likely the genuine package opened by its buyer) told apart from one checked again ("repeat",
        maybe a copied label), which the page words alike."""
        if self.status == Status.REPEAT and self.count <= 1:
            return CHECKED_ONCE
        return self.status

    @property
    def later_count(self) -> int:
        """How many checks followed the first."""
        return max(self.count - 1, 0)


def stamp(moment: datetime.datetime) -> int:
    """A first check's moment as a browser keeps it (to the second, see first_checkers.py)."""
    return int(moment.timestamp())


def revisit(
    serial: Serial, checked_first_at: int | None, *, voided: bool | None = None
) -> CheckResult | None:
    """What the page shows the browser that made `serial`'s first check when it comes back
    (`checked_first_at`: that check's moment as the browser keeps it): the check as it stands, with
    nothing recorded. None when this browser did not make the serial's first check: its scan is then
    a check like any other phone's. Whether its sheet is voided: as `record_check`."""
    if checked_first_at is None or serial.first_checked_at is None:
        return None
    if stamp(serial.first_checked_at) != checked_first_at:
        return None  # another first check than the one this browser made (the serial was reset)
    if serial.sheet.voided_at if voided is None else voided:
        return CheckResult(Status.VOIDED)
    return CheckResult(
        Status.REPEAT, scans.check_total(serial), serial.first_checked_at, serial.first_place, first_here=True
    )


def record_check(serial: Serial, *, voided: bool | None = None, using: str = "default") -> CheckResult:
    """Record one check of `serial` and say what the buyer should see. Whether its sheet is voided:
    `voided`, or if None its sheet's (then loaded with it)."""
    if serial.sheet.voided_at if voided is None else voided:
        return CheckResult(Status.VOIDED)
    if scans.counts_check(serial):
        try:
            count = scans.count_check(serial)
        except Exception as error:  # the cache cannot count it: write it to the row instead
            if not outage.stopped(error):
                logger.warning("check of serial %s not counted in the cache", serial.pk, exc_info=True)
        else:
            outage.worked()
            return CheckResult(Status.REPEAT, count, serial.first_checked_at, serial.first_place)
    now = timezone.now()
    rows = Serial.objects.using(using)
    try:
        with short_lock_wait(using, wait_for_disk=False):
            if serial.first_checked_at is None and (
                claimed := _claim_first(now, using, match="id = %s", params=[serial.pk])
            ):
                return _first(claimed)
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


def _claim_first(now, using, *, match: str, params: list) -> Serial | None:
    """Claim the first check of the serial that `match` (SQL on the serial's columns) selects, in one
    statement: the serial as it now stands if this is its first check, else None (checked before, or
    no serial matches). However many claim it at once, the database lets one change the row.

    In SQL rather than the ORM because an update that returns the row it changed (RETURNING) is one
    round trip where the ORM needs two, and a first check is the one scan that must wait for a write.
    Read with the cursor and the backend's own converters, built once (`_claim_statement`), rather than
    `Serial.objects.raw()`, which builds them on every call: 0.125 ms a claim against 0.27 ms, a tenth
    of the page (SQLite, measured with the serial bench's data).
    """
    connection = connections[using]
    statement = _claim_statement(connection, match)
    at = connection.ops.adapt_datetimefield_value(now)  # written exactly as the ORM writes it
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, [at, at, *params])
        rows = cursor.fetchall()  # the statement runs to its end (and commits, outside a transaction)
    if not rows:
        return None
    values = [statement.read(value, index, connection) for index, value in enumerate(rows[0])]
    return Serial.from_db(using, statement.attnames, values)


@dataclass(frozen=True)
class _ClaimStatement:
    sql: str
    attnames: list[str]
    columns: list
    converters: list[list]

    def read(self, value, index, connection):
        """A returned value as the ORM would have read it (SQLite gives a date and time as text)."""
        for convert in self.converters[index]:
            value = convert(value, self.columns[index], connection)
        return value


_CLAIM_STATEMENTS: dict[tuple[str, str], _ClaimStatement] = {}


def _claim_statement(connection, match: str) -> _ClaimStatement:
    """The statement for this kind of database and WHERE clause, built once (a few: as many as the
    numbers of voided sheets the lots have)."""
    key = (connection.vendor, match)
    if key not in _CLAIM_STATEMENTS:
        _CLAIM_STATEMENTS[key] = _build_claim_statement(connection, match)
    return _CLAIM_STATEMENTS[key]


def _build_claim_statement(connection, match: str) -> _ClaimStatement:
    quote = connection.ops.quote_name
    columns = [field.get_col(Serial._meta.db_table) for field in Serial._meta.concrete_fields]
    # Names and placeholders only: every value is a parameter.
    sql = (
        f"UPDATE {quote(Serial._meta.db_table)}"  # noqa: S608
        " SET first_checked_at = %s, last_checked_at = %s, check_count = check_count + 1"
        f" WHERE {match} AND first_checked_at IS NULL"
        f" RETURNING {', '.join(quote(column.target.column) for column in columns)}"
    )
    converters = [
        connection.ops.get_db_converters(column) + column.target.get_db_converters(connection)
        for column in columns
    ]
    return _ClaimStatement(sql, [column.target.attname for column in columns], columns, converters)


def _first(serial: Serial) -> CheckResult:
    return CheckResult(Status.FIRST, serial.check_count, serial.first_checked_at, serial.first_place)


def peek(serial: Serial | None) -> CheckResult:
    """What the page says without recording (HEAD, JSON-LD and linkset clients); what an app reads of
    it is `for_apps`."""
    if serial is None:
        return CheckResult(Status.UNKNOWN)
    if serial.sheet.voided_at:
        return CheckResult(Status.VOIDED)
    return CheckResult(
        Status.REPEAT if serial.first_checked_at else Status.UNCHECKED,
        scans.check_total(serial),
        serial.first_checked_at,
        serial.first_place,
    )


def share_first_place(serial_id: int, first_at: datetime.datetime, place: str) -> bool:
    """Keep the first scanner's coarse place, once: only for the check it made, only if none yet. The
    same place sent again (a form sent twice) is shared already: true, and nothing changes."""
    place = place[:80]
    first_check = Serial.objects.filter(pk=serial_id, first_checked_at=first_at)
    if first_check.filter(first_place="").update(first_place=place):
        forget(serial_id)
        return True
    return first_check.filter(first_place=place).exists()


def first_place_shared(serial_id: int, first_at: datetime.datetime) -> bool:
    """Whether the first scanner of this check has shared its place."""
    return Serial.objects.filter(pk=serial_id, first_checked_at=first_at).exclude(first_place="").exists()


# How long a serial stays in the cache after a check showed its first one: long enough that a code
# scanned again and again is read once, short enough that a place its first scanner shares later
# reaches every process's cache soon (the process that records it forgets its copy at once).
KNOWN_SECONDS = 300


def _known_key(lot_id: int, code: str) -> str:
    return f"trace:serial:{lot_id}:{code}"


VOIDED_MARK = "v"


def sheets_state(lot_id: int) -> str:
    """The lot's label sheets as they stand (which exist, which are voided), kept with the lot's cached
    page: a serial kept in the cache under another state is read again from the database."""
    sheets = LabelSheet.objects.filter(lot_id=lot_id).order_by("pk").values_list("pk", "voided_at")
    return ",".join(f"{pk}{VOIDED_MARK if voided_at else ''}" for pk, voided_at in sheets)


def _voided_sheets(sheets: str) -> set[int]:
    return {int(sheet[:-1]) for sheet in sheets.split(",") if sheet.endswith(VOIDED_MARK)}


def check_known(
    lot_id: int, code: str, sheets: str, *, checked_first_at: int | None = None, using: str = "default"
) -> tuple[Serial | None, CheckResult]:
    """Check the lot's serial with this code, its sheets as `sheets_state` gave them: the serial read
    from the cache if a check kept it there under the same state; else its first check claimed in one
    statement, which is all a new package's scan needs; else read from the database. Kept in the cache
    once its first check is known. The browser that made the first check (at `checked_first_at`, as
    it keeps it) and comes back records nothing (`revisit`)."""
    key = _known_key(lot_id, code)
    kept = cache.get(key)
    if checked_first_at is not None and (
        back := _revisit_known(key, kept, lot_id, code, sheets, checked_first_at, using)
    ):
        return back
    if kept is not None and kept[0] == sheets:
        serial, voided = kept[1], False  # only serials of sheets in use are kept
    else:
        kept, voided_sheets = None, _voided_sheets(sheets)
        try:
            serial = _claim_first_by_code(lot_id, code, voided_sheets, using)
        except DatabaseError:
            logger.warning("check of %s in lot %s not recorded: database busy", code, lot_id, exc_info=True)
            return _unrecorded(lot_id, code, voided_sheets, using)
        if serial is not None:
            cache.set(key, (sheets, serial), KNOWN_SECONDS)
            return serial, _first(serial)
        # Checked before, voided or unknown: the serial alone (its sheet's state is in `sheets`; a
        # join would double the query's cost).
        serial = _serial(lot_id, code, using)
        if serial is None:
            return None, peek(None)
        voided = serial.sheet_id in voided_sheets
    written = not scans.counts_check(serial)  # this check goes to the row
    check = record_check(serial, voided=voided, using=using)
    if check.status in (Status.FIRST, Status.REPEAT) and (kept is None or written):
        serial.first_checked_at, serial.first_place = check.first_at, check.first_place
        serial.check_count = check.count
        cache.set(key, (sheets, serial), KNOWN_SECONDS)
    return serial, check


def _revisit_known(
    key: str, kept, lot_id: int, code: str, sheets: str, checked_first_at: int, using: str
) -> tuple[Serial | None, CheckResult] | None:
    """`check_known` for a browser that says it made the serial's first check: the serial from the
    cache, else read (and then kept), and nothing recorded; None when that first check was not this
    browser's (then its scan is checked like any other)."""
    if kept is not None and kept[0] == sheets:
        serial = kept[1]
    elif (serial := _serial(lot_id, code, using)) is None:
        return None, peek(None)  # its sheet deleted since
    check = revisit(serial, checked_first_at, voided=serial.sheet_id in _voided_sheets(sheets))
    if check is None:
        return None
    if check.first_here and (kept is None or kept[0] != sheets):
        cache.set(key, (sheets, serial), KNOWN_SECONDS)
    return serial, check


def _claim_first_by_code(lot_id: int, code: str, voided_sheets: set[int], using: str) -> Serial | None:
    match, params = "lot_id = %s AND serial = %s", [lot_id, code]
    if voided_sheets:  # a voided sheet's serial is never genuine, let alone checked for the first time
        match += f" AND sheet_id NOT IN ({', '.join(['%s'] * len(voided_sheets))})"
        params += sorted(voided_sheets)
    with short_lock_wait_for_one_statement(using, wait_for_disk=False) as condition:
        return _claim_first(timezone.now(), using, match=f"{match} AND {condition}", params=params)


def _serial(lot_id: int, code: str, using: str) -> Serial | None:
    try:
        return Serial.objects.using(using).get(lot_id=lot_id, serial=code)
    except Serial.DoesNotExist:
        return None


def _unrecorded(
    lot_id: int, code: str, voided_sheets: set[int], using: str
) -> tuple[Serial | None, CheckResult]:
    """What the page says of a check the busy database could not record (reading never waits)."""
    serial = _serial(lot_id, code, using)
    if serial is None or serial.sheet_id in voided_sheets:
        return serial, CheckResult(Status.UNKNOWN if serial is None else Status.VOIDED)
    return serial, CheckResult(
        Status.UNRECORDED, serial.check_count, serial.first_checked_at, serial.first_place
    )


def forget(serial_id: int) -> None:
    """Drop a serial's copy from this process's cache (its first place was just shared)."""
    for lot_id, code in Serial.objects.filter(pk=serial_id).values_list("lot_id", "serial"):
        cache.delete(_known_key(lot_id, code))
