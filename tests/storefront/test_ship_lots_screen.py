"""The "Ghi lô xuất hàng" screen as a packer uses it: it names the order it records, and a scanned
package code is one of ours, of the line's own pack."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from tests.storefront.test_recall_notices import recorded, ship
from traceability import serials
from traceability.factories import LotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(place, pack):
    return place({pack: 1})


@pytest.fixture
def lot_serial(pack):
    """One package of a lot of the line's pack (Hộp), as its label's QR names it."""
    lot = LotFactory(pack_size=pack, code="SC-TEST-01")
    return serials.issue(lot, 1).serials.get()


def scan(client, order, code):
    return ship(client, order, {f"serials_{order.lines.get().pk}": code})


def test_the_screen_names_the_order_and_leads_back_to_it(producer_client, order):
    page = BeautifulSoup(producer_client.get(f"/admin/orders/{order.pk}/ship-lots/").content, "html.parser")
    heading = page.select_one("h1")
    assert heading.get_text(strip=True) == f"Lô xuất hàng – đơn {order.code}"
    crumbs = [li.get_text(" ", strip=True) for li in page.select("nav[aria-label] ol li")]
    assert crumbs[-1] == f"Lô xuất hàng – đơn {order.code}"  # the breadcrumb that stays in sight
    back = page.find("a", string=lambda text: text and text.strip() == f"Đơn {order.code}")
    assert back["href"] == f"/admin/don-hang/inspect/{order.pk}/"
    assert not page.select("h1#header-title")  # no empty visible heading any more


def test_a_scanned_link_on_our_site_or_as_a_bare_path_is_recorded(producer_client, place, pack):
    lot = LotFactory(pack_size=pack, code="SC-TEST-01")
    ours, bare = serials.issue(lot, 2).serials.order_by("pk")
    first, second = place({pack: 1}), place({pack: 1})
    path = f"/01/{pack.gtin}/10/SC-TEST-01/21/"
    assert scan(producer_client, first, settings.SITE_URL + path + ours.serial).status_code == 302
    assert scan(producer_client, second, path + bare.serial).status_code == 302
    assert (recorded(first), recorded(second)) == (
        [("SC-TEST-01", ours.serial)],
        [("SC-TEST-01", bare.serial)],
    )


def test_a_scanned_link_naming_another_packs_gtin_is_refused(
    producer_client, order, pack, second_pack, lot_serial
):
    code = f"{settings.SITE_URL}/01/{second_pack.gtin}/10/SC-TEST-01/21/{lot_serial.serial}"
    response = scan(producer_client, order, code)
    assert response.status_code == 200
    assert f"Mã {code[:59]}… không thuộc sản phẩm của dòng này." in response.content.decode()
    assert recorded(order) == []


@pytest.mark.parametrize(
    "origin", ["http://evil.example", "https://evil.example:8000", "http://127.0.0.1.evil.example"]
)
def test_a_scanned_link_on_another_site_is_refused(producer_client, order, pack, lot_serial, origin):
    code = f"{origin}/01/{pack.gtin}/10/SC-TEST-01/21/{lot_serial.serial}"
    response = scan(producer_client, order, code)
    assert response.status_code == 200
    assert "trỏ tới một trang khác, không phải tem in từ" in response.content.decode()
    assert recorded(order) == []
