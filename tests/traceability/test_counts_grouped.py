"""Counts of a thousand and more on a lot's and a package's page are grouped as prices are: "1.000 gói"
in Vietnamese, "1,000" in English."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from tests.traceability.scanners import BROWSER
from traceability.models import Lot, Serial

pytestmark = pytest.mark.django_db


def page(url, lang="vi"):
    response = Client().get(url, {"lang": lang} if lang != "vi" else {}, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def packs_in_the_lot(soup) -> str:
    return soup.find("dt", string=["Lô gồm", "Lot size"]).find_next("dd").text


@pytest.fixture
def big_lot(lot):
    a_year_ago = timezone.now() - datetime.timedelta(days=365)
    Lot.objects.filter(pk=lot.pk).update(quantity=12000, scan_count=1233, first_scanned_at=a_year_ago)
    return lot


def test_a_lot_of_twelve_thousand_packs_scanned_over_a_thousand_times_says_so_in_groups(big_lot, lot_url):
    soup = page(lot_url)
    assert packs_in_the_lot(soup) == "12.000 gói hàng"
    scans = soup.select_one(".trace-scans").text
    assert "Mã QR này in chung cho cả 12.000 gói của lô" in scans
    assert "Trang của lô đã được xem 1.234 lần" in scans


def test_the_english_lot_page_groups_its_counts_with_commas(big_lot, lot_url):
    soup = page(lot_url, "en")
    assert "12,000" in packs_in_the_lot(soup)
    scans = soup.select_one(".trace-scans").text
    assert "12,000" in scans and "1,234" in scans
    assert "12.000" not in scans


@pytest.mark.parametrize(("lang", "count"), [("vi", "Mã này đã được kiểm tra 1.501 lần"), ("en", "1,501")])
def test_a_code_checked_over_a_thousand_times_says_how_often_in_groups(lot, serial, serial_url, lang, count):
    first = timezone.now() - datetime.timedelta(days=30)
    Serial.objects.filter(pk=serial.pk).update(
        check_count=1500, first_checked_at=first, last_checked_at=first
    )
    assert count in page(serial_url, lang).select_one(".trace-check h2").text


def test_the_first_checker_is_told_of_a_thousand_later_checks_in_groups(serial, serial_url):
    phone = Client()
    phone.get(serial_url, HTTP_ACCEPT=BROWSER)  # its first check
    Serial.objects.filter(pk=serial.pk).update(check_count=1235)
    back = phone.get(serial_url, HTTP_ACCEPT=BROWSER)
    box = BeautifulSoup(back.content.decode(), "html.parser").select_one(".trace-check")
    assert "Sau đó mã này đã được kiểm tra thêm 1.234 lần trên thiết bị khác" in box.text


def test_the_label_sheet_of_a_thousand_labels_says_its_count_in_groups(admin_client, lot):
    from traceability import serials

    sheet = serials.issue(lot, 1200)
    response = admin_client.get(f"/lots/sheets/{sheet.pk}/labels/")
    assert response.status_code == 200
    assert "Đợt 1: 1.200 tem" in BeautifulSoup(response.content.decode(), "html.parser").text
