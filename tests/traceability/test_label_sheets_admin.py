"""A producer issuing and voiding serialised label sheets in the admin: never more codes than the lot
has packages, and a sheet is voided only after a page says what that does and a reason is given."""

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from traceability import serials
from traceability.models import Lot, Serial

pytestmark = pytest.mark.django_db


def soup_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def issue(client, lot, count):
    return client.post(f"/admin/traceability/lots/{lot.pk}/serials/", {"count": str(count)})


def count_errors(response):
    return [li.text for li in soup_of(response).select(".error-message, .errorlist li")]


# Issuing: one code a package


def test_issuing_more_codes_than_the_lot_has_packages_is_refused_with_how_many_are_left(producer_client, lot):
    Lot.objects.filter(pk=lot.pk).update(quantity=900)
    assert issue(producer_client, lot, 700).status_code == 302
    response = issue(producer_client, lot, 10_000)
    assert response.status_code == 200
    assert any("chỉ còn phát hành được 200 mã" in error for error in count_errors(response))
    assert Serial.objects.filter(lot=lot).count() == 700 and lot.label_sheets.count() == 1
    assert issue(producer_client, lot, 200).status_code == 302
    assert Serial.objects.filter(lot=lot).count() == 900


def test_a_count_typed_the_vietnamese_way_issues_that_many_codes(producer_client, lot):
    Lot.objects.filter(pk=lot.pk).update(quantity=1500)
    assert issue(producer_client, lot, "1.000").status_code == 302  # a thousand, not one
    assert Serial.objects.filter(lot=lot).count() == 1000


def test_the_issue_form_says_how_many_codes_the_lot_can_still_take(producer_client, lot):
    serials.issue(lot, 1000)
    page = soup_of(producer_client.get(f"/admin/traceability/lots/{lot.pk}/serials/"))
    assert "Lô có 1.200 gói, đã có 1.000 mã đang dùng: còn phát hành được 200 mã." in page.text


def test_a_full_lot_is_told_to_void_a_lost_sheet_and_a_voided_sheets_codes_can_be_issued_again(
    producer_client, lot
):
    lost = serials.issue(lot, 1200)
    response = issue(producer_client, lot, 1)
    assert any("đã có mã cho cả 1.200 gói" in error for error in count_errors(response))
    serials.void(lost, "thất lạc cuộn tem")
    assert issue(producer_client, lot, 1200).status_code == 302


def test_a_lot_without_a_package_count_explains_why_no_code_can_be_issued(producer_client, lot):
    Lot.objects.filter(pk=lot.pk).update(quantity=0)
    response = issue(producer_client, lot, 10)
    assert any("chưa ghi số gói" in error for error in count_errors(response))
    assert not Serial.objects.filter(lot=lot).exists()


def test_the_issue_bounds_stay_one_to_one_hundred_thousand(producer_client, lot):
    Lot.objects.filter(pk=lot.pk).update(quantity=200_000)
    for count in (0, 100_001):
        assert issue(producer_client, lot, count).status_code == 200
    assert not lot.label_sheets.exists()


@pytest.mark.parametrize("count", ["0", "-1", "100001", "1000000000"])
def test_a_count_out_of_bounds_is_told_the_bounds_grouped_and_what_the_lot_can_still_take(
    producer_client, lot, count
):
    serials.issue(lot, 720)
    response = issue(producer_client, lot, count)
    assert response.status_code == 200
    assert count_errors(response) == [
        "Số tem mỗi lần phát hành từ 1 đến 100.000. Lô L2406-01 chỉ còn phát hành được 480 mã."
    ]
    assert lot.label_sheets.count() == 1


def test_a_count_out_of_bounds_for_a_full_lot_says_the_lot_is_full(producer_client, lot):
    serials.issue(lot, 1200)
    [error] = count_errors(issue(producer_client, lot, 0))
    assert error.startswith(
        "Số tem mỗi lần phát hành từ 1 đến 100.000. Lô L2406-01 đã có mã cho cả 1.200 gói."
    )


@pytest.mark.parametrize("count", ["1,5", "một nghìn"])
def test_a_count_that_is_no_whole_number_is_explained_with_a_number_of_packages(producer_client, lot, count):
    response = issue(producer_client, lot, count)
    assert response.status_code == 200
    assert count_errors(response) == [
        "Hãy nhập số gói bằng chữ số, ví dụ 1000 hoặc 1.000 (không có phần lẻ)."
    ]
    assert soup_of(response).select_one("input[name=count]")["value"] == count
    assert not lot.label_sheets.exists()


# Voiding: a confirmation page, a reason, once


def test_voiding_a_sheet_first_shows_what_it_means_with_its_figures_and_voids_nothing(producer_client, lot):
    sheet = serials.issue(lot, 25)
    Serial.objects.filter(pk__in=sheet.serials.values("pk")[:3]).update(first_checked_at=timezone.now())
    listing = soup_of(producer_client.get(f"/admin/traceability/lots/{lot.pk}/serials/"))
    link = listing.find("a", string="Huỷ đợt tem")
    assert link["href"] == f"/admin/traceability/sheets/{sheet.pk}/void/"
    assert listing.find("form", action=link["href"]) is None  # no one-click void left

    response = producer_client.get(link["href"])
    assert response.status_code == 200
    page = soup_of(response)
    assert "Đợt này có 25 mã; 3 mã đã được người mua kiểm tra." in page.text
    assert "không phải mã chính hãng" in page.text and "Không thể hoàn tác." in page.text
    reason = page.find("input", attrs={"name": "reason"})
    assert reason.has_attr("required") and reason["maxlength"] == "200"
    assert "tối đa 200 ký tự" in page.text
    assert page.find("form", method="post").find("button", string="Có, huỷ đợt tem") is not None
    sheet.refresh_from_db()
    assert sheet.voided_at is None


def test_voiding_needs_a_reason_of_at_most_200_characters_and_never_cuts_it(producer_client, lot):
    sheet = serials.issue(lot, 5)
    url = f"/admin/traceability/sheets/{sheet.pk}/void/"
    for reason, error in (("", "Hãy ghi lý do huỷ đợt tem."), ("x" * 201, "Lý do dài 201 ký tự")):
        response = producer_client.post(url, {"reason": reason})
        assert response.status_code == 200
        assert error in soup_of(response).text
        sheet.refresh_from_db()
        assert sheet.voided_at is None

    response = producer_client.post(url, {"reason": "Thất lạc cuộn tem khi vận chuyển"})
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.voided_at is not None and sheet.void_reason == "Thất lạc cuộn tem khi vận chuyển"


def test_a_voided_sheet_says_when_it_was_voided_and_is_not_offered_for_printing(producer_client, lot):
    sheet = serials.issue(lot, 5)
    url = f"/admin/traceability/sheets/{sheet.pk}/void/"
    producer_client.post(url, {"reason": "thất lạc"}, follow=True)  # its message read on the lot's page
    sheet.refresh_from_db()
    voided_at = timezone.localtime(sheet.voided_at).strftime("%H:%M %d/%m/%Y")

    for again in (
        producer_client.get(url, follow=True),
        producer_client.post(url, {"reason": "x"}, follow=True),
    ):
        assert again.redirect_chain == [(f"/admin/traceability/lots/{lot.pk}/serials/", 302)]
        assert f"Đợt tem này đã được huỷ lúc {voided_at}." in soup_of(again).text
    sheet.refresh_from_db()
    assert sheet.void_reason == "thất lạc"
    listing = soup_of(producer_client.get(f"/admin/traceability/lots/{lot.pk}/serials/"))
    assert listing.find("a", string="In tem") is None
    assert listing.find("a", string="Huỷ đợt tem") is None


# Each screen names its lot


def test_the_lot_screens_name_the_lot_in_their_heading_and_lead_back_to_the_lot_list(
    producer_client, lot, sheet
):
    screens = {
        f"/admin/traceability/lots/{lot.pk}/serials/": "Tem theo gói – lô L2406-01",
        f"/admin/traceability/sheets/{sheet.pk}/void/": "Huỷ đợt tem 1 – lô L2406-01",
        f"/admin/traceability/lots/{lot.pk}/notice/": "Thu hồi / cảnh báo – lô L2406-01",
    }
    for url, title in screens.items():
        page = soup_of(producer_client.get(url))
        assert page.select_one("h1").get_text(strip=True) == title
        assert not page.select("h1#header-title")  # no empty visible heading any more
        crumbs = page.select("nav[aria-label] ol li")
        assert crumbs[-1].get_text(" ", strip=True) == title  # the breadcrumb that stays in sight
        assert page.select_one('nav[aria-label] a[href="/admin/lots/"]')
