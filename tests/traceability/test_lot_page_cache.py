"""Lot pages come from the page cache, and every scan is still counted (before the page is served)."""

import pytest

from traceability import scans
from traceability.factories import LotEventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def scan_text(response):
    """The count the page shows: how often the lot's page was viewed, never presented as a warning
    (issue 18); the page cache fills it in on every scan."""
    html = response.content.decode()
    start = html.index('<p class="trace-scans">')
    return html[start : html.index("</p>", start)]


def test_later_scans_are_served_from_the_cache_and_counted(client, lot_url, django_assert_num_queries):
    first = client.get(lot_url)
    assert first["X-Page-Cache"] == "miss"
    assert "được xem 1 lần" in scan_text(first)
    # The first scan was written to the lot at once; the page stays cached all the same.
    with django_assert_num_queries(0):
        second = client.get(lot_url)
    assert second["X-Page-Cache"] == "hit"
    assert "được xem 2 lần" in scan_text(second)
    assert "được xem 3 lần" in scan_text(client.get(lot_url))


def test_the_count_stays_right_and_the_page_cached_when_scans_are_written_to_the_database(
    client, lot_url, lot, django_assert_num_queries
):
    for expected in range(1, 4):
        assert f"được xem {expected} lần" in scan_text(client.get(lot_url))
    assert scans.flush_all([lot.pk]) == 2  # the first scan was written at once, these two now
    lot.refresh_from_db()
    assert lot.scan_count == 3
    with django_assert_num_queries(0):
        after = client.get(lot_url)
    assert after["X-Page-Cache"] == "hit"  # a flush changes nothing the page shows: no purge
    assert "được xem 4 lần" in scan_text(after)
    assert "được xem 5 lần" in scan_text(client.get(lot_url))
    assert scans.summary(lot).count == 5


def test_a_new_event_on_the_lot_shows_at_once(client, lot_url, lot, committed):
    client.get(lot_url)
    with committed():
        LotEventFactory(lot=lot, place="Kho Mỏ Cày Nam")
    assert "Kho Mỏ Cày Nam" in client.get(lot_url).content.decode()


def test_renaming_the_product_shows_at_once_on_its_lot_pages(client, lot_url, product, committed):
    client.get(lot_url)
    product.title = "Kẹo dừa sầu riêng hộp quà"
    with committed():
        product.save_revision().publish()
    assert "Kẹo dừa sầu riêng hộp quà" in client.get(lot_url).content.decode()


def test_json_clients_are_not_given_cached_html(client, lot_url):
    client.get(lot_url)
    response = client.get(lot_url, HTTP_ACCEPT="application/ld+json")
    assert response["Content-Type"].startswith("application/ld+json")
    assert "X-Page-Cache" not in response


def test_a_gtin_scan_redirects_from_the_cache_and_follows_a_move(client, pack, product, committed):
    url = f"/01/{pack.gtin}"
    first = client.get(url)
    assert first.status_code == 307 and first["Location"].endswith(product.url)
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit" and second.status_code == 307
    assert second["Location"] == first["Location"]
    with committed():
        product.unpublish()
    assert client.get(url).status_code == 404
