"""Fifty phones scan the same copied code at the same moment: exactly one is told "first check".

Real threads, each with its own database connection, released together by a barrier. On SQLite the
race runs on a WAL database file in a temporary directory (the embedded deployment; shared-cache
memory databases lock whole tables instead); on PostgreSQL (marker `postgres`) on the test database.
"""

import threading

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connections

from tests.threads import run_together
from tests.wal import wal_sqlite
from traceability import checks, scans
from traceability.models import LabelSheet, Serial

SCANNERS = 50


def race(using, check, load=lambda: None):
    """Every scanner loads what its page would have read first (`load()`), then all are released
    together and each records its check (`check(loaded)`), on its own database connection."""
    barrier = threading.Barrier(SCANNERS)
    results, lock = [], threading.Lock()

    def scan():
        try:
            loaded = load()
            barrier.wait()
            result = check(loaded)
            with lock:
                results.append(result)
        finally:
            connections[using].close()

    run_together([scan] * SCANNERS, timeout=60)
    return results


def race_loaded(serial, using):
    """As a page rendered whole: each scanner loads the serial (first check not yet seen), then records."""
    return race(
        using,
        lambda loaded: checks.record_check(loaded, using=using),
        load=lambda: Serial.objects.using(using).select_related("sheet").get(pk=serial.pk),
    )


def race_by_code(serial, using):
    """As a serial page around its lot's cached page: by the lot and the code alone, nothing read
    first (a new package's check is the one statement that claims it)."""
    sheets = str(serial.sheet_id)  # the lot's one sheet, in use (checks.sheets_state)
    return race(using, lambda _: checks.check_known(serial.lot_id, serial.serial, sheets, using=using)[1])


def assert_first_decided_once(results, serial):
    statuses = [result.status for result in results]
    assert len(results) == SCANNERS  # no scan failed
    assert statuses.count(checks.Status.FIRST) == 1
    assert set(statuses) <= {checks.Status.FIRST, checks.Status.REPEAT, checks.Status.UNRECORDED}
    # Every recorded check counted once, none lost: from a serial's third check on, checks may be
    # counted in the cache and reach the row with the lot's batch, so the row and what is pending.
    pending = int(cache.get(scans._check_count_key(serial.pk)) or 0)
    assert serial.check_count + pending == SCANNERS - statuses.count(checks.Status.UNRECORDED)
    (first,) = [r for r in results if r.status == checks.Status.FIRST]
    assert serial.first_checked_at == first.first_at
    # Those who lost the race are told when the winner checked, not "first".
    assert all(r.first_at == first.first_at for r in results if r.status == checks.Status.REPEAT)


@pytest.fixture
def wal_database(tmp_path, django_db_blocker):
    """A WAL SQLite file with the serial tables, as its own connection alias."""
    alias = "race_wal"
    # Only the two tables the check touches; the lot they point at is not needed here.
    with django_db_blocker.unblock(), wal_sqlite(alias, tmp_path / "race.sqlite3", (LabelSheet, Serial)):
        sheet = LabelSheet.objects.using(alias).create(lot_id=1, number=1)
        serial = Serial.objects.using(alias).create(
            lot_id=1, sheet=sheet, serial="Race2345678", check_code="AB23"
        )
        yield alias, serial.pk


RACES = pytest.mark.parametrize(
    "race_of", [race_loaded, race_by_code], ids=["page rendered whole", "around the lot's cached page"]
)


@RACES
def test_first_check_is_decided_exactly_once_on_sqlite_in_wal_mode(race_of, wal_database, django_db_blocker):
    alias, serial_pk = wal_database
    with django_db_blocker.unblock():
        serial = Serial.objects.using(alias).get(pk=serial_pk)
        results = race_of(serial, alias)
        serial.refresh_from_db()
    assert_first_decided_once(results, serial)


@RACES
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs DATABASE_URL to point at PostgreSQL",
)
def test_first_check_is_decided_exactly_once_on_postgresql(race_of, sheet):
    serial = sheet.serials.first()
    results = race_of(serial, "default")
    serial.refresh_from_db()
    assert_first_decided_once(results, serial)
    # PostgreSQL queues row updates well within the lock timeout: every check recorded.
    assert checks.Status.UNRECORDED not in {result.status for result in results}
