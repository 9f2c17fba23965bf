"""The browser that made a package's first check is recognised when it comes back (a reload, the way
back from sharing the place, the page again in English): its returns are not more checks, and its
page says it checked first here. Every other phone is counted, and warned, as before."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from places.models import Province
from tests.traceability.scanners import BROWSER
from traceability import serials
from traceability.models import Serial
from traceability.serial_admin import lot_stats

pytestmark = pytest.mark.django_db

COOKIE = "ocop_first_checks"


def check_box(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser").select_one(".trace-check, .trace-notice")


def returned_line(serial) -> str:
    when = timezone.localtime(serial.first_checked_at).strftime("%H:%M %d/%m/%Y")
    return f"Bạn đã kiểm tra gói này lần đầu lúc {when} trên thiết bị này – sản phẩm chính hãng."


def repeated_checks(lot) -> int:
    """The lot's "checked more than once" on the dashboard, as programme staff see it."""
    staff, _ = get_user_model().objects.get_or_create(
        username="programme", defaults={"is_superuser": True, "is_staff": True}
    )
    (stats,) = [stats for stats in lot_stats(staff) if stats.pk == lot.pk]
    return stats.repeated


@pytest.fixture(params=["rendered whole", "around the lot's cached page"])
def either_page(request, lot_url, sheet):
    """A serial page rendered whole, or around its lot's cached page (another serial's page kept it)."""
    if request.param != "rendered whole":
        request.getfixturevalue("page_cache")
        other = sheet.serials.order_by("-pk").first()
        Client().get(other.get_absolute_url(), HTTP_ACCEPT=BROWSER)
    return request.param


def test_the_first_checker_coming_back_is_told_it_checked_first_here_and_nothing_is_counted(
    either_page, serial, serial_url
):
    phone = Client()
    first = phone.get(serial_url, HTTP_ACCEPT=BROWSER)
    assert check_box(first).h2.text == "Sản phẩm chính hãng – lần kiểm tra đầu tiên"
    cookie = first.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/01/"

    for _ in range(3):  # reloads
        box = check_box(phone.get(serial_url, HTTP_ACCEPT=BROWSER))
    serial.refresh_from_db()
    assert box.h2.text == returned_line(serial)
    assert serial.check_code in box.text
    assert "sao chép" not in box.text
    assert serial.check_count == 1

    other = check_box(Client().get(serial_url, HTTP_ACCEPT=BROWSER))  # another phone: counted, warned
    assert other.h2.text.startswith("Mã này đã được kiểm tra 2 lần")
    assert "tem có thể bị sao chép" in other.text
    back = check_box(phone.get(serial_url, HTTP_ACCEPT=BROWSER))
    assert back.h2.text == returned_line(serial)
    assert "Sau đó mã này đã được kiểm tra thêm 1 lần trên thiết bị khác" in back.text
    assert Serial.objects.get(pk=serial.pk).check_count == 2


def test_coming_back_from_sharing_the_place_is_not_a_second_check(either_page, serial, serial_url, lot):
    phone = Client()
    first = BeautifulSoup(phone.get(serial_url, HTTP_ACCEPT=BROWSER).content.decode(), "html.parser")
    form = first.select_one("form.trace-share")
    province = Province.objects.order_by("code").first()
    shared = phone.post(
        form["action"],
        {"token": form.select_one("input[name=token]")["value"], "province": province.code},
        follow=True,
    )
    back = BeautifulSoup(shared.content.decode(), "html.parser").find(
        "a", string="Quay lại trang kiểm tra gói hàng"
    )["href"]
    box = check_box(phone.get(back, HTTP_ACCEPT=BROWSER))
    serial.refresh_from_db()
    assert box.h2.text == returned_line(serial)
    assert province.name in box.text
    assert "đã được kiểm tra 2 lần" not in box.text
    assert serial.check_count == 1
    assert repeated_checks(lot) == 0


def test_the_page_again_in_english_is_not_a_second_check(either_page, serial, serial_url, lot):
    phone = Client()
    phone.get(serial_url, HTTP_ACCEPT=BROWSER)
    switched = phone.post("/i18n/setlang/", {"language": "en", "next": serial_url})
    assert switched.status_code == 302
    english = phone.get(switched["Location"], HTTP_ACCEPT=BROWSER)
    assert english.headers["Content-Language"] == "en"
    assert check_box(english).select_one("form.trace-share") is not None  # the question, in English
    serial.refresh_from_db()
    assert serial.check_count == 1
    assert repeated_checks(lot) == 0


def test_a_browser_remembers_its_last_twenty_first_checks(lot):
    sheet = serials.issue(lot, 21)
    codes = list(sheet.serials.order_by("pk"))
    phone = Client()
    for code in codes:
        phone.get(code.get_absolute_url(), HTTP_ACCEPT=BROWSER)
    assert check_box(phone.get(codes[-20].get_absolute_url(), HTTP_ACCEPT=BROWSER)).h2.text.startswith(
        "Bạn đã kiểm tra gói này lần đầu"
    )
    oldest = check_box(phone.get(codes[0].get_absolute_url(), HTTP_ACCEPT=BROWSER))
    assert oldest.h2.text.startswith("Mã này đã được kiểm tra 2 lần")


def test_a_forged_or_copied_cookie_names_no_check_of_this_browser(serial, serial_url):
    Client().get(serial_url, HTTP_ACCEPT=BROWSER)
    phone = Client()
    phone.cookies[COOKIE] = "forged"
    assert check_box(phone.get(serial_url, HTTP_ACCEPT=BROWSER)).h2.text.startswith(
        "Mã này đã được kiểm tra 2 lần"
    )
    assert Serial.objects.get(pk=serial.pk).check_count == 2


@pytest.mark.usefixtures("page_cache")
def test_around_the_cached_page_the_first_checker_coming_back_costs_no_query(
    sheet, serial, serial_url, django_assert_num_queries
):
    Client().get(sheet.serials.order_by("-pk").first().get_absolute_url(), HTTP_ACCEPT=BROWSER)
    phone = Client()
    phone.get(serial_url, HTTP_ACCEPT=BROWSER)
    with django_assert_num_queries(0):
        box = check_box(phone.get(serial_url, HTTP_ACCEPT=BROWSER))
    assert box.h2.text.startswith("Bạn đã kiểm tra gói này lần đầu")


def test_reading_the_package_as_data_still_counts_nothing(serial, serial_url):
    phone = Client()
    phone.get(serial_url, HTTP_ACCEPT=BROWSER)
    assert phone.get(serial_url, HTTP_ACCEPT="application/ld+json").status_code == 200
    assert phone.head(serial_url, HTTP_ACCEPT=BROWSER).status_code == 200
    assert Serial.objects.get(pk=serial.pk).check_count == 1


def test_coming_back_the_place_is_asked_again_only_within_the_hour_of_the_first_check(serial, serial_url):
    phone = Client()
    started = timezone.now()
    with freeze_time(started):
        phone.get(serial_url, HTTP_ACCEPT=BROWSER)
    with freeze_time(started + datetime.timedelta(minutes=50)):
        form = check_box(phone.get(serial_url, HTTP_ACCEPT=BROWSER)).select_one("form.trace-share")
    token = form.select_one("input[name=token]")["value"]
    province = Province.objects.order_by("code").first()
    with freeze_time(started + datetime.timedelta(minutes=61)):
        refused = phone.post(form["action"], {"token": token, "province": province.code})
        assert refused.status_code == 400  # the hour runs from the check, not from the page that asked
        assert check_box(phone.get(serial_url, HTTP_ACCEPT=BROWSER)).select_one("form.trace-share") is None
    assert Serial.objects.get(pk=serial.pk).first_place == ""
