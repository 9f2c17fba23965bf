"""'Khách trả hàng' in the order admin: asked first on a page of its own, then logged as a return."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from catalogue.stock import Reason, StockMovement
from storefront import orders
from storefront.errors import TransitionError
from storefront.models import Order
from storefront.models import OrderState as S
from tests.page_tree import independent_of_the_page_tree


@pytest.fixture
@independent_of_the_page_tree
def staff_client(client, home):
    client.force_login(get_user_model().objects.create_superuser("staff", "staff@example.vn", "pw-123"))
    return client


@pytest.fixture
def shipped(place, pack):
    order = place({pack: 2})  # 12 → 10 in stock
    for target in (S.CONFIRMED, S.PREPARING, S.SHIPPED):
        orders.move(order, target)
    return order


def admin_url(name, *args):
    return reverse(f"storefront_order:{name}", args=args)


def stock_of(pack):
    pack.refresh_from_db()
    return pack.stock


def assert_taken_back(response, order, pack):
    """A confirmed return: said, the order returned, its 2 units back on the shelf, logged as a return."""
    assert f"Đơn {order.code}: Bị hoàn trả." in response.content.decode()
    assert Order.objects.get(pk=order.pk).state == S.RETURNED
    assert stock_of(pack) == 12
    back = StockMovement.objects.get(old_stock=10, new_stock=12)
    assert (back.reason, back.note) == (Reason.RETURN, order.code)


def test_the_return_button_opens_a_question_and_changes_nothing_until_answered(staff_client, shipped, pack):
    soup = BeautifulSoup(staff_client.get(admin_url("inspect", shipped.pk)).content, "html.parser")
    link = soup.find("a", string="Khách trả hàng")
    assert link["href"] == admin_url("return", shipped.pk)
    assert "Khách trả hàng" not in [b.get_text(strip=True) for b in soup.select("form button")]

    page = staff_client.get(link["href"])

    soup = BeautifulSoup(page.content, "html.parser")
    assert page.status_code == 200
    assert f"Khách trả hàng cho đơn {shipped.code}?" in soup.h1.get_text()
    assert soup.find("button", string="Có, khách đã trả hàng")
    assert soup.find("a", string="Không, quay lại đơn")["href"] == admin_url("inspect", shipped.pk)
    assert Order.objects.get(pk=shipped.pk).state == S.SHIPPED
    assert stock_of(pack) == 10


def test_a_one_tap_post_to_the_return_move_asks_first_and_moves_nothing(staff_client, shipped, pack):
    response = staff_client.post(admin_url("move", shipped.pk, S.RETURNED))
    assert response.status_code == 302 and response["Location"] == admin_url("return", shipped.pk)
    assert Order.objects.get(pk=shipped.pk).state == S.SHIPPED
    assert stock_of(pack) == 10


def test_a_confirmed_return_puts_the_goods_back_and_the_stock_log_calls_it_a_return(
    staff_client, shipped, pack
):
    response = staff_client.post(admin_url("return", shipped.pk), follow=True)

    assert_taken_back(response, shipped, pack)
    log = BeautifulSoup(staff_client.get("/admin/nhat-ky-ton-kho/").content, "html.parser")
    first_row = [cell.get_text(" ", strip=True) for cell in log.select("tbody tr")[0].select("td")]
    assert "Khách trả hàng" in first_row and "Huỷ đơn, hàng về kho" not in first_row


def test_an_order_not_shipped_is_not_offered_a_return(staff_client, place, pack):
    order = place({pack: 1})
    page = staff_client.get(admin_url("return", order.pk), follow=True)
    assert (
        f"Đơn {order.code} đang “Đã đặt, chờ xác nhận”: không ghi nhận trả hàng được."
        in page.content.decode()
    )
    page = staff_client.post(admin_url("return", order.pk), follow=True)
    assert "Không thể chuyển đơn" in page.content.decode()
    assert Order.objects.get(pk=order.pk).state == S.PLACED


def test_a_cancellation_is_still_logged_as_a_cancellation(place, pack):
    order = place({pack: 1})
    orders.cancel(order)
    assert StockMovement.objects.get(old_stock=11, new_stock=12).reason == Reason.CANCELLATION


def test_a_sale_row_names_its_order_linked_to_the_order_in_the_admin(staff_client, place, pack):
    order = place({pack: 3})
    sale = StockMovement.objects.get(reason=Reason.SALE)
    assert sale.note == order.code
    log = BeautifulSoup(staff_client.get("/admin/nhat-ky-ton-kho/").content, "html.parser")
    link = log.find("a", string=order.code)
    assert link["href"] == admin_url("inspect", order.pk)


def test_a_viewer_who_may_not_see_orders_reads_the_code_without_a_link(client, place, pack):
    order = place({pack: 3})
    stock_keeper = get_user_model().objects.create_user("kho", "kho@example.vn", "pw")
    stock_keeper.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "change_packsize"])
    )
    client.force_login(stock_keeper)
    log = BeautifulSoup(client.get("/admin/nhat-ky-ton-kho/").content, "html.parser")
    assert order.code in log.get_text() and not log.find("a", string=order.code)


@pytest.fixture
def delivered(shipped):
    orders.move(shipped, S.DELIVERED)
    return shipped


def test_goods_sent_back_after_delivery_are_taken_back_and_logged_as_a_return(staff_client, delivered, pack):
    inspect = BeautifulSoup(staff_client.get(admin_url("inspect", delivered.pk)).content, "html.parser")
    assert inspect.find("a", string="Khách trả hàng")["href"] == admin_url("return", delivered.pk)

    response = staff_client.post(admin_url("return", delivered.pk), follow=True)

    assert_taken_back(response, delivered, pack)


def test_a_return_is_taken_back_once(staff_client, delivered, pack):
    staff_client.post(admin_url("return", delivered.pk))
    again = staff_client.post(admin_url("return", delivered.pk), follow=True)
    assert "Không thể chuyển đơn" in again.content.decode()
    assert stock_of(pack) == 12


def test_money_the_shop_had_is_refunded_after_a_return_and_none_is_refunded_that_it_never_had(
    delivered, place, pack
):
    Order.objects.filter(pk=delivered.pk).update(paid_at=delivered.created_at)  # the courier's cash recorded
    delivered.refresh_from_db()
    orders.move(delivered, S.RETURNED)
    orders.move(delivered, S.REFUNDED)
    assert Order.objects.get(pk=delivered.pk).state == S.REFUNDED
    assert stock_of(pack) == 12  # refunding moves no stock: the goods came back with the return

    refused_at_the_door = place({pack: 1})
    for target in (S.CONFIRMED, S.PREPARING, S.SHIPPED, S.RETURNED):
        orders.move(refused_at_the_door, target)
    with pytest.raises(TransitionError, match="chưa nhận được tiền"):
        orders.move(refused_at_the_door, S.REFUNDED)
    assert Order.objects.get(pk=refused_at_the_door.pk).state == S.RETURNED
