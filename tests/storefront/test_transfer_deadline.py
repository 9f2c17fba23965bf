"""A bank transfer (VietQR) is checked by hand, in the shop's working hours: an unpaid transfer order is
cancelled no sooner than the end of the next working day (Monday to Friday but Vietnam's public holidays,
and the Saturdays worked in exchange for a day off, Vietnam time), nor before
its 24 hours, so that a buyer who paid on a Friday evening keeps the goods over the weekend."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from freezegun import freeze_time

from catalogue.vietnam_time import VIETNAM
from storefront.emails import send_confirmation
from storefront.models import Order, OrderState
from storefront.payments.vietqr import VietQR
from storefront.working_days import end_of_next_working_day


def vietnam(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime.datetime:
    """A moment of December 2026, Vietnam time: Friday the 4th, Monday the 7th."""
    return datetime.datetime(2026, 12, day, hour, minute, second, tzinfo=VIETNAM)


# --- The rule, without a database ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("placed", "deadline"),
    [
        (vietnam(4, 20, 55), vietnam(7, 23, 59)),  # Friday evening: Monday, end of the day
        (vietnam(5, 9, 0), vietnam(7, 23, 59)),  # Saturday: Monday
        (vietnam(6, 23, 50), vietnam(7, 23, 59)),  # Sunday night: Monday
        (vietnam(7, 0, 5), vietnam(8, 23, 59)),  # Monday, just after midnight: Tuesday
        (vietnam(10, 23, 30), vietnam(11, 23, 59)),  # Thursday night: Friday
        (vietnam(4, 8, 0), vietnam(7, 23, 59)),  # Friday morning: Monday, the day after
    ],
)
def test_the_next_working_day_ends_at_2359_vietnam_time(placed, deadline):
    assert end_of_next_working_day(placed) == deadline


def test_the_working_day_is_counted_on_vietnams_calendar_not_utcs():
    # Friday 18:30 UTC is already Saturday 01:30 in Việt Nam: the next working day is Monday, not Friday's next.
    friday_evening_utc = datetime.datetime(2026, 12, 4, 18, 30, tzinfo=datetime.UTC)
    assert end_of_next_working_day(friday_evening_utc) == vietnam(7, 23, 59)


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


@pytest.mark.parametrize(
    ("placed", "deadline"),
    [
        # Tết Bính Ngọ: the office closes from Monday 16 to Friday 20 February 2026, then the weekend.
        (at(2026, 2, 13, 21, 0), at(2026, 2, 23, 23, 59)),
        (at(2026, 2, 18, 10, 0), at(2026, 2, 23, 23, 59)),
        # Reunification and Labour Day: Thursday 30 April and Friday 1 May 2026.
        (at(2026, 4, 29, 15, 0), at(2026, 5, 4, 23, 59)),
        # Hùng Kings' day fell on Sunday 26 April 2026: Monday the 27th is given in lieu.
        (at(2026, 4, 24, 20, 0), at(2026, 4, 28, 23, 59)),
        # National Day 2026: Monday 31 August (in lieu), Tuesday 1 and Wednesday 2 September.
        (at(2026, 8, 28, 9, 0), at(2026, 9, 3, 23, 59)),
        # Saturday 22 August 2026 is worked in exchange for Monday 31 August: staff check transfers then.
        (at(2026, 8, 21, 20, 0), at(2026, 8, 22, 23, 59)),
        (at(2026, 8, 22, 9, 0), at(2026, 8, 24, 23, 59)),
        # New Year's Day 2027 is a Friday.
        (at(2026, 12, 31, 22, 0), at(2027, 1, 4, 23, 59)),
    ],
)
def test_public_holidays_are_no_working_days(placed, deadline):
    """Nobody checks the bank statement over Tết: a transfer made the evening before must not be
    cancelled as unpaid while the office is closed."""
    assert end_of_next_working_day(placed) == deadline


# --- The shop: order page, email, expiry -----------------------------------------------------------


def expire_at(moment) -> None:
    with freeze_time(moment):
        call_command("expire_orders", verbosity=0)


@pytest.fixture
def friday_evening_order(place, pack, vietqr_on, details):
    """A transfer order placed at 20:55 on Friday 4 December 2026, Vietnam time."""
    details["email"] = "nam@example.com"
    with freeze_time(vietnam(4, 20, 55)):
        return place({pack: 2}, "vietqr")


def state_of(order) -> str:
    return Order.objects.get(pk=order.pk).state


@pytest.mark.django_db
def test_a_friday_evening_transfer_order_waits_until_the_end_of_monday(friday_evening_order, pack):
    for moment in (vietnam(5, 21, 0), vietnam(6, 23, 0), vietnam(7, 17, 0), vietnam(7, 23, 58, 59)):
        expire_at(moment)
        assert state_of(friday_evening_order) == OrderState.PENDING_PAYMENT, moment
    expire_at(vietnam(7, 23, 59, 30))
    assert state_of(friday_evening_order) == OrderState.CANCELLED
    pack.refresh_from_db()
    assert pack.stock == 12  # given back


@pytest.mark.django_db
def test_the_order_page_and_the_email_give_that_deadline(client, friday_evening_order, mailoutbox):
    with freeze_time(vietnam(5, 9, 0)):
        page = BeautifulSoup(client.get(friday_evening_order.get_absolute_url()).content, "html.parser")
    assert "Đơn chưa thanh toán trước 23:59 07/12/2026 sẽ tự huỷ." in page.select_one(".vietqr").get_text(" ")
    assert send_confirmation(friday_evening_order.pk)
    assert "Đơn chưa thanh toán trước 23:59 07/12/2026 sẽ tự huỷ." in mailoutbox[-1].body.splitlines()


@pytest.mark.django_db
def test_a_monday_morning_transfer_order_is_kept_until_the_end_of_tuesday(place, pack, vietqr_on):
    with freeze_time(vietnam(7, 9, 30)):
        order = place({pack: 1}, "vietqr")
    expire_at(vietnam(8, 10, 0))  # 24 hours and a half: still Tuesday, the working day staff check on
    assert state_of(order) == OrderState.PENDING_PAYMENT
    expire_at(vietnam(9, 0, 0))
    assert state_of(order) == OrderState.CANCELLED


@pytest.mark.django_db
def test_a_longer_limit_than_the_working_day_is_kept(place, pack, vietqr_on, monkeypatch):
    monkeypatch.setattr(VietQR, "expires_after_minutes", 72 * 60)
    with freeze_time(vietnam(7, 9, 30)):
        order = place({pack: 1}, "vietqr")
    assert VietQR().deadline(order) == vietnam(10, 9, 30)  # Thursday, 72 hours on, past Tuesday's end
    expire_at(vietnam(10, 9, 29))
    assert state_of(order) == OrderState.PENDING_PAYMENT
    expire_at(vietnam(10, 9, 31))
    assert state_of(order) == OrderState.CANCELLED


@pytest.mark.django_db
def test_a_card_order_still_expires_after_its_hour_whatever_the_day(place, pack, stripe_http):
    with freeze_time(vietnam(4, 20, 55)):
        order = place({pack: 1}, "stripe")
    expire_at(vietnam(4, 21, 56))
    assert state_of(order) == OrderState.CANCELLED


@pytest.mark.django_db
def test_staff_forcing_a_shorter_limit_still_can(friday_evening_order):
    with freeze_time(vietnam(5, 9, 0)):
        call_command("expire_orders", minutes=60, verbosity=0)
    assert state_of(friday_evening_order) == OrderState.CANCELLED
