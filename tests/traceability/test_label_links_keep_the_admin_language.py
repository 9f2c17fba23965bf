"""The admin's links to a lot's label sheets open them in the language the admin speaks: a producer's
staff member whose account reads the admin in English gets an English sheet (`?lang=en`), where the
sheet, a public page outside the admin, used to fall back to Vietnamese. In Vietnamese, the plain address."""

import pytest
from wagtail.users.models import UserProfile

from tests.content_language import soup_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_admin(producer_client):
    user = producer_client.get("/admin/").wsgi_request.user
    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(preferred_language="en")
    return producer_client


def sheet_links(response, path):
    return [a["href"] for a in soup_of(response).select("a[href]") if a["href"].split("?")[0] == path]


def test_the_english_lot_listing_links_the_english_label_sheet(english_admin, lot):
    links = sheet_links(english_admin.get("/admin/lots/"), f"/lots/{lot.pk}/labels/")

    assert links == [f"/lots/{lot.pk}/labels/?lang=en"]
    assert soup_of(english_admin.get(links[0])).html["lang"] == "en"


def test_the_english_lot_editor_links_the_english_label_sheet(english_admin, lot):
    links = sheet_links(english_admin.get(f"/admin/lots/edit/{lot.pk}/"), f"/lots/{lot.pk}/labels/")

    assert links == [f"/lots/{lot.pk}/labels/?lang=en"]


def test_the_english_serials_page_links_the_english_serial_sheet(english_admin, sheet):
    page = english_admin.get(f"/admin/traceability/lots/{sheet.lot_id}/serials/")

    assert sheet_links(page, f"/lots/sheets/{sheet.pk}/labels/") == [
        f"/lots/sheets/{sheet.pk}/labels/?lang=en"
    ]


def test_the_vietnamese_admin_links_the_plain_label_sheets(producer_client, sheet):
    lot = sheet.lot

    assert sheet_links(producer_client.get("/admin/lots/"), f"/lots/{lot.pk}/labels/") == [
        f"/lots/{lot.pk}/labels/"
    ]
    serials_page = producer_client.get(f"/admin/traceability/lots/{lot.pk}/serials/")
    assert sheet_links(serials_page, f"/lots/sheets/{sheet.pk}/labels/") == [
        f"/lots/sheets/{sheet.pk}/labels/"
    ]


def public_page_links(response, lot):
    return sheet_links(response, lot.get_absolute_url())


def test_the_english_lot_listing_links_the_lots_public_page_in_english(english_admin, lot):
    links = public_page_links(english_admin.get("/admin/lots/"), lot)

    assert links == [f"{lot.get_absolute_url()}?lang=en"]
    assert soup_of(english_admin.get(links[0])).html["lang"] == "en"


def test_the_english_lot_editor_links_the_lots_public_page_in_english(english_admin, lot):
    links = public_page_links(english_admin.get(f"/admin/lots/edit/{lot.pk}/"), lot)

    assert links == [f"{lot.get_absolute_url()}?lang=en"]


def test_the_vietnamese_admin_links_the_lots_plain_public_page(producer_client, lot):
    assert public_page_links(producer_client.get("/admin/lots/"), lot) == [lot.get_absolute_url()]
    assert public_page_links(producer_client.get(f"/admin/lots/edit/{lot.pk}/"), lot) == [
        lot.get_absolute_url()
    ]
