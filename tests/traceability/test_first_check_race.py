"""Fifty phones scan the same copied code at the same moment: exactly one is told "first check".

Real threads, each with its own database connection, released together by a barrier. On SQLite the
race runs on a WAL database file in a temporary directory (the embedded deployment; shared-cache
memory databases lock whole tables instead); on PostgreSQL (marker `postgres`) on the test database.
"""

import threading

import pytest
from django.conf import settings
from django.db import connections

from tests.threads import run_together
from traceability import checks
from traceability.models import LabelSheet, Serial

SCANNERS = 50


def race(serial_pk, using):
    """Every scanner loads the serial as its page would (first check not yet seen), then records."""
    barrier = threading.Barrier(SCANNERS)
    results, lock = [], threading.Lock()

    def scan():
        try:
            serial = Serial.objects.using(using).select_related("sheet").get(pk=serial_pk)
            barrier.wait()
            result = checks.record_check(serial, using=using)
            with lock:
                results.append(result)
        finally:
            connections[using].close()

    run_together([scan] * SCANNERS, timeout=60)
    return results


def assert_first_decided_once(results, serial):
    statuses = [result.status for result in results]
    assert len(results) == SCANNERS  # no scan failed
    assert statuses.count(checks.Status.FIRST) == 1
    assert set(statuses) <= {checks.Status.FIRST, checks.Status.REPEAT, checks.Status.UNRECORDED}
    recorded = SCANNERS - statuses.count(checks.Status.UNRECORDED)
    assert serial.check_count == recorded  # every recorded check counted once, none lost
    (first,) = [r for r in results if r.status == checks.Status.FIRST]
    assert serial.first_checked_at == first.first_at
    # Those who lost the race are told when the winner checked, not "first".
    assert all(r.first_at == first.first_at for r in results if r.status == checks.Status.REPEAT)


@pytest.fixture
def wal_database(tmp_path, django_db_blocker):
    """A WAL SQLite file with the serial tables, as its own connection alias."""
    alias = "race_wal"
    config = dict(connections["default"].settings_dict)
    config.update(  # whatever the default database is, this one is a SQLite file
        ENGINE="django.db.backends.sqlite3",
        NAME=str(tmp_path / "race.sqlite3"),
        HOST="",
        PORT="",
        USER="",
        PASSWORD="",
        CONN_MAX_AGE=0,
        CONN_HEALTH_CHECKS=False,
        TEST={"NAME": None},
    )
    config["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    connections.settings[alias] = config
    with django_db_blocker.unblock():
        connection = connections[alias]
        with connection.constraint_checks_disabled(), connection.schema_editor() as editor:
            # Only the two tables the check touches; the lot they point at is not needed here.
            editor.create_model(LabelSheet)
            editor.create_model(Serial)
        assert connection.cursor().execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        with connection.constraint_checks_disabled():
            sheet = LabelSheet.objects.using(alias).create(lot_id=1, number=1)
            serial = Serial.objects.using(alias).create(
                lot_id=1, sheet=sheet, serial="Race2345678", check_code="AB23"
            )
        yield alias, serial.pk
        connection.close()
    del connections[alias]
    connections.settings.pop(alias)


def test_first_check_is_decided_exactly_once_on_sqlite_in_wal_mode(wal_database, django_db_blocker):
    alias, serial_pk = wal_database
    with django_db_blocker.unblock():
        results = race(serial_pk, alias)
        serial = Serial.objects.using(alias).get(pk=serial_pk)
    assert_first_decided_once(results, serial)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs DATABASE_URL to point at PostgreSQL",
)
def test_first_check_is_decided_exactly_once_on_postgresql(sheet):
    serial = sheet.serials.first()
    results = race(serial.pk, "default")
    serial.refresh_from_db()
    assert_first_decided_once(results, serial)
    assert serial.check_count == SCANNERS  # PostgreSQL queues row updates well within the lock timeout
