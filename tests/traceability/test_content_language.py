"""A lot's record is Vietnamese content: on an English lot or package page, the product's name, the
timeline and a recall's reason are marked lang="vi" for a screen reader; a Vietnamese page marks nothing."""

import pytest
from django.test import Client

from tests.content_language import language_of, languages_marked_in_body, soup_of, vietnamese_read_as
from traceability.models import Lot

pytestmark = pytest.mark.django_db
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RECALL = {"notice_level": "recall", "notice": "Một số gói bị hở mép hàn.", "notice_action": "Ngừng sử dụng."}


@pytest.fixture
def phone():
    return Client(headers={"Accept": BROWSER})


@pytest.fixture
def recalled(lot):
    Lot.objects.filter(pk=lot.pk).update(**RECALL)
    return lot


def test_the_english_lot_page_marks_the_lots_record_vietnamese(phone, recalled, lot_url):
    soup = soup_of(phone.get(lot_url + "?lang=en"))
    assert language_of(soup.h1) == "vi"
    assert {language_of(meta) for meta in soup.select(".lot-timeline-meta")} == {"vi"}
    assert {language_of(kind) for kind in soup.select(".lot-timeline h3")} == {"en"}  # "Harvest"
    notice = soup.select_one(".trace-notice-recall")
    assert language_of(notice.find("p", string="Một số gói bị hở mép hàn.")) == "vi"
    assert language_of(notice.strong) == "en"  # "This lot is being recalled"


def test_the_english_product_page_marks_a_recalls_reason_vietnamese(phone, recalled, product):
    soup = soup_of(phone.get(product.url + "?lang=en"))
    assert language_of(soup.select_one(".trace-notice-recall").find("p", string=RECALL["notice"])) == "vi"


def test_no_vietnamese_of_the_english_lot_and_package_pages_is_read_with_an_english_voice(
    phone, recalled, lot_url, serial_url
):
    # The package page checked for the first time asks which province it was checked in: a list of names.
    pages = {"lot": lot_url, "package": serial_url, "package checked again": serial_url}
    assert {
        kind: vietnamese_read_as("en", soup_of(phone.get(url + "?lang=en"))) for kind, url in pages.items()
    } == {kind: [] for kind in pages}


def test_the_english_lot_page_marks_the_products_photo_and_the_certificates_numbers(phone, lot, lot_url):
    soup = soup_of(phone.get(lot_url + "?lang=en"))
    assert soup.select_one("img.trace-photo")["lang"] == "vi"  # its alt is the product's title
    numbers = [span.get_text() for span in soup.select(".certificate-item span[lang=vi]")]
    assert {"KN-2406/01", "123/2024/ATTP-CNĐK"} <= set(numbers)


def test_the_vietnamese_lot_and_package_pages_mark_nothing(phone, recalled, lot_url, serial_url):
    assert languages_marked_in_body(soup_of(phone.get(lot_url))) == []
    assert languages_marked_in_body(soup_of(phone.get(serial_url))) == []
