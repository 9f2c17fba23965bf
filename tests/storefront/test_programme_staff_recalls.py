"""Programme staff ("Cán bộ OCOP") find any producer's lot, read it without changing it, recall it or warn
about it on the screen producers use (its buyers emailed the same way), and open the log of who was told
from the menu; a producer's staff recall only their own lots, a store's staff none."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.test import RequestFactory
from wagtail.admin.menu import admin_menu

from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory
from catalogue.permissions import programme_staff_group, store_editors
from storefront.models import Order, RecallNotice
from tests.storefront.shipping import hand_over
from traceability.factories import LotFactory
from traceability.models import Lot

pytestmark = pytest.mark.django_db

NO_ACCESS = "Bạn không có quyền truy cập vào khu vực này."


@pytest.fixture
def staff_client(client):
    staff = get_user_model().objects.create_user("canbo-ocop", "canbo@example.com", "pw")
    staff.groups.add(programme_staff_group())
    client.force_login(staff)
    return client


@pytest.fixture
def other_lot(producer_index):
    """A lot of another producer than the `producer` fixture's."""
    other = ProducerPageFactory(parent=producer_index, title="HTX Mỹ Long", slug="my-long")
    pack = PackSizeFactory(product=ProductPageFactory(parent=other, slug="banh-trang"), stock=5)
    return LotFactory(pack_size=pack, code="MYLONG-01")


def notice(level="recall", **changes):
    return {
        "notice_level": level,
        "notice": "Phát hiện dị vật trong một số gói",
        "notice_action": "Ngừng sử dụng, mang tới nơi mua để được hoàn tiền",
        "notice_from": "",
        "notice_until": "",
        **changes,
    }


def messages_of(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def test_programme_staff_recall_any_producers_lot_and_its_buyers_are_emailed_then_lift_it(
    staff_client, producer_client, place, pack, django_capture_on_commit_callbacks
):
    lot = LotFactory(pack_size=pack, code="L-BAD")
    order = place({pack: 2})
    Order.objects.filter(pk=order.pk).update(email="lan@example.vn")
    line = order.lines.get()
    producer_client.post(f"/admin/orders/{order.pk}/ship-lots/", {f"lot_{line.pk}": lot.pk})
    hand_over(order)

    url = f"/admin/traceability/lots/{lot.pk}/notice/"
    screen = staff_client.get(url)
    assert screen.status_code == 200
    assert "Thu hồi / cảnh báo – lô L-BAD" in screen.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, notice())
    assert response.status_code == 302
    assert "Đã lưu thông báo của lô L-BAD." in messages_of(response)
    assert [message.to for message in mail.outbox] == [["lan@example.vn"]]
    assert "Ngừng sử dụng" in mail.outbox[0].body
    assert Lot.objects.get(pk=lot.pk).notice_level == "recall"
    listing = staff_client.get(f"/admin/recall_notices/?lot={lot.pk}").content.decode()
    assert order.code in listing and "lan@example.vn" in listing

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, notice(level=""))
    assert response.status_code == 302
    assert Lot.objects.get(pk=lot.pk).notice_level == ""
    assert RecallNotice.objects.get(lot=lot).ended_at is not None


def test_programme_staff_follow_the_producers_rules_on_the_recall_screen(staff_client, other_lot):
    response = staff_client.post(f"/admin/traceability/lots/{other_lot.pk}/notice/", notice(notice_action=""))
    assert response.status_code == 200
    assert "Hãy nói người mua nên làm gì." in response.content.decode()
    assert Lot.objects.get(pk=other_lot.pk).notice_level == ""


def test_programme_staff_find_every_lot_and_read_it_without_changing_it(staff_client, pack, other_lot):
    own = LotFactory(pack_size=pack, code="DONGA-01")
    listing = staff_client.get("/admin/lots/")
    assert listing.status_code == 200
    page = BeautifulSoup(listing.content, "html.parser")
    assert {"DONGA-01", "MYLONG-01"} <= {a.get_text(strip=True) for a in page.select("td a")}
    links = {a.get_text(strip=True): a["href"] for a in page.select("td a")}
    assert links["Thu hồi / cảnh báo"].endswith("/notice/")
    assert "Tem theo gói" not in links  # issuing and voiding labels stay the producer's
    assert "/admin/lots/new/" not in listing.content.decode()

    inspect = staff_client.get(f"/admin/lots/inspect/{other_lot.pk}/").content.decode()
    assert "MYLONG-01" in inspect
    assert f"/admin/traceability/lots/{other_lot.pk}/notice/" in inspect
    assert f"/admin/lots/edit/{other_lot.pk}/" not in inspect

    before = list(Lot.objects.order_by("pk").values())
    for url in (
        f"/admin/lots/edit/{other_lot.pk}/",
        f"/admin/lots/edit/{own.pk}/",
        f"/admin/traceability/lots/{other_lot.pk}/serials/",
    ):
        response = staff_client.post(url, {"code": "SUA-01", "count": "5"})
        assert response.status_code == 302 and NO_ACCESS in messages_of(response)
    assert list(Lot.objects.order_by("pk").values()) == before
    assert other_lot.label_sheets.count() == 0


def admin_menu_for(user) -> dict[str, list[str]]:
    """The sidebar's menu for this user: each item's label with the urls of its submenu (or its own)."""
    request = RequestFactory().get("/admin/")
    request.user = user
    menu = {}
    for item in admin_menu.menu_items_for_request(request):
        submenu = getattr(item, "menu", None)
        urls = [sub.url for sub in submenu.menu_items_for_request(request)] if submenu else [item.url]
        menu[str(item.label)] = urls
    return menu


def test_programme_staff_have_the_lots_and_the_recall_log_under_traceability(db):
    staff = get_user_model().objects.create_user("canbo-ocop", "canbo@example.com", "pw")
    staff.groups.add(programme_staff_group())
    traceability = admin_menu_for(staff)["Truy xuất nguồn gốc"]
    assert "/admin/lots/" in traceability
    assert "/admin/recall_notices/" in traceability


def test_a_producers_staff_recall_their_own_lots_only_and_see_their_log_in_the_menu(
    producer_client, pack, other_lot
):
    own = LotFactory(pack_size=pack, code="DONGA-01")
    assert producer_client.get(f"/admin/traceability/lots/{own.pk}/notice/").status_code == 200
    response = producer_client.post(f"/admin/traceability/lots/{other_lot.pk}/notice/", notice())
    assert response.status_code == 404
    assert Lot.objects.get(pk=other_lot.pk).notice_level == ""
    user = get_user_model().objects.get(username="dong-a")
    assert "/admin/recall_notices/" in admin_menu_for(user)["Truy xuất nguồn gốc"]


def test_a_stores_staff_recall_nothing_and_have_no_recall_log(client, make_store, pack):
    lot = LotFactory(pack_size=pack, code="DONGA-01")
    user = get_user_model().objects.create_user("cua-hang-ben-tre", "cuahang@example.com", "pw")
    user.groups.add(store_editors(make_store()))
    client.force_login(user)
    response = client.post(f"/admin/traceability/lots/{lot.pk}/notice/", notice())
    assert response.status_code == 302 and NO_ACCESS in messages_of(response)
    assert Lot.objects.get(pk=lot.pk).notice_level == ""
    assert "Truy xuất nguồn gốc" not in admin_menu_for(user)
