"""Publishing a product page's revision (approval, scheduled publish, revert) never puts back stock sold
since the revision was saved, nor a price changed since on the stock and price screen; a price the
producer changed in the revision itself is published."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from wagtail.models import WorkflowState

from catalogue.models import PackSize, ProductPage
from catalogue.stock import Reason, StockMovement, stock_reason
from storefront import stock
from tests.admin_forms import form_data
from tests.page_tree import independent_of_the_page_tree


def pack_prefix(data, pack):
    return next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.startswith("pack_sizes-") and key.endswith("-id") and value == str(pack.pk)
    )


def submit_for_moderation(client, product, **changes):
    """The producer's edit form as the browser sends it, with `changes` (pack fields as `pack_<name>`)."""
    url = f"/admin/pages/{product.pk}/edit/"
    data = form_data(client.get(url).content.decode())
    prefix = pack_prefix(data, product.pack_sizes.get())
    for name, value in changes.items():
        data[f"{prefix}-{name.removeprefix('pack_')}" if name.startswith("pack_") else name] = value
    data["action-submit"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def approve(client, staff, product):
    state = WorkflowState.objects.get(object_id=str(product.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    client.force_login(staff)
    url = f"/admin/pages/workflow/action/{product.pk}/approve/{state.current_task_state.pk}/"
    assert client.post(url, {"comment": ""}).status_code in (200, 302)


def test_approving_a_producers_edit_keeps_the_stock_sold_while_it_waited(
    client, product, producer_user, staff
):
    pack = product.pack_sizes.get()  # 12 in stock, 45.000 ₫
    client.force_login(producer_user)
    submit_for_moderation(client, product, summary="Kẹo dừa ca cao, vị mới")
    stock.take({pack.pk: 7}, {pack.pk: pack.full_label})  # a shopper buys 7: 5 left

    approve(client, staff, product)

    assert ProductPage.objects.get(pk=product.pk).summary == "Kẹo dừa ca cao, vị mới"
    pack.refresh_from_db()
    assert (pack.stock, pack.price) == (5, 45_000)
    moves = list(
        StockMovement.objects.exclude(reason=Reason.OPENING).values_list("old_stock", "new_stock", "reason")
    )
    assert moves == [(12, 5, Reason.SALE)]  # the approval logged no stock change


def test_approving_keeps_a_price_changed_on_the_stock_screen_after_the_draft(
    client, product, producer_user, staff
):
    pack = product.pack_sizes.get()
    client.force_login(producer_user)
    submit_for_moderation(client, product, summary="Mô tả mới")
    on_the_stock_screen = PackSize.objects.get(pk=pack.pk)
    on_the_stock_screen.price = 47_000
    with stock_reason(Reason.MANUAL_COUNT, staff):
        on_the_stock_screen.save()

    approve(client, staff, product)

    pack.refresh_from_db()
    assert pack.price == 47_000


def test_an_editor_tab_opened_before_a_stock_screen_price_change_does_not_put_the_old_price_back(
    client, product, producer_user, staff
):
    pack = product.pack_sizes.get()  # 45.000 ₫
    client.force_login(producer_user)
    url = f"/admin/pages/{product.pk}/edit/"
    data = form_data(client.get(url).content.decode())  # the tab is opened, showing 45.000 ₫
    on_the_stock_screen = PackSize.objects.get(pk=pack.pk)
    on_the_stock_screen.price = 47_000
    with stock_reason(Reason.MANUAL_COUNT, producer_user):
        on_the_stock_screen.save()
    data.update(summary="Mô tả mới", **{"action-submit": "1"})  # the price left as the tab showed it
    assert client.post(url, data).status_code == 302

    approve(client, staff, product)

    assert ProductPage.objects.get(pk=product.pk).summary == "Mô tả mới"
    pack.refresh_from_db()
    assert pack.price == 47_000


def test_a_price_the_producer_changed_in_the_draft_is_published_with_the_stock_sold_meanwhile(
    client, product, producer_user, staff
):
    pack = product.pack_sizes.get()
    client.force_login(producer_user)
    submit_for_moderation(client, product, pack_price="50000")
    stock.take({pack.pk: 2}, {pack.pk: pack.full_label})

    approve(client, staff, product)

    pack.refresh_from_db()
    assert (pack.stock, pack.price) == (10, 50_000)


def save_draft(client, product, **changes):
    """The producer's edit form saved as a draft ("Lưu bản nháp"), with `changes` as in submit_for_moderation."""
    url = f"/admin/pages/{product.pk}/edit/"
    data = form_data(client.get(url).content.decode())
    prefix = pack_prefix(data, product.pack_sizes.get())
    for name, value in changes.items():
        data[f"{prefix}-{name.removeprefix('pack_')}" if name.startswith("pack_") else name] = value
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_price_changed_in_a_saved_draft_is_published_when_the_draft_is_later_submitted(
    client, product, producer_user, staff
):
    pack = product.pack_sizes.get()  # 45.000 ₫
    client.force_login(producer_user)
    save_draft(client, product, pack_price="46000")
    submit_for_moderation(client, product)  # reopened: the editor shows the draft's 46.000 ₫

    approve(client, staff, product)

    pack.refresh_from_db()
    assert pack.price == 46_000


def test_publishing_an_older_revision_keeps_todays_stock_and_price(product, staff):
    pack = product.pack_sizes.get()
    old = product.save_revision(user=staff)
    stock.take({pack.pk: 4}, {pack.pk: pack.full_label})
    PackSize.objects.filter(pk=pack.pk).update(price=52_000)

    old.publish()

    pack.refresh_from_db()
    assert (pack.stock, pack.price) == (8, 52_000)


@pytest.fixture
@independent_of_the_page_tree
def admin_client(db, client):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "pw"))
    return client


def test_the_product_editor_shows_a_saved_packs_stock_without_editing_it(admin_client, product):
    pack = product.pack_sizes.get()
    url = f"/admin/pages/{product.pk}/edit/"
    html = admin_client.get(url).content.decode()
    data = form_data(html)
    prefix = pack_prefix(data, pack)
    field = BeautifulSoup(html, "html.parser").find("input", attrs={"name": f"{prefix}-stock"})
    assert field.has_attr("disabled") and field["value"] == "12"
    assert "Tồn kho của quy cách đã lưu được sửa ở trang “Tồn kho và giá”." in html

    data.update({f"{prefix}-stock": "999", "action-publish": "1"})  # a forged value changes nothing
    assert admin_client.post(url, data).status_code == 302
    pack.refresh_from_db()
    assert pack.stock == 12


def test_the_pack_size_admin_edits_the_price_and_never_posts_stock_back_over_sales(admin_client, product):
    pack = product.pack_sizes.get()
    url = f"/admin/pack_sizes/edit/{pack.pk}/"
    data = form_data(admin_client.get(url).content.decode())
    assert "stock" not in data  # counted on "Tồn kho và giá", which refuses a stale count
    with stock_reason(Reason.SALE, None):
        PackSize.objects.filter(pk=pack.pk).update(stock=7)  # a sale while the page was open
    assert admin_client.post(url, {**data, "price": "52000", "stock": "12"}).status_code == 302
    pack.refresh_from_db()
    assert (pack.price, pack.stock) == (52000, 7)


def test_the_pack_size_admin_offers_no_add_copy_or_delete(admin_client, product):
    # Pack sizes are made and removed in their product's editor; this screen's add failed with a 400.
    pack = product.pack_sizes.get()
    listing = admin_client.get("/admin/pack_sizes/").content.decode()
    assert "/admin/pack_sizes/new/" not in listing and f"/admin/pack_sizes/copy/{pack.pk}/" not in listing
    assert admin_client.get("/admin/pack_sizes/new/").status_code == 302  # refused, back to the admin
    assert admin_client.post(f"/admin/pack_sizes/delete/{pack.pk}/").status_code == 302
    assert admin_client.get(f"/admin/pack_sizes/copy/{pack.pk}/").status_code == 404
    assert PackSize.objects.filter(pk=pack.pk).exists()
