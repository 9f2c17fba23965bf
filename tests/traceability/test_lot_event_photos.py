"""A lot's production events show their photos: the first scan of the lot page (nothing in the page
cache yet) waits for none of them to be drawn, and costs as many queries with five photos as with one."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection

from catalogue.factories import ImageFactory
from traceability.factories import LotEventFactory
from traceability.models import EventKind

BROWSER = "text/html,application/xhtml+xml"


# The lot page's queries on its first scan: the site and its settings, the lot with its product, its
# events, their photos and those photos' renditions, the certificates, the scan, the product's photo.
# The scan's short lock wait is a PRAGMA before and after it on SQLite, one SET LOCAL on PostgreSQL.
def first_scan_queries() -> int:
    return 32 if connection.vendor == "sqlite" else 31


@pytest.fixture
def ahead(settings):
    settings.DRAW_RENDITIONS_AHEAD = True


@pytest.mark.parametrize("photos", [1, 5])
def test_the_first_scan_shows_every_event_photo_in_as_many_queries_however_many_photos(
    ahead, client, lot, lot_url, photos, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):  # saved in the admin: its photos drawn after
        for number in range(photos):
            LotEventFactory(lot=lot, kind=EventKind.PACKAGING, image=ImageFactory(title=f"Đóng gói {number}"))

    with django_assert_num_queries(first_scan_queries()):
        response = client.get(lot_url, HTTP_ACCEPT=BROWSER)

    assert response.status_code == 200
    shown = BeautifulSoup(response.content, "html.parser").select("img.lot-timeline-photo")
    assert len(shown) == photos
    assert all(".fill-480x320.format-webp" in photo["src"] for photo in shown)
