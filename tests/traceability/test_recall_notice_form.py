"""The recall/warning form of a lot refuses dates that could never show or never be stored, on the
field concerned, and saves nothing."""

import datetime
import logging

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.admin_forms import form_data
from tests.page_tree import independent_of_the_page_tree
from traceability.models import Lot

pytestmark = pytest.mark.django_db

# Days to come, whenever the suite runs (a notice whose end has passed is refused).
START = timezone.localdate() + datetime.timedelta(days=10)
EARLIER = START - datetime.timedelta(days=9)
LATER = START + datetime.timedelta(days=21)


@pytest.fixture
@independent_of_the_page_tree
def staff_client(client):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "pw"))
    return client


def post_notice(client, lot, **changes):
    data = {
        "notice_level": "warning",
        "notice": "Một số gói bị hở mép",
        "notice_action": "Kiểm tra mép gói trước khi dùng",
        "notice_from": "",
        "notice_until": "",
        **changes,
    }
    return client.post(f"/admin/traceability/lots/{lot.pk}/notice/", data)


def field_error(response, name):
    """The errors Django renders beside the field (`<ul class="errorlist" id="id_<name>_error">`)."""
    errors = BeautifulSoup(response.content, "html.parser").select_one(f"#id_{name}_error")
    return errors.get_text(" ", strip=True) if errors else ""


def test_a_notice_ending_before_it_starts_is_refused_on_the_end_date(staff_client, lot):
    response = post_notice(staff_client, lot, notice_from=f"{START}T08:00", notice_until=str(EARLIER))
    assert response.status_code == 200
    assert f"Ngày kết thúc phải cùng ngày hoặc sau ngày bắt đầu ({START:%d/%m/%Y})" in field_error(
        response, "notice_until"
    )
    lot.refresh_from_db()
    assert (lot.notice_level, lot.notice_from, lot.notice_until) == ("", None, None)


def test_a_notice_ending_on_its_first_day_is_saved(staff_client, lot):
    response = post_notice(staff_client, lot, notice_from=f"{START}T08:00", notice_until=str(START))
    assert response.status_code == 302
    lot.refresh_from_db()
    assert lot.notice_level == "warning" and lot.notice_until == START


def test_a_start_in_year_one_is_a_field_error_not_an_unreadable_form(staff_client, lot, caplog):
    with caplog.at_level(logging.ERROR):
        response = post_notice(staff_client, lot, notice_from="0001-01-01T00:00")
    assert response.status_code == 200
    assert "Ngày giờ này nằm ngoài khoảng có thể lưu" in field_error(response, "notice_from")
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert Lot.objects.get(pk=lot.pk).notice_level == ""


@pytest.mark.parametrize("name", ["events-0-occurred_at"])  # the notice's dates are set on the notice screen
def test_the_lot_editor_gives_a_field_error_for_a_time_in_year_one(staff_client, lot, name, caplog):
    url = f"/admin/lots/edit/{lot.pk}/"
    data = form_data(staff_client.get(url).content)
    before = (lot.notice_from, lot.events.order_by("sort_order").first().occurred_at)
    with caplog.at_level(logging.ERROR):
        response = staff_client.post(url, {**data, name: "0001-01-01 00:00"})
    assert response.status_code == 200
    assert "Ngày giờ này nằm ngoài khoảng có thể lưu" in response.content.decode()
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
    lot.refresh_from_db()
    assert (lot.notice_from, lot.events.order_by("sort_order").first().occurred_at) == before


def date_inputs(response):
    """The value attribute of the notice's two date pickers, as the browser receives them."""
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        name: soup.select_one(f"input[name={name}]").get("value") for name in ("notice_from", "notice_until")
    }


def test_a_saved_notice_shows_its_dates_in_the_pickers_and_keeps_them_when_saved_again(staff_client, lot):
    url = f"/admin/traceability/lots/{lot.pk}/notice/"
    assert (
        post_notice(staff_client, lot, notice_from=f"{START}T08:30", notice_until=str(LATER)).status_code
        == 302
    )
    saved = Lot.objects.values("notice_from", "notice_until").get(pk=lot.pk)

    response = staff_client.get(url)
    # What <input type="datetime-local"> and <input type="date"> can show (never "05/12/2026 08:30").
    assert date_inputs(response) == {"notice_from": f"{START}T08:30", "notice_until": str(LATER)}

    data = form_data(response.content)
    response = staff_client.post(url, {**data, "notice_action": "Mang gói tới nơi mua để đổi"})
    assert response.status_code == 302
    lot.refresh_from_db()
    assert lot.notice_action == "Mang gói tới nơi mua để đổi"
    assert {"notice_from": lot.notice_from, "notice_until": lot.notice_until} == saved


@pytest.mark.parametrize("name", ["notice", "notice_action"])
def test_a_notice_longer_than_a_phone_screen_can_hold_is_refused_on_its_field(staff_client, lot, name):
    response = post_notice(staff_client, lot, **{name: "Dừa." * 50_000})
    assert response.status_code == 200
    assert field_error(response, name) == (
        "Hãy viết ngắn gọn, tối đa 1000 ký tự (hiện có 200000): người mua đọc thông báo này trên điện thoại."
    )
    assert Lot.objects.get(pk=lot.pk).notice_level == ""


def test_a_notice_of_1000_characters_is_saved(staff_client, lot):
    assert post_notice(staff_client, lot, notice="x" * 1000).status_code == 302
    assert len(Lot.objects.get(pk=lot.pk).notice) == 1000


# Dates at the calendar's ends


def test_a_recall_ending_in_year_9999_is_refused_on_the_end_date(producer_client, lot):
    response = post_notice(producer_client, lot, notice_level="recall", notice_until="9999-12-31")
    assert response.status_code == 200
    assert "Ngày kết thúc không thể quá 10 năm sau hôm nay" in field_error(response, "notice_until")
    assert date_inputs(response)["notice_until"] == "9999-12-31"  # kept for the editor to correct
    lot.refresh_from_db()
    assert (lot.notice_level, lot.notice_until) == ("", None)


def test_a_recall_already_stored_as_ending_in_year_9999_shows_on_the_lot_page(
    client, lot, lot_url, page_cache
):
    # A date at the calendar's end never ends: the page (kept until the banner changes) shows the
    # recall, never a server error.
    Lot.objects.filter(pk=lot.pk).update(
        notice_level="recall",
        notice="Phát hiện dị vật",
        notice_action="Ngừng sử dụng",
        notice_from=timezone.now() - datetime.timedelta(days=1),
        notice_until=datetime.date.max,
    )
    for _ in range(2):  # rendered and kept, then served from the page cache
        response = client.get(lot_url, HTTP_ACCEPT="text/html")
        assert response.status_code == 200
        assert "Phát hiện dị vật" in response.content.decode()
    assert response["X-Page-Cache"] == "hit"


def test_a_recall_without_a_start_ending_before_today_is_refused_on_the_end_date(producer_client, lot):
    response = post_notice(producer_client, lot, notice_level="recall", notice_until="0001-01-01")
    assert response.status_code == 200
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert f"Ngày kết thúc đã qua (hôm nay là {today})" in field_error(response, "notice_until")
    assert date_inputs(response) == {"notice_from": "", "notice_until": "0001-01-01"}
    lot.refresh_from_db()
    assert (lot.notice_level, lot.notice_from, lot.notice_until) == ("", None, None)


def test_a_recall_without_a_start_ending_today_is_saved_and_starts_now(producer_client, lot):
    today = timezone.localdate()
    response = post_notice(producer_client, lot, notice_level="recall", notice_until=today.isoformat())
    assert response.status_code == 302
    lot.refresh_from_db()
    assert (lot.notice_level, lot.notice_until) == ("recall", today)
    assert lot.notice_active


def test_a_recall_starting_in_year_9999_is_refused_on_its_start(producer_client, lot):
    response = post_notice(producer_client, lot, notice_level="recall", notice_from="9999-12-31T23:59")
    assert response.status_code == 200
    assert "Ngày giờ này quá xa: chỉ chọn được trong vòng 10 năm tới" in field_error(response, "notice_from")
    assert date_inputs(response)["notice_from"] == "9999-12-31T23:59"
    lot.refresh_from_db()
    assert (lot.notice_level, lot.notice_from) == ("", None)


def test_a_notice_whose_last_day_has_passed_is_refused_on_the_end_date(staff_client, lot):
    gone = timezone.localdate() - datetime.timedelta(days=1)
    response = post_notice(staff_client, lot, notice_from="2020-01-01T00:00", notice_until=str(gone))
    assert "Ngày kết thúc đã qua" in field_error(response, "notice_until")
    lot.refresh_from_db()
    assert lot.notice_level == ""


NO_LEVEL = "Hãy chọn “Thu hồi” hoặc “Cảnh báo”: với “Không có”, người mua không thấy thông báo nào."


def test_a_reason_typed_with_no_level_is_refused_on_the_level_and_nothing_is_said_saved(staff_client, lot):
    response = post_notice(staff_client, lot, notice_level="", notice="Nghi nhiễm khuẩn, thu hồi")
    assert response.status_code == 200
    assert field_error(response, "notice_level") == NO_LEVEL
    assert "Đã lưu thông báo" not in response.content.decode()
    lot.refresh_from_db()
    assert (lot.notice_level, lot.notice, lot.notice_action) == ("", "", "")


def test_an_end_date_in_year_one_with_no_level_is_refused_on_its_field_too(staff_client, lot):
    response = post_notice(
        staff_client, lot, notice_level="", notice="", notice_action="", notice_until="0001-01-01"
    )
    assert response.status_code == 200
    assert field_error(response, "notice_level") == NO_LEVEL
    assert field_error(response, "notice_until").startswith("Ngày kết thúc đã qua")
    lot.refresh_from_db()
    assert (lot.notice_level, lot.notice_until) == ("", None)


def test_a_warning_is_lifted_with_no_level_its_text_and_past_end_left_as_they_were(staff_client, lot):
    ended = timezone.localdate() - datetime.timedelta(days=3)
    Lot.objects.filter(pk=lot.pk).update(
        notice_level="warning",
        notice="Một số gói bị hở mép",
        notice_action="Kiểm tra mép gói trước khi dùng",
        notice_from=timezone.now() - datetime.timedelta(days=10),
        notice_until=ended,
    )
    url = f"/admin/traceability/lots/{lot.pk}/notice/"
    data = form_data(staff_client.get(url).content)
    assert staff_client.post(url, {**data, "notice_level": ""}).status_code == 302
    lot.refresh_from_db()
    assert lot.notice_level == ""
    assert staff_client.post(url, form_data(staff_client.get(url).content)).status_code == 302  # saved again
