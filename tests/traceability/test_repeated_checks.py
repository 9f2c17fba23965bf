"""A code's first two checks are written at once (the first is decided there; the second makes it a
code checked more than once on the producer's dashboard). Later checks decide nothing: they are
counted in the cache, like the lot's scans, and written to the row with the lot's batch, so a copied
code scanned by many phones writes nothing each time, and around the lot's cached page reads nothing
either. Each scan here is a phone of its own (`Client()`): the phone that made the first check is
recognised when it comes back and not counted again (test_returning_first_checker.py)."""

import pytest
from bs4 import BeautifulSoup
from django.db import DatabaseError
from django.test import Client

from places.models import Province
from tests.traceability.scanners import BROWSER, needs_real_concurrency, scan_at_once
from traceability import scans, serials
from traceability.models import Lot, Serial

pytestmark = pytest.mark.django_db


def check_line(response):
    assert response.status_code == 200
    return (
        BeautifulSoup(response.content.decode(), "html.parser").select_one(".trace-check, .trace-notice").text
    )


def test_later_checks_reach_the_row_with_the_lots_batch_and_none_is_lost(serial, serial_url, lot):
    for _ in range(6):
        last = Client().get(serial_url, HTTP_ACCEPT=BROWSER)
    assert "Mã này đã được kiểm tra 6 lần" in check_line(last)
    assert Serial.objects.get(pk=serial.pk).check_count == 2  # checked more than once, at once
    assert scans.flush_all() == 5  # the lot's scans; its serial's checks go with them
    serial.refresh_from_db()
    assert serial.check_count == 6 and serial.last_checked_at > serial.first_checked_at
    assert scans.flush_all() == 0  # nothing written twice
    assert Serial.objects.get(pk=serial.pk).check_count == 6
    assert "Mã này đã được kiểm tra 7 lần" in check_line(Client().get(serial_url, HTTP_ACCEPT=BROWSER))


def test_a_busy_database_postpones_the_checks_with_the_scans_and_loses_neither(
    serial, serial_url, lot, monkeypatch
):
    for _ in range(4):
        Client().get(serial_url, HTTP_ACCEPT=BROWSER)

    def busy(*args, **kwargs):
        raise DatabaseError("database is locked")

    with monkeypatch.context() as patch:
        patch.setattr(scans, "short_lock_wait", busy)
        assert scans.flush_all() == 0
    assert Serial.objects.get(pk=serial.pk).check_count == 2
    assert scans.flush_all() == 3
    assert Serial.objects.get(pk=serial.pk).check_count == 4
    assert Lot.objects.get(pk=lot.pk).scan_count == 4


@pytest.mark.usefixtures("page_cache")
def test_around_the_cached_page_a_code_checked_before_needs_no_query(
    sheet, serial, serial_url, lot_url, django_assert_num_queries
):
    Client().get(lot_url, HTTP_ACCEPT=BROWSER)  # the site's routing and settings get cached
    other = sheet.serials.exclude(pk=serial.pk).first()
    Client().get(other.get_absolute_url(), HTTP_ACCEPT=BROWSER)  # keeps what surrounds the check
    Client().get(serial_url, HTTP_ACCEPT=BROWSER)  # the first check of this one
    Client().get(serial_url, HTTP_ACCEPT=BROWSER)  # the second, written at once too
    with django_assert_num_queries(0):
        again = Client().get(serial_url, HTTP_ACCEPT=BROWSER)
    assert "Mã này đã được kiểm tra 3 lần" in check_line(again)
    assert serial.check_code in check_line(again)


@pytest.mark.usefixtures("page_cache")
def test_a_voided_or_deleted_sheet_reaches_codes_the_cache_holds(
    lot, serial, serial_url, django_capture_on_commit_callbacks
):
    sheet = serials.issue(lot, 2)
    held = sheet.serials.order_by("pk").first()
    held_url = held.get_absolute_url()
    for url in (serial_url, held_url):  # checked three times: both are now held in the cache
        assert "lần kiểm tra đầu tiên" in check_line(Client().get(url, HTTP_ACCEPT=BROWSER))
        assert "đã được kiểm tra 2 lần" in check_line(Client().get(url, HTTP_ACCEPT=BROWSER))
        assert "đã được kiểm tra 3 lần" in check_line(Client().get(url, HTTP_ACCEPT=BROWSER))
    with django_capture_on_commit_callbacks(execute=True):
        assert serials.void(serial.sheet, "thất lạc cuộn tem")
    # The page is rendered whole once, then kept again around the check: both times it warns.
    for _ in range(2):
        assert "tem đã bị huỷ" in check_line(Client().get(serial_url, HTTP_ACCEPT=BROWSER))
    with django_capture_on_commit_callbacks(execute=True):
        sheet.delete()
    for _ in range(2):
        assert "Chúng tôi không có gói nào mang mã" in check_line(Client().get(held_url, HTTP_ACCEPT=BROWSER))


@pytest.mark.usefixtures("page_cache")
def test_a_place_shared_later_reaches_a_code_the_cache_holds(serial, serial_url):
    province = Province.objects.order_by("code").first()
    first = BeautifulSoup(Client().get(serial_url, HTTP_ACCEPT=BROWSER).content.decode(), "html.parser")
    Client().get(serial_url, HTTP_ACCEPT=BROWSER)  # now held in the cache
    form = first.select_one("form.trace-share")
    token = form.select_one("input[name=token]")["value"]
    assert Client().post(form["action"], {"token": token, "province": province.code}).status_code == 302
    assert f"tại {province.name}" in check_line(Client().get(serial_url, HTTP_ACCEPT=BROWSER))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_many_phones_scanning_a_copied_code_all_get_the_page_and_every_check_is_written(
    serial, serial_url, lot, monkeypatch
):
    if reason := needs_real_concurrency():
        pytest.skip(reason)
    Client().get(serial_url, HTTP_ACCEPT=BROWSER)  # the genuine buyer's first check
    monkeypatch.setattr(scans, "FLUSH_EVERY", 7)  # many flushes racing the checks
    threads, per_thread = 10, 12
    statuses = scan_at_once(serial_url, phones=threads, scans_each=per_thread)
    assert statuses == [200] * (threads * per_thread)
    scans.flush_all()
    assert Serial.objects.get(pk=serial.pk).check_count == threads * per_thread + 1
    assert Lot.objects.get(pk=lot.pk).scan_count == threads * per_thread + 1


def test_a_stopping_process_writes_the_checks_it_still_holds(serial, serial_url):
    for _ in range(5):
        Client().get(serial_url, HTTP_ACCEPT=BROWSER)
    assert Serial.objects.get(pk=serial.pk).check_count == 2  # three pending in this process's cache
    scans._flush_on_exit()
    assert Serial.objects.get(pk=serial.pk).check_count == 5
