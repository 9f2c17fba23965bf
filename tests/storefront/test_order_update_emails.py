"""The buyer hears of the moves that change their plans: an order shipped, cancelled (by them, by the
clock or by the shop) or refunded is emailed once, in the language they ordered in, saying what
comes next (the cash to have ready, how money sent for a cancelled order comes back)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from cms.models import SiteSettings
from storefront import orders
from storefront.models import Order, OrderState
from storefront.tasks import expire_unpaid

pytestmark = pytest.mark.django_db
S = OrderState


@pytest.fixture
def emailed(place, pack, details):
    """Place an order with the buyer's email; `emailed(method, language)`."""

    def _place(method="cod", language="vi"):
        details["email"] = "nam@example.vn"
        order = place({pack: 2}, method)
        Order.objects.filter(pk=order.pk).update(language=language)
        order.refresh_from_db()
        mail.outbox.clear()  # the confirmation
        return order

    return _place


def moved(order, *targets, callbacks):
    with callbacks(execute=True):
        for target in targets:
            orders.move(order, target)


def test_a_shipped_cash_on_delivery_order_tells_the_buyer_what_to_have_ready(
    emailed, django_capture_on_commit_callbacks
):
    order = emailed()
    moved(order, S.CONFIRMED, S.PREPARING, S.SHIPPED, callbacks=django_capture_on_commit_callbacks)
    [email] = mail.outbox  # confirming and preparing are not news for the inbox
    assert email.to == ["nam@example.vn"]
    assert email.subject == f"Đơn hàng {order.code} đang được giao"
    assert f"Đơn hàng {order.code} đã được giao cho đơn vị vận chuyển" in email.body
    assert "Vui lòng chuẩn bị 120.000\u00a0₫ để trả khi nhận hàng." in email.body
    assert f"http://127.0.0.1:8000/don-hang/{order.token}/" in email.body


def test_the_buyer_who_cancels_gets_the_cancellation_in_writing_once(
    client, emailed, django_capture_on_commit_callbacks
):
    order = emailed()
    url = reverse("storefront:order_cancel", args=[order.token])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": "1"})
        client.post(url, {"confirm": "1"})  # a second tap moves nothing, and sends nothing
    [email] = mail.outbox
    assert email.subject == f"Đơn hàng {order.code} đã được huỷ"
    assert f"Bạn đã huỷ đơn hàng {order.code}." in email.body


def test_an_unpaid_transfer_cancelled_by_the_clock_says_why_and_how_money_sent_comes_back(
    emailed, vietqr_on, django_capture_on_commit_callbacks
):
    order = emailed("vietqr")
    # A week ago: past a transfer's deadline, whatever the day of the week.
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - datetime.timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_unpaid()["vietqr"] == [order.code]
    [email] = mail.outbox
    assert "đã được huỷ vì cửa hàng chưa nhận được thanh toán trong thời hạn" in email.body
    assert f"Vui lòng liên hệ cửa hàng, báo mã đơn {order.code} và số tài khoản nhận lại tiền." in email.body


def test_a_cancellation_by_the_shop_says_whom_to_call(emailed, home, django_capture_on_commit_callbacks):
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"hotline": "1900 1234"}
    )
    order = emailed()
    moved(order, S.CANCELLED, callbacks=django_capture_on_commit_callbacks)
    [email] = mail.outbox
    assert f"Cửa hàng đã huỷ đơn hàng {order.code}." in email.body
    assert "Cần hỗ trợ, vui lòng gọi đường dây nóng 1900 1234." in email.body


def test_a_buyer_who_ordered_in_english_reads_english(emailed, django_capture_on_commit_callbacks):
    order = emailed(language="en")
    moved(order, S.CANCELLED, callbacks=django_capture_on_commit_callbacks)
    [email] = mail.outbox
    assert email.subject == f"Order {order.code} has been cancelled"
    assert f"The shop has cancelled order {order.code}." in email.body


def test_no_email_without_an_address_nor_for_a_move_already_undone(
    place, pack, emailed, django_capture_on_commit_callbacks
):
    silent = place({pack: 1})  # the buyer gave no email
    moved(silent, S.CANCELLED, callbacks=django_capture_on_commit_callbacks)
    assert mail.outbox == []
    order = emailed()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        orders.move(order, S.CONFIRMED)
        orders.move(order, S.PREPARING)
        orders.move(order, S.SHIPPED)
    Order.objects.filter(pk=order.pk).update(state=S.DELIVERED)  # before the worker got to it
    for callback in callbacks:
        callback()
    assert mail.outbox == []  # "on its way" to a buyer who has the goods already would mislead
