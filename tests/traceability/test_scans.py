"""Scan counting: cheap, never failing, and losing nothing it promises to keep."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from tests.traceability.scanners import held_by_another_writer, needs_real_concurrency, scan_at_once
from traceability import scans
from traceability.factories import LotFactory
from traceability.models import Lot

pytestmark = pytest.mark.django_db


def scan_line(client, url):
    from bs4 import BeautifulSoup

    return BeautifulSoup(client.get(url).content.decode(), "html.parser").select_one(".trace-views").text


def test_a_new_lot_says_it_was_never_scanned_on_head_and_admin_summary(lot):
    assert scans.summary(lot) == scans.ScanSummary(0, None)


def test_each_scan_is_counted_and_the_first_scan_date_is_shown(client, lot, lot_url):
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert scan_line(client, lot_url).strip() == f"Trang của lô đã được xem 1 lần kể từ {today}."
    assert scan_line(client, lot_url).strip() == f"Trang của lô đã được xem 2 lần kể từ {today}."
    assert scan_line(client, lot_url).strip() == f"Trang của lô đã được xem 3 lần kể từ {today}."


def test_first_scan_is_written_at_once_and_later_ones_in_batches(client, lot, lot_url, monkeypatch):
    monkeypatch.setattr(scans, "FLUSH_EVERY", 5)
    client.get(lot_url)
    lot.refresh_from_db()
    assert lot.scan_count == 1
    assert lot.first_scanned_at is not None
    first = lot.first_scanned_at
    for _ in range(3):
        client.get(lot_url)
    lot.refresh_from_db()
    assert lot.scan_count == 1  # three pending in the cache
    assert scans.summary(lot).count == 4
    client.get(lot_url)  # the fifth pending... not yet: four pending
    client.get(lot_url)  # five pending: flushed
    lot.refresh_from_db()
    assert lot.scan_count == 6
    assert lot.first_scanned_at == first
    assert lot.last_scanned_at >= first
    assert scans.summary(lot).count == 6


def test_flush_scans_command_writes_every_pending_count(client, lot, lot_url, pack, capsys):
    other = LotFactory(pack_size=pack, code="L2")
    for _ in range(3):
        client.get(lot_url)
    for _ in range(2):
        client.get(f"/01/{pack.gtin}/10/L2")
    call_command("flush_scans")
    assert "Đã ghi 3 lượt quét." in capsys.readouterr().out  # 2 + 1 pending; the first scans were written
    assert Lot.objects.get(pk=lot.pk).scan_count == 3
    assert Lot.objects.get(pk=other.pk).scan_count == 2
    assert scans.summary(Lot.objects.get(pk=lot.pk)).count == 3


def test_errors_head_and_linksets_record_nothing(client, lot, lot_url, pack):
    client.get(f"/01/{pack.gtin}/10/NOPE")
    client.get(lot_url + "?17=991399")
    client.head(lot_url)
    client.options(lot_url)
    client.get(lot_url + "?linkType=all")
    assert scans.summary(lot).count == 0
    assert Lot.objects.get(pk=lot.pk).scan_count == 0


def test_a_cache_outage_does_not_cost_the_page(client, lot, lot_url):
    with mock.patch.object(cache, "incr", side_effect=ConnectionError("cache down")):
        response = client.get(lot_url)
    assert response.status_code == 200
    assert "Trang của lô đã được xem" not in response.content.decode()


def test_a_failed_flush_gives_its_batch_back_to_the_cache(client, lot, lot_url):
    with mock.patch.object(scans, "short_lock_wait", side_effect=OperationalError("database is locked")):
        response = client.get(lot_url)
    assert response.status_code == 200
    assert "Trang của lô đã được xem 1 lần" in response.content.decode()
    assert Lot.objects.get(pk=lot.pk).scan_count == 0
    assert scans.flush_all() == 1
    assert Lot.objects.get(pk=lot.pk).scan_count == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_write_locked_database_neither_fails_nor_holds_the_scan(lot, lot_url, pack):
    if reason := needs_real_concurrency():
        pytest.skip(reason)  # shared-cache memory databases lock whole tables
    warm = LotFactory(pack_size=pack, code="WARM")
    assert Client().get(warm.get_absolute_url()).status_code == 200  # site settings row created
    # Another writer holds the lot's row (and SQLite's write lock).
    with held_by_another_writer("UPDATE traceability_lot SET quantity = quantity WHERE id = %s", [lot.pk]):
        response = Client().get(lot_url)
    assert response.status_code == 200
    # Postponed, not lost: the flush gave up while the lock was held, rather than waiting for the writer.
    assert Lot.objects.get(pk=lot.pk).scan_count == 0
    assert scans.flush_all() == 1
    assert Lot.objects.get(pk=lot.pk).scan_count == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_scans_all_succeed_and_lose_no_count(lot, lot_url, monkeypatch):
    if reason := needs_real_concurrency():
        pytest.skip(reason)  # the real deployment is a WAL file: run with SQLITE_TEST_NAME=/tmp/x.sqlite3
    monkeypatch.setattr(scans, "FLUSH_EVERY", 7)  # many flushes racing the scans
    threads, per_thread = 12, 15
    statuses = scan_at_once(lot_url, phones=threads, scans_each=per_thread)
    assert statuses == [200] * (threads * per_thread)
    scans.flush_all()
    lot.refresh_from_db()
    assert lot.scan_count == threads * per_thread
    assert scans.summary(lot).count == threads * per_thread


def test_a_stopping_process_writes_the_scans_it_still_holds(client, lot, lot_url):
    for _ in range(3):
        client.get(lot_url)
    assert Lot.objects.get(pk=lot.pk).scan_count == 1  # the first scan; two pending
    scans._flush_on_exit()
    assert Lot.objects.get(pk=lot.pk).scan_count == 3
    assert scans.summary(Lot.objects.get(pk=lot.pk)).count == 3
