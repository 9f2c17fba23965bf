"""Cancelling an unpaid bank-transfer (VietQR) order: the buyer who already sent the money is told to
call the shop rather than cancel, and a cancelled order's page says how that money comes back."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from cms.models import SiteSettings
from storefront import orders
from storefront.models import Order, OrderState

pytestmark = pytest.mark.django_db

CALL_US = "Nếu bạn đã chuyển khoản cho đơn này, đừng huỷ đơn: hãy liên hệ cửa hàng để được kiểm tra."
HOTLINE = "Cần hỗ trợ, vui lòng gọi đường dây nóng 1900 1234."
REFUNDED_BY_STAFF = (
    "Nếu cửa hàng nhận được tiền chuyển khoản cho một đơn đã huỷ, nhân viên sẽ hoàn lại tiền cho bạn."
)


@pytest.fixture
def hotline(home):
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"hotline": "1900 1234", "email": ""}
    )


@pytest.fixture
def by_transfer(place, pack, vietqr_on):
    return place({pack: 1}, "vietqr")


def text_of(response, selector):
    found = BeautifulSoup(response.content, "html.parser").select_one(selector)
    return found.get_text(" ", strip=True) if found else None


def refund_note(code):
    return (
        "Nếu bạn đã chuyển khoản cho đơn này, nhân viên cửa hàng sẽ hoàn lại tiền cho bạn. "
        f"Vui lòng liên hệ cửa hàng, báo mã đơn {code} và số tài khoản nhận lại tiền. {HOTLINE}"
    )


def test_the_cancel_confirmation_of_a_transfer_order_says_to_call_if_the_money_was_sent(
    client, by_transfer, hotline
):
    page = client.get(reverse("storefront:order_cancel", args=[by_transfer.token]))
    assert text_of(page, ".transfer-warning") == f"{CALL_US} {HOTLINE} {REFUNDED_BY_STAFF}"
    assert Order.objects.get(pk=by_transfer.pk).state == OrderState.PENDING_PAYMENT


def test_without_a_hotline_or_email_the_warning_does_not_tell_the_buyer_to_call(client, by_transfer, home):
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"hotline": "", "email": ""}
    )
    page = client.get(reverse("storefront:order_cancel", args=[by_transfer.token]))
    assert text_of(page, ".transfer-warning") == f"{CALL_US} {REFUNDED_BY_STAFF}"


def test_cash_on_delivery_orders_get_no_transfer_warning(client, place, pack, hotline):
    order = place({pack: 1})
    page = client.get(reverse("storefront:order_cancel", args=[order.token]))
    assert page.status_code == 200
    assert text_of(page, ".transfer-warning") is None
    client.post(reverse("storefront:order_cancel", args=[order.token]), {"confirm": "1"})
    assert text_of(client.get(order.get_absolute_url()), ".refund-note") is None


def test_a_cancelled_transfer_order_says_how_to_get_the_money_back(client, by_transfer, hotline):
    assert text_of(client.get(by_transfer.get_absolute_url()), ".refund-note") is None  # still to pay
    page = client.post(
        reverse("storefront:order_cancel", args=[by_transfer.token]), {"confirm": "1"}, follow=True
    )
    assert text_of(page, ".order-state strong") == "Đã huỷ"
    assert text_of(page, ".refund-note") == refund_note(by_transfer.code)


def test_a_transfer_order_cancelled_for_want_of_payment_says_so_too(client, by_transfer, hotline):
    expired = orders.expire_pending(timezone.now() + datetime.timedelta(days=2))
    assert expired == [by_transfer.code]
    assert text_of(client.get(by_transfer.get_absolute_url()), ".refund-note") == refund_note(
        by_transfer.code
    )
