"""A producer's dashboard lists the orders waiting for it: COD orders to confirm, orders to ship."""

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory
from catalogue.permissions import grant_producer_access
from storefront import fulfilment, orders
from storefront.models import PartState


def dashboard_orders(client):
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    section = next(
        s for s in soup.select("section.ocop-dashboard-panel") if "Đơn hàng chờ xác nhận" in s.h2.text
    )
    return section, {li.a.text: (li.text, li.a["href"]) for li in section.select("li")}


def test_the_dashboard_lists_its_own_orders_to_confirm_and_to_ship(
    client, place, pack, producer, producer_index
):
    other = ProducerPageFactory(parent=producer_index, title="HTX Trà", slug="htx-tra")
    foreign_pack = PackSizeFactory(product=ProductPageFactory(parent=other, slug="tra"))
    to_confirm, to_ship, foreign = place({pack: 1}), place({pack: 2}), place({foreign_pack: 1})
    orders.move(to_ship, "confirmed")
    user = get_user_model().objects.create_user("dong-a", password="x")
    grant_producer_access(user, producer)
    client.force_login(user)
    section, lines = dashboard_orders(client)
    assert set(lines) == {to_confirm.code, to_ship.code}
    assert "gọi điện xác nhận (COD)" in lines[to_confirm.code][0]
    assert "cần giao hàng" in lines[to_ship.code][0]
    assert lines[to_ship.code][1] == f"/admin/don-hang/inspect/{to_ship.pk}/"
    assert foreign.code not in section.text


def test_a_shared_order_leaves_the_list_once_this_producers_own_part_has_moved(
    client, place, pack, producer, producer_index
):
    other = ProducerPageFactory(parent=producer_index, title="HTX Trà", slug="htx-tra")
    tea = PackSizeFactory(product=ProductPageFactory(parent=other, slug="tra"))
    shared = place({pack: 1, tea: 1})
    user = get_user_model().objects.create_user("dong-a", password="x")
    grant_producer_access(user, producer)
    client.force_login(user)

    fulfilment.move_part(shared, producer.pk, PartState.CONFIRMED)  # the other producer has not
    assert dashboard_orders(client)[1] == {}

    fulfilment.move_part(shared, other.pk, PartState.CONFIRMED)  # the order is confirmed: ship it
    assert "cần giao hàng" in dashboard_orders(client)[1][shared.code][0]

    fulfilment.move_part(shared, producer.pk, PartState.SHIPPED)  # the tea is still to ship
    assert dashboard_orders(client)[1] == {}
