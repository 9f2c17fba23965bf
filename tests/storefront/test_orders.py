"""The order state machine, stock given back exactly once, expiry, and the admin that moves orders on."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from storefront import orders
from storefront.models import Order, OrderState, PaymentEvent
from tests.page_tree import independent_of_the_page_tree

pytestmark = pytest.mark.django_db
S = OrderState


def stock_of(pack):
    pack.refresh_from_db()
    return pack.stock


def test_cash_on_delivery_starts_placed_and_online_payment_starts_pending(place, pack, vietqr_on):
    assert place({pack: 1}).state == S.PLACED
    assert place({pack: 1}, "vietqr").state == S.PENDING_PAYMENT


def test_a_cod_order_walks_through_its_states(place, pack):
    order = place({pack: 2})
    for target in (S.CONFIRMED, S.PREPARING, S.SHIPPED, S.DELIVERED):
        orders.move(order, target)
        assert Order.objects.get(pk=order.pk).state == target
    assert stock_of(pack) == 10


def test_a_move_not_in_the_map_is_refused_and_changes_nothing(place, pack):
    order = place({pack: 2})
    with pytest.raises(orders.TransitionError) as error:
        orders.move(order, S.DELIVERED)
    assert error.value.message == (
        f"Không thể chuyển đơn {order.code} từ “Đã đặt, chờ xác nhận” sang “Đã giao”."
    )
    assert Order.objects.get(pk=order.pk).state == S.PLACED


def test_cancelling_gives_the_stock_back_exactly_once(place, pack):
    order = place({pack: 5})
    assert stock_of(pack) == 7
    stale_copy = Order.objects.get(pk=order.pk)
    assert orders.cancel(order) is True
    assert stock_of(pack) == 12
    assert orders.cancel(stale_copy) is False  # a second actor working from the old state
    assert orders.transition(stale_copy, S.CANCELLED, expected=S.PLACED) is False
    assert stock_of(pack) == 12


def test_a_returned_parcel_goes_back_on_the_shelf_but_a_delivered_one_does_not(place, pack):
    returned, delivered = place({pack: 2}), place({pack: 3})
    for order in (returned, delivered):
        for target in (S.CONFIRMED, S.PREPARING, S.SHIPPED):
            orders.move(order, target)
    orders.move(returned, S.RETURNED)
    orders.move(delivered, S.DELIVERED)
    assert stock_of(pack) == 12 - 3


def test_every_state_has_a_transitions_entry_and_terminal_states_go_nowhere():
    assert set(orders.TRANSITIONS) == set(S.values)
    assert orders.allowed_targets(S.REFUNDED) == []
    # A return goes on only to give back money the shop had (tests/storefront/test_customer_return.py).
    assert orders.allowed_targets(S.RETURNED) == [S.REFUNDED]
    # A cancelled order goes on only to record the refund of money it took all the same (a late card
    # payment); one that holds no money is offered nothing (tests/storefront/test_stripe_events_out_of_order.py).
    assert orders.allowed_targets(S.CANCELLED) == [S.REFUNDED]
    for source, target in orders.RESTOCKING:
        assert target in orders.TRANSITIONS[source]


def test_expire_orders_cancels_old_unpaid_online_orders_only(place, pack, vietqr_on, capsys):
    old, fresh, cod = place({pack: 1}, "vietqr"), place({pack: 2}, "vietqr"), place({pack: 3})
    Order.objects.filter(pk__in=[old.pk, cod.pk]).update(
        created_at=timezone.now() - datetime.timedelta(days=7)  # past a transfer's working day too
    )
    assert stock_of(pack) == 6
    call_command("expire_orders")
    assert Order.objects.get(pk=old.pk).state == S.CANCELLED
    assert Order.objects.get(pk=fresh.pk).state == S.PENDING_PAYMENT
    assert Order.objects.get(pk=cod.pk).state == S.PLACED
    assert stock_of(pack) == 7
    assert capsys.readouterr().out == (
        f"vietqr: 1 đơn hết hạn ({old.code})\n1 đơn đã hết hạn, tồn kho đã được trả lại.\n"
    )
    call_command("expire_orders")  # again: nothing more comes back
    assert stock_of(pack) == 7


def test_expire_orders_minutes_overrides_the_providers_delay(place, pack, vietqr_on):
    order = place({pack: 1}, "vietqr")
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    call_command("expire_orders", minutes=5)
    assert Order.objects.get(pk=order.pk).state == S.CANCELLED


# --- The admin -------------------------------------------------------------------------------------


@pytest.fixture
@independent_of_the_page_tree
def staff_client(client, home):
    user = get_user_model().objects.create_superuser("staff", "staff@example.vn", "pw-staff-123")
    client.force_login(user)
    return client


def admin_url(name, *args):
    return reverse(f"storefront_order:{name}", args=args)


@pytest.mark.search_index  # the search box also looks up product names in Wagtail's index
def test_staff_see_orders_filter_by_state_and_search_by_phone_as_typed(staff_client, place, pack):
    placed, cancelled = place({pack: 1}), place({pack: 1})
    orders.cancel(cancelled)
    page = staff_client.get(admin_url("index"))
    assert page.status_code == 200
    assert placed.code in page.content.decode() and cancelled.code in page.content.decode()
    page = staff_client.get(admin_url("index"), {"state": "cancelled"})
    assert cancelled.code in page.content.decode() and placed.code not in page.content.decode()
    page = staff_client.get(admin_url("index"), {"q": "0912 345 678"})
    assert placed.code in page.content.decode()
    page = staff_client.get(admin_url("index"), {"q": placed.code})
    assert placed.code in page.content.decode() and cancelled.code not in page.content.decode()
    page = staff_client.get(admin_url("index"), {"q": "0987 654 321"})
    assert placed.code not in page.content.decode()


def test_the_inspect_view_lists_lines_and_offers_the_next_moves(staff_client, place, pack):
    order = place({pack: 2})
    soup = BeautifulSoup(staff_client.get(admin_url("inspect", order.pk)).content, "html.parser")
    assert "Kẹo dừa sầu riêng – Hộp 400g" in soup.get_text()
    buttons = [b.get_text(strip=True) for b in soup.select("form[action*='/move/'] button")]
    assert buttons == ["Xác nhận qua điện thoại"]
    assert soup.find("a", string="Huỷ đơn")["href"] == admin_url("cancel", order.pk)  # asked first


def test_staff_move_a_cod_order_to_delivered_and_record_the_cash(staff_client, place, pack):
    order = place({pack: 2})
    for target in ("confirmed", "preparing", "shipped", "delivered"):
        response = staff_client.post(admin_url("move", order.pk, target))
        assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == S.DELIVERED and order.paid_at is None
    staff_client.post(admin_url("move", order.pk, "cash"))
    staff_client.post(admin_url("move", order.pk, "cash"))
    order.refresh_from_db()
    assert order.paid_at is not None
    assert list(PaymentEvent.objects.values_list("kind", "amount")) == [("cash_collected", order.total)]


def test_staff_mark_a_vietqr_order_paid_once(staff_client, place, pack, vietqr_on):
    order = place({pack: 2}, "vietqr")
    staff_client.post(admin_url("move", order.pk, "paid"))
    staff_client.post(admin_url("move", order.pk, "paid"))
    order.refresh_from_db()
    assert order.state == S.PAID and order.paid_at is not None
    assert list(PaymentEvent.objects.values_list("provider", "kind", "amount")) == [
        ("vietqr", "payment_succeeded", order.total)
    ]


def test_a_move_the_map_forbids_changes_nothing_in_the_admin(staff_client, place, pack):
    order = place({pack: 2})
    page = staff_client.post(admin_url("move", order.pk, "delivered"), follow=True)
    assert "Không thể chuyển đơn" in page.content.decode()
    page = staff_client.post(admin_url("move", order.pk, "nonsense"), follow=True)
    assert f"Không cập nhật được đơn {order.code}." in page.content.decode()
    assert Order.objects.get(pk=order.pk).state == S.PLACED
    assert stock_of(pack) == 10


def test_an_unpaid_cod_order_is_not_offered_a_refund_and_a_posted_refund_is_refused(
    staff_client, place, pack
):
    order = place({pack: 2})
    for target in ("confirmed", "preparing"):
        staff_client.post(admin_url("move", order.pk, target))
    soup = BeautifulSoup(staff_client.get(admin_url("inspect", order.pk)).content, "html.parser")
    buttons = [b.get_text(strip=True) for b in soup.select("form[action*='/move/'] button")]
    assert buttons == ["Giao cho vận chuyển"]

    page = staff_client.post(admin_url("move", order.pk, "refunded"), follow=True)

    assert (
        f"Đơn {order.code} chưa nhận được tiền nên không thể hoàn tiền; nếu không giao hàng, hãy huỷ đơn."
        in page.content.decode()
    )
    order.refresh_from_db()
    assert (order.state, order.paid_at) == (S.PREPARING, None)
    assert stock_of(pack) == 10


def test_a_paid_order_being_prepared_is_refunded_and_its_stock_returned(staff_client, place, pack, vietqr_on):
    order = place({pack: 2}, "vietqr")
    for target in ("paid", "preparing", "refunded"):
        staff_client.post(admin_url("move", order.pk, target))
    assert Order.objects.get(pk=order.pk).state == S.REFUNDED
    assert stock_of(pack) == 12


def test_staff_cancel_gives_stock_back_once_even_when_clicked_twice(staff_client, place, pack):
    order = place({pack: 4})
    staff_client.post(admin_url("cancel", order.pk))
    page = staff_client.post(admin_url("cancel", order.pk), follow=True)
    assert stock_of(pack) == 12
    assert "Không thể chuyển đơn" in page.content.decode()


def test_orders_cannot_be_added_or_deleted_in_the_admin(staff_client, place, pack):
    order = place({pack: 1})
    assert staff_client.get(admin_url("add")).status_code in (302, 403)
    assert staff_client.post(admin_url("delete", order.pk)).status_code in (302, 403)
    assert Order.objects.filter(pk=order.pk).exists()
    assert admin_url("add") not in staff_client.get(admin_url("index")).content.decode()


def test_a_visitor_cannot_move_orders(client, place, pack):
    order = place({pack: 1})
    response = client.post(admin_url("move", order.pk, "cancelled"))
    assert response.status_code in (302, 403)
    assert client.post(admin_url("cancel", order.pk)).status_code in (302, 403)
    assert Order.objects.get(pk=order.pk).state == S.PLACED


@pytest.fixture
@independent_of_the_page_tree
def producer_client(client, producer):
    """An account of the producer: may edit its own ProducerPage subtree and view orders."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    group = Group.objects.create(name="Đông Á")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_order"),
        Permission.objects.get(codename="change_order"),
    )
    GroupPagePermission.objects.create(
        group=group, page=producer, permission=Permission.objects.get(codename="change_page")
    )
    user = get_user_model().objects.create_user("dong-a", "dong-a@example.vn", "pw-producer-123")
    user.groups.add(group)
    client.force_login(user)
    return client


def test_a_producer_sees_and_moves_only_orders_of_its_own_products(
    producer_client, place, pack, producer_index
):
    from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory

    other_producer = ProducerPageFactory(parent=producer_index, title="HTX Khác", slug="htx-khac")
    other_pack = PackSizeFactory(product=ProductPageFactory(parent=other_producer), stock=5)
    mine, theirs = place({pack: 1}), place({other_pack: 1})
    listing = producer_client.get(admin_url("index")).content.decode()
    assert mine.code in listing and theirs.code not in listing
    assert producer_client.get(admin_url("inspect", mine.pk)).status_code == 200
    assert producer_client.get(admin_url("inspect", theirs.pk)).status_code == 404
    assert producer_client.post(admin_url("cancel", theirs.pk)).status_code == 404
    assert Order.objects.get(pk=theirs.pk).state == S.PLACED
    producer_client.post(admin_url("move", mine.pk, "confirmed"))
    assert Order.objects.get(pk=mine.pk).state == S.CONFIRMED


def test_staff_with_view_all_orders_see_every_producers_orders(client, place, pack, producer_index):
    from django.contrib.auth.models import Permission

    from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory

    other_pack = PackSizeFactory(
        product=ProductPageFactory(parent=ProducerPageFactory(parent=producer_index, slug="htx-khac")),
        stock=5,
    )
    first, second = place({pack: 1}), place({other_pack: 1})
    user = get_user_model().objects.create_user("nhanvien", "nv@example.vn", "pw-staff-456")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_order", "view_all_orders"])
    )
    client.force_login(user)
    listing = client.get(admin_url("index")).content.decode()
    assert first.code in listing and second.code in listing
