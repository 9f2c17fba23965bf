"""Staff record a lot and its events in one admin form, and scanners see it."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.page_tree import independent_of_the_page_tree
from traceability.models import Lot

pytestmark = pytest.mark.django_db


@pytest.fixture
@independent_of_the_page_tree
def staff_client(client):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "pw"))
    return client


def _event(index, kind, when, place, actor):
    prefix = f"events-{index}-"
    return {
        prefix + "kind": kind,
        prefix + "occurred_at": when.strftime("%Y-%m-%d %H:%M"),
        prefix + "place": place,
        prefix + "actor": actor,
        prefix + "description": "",
        prefix + "image": "",
        prefix + "document": "",
        prefix + "ORDER": str(index + 1),
        prefix + "id": "",
        prefix + "DELETE": "",
    }


def _lot_form(pack, produced, expiry, events):
    data = {
        "pack_size": str(pack.pk),
        "code": "L2411-09",
        "production_date": produced.isoformat(),
        "expiry_date": expiry.isoformat(),
        "quantity": "800",
        "raw_material_area": "Ấp Phú Lợi, xã Phú Túc, tỉnh Vĩnh Long",
        "raw_material_grower": "HTX Dừa Phú Túc",
        "harvest_date": "",
        "notice_level": "",
        "notice": "",
        "events-TOTAL_FORMS": str(len(events)),
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "1000",
    }
    for event in events:
        data.update(event)
    return data


def test_staff_add_a_lot_with_two_events_and_scanners_see_it(staff_client, pack):
    produced = timezone.localdate() - datetime.timedelta(days=5)
    harvest = timezone.now() - datetime.timedelta(days=7)
    events = [
        _event(0, "harvest", harvest, "Ấp Phú Lợi", "HTX Dừa Phú Túc"),
        _event(1, "packaging", harvest + datetime.timedelta(days=2), "Xưởng Đông Á", "Tổ đóng gói"),
    ]
    assert staff_client.get("/admin/lots/new/").status_code == 200
    response = staff_client.post(
        "/admin/lots/new/", _lot_form(pack, produced, produced + datetime.timedelta(days=365), events)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    lot = Lot.objects.get(code="L2411-09")
    assert [(e.kind, e.place) for e in lot.events.order_by("sort_order")] == [
        ("harvest", "Ấp Phú Lợi"),
        ("packaging", "Xưởng Đông Á"),
    ]
    page = staff_client.get(f"/01/{pack.gtin}/10/L2411-09").content.decode()
    assert "Thu hoạch nguyên liệu" in page
    assert page.index("Thu hoạch nguyên liệu") < page.index("Đóng gói")


def test_expiry_before_production_is_refused_in_the_admin_and_nothing_is_saved(staff_client, pack):
    produced = timezone.localdate() - datetime.timedelta(days=5)
    response = staff_client.post(
        "/admin/lots/new/", _lot_form(pack, produced, produced - datetime.timedelta(days=1), [])
    )
    assert response.status_code == 200
    assert "Hạn sử dụng phải sau ngày sản xuất." in response.content.decode()
    assert Lot.objects.count() == 0


def test_a_lot_code_differing_only_in_capitals_from_another_of_the_pack_is_refused(staff_client, pack):
    """Legal in GS1 (lot codes are case-sensitive), but a buyer reading "l2411-09" cannot tell it from
    "L2411-09" on the product page's list of lots."""
    produced = timezone.localdate() - datetime.timedelta(days=5)
    form = _lot_form(pack, produced, produced + datetime.timedelta(days=365), [])
    assert staff_client.post("/admin/lots/new/", form).status_code == 302
    response = staff_client.post("/admin/lots/new/", {**form, "code": "l2411-09"})
    assert response.status_code == 200
    assert "Quy cách này đã có lô L2411-09, chỉ khác chữ hoa, chữ thường" in response.content.decode()
    assert list(Lot.objects.values_list("code", flat=True)) == ["L2411-09"]
    assert staff_client.post("/admin/lots/new/", {**form, "code": "L2411-10"}).status_code == 302


@pytest.mark.search_index  # the search box also looks up product names in Wagtail's index
def test_lot_listing_is_searchable_by_gtin_and_links_the_label_sheet(staff_client, lot, pack):
    response = staff_client.get("/admin/lots/", {"q": pack.gtin[1:]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "L2406-01" in html
    assert f"/lots/{lot.pk}/labels/" in html
    assert "L2406-01" not in staff_client.get("/admin/lots/", {"q": "8930000000019"}).content.decode()


def test_lot_edit_page_links_the_label_sheet_and_the_public_page(staff_client, lot):
    html = staff_client.get(f"/admin/lots/edit/{lot.pk}/").content.decode()
    assert f"/lots/{lot.pk}/labels/" in html
    assert f"/lots/{lot.pk}/qr.svg" in html
    assert lot.get_absolute_url() in html
