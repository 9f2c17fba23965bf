"""The shop's "Huỷ đơn" asks first, on a page of its own (as Wagtail's delete does), with an optional
reason that the buyer reads on the order page and in the cancellation email."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from storefront.models import Order, OrderState
from tests.page_tree import independent_of_the_page_tree

pytestmark = pytest.mark.django_db
S = OrderState
REASON = "Sản phẩm tạm hết hàng <b>đến 15/12</b>"


def admin_url(name, *args):
    return reverse(f"storefront_order:{name}", args=args)


@pytest.fixture
@independent_of_the_page_tree
def staff_client(client, home):
    client.force_login(get_user_model().objects.create_superuser("staff", "staff@example.vn", "pw"))
    return client


@pytest.fixture
def order(place, pack, details):
    details["email"] = "nam@example.vn"
    placed = place({pack: 2})
    mail.outbox.clear()  # the confirmation
    return placed


def stock_of(pack):
    pack.refresh_from_db()
    return pack.stock


def test_huy_don_opens_a_confirmation_page_and_cancels_nothing_by_itself(staff_client, order, pack):
    inspect = BeautifulSoup(staff_client.get(admin_url("inspect", order.pk)).content, "html.parser")
    link = inspect.find("a", string="Huỷ đơn")
    assert link["href"] == admin_url("cancel", order.pk)
    assert [b.get_text(strip=True) for b in inspect.select("form[action*='/move/'] button")] == [
        "Xác nhận qua điện thoại"
    ]

    page = BeautifulSoup(staff_client.get(link["href"]).content, "html.parser")
    assert page.select_one("h1").get_text(" ", strip=True).startswith(f"Huỷ đơn {order.code}?")
    assert page.select_one("textarea[name=reason]")["maxlength"] == "300"
    assert page.find("button", string="Có, huỷ đơn") is not None
    assert page.find("a", string="Không, giữ đơn")["href"] == admin_url("inspect", order.pk)
    # A bare POST to the old one-click address leads to the question, not to a cancelled order.
    answer = staff_client.post(admin_url("move", order.pk, S.CANCELLED))
    assert answer["Location"] == admin_url("cancel", order.pk)
    assert (Order.objects.get(pk=order.pk).state, stock_of(pack)) == (S.PLACED, 10)


def test_the_reason_reaches_the_buyer_on_the_order_page_and_in_the_email(
    staff_client, client, order, pack, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        done = staff_client.post(admin_url("cancel", order.pk), {"reason": f"  {REASON}  "}, follow=True)
    assert f"Đơn {order.code}: Đã huỷ." in done.content.decode()
    order.refresh_from_db()
    assert (order.state, order.cancel_reason, stock_of(pack)) == (S.CANCELLED, REASON, 12)

    html = client.get(order.get_absolute_url()).content.decode()
    reason = BeautifulSoup(html, "html.parser").select_one(".cancel-reason")
    assert reason.get_text(" ", strip=True) == f"Lý do cửa hàng huỷ đơn: {REASON}"
    assert "<b>đến" not in html  # typed markup is shown as typed, never run
    [email] = mail.outbox
    assert f"Cửa hàng đã huỷ đơn hàng {order.code}." in email.body
    assert f"Lý do: {REASON}" in email.body


def test_a_cancel_without_a_reason_says_none(staff_client, client, order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(admin_url("cancel", order.pk), {"reason": ""})
    assert Order.objects.get(pk=order.pk).state == S.CANCELLED
    page = BeautifulSoup(client.get(order.get_absolute_url()).content, "html.parser")
    assert page.select_one(".cancel-reason") is None
    assert "Lý do" not in mail.outbox[0].body


def test_a_reason_too_long_is_refused_with_what_was_typed_kept(staff_client, order, pack):
    typed = "Hết hàng. " * 40
    page = staff_client.post(admin_url("cancel", order.pk), {"reason": typed})
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert "tối đa 300 ký tự" in soup.select_one(".error-message, .w-field__errors").get_text()
    assert soup.select_one("textarea[name=reason]").get_text().strip() == typed.strip()
    assert (Order.objects.get(pk=order.pk).state, stock_of(pack)) == (S.PLACED, 10)


def test_an_order_cancelled_meanwhile_is_not_cancelled_twice(staff_client, order, pack):
    staff_client.post(admin_url("cancel", order.pk), {"reason": "Khách gọi huỷ"})
    again = staff_client.post(admin_url("cancel", order.pk), {"reason": "Lần hai"}, follow=True)
    assert "Không thể chuyển đơn" in again.content.decode()
    assert Order.objects.get(pk=order.pk).cancel_reason == "Khách gọi huỷ"
    assert stock_of(pack) == 12
