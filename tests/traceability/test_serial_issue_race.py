"""Staff members (or the admin and `manage.py issue_serials`) issue serials for one lot at the same
moment: together they never issue more serials than the lot has packages.

Real threads, each with its own database connection, released together by a barrier: on a WAL
SQLite file (the embedded deployment) and on PostgreSQL (marker `postgres`), as the first-check
race tests do.
"""

import datetime
import threading

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections

from tests.threads import run_together
from tests.wal import wal_sqlite
from traceability import serials
from traceability.models import LabelSheet, Lot, Serial

ISSUERS = 20
PACKAGES = 100
EACH = 30  # three issues fit in the lot, the fourth would pass it


def race(lot_pk: int, using: str) -> list[str]:
    """Every issuer reads the lot (as the admin form and the command do before issuing), then all
    are released together; each says "issued" or the refusal it got."""
    barrier = threading.Barrier(ISSUERS)
    outcomes, lock = [], threading.Lock()

    def issue():
        try:
            lot = Lot.objects.using(using).get(pk=lot_pk)
            barrier.wait()
            try:
                serials.issue(lot, EACH, using=using)
                outcome = "issued"
            except serials.IssueError as refused:
                outcome = str(refused)
            except Exception as error:  # a lock error or anything else fails the test below
                outcome = repr(error)
            with lock:
                outcomes.append(outcome)
        finally:
            connections[using].close()

    run_together([issue] * ISSUERS, timeout=60)
    return outcomes


def assert_the_lot_never_exceeded(outcomes: list[str], lot_pk: int, using: str) -> None:
    assert len(outcomes) == ISSUERS  # every issuer was answered
    assert outcomes.count("issued") == PACKAGES // EACH
    refused = [outcome for outcome in outcomes if outcome != "issued"]
    assert set(refused) == {
        f"Không thể phát hành {EACH} mã: lô L-RACE có {PACKAGES} gói và đã có 90 mã đang dùng, "
        "chỉ còn phát hành được 10 mã."
    }
    assert Serial.objects.using(using).filter(lot_id=lot_pk).count() == 90
    numbers = LabelSheet.objects.using(using).filter(lot_id=lot_pk).order_by("number")
    assert list(numbers.values_list("number", flat=True)) == [1, 2, 3]


@pytest.fixture
def wal_database(tmp_path, django_db_blocker):
    """A WAL SQLite file with the lot and serial tables, as its own connection alias."""
    alias = "issue_race_wal"
    # Only the tables an issue touches or names (a sheet's issuer); the lot's pack size is not needed.
    models = (get_user_model(), Lot, LabelSheet, Serial)
    with django_db_blocker.unblock(), wal_sqlite(alias, tmp_path / "issue-race.sqlite3", models):
        # Lot.save() reads its pack size: the row is written without it.
        (lot,) = Lot.objects.using(alias).bulk_create(
            [
                Lot(
                    pack_size_id=1,
                    code="L-RACE",
                    production_date=datetime.date(2026, 11, 1),
                    expiry_date=datetime.date(2027, 11, 1),
                    quantity=PACKAGES,
                    raw_material_area="xã Phú Túc",
                )
            ]
        )
        yield alias, lot.pk


def test_issues_at_the_same_moment_never_exceed_the_lot_on_sqlite_in_wal_mode(
    wal_database, django_db_blocker
):
    alias, lot_pk = wal_database
    with django_db_blocker.unblock():
        outcomes = race(lot_pk, alias)
        assert_the_lot_never_exceeded(outcomes, lot_pk, alias)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs DATABASE_URL to point at PostgreSQL",
)
def test_issues_at_the_same_moment_never_exceed_the_lot_on_postgresql(lot):
    Lot.objects.filter(pk=lot.pk).update(code="L-RACE", quantity=PACKAGES)
    outcomes = race(lot.pk, "default")
    assert_the_lot_never_exceeded(outcomes, lot.pk, "default")
