"""OCOP stores: a product page says where to buy it ("Mua tại cửa hàng"), nearest province first, and a
store account runs its own store page and nothing else."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from catalogue.permissions import store_editors
from catalogue.stores import StoreIndexPage, StorePage
from places.models import Province
from tests.admin_forms import form_data

BAC_NINH = 24


@pytest.fixture
def stores(home, producer, other_product):
    index = home.add_child(instance=StoreIndexPage(title="Cửa hàng OCOP", slug="cua-hang"))
    bac_ninh = Province.objects.get(code=BAC_NINH)

    def add(title, slug, province, **relations):
        store = StorePage(title=title, slug=slug, province=province, street_address="Đường 1", **relations)
        return index.add_child(instance=store)

    return {
        "ben-tre": add("Cửa hàng OCOP Bến Tre", "ben-tre", producer.province, producers=[producer]),
        "luc-nam": add("Điểm OCOP Lục Nam", "luc-nam", bac_ninh, products=[other_product]),
        "bac-ninh": add("An Khang Bắc Ninh", "bac-ninh", bac_ninh, producers=[producer]),
    }


def stores_listed(client, url, **params):
    soup = BeautifulSoup(client.get(url, params).content, "html.parser")
    section = soup.select_one(".stores-carrying")
    return [a.text for a in section.select("a")] if section else []


def test_a_product_page_lists_the_stores_that_carry_it(client, product, other_product, stores):
    assert stores_listed(client, product.url) == ["An Khang Bắc Ninh", "Cửa hàng OCOP Bến Tre"]
    assert stores_listed(client, other_product.url) == ["Điểm OCOP Lục Nam"]


def test_the_stores_that_carry_a_product_come_in_vietnamese_order(client, product, producer, stores):
    index = stores["ben-tre"].get_parent()
    for title, slug in (("Gian hàng OCOP Hà Nội", "ha-noi"), ("Điểm bán OCOP Vĩnh Long", "vinh-long")):
        index.add_child(
            instance=StorePage(
                title=title,
                slug=slug,
                province=producer.province,
                street_address="Đường 1",
                producers=[producer],
            )
        )
    assert stores_listed(client, product.url) == [
        "An Khang Bắc Ninh",
        "Cửa hàng OCOP Bến Tre",
        "Điểm bán OCOP Vĩnh Long",
        "Gian hàng OCOP Hà Nội",
    ]  # đ after d, not after every other letter
    assert stores_listed(client, product.url, province=producer.province_id) == [
        "Cửa hàng OCOP Bến Tre",
        "Điểm bán OCOP Vĩnh Long",
        "Gian hàng OCOP Hà Nội",
        "An Khang Bắc Ninh",
    ]


def test_the_visitors_province_comes_first(client, product, producer, stores):
    assert stores_listed(client, product.url, province=producer.province_id) == [
        "Cửa hàng OCOP Bến Tre",
        "An Khang Bắc Ninh",
    ]


@pytest.mark.parametrize("province", ["99999999999999999999", "²", "٣", "-1", "x"])
def test_a_province_that_is_no_code_lists_the_stores_by_name(client, product, stores, province):
    assert stores_listed(client, product.url, province=province) == [
        "An Khang Bắc Ninh",
        "Cửa hàng OCOP Bến Tre",
    ]


def test_a_store_account_edits_its_own_store_only(client, stores, product):
    user = get_user_model().objects.create_user("cua-hang-ben-tre", password="x")
    user.groups.add(store_editors(stores["ben-tre"]))
    own, other = stores["ben-tre"], stores["bac-ninh"]
    assert own.permissions_for_user(user).can_publish()
    assert not other.permissions_for_user(user).can_edit()
    assert not product.permissions_for_user(user).can_edit()
    client.force_login(user)
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{other.pk}/edit/").status_code == 302
    assert StorePage.objects.get(pk=own.pk).title == "Cửa hàng OCOP Bến Tre"


def test_a_store_editors_buttons_name_the_default_workflow_in_vietnamese(client, stores):
    user = get_user_model().objects.create_user("cua-hang-ben-tre", password="x")
    user.groups.add(store_editors(stores["ben-tre"]))
    client.force_login(user)

    html = client.get(f"/admin/pages/{stores['ben-tre'].pk}/edit/").content.decode()

    assert "Moderators approval" not in html
    assert "Gửi Duyệt trang" in html


def test_a_store_editor_is_offered_and_accepts_live_products_only(client, stores, product, other_product):
    other_product.unpublish()
    other_product.title = "SẢN PHẨM BÍ MẬT CHƯA RA MẮT"
    other_product.save_revision()
    own = stores["ben-tre"]
    user = get_user_model().objects.create_user("cua-hang-ben-tre", password="x")
    user.groups.add(store_editors(own))
    client.force_login(user)
    url = f"/admin/pages/{own.pk}/edit/"

    html = client.get(url).content.decode()
    assert "BÍ MẬT" not in html and "Trà hoa vàng" not in html
    data = form_data(html)
    data["products"] = [str(other_product.pk)]
    response = client.post(url, data)

    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert (
        not StorePage.objects.get(pk=own.pk)
        .get_latest_revision_as_object()
        .products.filter(pk=other_product.pk)
    )


def test_a_store_account_cannot_delete_unpublish_or_lock_its_store_page(client, stores):
    own = stores["ben-tre"]
    user = get_user_model().objects.create_user("cua-hang-ben-tre", password="x")
    user.groups.add(store_editors(own))
    client.force_login(user)

    for action in ("delete", "unpublish"):
        client.post(f"/admin/pages/{own.pk}/{action}/")
    client.post(f"/admin/pages/{own.pk}/privacy/", {"restriction_type": "password", "password": "x"})

    page = StorePage.objects.get(pk=own.pk)
    assert page.live
    assert not page.get_view_restrictions().exists()
    edit = client.get(f"/admin/pages/{own.pk}/edit/").content.decode()
    assert f"/admin/pages/{own.pk}/delete/" not in edit and f"/admin/pages/{own.pk}/unpublish/" not in edit
    assert own.permissions_for_user(user).can_publish()


def test_a_store_account_is_not_offered_a_copy_of_its_store_page(client, stores):
    own = stores["ben-tre"]
    user = get_user_model().objects.create_user("cua-hang-ben-tre", password="x")
    user.groups.add(store_editors(own))
    client.force_login(user)

    for screen in (
        f"/admin/pages/{own.pk}/edit/",
        f"/admin/pages/{own.pk}/",
        f"/admin/pages/{own.get_parent().pk}/",
    ):
        assert f"/admin/pages/{own.pk}/copy/" not in client.get(screen).content.decode()
    refused = client.post(f"/admin/pages/{own.pk}/copy/", {"new_title": "Bản sao", "new_slug": "ban-sao"})
    assert refused.status_code == 302 and refused.url == "/admin/"
    assert StorePage.objects.count() == 3
