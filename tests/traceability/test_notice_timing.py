"""A recall or warning dated to start (or end) later reaches the cached lot, package and product pages
when its time comes, not an hour later."""

import datetime

import pytest
from bs4 import BeautifulSoup
from freezegun import freeze_time

from traceability import tasks
from traceability.models import Lot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# 23:50 in Việt Nam: a notice whose last day is today ends in ten minutes.
NOW = datetime.datetime(2026, 3, 10, 16, 50, tzinfo=datetime.UTC)
RECALL = {"notice_level": "recall", "notice": "Phát hiện dị vật", "notice_action": "Ngừng sử dụng"}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def banner(response):
    found = BeautifulSoup(response.content.decode(), "html.parser").select_one(".trace-notice-recall")
    return found.strong.text if found else None


def sweep(committed):
    """The worker's scheduled sweep, as the clock enqueues it."""
    with committed():
        tasks.announce_notices_in_force.call()


def test_a_recall_dated_to_start_later_shows_on_cached_pages_when_it_starts(
    client, lot, lot_url, serial_url, product, committed
):
    with freeze_time(NOW) as clock:
        Lot.objects.filter(pk=lot.pk).update(**RECALL, notice_from=NOW + datetime.timedelta(minutes=5))
        for url in (lot_url, product.url):
            client.get(url, HTTP_ACCEPT=BROWSER)
            before = client.get(url, HTTP_ACCEPT=BROWSER)
            assert before["X-Page-Cache"] == "hit" and banner(before) is None
        client.get(serial_url, HTTP_ACCEPT=BROWSER)

        clock.move_to(NOW + datetime.timedelta(minutes=6))
        assert banner(client.get(lot_url, HTTP_ACCEPT=BROWSER)) == "Lô này đang bị thu hồi"
        assert banner(client.get(serial_url, HTTP_ACCEPT=BROWSER)) == "Lô này đang bị thu hồi"
        sweep(committed)
        assert banner(client.get(product.url, HTTP_ACCEPT=BROWSER)) == "Lô L2406-01 đang bị thu hồi"


def test_a_recall_ending_leaves_cached_pages_when_its_last_day_ends(
    client, lot, lot_url, serial_url, product, committed
):
    with freeze_time(NOW) as clock:
        Lot.objects.filter(pk=lot.pk).update(
            **RECALL, notice_from=NOW - datetime.timedelta(days=3), notice_until=datetime.date(2026, 3, 10)
        )
        for url in (lot_url, product.url):
            client.get(url, HTTP_ACCEPT=BROWSER)
            shown = client.get(url, HTTP_ACCEPT=BROWSER)
            assert shown["X-Page-Cache"] == "hit" and banner(shown) is not None
        assert banner(client.get(serial_url, HTTP_ACCEPT=BROWSER)) == "Lô này đang bị thu hồi"

        clock.move_to(NOW + datetime.timedelta(minutes=11))  # 00:01 on the next day
        assert banner(client.get(lot_url, HTTP_ACCEPT=BROWSER)) is None
        assert banner(client.get(serial_url, HTTP_ACCEPT=BROWSER)) is None
        sweep(committed)
        assert banner(client.get(product.url, HTTP_ACCEPT=BROWSER)) is None


def test_the_sweep_purges_a_product_page_once_not_at_every_run(client, lot, product, committed):
    with freeze_time(NOW) as clock:
        Lot.objects.filter(pk=lot.pk).update(**RECALL, notice_from=NOW + datetime.timedelta(minutes=5))
        sweep(committed)
        clock.move_to(NOW + datetime.timedelta(minutes=6))
        sweep(committed)
        client.get(product.url)
        clock.move_to(NOW + datetime.timedelta(minutes=16))
        sweep(committed)  # nothing started or ended since the last run
        assert client.get(product.url)["X-Page-Cache"] == "hit"
