"""A label sheet opened in English (`?lang=en`, the admin's English link) says so to the browser and a
screen reader, and stays English through its size links, its parts and the redirect to a part it has;
the product's name, Vietnamese content, stays marked Vietnamese."""

import pytest

from tests.content_language import language_of, languages_marked_in_body, soup_of
from traceability import serials

pytestmark = pytest.mark.django_db

SIZES = ("18", "20", "25", "30")


@pytest.fixture
def sheet_of_300(lot):
    return serials.issue(lot, 300)  # at 40 mm, 180 labels a part: two parts


def sheet_url(sheet):
    return f"/lots/sheets/{sheet.pk}/labels/"


def links(response, text):
    return [a["href"] for a in soup_of(response).select(".screen-only a") if a.get_text() in text]


def test_the_english_serial_sheet_is_marked_english_and_its_product_vietnamese(producer_client, sheet):
    page = soup_of(producer_client.get(sheet_url(sheet), {"lang": "en"}))
    assert page.html["lang"] == "en"
    lot = "L2406-01 · Kẹo dừa sầu riêng – Hộp 400g"  # the lot as Lot.__str__ names it, with its pack
    assert page.title.get_text() == f"Per-pack labels – lot {lot}, batch {sheet.number}"
    assert language_of(page.find("strong", string=lot)) == "vi"


def test_the_vietnamese_serial_sheet_is_marked_vietnamese_and_marks_nothing_else(producer_client, sheet):
    page = soup_of(producer_client.get(sheet_url(sheet)))
    assert page.html["lang"] == "vi"
    assert languages_marked_in_body(page) == []


def test_a_part_past_the_last_of_an_english_sheet_is_sent_to_the_last_in_english(
    producer_client, sheet_of_300
):
    response = producer_client.get(sheet_url(sheet_of_300), {"lang": "en", "page": 9, "size": 18})
    assert response.status_code == 302
    assert response["Location"] == f"{sheet_url(sheet_of_300)}?page=1&size=18&lang=en"


def test_the_size_links_keep_the_part_and_the_language(producer_client, sheet_of_300):
    response = producer_client.get(sheet_url(sheet_of_300), {"lang": "en", "page": 2, "size": 40})
    assert links(response, [f"{size} mm" for size in SIZES]) == [
        f"?page=2&size={size}&lang=en" for size in SIZES
    ]
    assert links(response, ["Previous"]) == ["?page=1&size=40&lang=en"]


def test_the_size_and_part_links_of_the_vietnamese_sheet_ask_for_no_language(producer_client, sheet_of_300):
    response = producer_client.get(sheet_url(sheet_of_300), {"page": 1, "size": 40})
    assert links(response, [f"{size} mm" for size in SIZES]) == [f"?page=1&size={size}" for size in SIZES]
    assert links(response, ["Tiếp"]) == ["?page=2&size=40"]


def test_the_english_lot_sheet_is_marked_english_and_its_size_links_keep_english(producer_client, lot):
    response = producer_client.get(f"/lots/{lot.pk}/labels/", {"lang": "en"})
    page = soup_of(response)
    assert page.html["lang"] == "en"
    assert language_of(page.select_one(".screen-only strong")) == "vi"
    label = page.select_one(".label-text")
    assert language_of(label.strong) == language_of(label.span) == "vi"  # the product and its pack
    assert links(response, ["20 mm", "25 mm", "30 mm"]) == [
        "?size=20&lang=en",
        "?size=25&lang=en",
        "?size=30&lang=en",
    ]
    assert soup_of(producer_client.get(f"/lots/{lot.pk}/labels/")).html["lang"] == "vi"
