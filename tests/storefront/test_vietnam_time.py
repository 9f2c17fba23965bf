"""Times a buyer reads (when the order was placed, by when to pay) are the shop's, Vietnam time. A reader
in English may be abroad, hours away: the English order page and emails name the zone after each time;
the Vietnamese ones say the time alone, as they always have."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from freezegun import freeze_time

from catalogue.vietnam_time import VIETNAM
from storefront.emails import send_confirmation
from storefront.models import Order

pytestmark = pytest.mark.django_db

# Tuesday 1 December 2026, 20:55 in Việt Nam (13:55 UTC).
TUESDAY_EVENING = datetime.datetime(2026, 12, 1, 20, 55, tzinfo=VIETNAM)


def in_vietnam_time(shown: str) -> str:
    """A time as the English pages give it: "20:55 01/12/2026 (Vietnam time, UTC+7)" once the English
    catalogue holds the words (compiled by the lead; until then the Vietnamese words stand in)."""
    with translation.override("en"):
        return translation.gettext("%(time)s (giờ Việt Nam, UTC+7)") % {"time": shown}


def page_text(client, url, **query) -> str:
    return " ".join(BeautifulSoup(client.get(url, query).content, "html.parser").get_text(" ").split())


@pytest.fixture
def english_order(place, pack, details):
    """A transfer order placed in English on Tuesday evening, with an email to write to."""
    details["email"] = "nam@example.com"
    with freeze_time(TUESDAY_EVENING), translation.override("en"):
        order = place({pack: 2}, "vietqr")
    assert order.language == "en"
    return order


def test_the_english_order_page_says_its_times_are_vietnam_time(client, english_order, vietqr_on):
    text = page_text(client, english_order.get_absolute_url(), lang="en")
    assert f"Placed at {in_vietnam_time('01/12/2026 20:55')}." in text
    assert f"An order not paid by {in_vietnam_time('23:59 02/12/2026')} is cancelled automatically." in text
    assert text.count("UTC+7") == 2


def test_the_vietnamese_order_page_gives_the_times_alone(client, english_order, vietqr_on):
    text = page_text(client, english_order.get_absolute_url())
    assert "Đặt lúc 01/12/2026 20:55." in text
    assert "Đơn chưa thanh toán trước 23:59 02/12/2026 sẽ tự huỷ." in text
    assert "UTC" not in text


def test_an_english_orders_email_gives_its_deadline_in_vietnam_time(english_order, vietqr_on, mailoutbox):
    assert send_confirmation(english_order.pk)
    lines = mailoutbox[-1].body.splitlines()
    assert f"An order not paid by {in_vietnam_time('23:59 02/12/2026')} is cancelled automatically." in lines


def test_an_english_card_orders_email_and_page_too(client, place, pack, details, stripe_http, mailoutbox):
    details["email"] = "nam@example.com"
    with freeze_time(TUESDAY_EVENING), translation.override("en"):
        order = place({pack: 2}, "stripe")
    deadline = f"An order not paid by {in_vietnam_time('21:55 01/12/2026')} is cancelled automatically."
    assert send_confirmation(order.pk)
    assert deadline in mailoutbox[-1].body.splitlines()
    assert deadline in page_text(client, order.get_absolute_url(), lang="en")


def test_a_vietnamese_orders_email_gives_the_deadline_alone(place, pack, details, vietqr_on, mailoutbox):
    details["email"] = "nam@example.com"
    with freeze_time(TUESDAY_EVENING):
        order = place({pack: 2}, "vietqr")
    assert Order.objects.get(pk=order.pk).language == "vi"
    assert send_confirmation(order.pk)
    assert "Đơn chưa thanh toán trước 23:59 02/12/2026 sẽ tự huỷ." in mailoutbox[-1].body.splitlines()
    assert "UTC" not in mailoutbox[-1].body
