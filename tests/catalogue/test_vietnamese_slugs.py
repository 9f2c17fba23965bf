"""A page's address is its title with the marks folded away, whatever makes it: the editor's slug box
as the title is typed, or the server when the slug is left empty. Wagtail's own makers dropped the
letters with two marks ("hp-tac-xa") and "đ" ("ong-a")."""

import json
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from catalogue.admin_fields import VietnameseSlugInput
from catalogue.factories import ProductPageFactory, StorePageFactory
from catalogue.slugs import slug_for
from catalogue.stores import StorePage
from tests.admin_forms import form_data
from tests.conftest import IN_A_BROWSER, sign_in_to_admin

TITLES = [
    ("Hợp tác xã Ong mật Ea Kar", "hop-tac-xa-ong-mat-ea-kar"),
    ("Mật ong hoa cà phê", "mat-ong-hoa-ca-phe"),
    ("Đông Á", "dong-a"),
    ("Kẹo dừa sầu riêng – Hộp 400g", "keo-dua-sau-rieng-hop-400g"),
    ("Bưởi Năm Roi Phúc Thịnh", "buoi-nam-roi-phuc-thinh"),
]


@pytest.mark.parametrize(("title", "slug"), TITLES)
def test_a_title_gives_its_letters_without_their_marks(title, slug):
    assert slug_for(title) == slug


@pytest.mark.django_db
def test_a_page_saved_without_a_slug_gets_one_without_losing_letters(producer):
    page = ProductPageFactory(parent=producer, title="Đặc sản Đắk Lắk", slug="")
    assert page.slug == "dac-san-dak-lak"
    twin = ProductPageFactory(parent=producer, title="Đặc sản Đắk Lắk", slug="")
    assert twin.slug == "dac-san-dak-lak-2"


@pytest.mark.django_db
def test_every_admin_slug_box_folds_the_vietnamese_letters(admin_client, producer):
    page = admin_client.get(reverse("wagtailadmin_pages:edit", args=[producer.pk]))
    slug_box = page.context["form"].fields["slug"].widget
    assert isinstance(slug_box, VietnameseSlugInput)
    folding = json.loads(slug_box.attrs["data-w-slug-formatters-value"])
    assert [plain for (pattern, _flags), plain in folding if re.fullmatch(pattern, "ợ")] == ["o"]
    assert [plain for (pattern, _flags), plain in folding if re.fullmatch(pattern, "Đ")] == ["D"]


def publish(client, page, **changes):
    path = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return client.post(path, {**form_data(client.get(path).content), **changes, "action-publish": "1"})


@pytest.mark.django_db
def test_a_slug_typed_with_marks_and_capitals_is_published_in_plain_lower_case(
    admin_client, client, make_store
):
    """A store's staff typing "Cửa-Hàng-Đồng-Khởi" get an address people can type, not /B%E1%BA%BF…/."""
    store = make_store()
    assert publish(admin_client, store, slug="Cửa-Hàng-Đồng-Khởi").status_code == 302
    published = StorePage.objects.get(pk=store.pk)
    assert published.slug == "cua-hang-dong-khoi"
    assert published.url == f"{store.get_parent().url}cua-hang-dong-khoi/"
    assert client.get(published.url).status_code == 200


@pytest.mark.django_db
def test_a_typed_slug_that_folds_to_a_siblings_is_refused(admin_client, make_store):
    store = make_store()
    StorePageFactory(parent=store.get_parent(), title="Điểm OCOP Lục Nam", slug="luc-nam")
    response = publish(admin_client, store, slug="Lục-Nam")
    assert response.status_code == 200
    assert "luc-nam" in str(response.context["form"].errors["slug"])
    assert StorePage.objects.get(pk=store.pk).slug == "ben-tre"


def in_a_browser(test):
    for mark in IN_A_BROWSER:
        test = mark(test)
    return test


@in_a_browser
def test_typing_a_vietnamese_title_in_the_editor_fills_in_its_address(
    live_server, open_phone, producer_user, producer
):
    phone = open_phone()
    sign_in_to_admin(live_server, phone, "dong-a")
    phone.goto(f"{live_server.url}/admin/pages/add/catalogue/productpage/{producer.pk}/")
    phone.locator("#id_title").press_sequentially("Mật ong hoa cà phê Ea Kar")
    expect(phone.locator("#id_slug")).to_have_value("mat-ong-hoa-ca-phe-ea-kar")  # kept in step as typed
