"""A serial's page around its lot's cached page: every package's check is its own answer, recorded
and rendered fresh; only what surrounds it comes from the cache, and the lot's purges reach it."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client

from tests.traceability.scanners import held_by_another_writer, needs_real_concurrency
from traceability import serials
from traceability.factories import LotEventFactory
from traceability.models import Serial

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def codes(sheet, pack):
    return [f"/01/{pack.gtin}/10/{s.lot.code}/21/{s.serial}" for s in sheet.serials.order_by("pk")]


def page(client, url):
    response = client.get(url, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200
    return response, BeautifulSoup(response.content.decode(), "html.parser")


def test_each_serial_gets_its_own_check_and_uri_around_the_lots_cached_page(
    client, codes, django_assert_num_queries
):
    page(client, codes[0])  # renders the whole page and keeps what surrounds the check
    # A new package's first check is one statement that claims it and returns the serial (whether its
    # sheet is voided is kept with the lot's page): on SQLite with the busy timeout shortened and
    # restored around it; on PostgreSQL the statement gives its own transaction its settings.
    check = 3 if connection.vendor == "sqlite" else 1
    with django_assert_num_queries(check):
        response, soup = page(client, codes[1])
    assert soup.select_one(".trace-check h2").text.strip() == "Sản phẩm chính hãng – lần kiểm tra đầu tiên"
    serial = Serial.objects.get(serial=codes[1].rsplit("/", 1)[1])
    assert serial.check_code in soup.select_one(".trace-check").text
    assert serial.first_checked_at is not None and serial.check_count == 1
    assert soup.select_one("form.trace-share input[name=token]")["value"]
    assert list(response.cookies) == ["ocop_first_checks"]  # no session, no CSRF: the first check's only
    html = response.content.decode()
    assert codes[1] in html and codes[0] not in html  # the URI is this package's, in every place
    assert "Kẹo dừa sầu riêng" in soup.h1.text and "L2406-01" in html

    _, again = page(Client(), codes[1])  # another phone
    assert again.select_one(".trace-check h2").text.strip().startswith("Mã này đã được kiểm tra 2 lần")
    assert again.select_one("form.trace-share") is None


def test_an_unknown_or_voided_serial_warns_around_the_cached_page(
    client, codes, sheet, pack, lot, django_capture_on_commit_callbacks
):
    page(client, codes[0])
    _, unknown = page(client, f"/01/{pack.gtin}/10/{lot.code}/21/KHONGCOMA99")
    assert "không phải của một gói hàng chính hãng" in unknown.select_one(".trace-notice-recall").text
    assert "KHONGCOMA99" in unknown.select_one(".trace-notice-recall").text
    with django_capture_on_commit_callbacks(execute=True):  # the purge follows the commit
        assert serials.void(sheet, "thất lạc cuộn tem")
    for url in (codes[2], codes[3]):  # the page rendered whole, then kept again around the check
        _, voided = page(client, url)
        assert "tem đã bị huỷ" in voided.select_one(".trace-notice-recall").text


def test_a_change_to_the_lot_reaches_its_serial_pages_at_once(
    client, codes, lot, django_capture_on_commit_callbacks
):
    page(client, codes[0])
    with django_capture_on_commit_callbacks(execute=True):
        LotEventFactory(lot=lot, place="Kho Mỏ Cày Nam")
    _, soup = page(client, codes[1])
    assert "Kho Mỏ Cày Nam" in soup.text


def test_a_serial_scan_still_counts_as_a_scan_of_its_lot(client, codes, lot):
    from traceability import scans

    for url in codes[:3]:
        page(client, url)
    assert scans.summary(lot).count == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_locked_serial_neither_fails_nor_holds_its_page(codes):
    """Another writer holds the serial's row (on SQLite, the write lock): the first check's one
    statement gives up within the lock timeout, and the page says what it knows and counts nothing."""
    if reason := needs_real_concurrency():
        pytest.skip(reason)  # shared-cache memory databases lock whole tables
    client = Client()
    page(client, codes[0])  # the lot's page kept around the check
    code = codes[1].rsplit("/", 1)[1]
    with held_by_another_writer(
        "UPDATE traceability_serial SET check_count = check_count WHERE serial = %s", [code]
    ):
        _, soup = page(client, codes[1])
    assert soup.select_one(".trace-check h2").text.strip() == "Mã của một gói chính hãng"
    assert "chưa được ghi" in soup.select_one(".trace-check").text
    # Nothing written: it gave up while the lock was held, rather than waiting for the other writer.
    serial = Serial.objects.get(serial=code)
    assert serial.check_count == 0 and serial.first_checked_at is None
    _, soup = page(client, codes[1])  # the lock gone, the next scan is the first check
    assert soup.select_one(".trace-check h2").text.strip() == "Sản phẩm chính hãng – lần kiểm tra đầu tiên"


def test_no_browser_or_shared_cache_keeps_a_serial_page_and_lot_pages_stay_cached(client, codes, lot_url):
    """Back after sharing the first check's place must not show the stale question again."""
    first, _ = page(client, codes[0])  # rendered whole
    around, _ = page(client, codes[1])  # around the lot's cached page
    again, _ = page(Client(), codes[0])  # a later check
    as_data = client.get(codes[2], HTTP_ACCEPT="application/ld+json")
    for response in (first, around, again, as_data):
        assert {"no-store", "private"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    lot_first, _ = page(Client(), lot_url)
    lot_again, _ = page(Client(), lot_url)
    assert lot_again["X-Page-Cache"] == "hit"
    for response in (lot_first, lot_again):
        assert "no-store" not in response.get("Cache-Control", "")
        assert "private" not in response.get("Cache-Control", "")
