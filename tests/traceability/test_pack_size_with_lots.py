"""A pack size with lots stays: the product editor says why instead of failing on the protected lots."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from catalogue.factories import PackSizeFactory
from catalogue.models import PackSize, ProductPage
from tests.admin_forms import form_data
from tests.page_tree import independent_of_the_page_tree
from traceability.factories import LotFactory
from traceability.models import Lot

pytestmark = pytest.mark.django_db

MESSAGE = "Quy cách này đã có lô sản xuất nên không thể xoá; hãy đặt tồn kho về 0."


@pytest.fixture
@independent_of_the_page_tree
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "pw"))
    return client


def pack_size_prefix(data, pack):
    return next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.startswith("pack_sizes-") and key.endswith("-id") and value == str(pack.pk)
    )


@pytest.fixture
def second_pack(product):
    return PackSizeFactory(product=product, label="Túi 200g", price=25_000)


@pytest.mark.parametrize("action", ["action-publish", None])
def test_deleting_a_pack_size_with_lots_shows_an_error_on_its_row_and_keeps_everything(
    admin_client, product, pack, second_pack, action
):
    LotFactory(pack_size=pack, code="L2406-01")
    url = f"/admin/pages/{product.pk}/edit/"
    data = form_data(admin_client.get(url).content.decode())
    prefix = pack_size_prefix(data, pack)
    data[f"{prefix}-DELETE"] = "1"
    data["title"] = "Kẹo dừa đổi tên"
    if action:
        data[action] = action
    revisions = product.revisions.count()

    response = admin_client.post(url, data)

    assert response.status_code == 200
    formset = response.context["form"].formsets["pack_sizes"]
    row = next(form for form in formset.forms if form.prefix == prefix)
    assert row.non_field_errors() == [MESSAGE]
    html = response.content.decode()
    assert MESSAGE in html
    # The row comes back not marked for deletion, so the editor sees it with its error.
    row_html = BeautifulSoup(html, "html.parser").find(id=f"inline_child_{prefix}")
    assert row_html.find("input", attrs={"name": f"{prefix}-DELETE"}).get("value", "") in ("", "False")
    assert set(PackSize.objects.filter(product=product).values_list("pk", flat=True)) == {
        pack.pk,
        second_pack.pk,
    }
    assert Lot.objects.filter(pack_size=pack, code="L2406-01").exists()
    assert ProductPage.objects.get(pk=product.pk).title == "Kẹo dừa sầu riêng"
    assert product.revisions.count() == revisions


def test_deleting_a_pack_size_without_lots_still_works(admin_client, product, pack, second_pack):
    LotFactory(pack_size=pack, code="L2406-01")
    url = f"/admin/pages/{product.pk}/edit/"
    data = form_data(admin_client.get(url).content.decode())
    data[f"{pack_size_prefix(data, second_pack)}-DELETE"] = "1"
    data["action-publish"] = "action-publish"

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(PackSize.objects.filter(product=product).values_list("pk", flat=True)) == [pack.pk]


def test_deleting_a_product_page_with_lots_is_refused_with_a_message(admin_client, product, pack):
    LotFactory(pack_size=pack, code="L2406-01")
    for response in (
        admin_client.get(f"/admin/pages/{product.pk}/delete/"),
        admin_client.post(f"/admin/pages/{product.pk}/delete/"),
    ):
        assert response.status_code == 302
        assert response["Location"] == f"/admin/pages/{product.pk}/edit/"
    page = admin_client.get(f"/admin/pages/{product.pk}/edit/").content.decode()
    assert "Không thể xoá: sản phẩm của trang này đã có lô sản xuất" in page
    assert ProductPage.objects.filter(pk=product.pk).exists()
    assert Lot.objects.filter(pack_size=pack).exists()


def test_deleting_the_producer_page_above_products_with_lots_is_refused(admin_client, producer, pack):
    LotFactory(pack_size=pack, code="L2406-01")
    response = admin_client.post(f"/admin/pages/{producer.pk}/delete/")
    assert response.status_code == 302
    assert ProductPage.objects.filter(pk=pack.product_id).exists()
    assert Lot.objects.filter(pack_size=pack).exists()


def test_bulk_deleting_pages_with_lots_is_refused(admin_client, producer, product, pack):
    LotFactory(pack_size=pack, code="L2406-01")
    response = admin_client.post(
        f"/admin/bulk/wagtailcore/page/delete/?id={product.pk}&childOf={producer.pk}"
    )
    assert response.status_code == 302
    assert ProductPage.objects.filter(pk=product.pk).exists()
    assert Lot.objects.filter(pack_size=pack).exists()


def test_a_product_page_without_lots_can_still_be_deleted(admin_client, product):
    assert admin_client.get(f"/admin/pages/{product.pk}/delete/").status_code == 200
    response = admin_client.post(f"/admin/pages/{product.pk}/delete/")
    assert response.status_code == 302
    assert not ProductPage.objects.filter(pk=product.pk).exists()


GTIN_MESSAGE = (
    "Quy cách này đã có lô sản xuất nên không thể đổi mã GTIN: mã QR in trên các lô sẽ không mở được "
    "nữa. Hãy giữ mã {gtin}, hoặc thêm một quy cách mới với mã mới."
)


def test_changing_the_gtin_of_a_pack_size_with_lots_shows_an_error_on_the_field(admin_client, product, pack):
    LotFactory(pack_size=pack, code="L2406-01")
    url = f"/admin/pages/{product.pk}/edit/"
    data = form_data(admin_client.get(url).content.decode())
    prefix = pack_size_prefix(data, pack)
    data[f"{prefix}-gtin"] = "8930000000019"  # a valid GTIN-13, another product's code
    data["action-publish"] = "action-publish"

    response = admin_client.post(url, data)

    assert response.status_code == 200
    row = next(f for f in response.context["form"].formsets["pack_sizes"].forms if f.prefix == prefix)
    assert row.errors["gtin"] == [GTIN_MESSAGE.format(gtin=pack.gtin13)]
    assert GTIN_MESSAGE.format(gtin=pack.gtin13) in response.content.decode()
    assert PackSize.objects.get(pk=pack.pk).gtin == pack.gtin


def test_the_same_gtin_typed_in_its_short_form_is_no_change(admin_client, product, pack):
    LotFactory(pack_size=pack, code="L2406-01")
    url = f"/admin/pages/{product.pk}/edit/"
    data = form_data(admin_client.get(url).content.decode())
    data[f"{pack_size_prefix(data, pack)}-gtin"] = pack.gtin13
    data["action-publish"] = "action-publish"
    assert admin_client.post(url, data).status_code == 302


def test_a_gtin_change_submitted_before_the_first_lot_is_not_published_after_it(product, pack):
    draft = ProductPage.objects.get(pk=product.pk)
    moved = draft.pack_sizes.get()
    moved.gtin = "08930000000019"
    draft.pack_sizes = [moved]
    revision = draft.save_revision()
    LotFactory(pack_size=pack, code="L2406-01")  # the first lot is recorded while the edit waits

    revision.publish()

    assert PackSize.objects.get(pk=pack.pk).gtin == pack.gtin


def test_a_pack_size_without_lots_may_change_its_gtin(admin_client, product, pack):
    url = f"/admin/pages/{product.pk}/edit/"
    data = form_data(admin_client.get(url).content.decode())
    data[f"{pack_size_prefix(data, pack)}-gtin"] = "8930000000019"
    data["action-publish"] = "action-publish"
    assert admin_client.post(url, data).status_code == 302
    assert PackSize.objects.get(pk=pack.pk).gtin == "08930000000019"
