"""Wagtail's admin bulk actions answer a value that names no row with a 400 that says so, not a 500
(config/admin_bulk.py), and stay behind the admin login like every admin URL."""

import pytest

from catalogue.factories import ProducerPageFactory, ProductPageFactory

DELETE_PAGES = "/admin/bulk/wagtailcore/page/delete/"
NOT_IDS = ["1e9", "\x00", "²", "٣", "-1", "0", "x" * 300, "99999999999999999999999"]


@pytest.mark.parametrize("value", NOT_IDS)
@pytest.mark.parametrize(
    "url",
    [DELETE_PAGES, "/admin/bulk/wagtaildocs/document/delete/", "/admin/bulk/wagtailimages/image/add_tags/"],
)
def test_an_id_that_names_no_row_is_a_clear_400(admin_client, url, value):
    response = admin_client.get(url, {"id": value})
    assert response.status_code == 400
    assert "không phải mã của một mục" in response.content.decode()


def test_every_row_under_a_parent_that_does_not_exist_is_a_clear_400(admin_client, product):
    response = admin_client.get(DELETE_PAGES, {"id": "all", "childOf": 2**40})
    assert response.status_code == 400
    assert "childOf" in response.content.decode()


def test_real_ids_reach_wagtails_own_confirmation(admin_client, product, producer):
    page = admin_client.get(DELETE_PAGES, {"id": [product.pk]})
    assert page.status_code == 200
    assert product.title in page.content.decode()
    listing = admin_client.get(DELETE_PAGES, {"id": "all", "childOf": producer.pk})
    assert listing.status_code == 200
    assert product.title in listing.content.decode()


@pytest.mark.parametrize("value", ["1", "²"])
def test_a_visitor_who_is_not_signed_in_is_sent_to_the_login_whatever_the_ids(client, product, value):
    response = client.get(DELETE_PAGES, {"id": value})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


SECRET = "SẢN PHẨM BÍ MẬT CHƯA RA MẮT"


@pytest.fixture
def others_draft(producer_index, category):
    other = ProducerPageFactory(parent=producer_index, title="HTX Trà Lục Nam", slug="tra-luc-nam")
    product = ProductPageFactory(
        parent=other, title="Trà hoa vàng", slug="tra-hoa-vang", categories=[category]
    )
    product.title = SECRET
    product.save_revision()  # a draft only its producer's staff may read
    return product


@pytest.mark.parametrize("action", ["delete", "unpublish", "move"])
def test_a_producer_cannot_read_another_producers_draft_title_through_a_bulk_action(
    producer_client, producer, others_draft, action
):
    url = f"/admin/bulk/wagtailcore/page/{action}/"
    for query in (
        {"id": "all", "childOf": others_draft.get_parent().pk},
        {"id": [others_draft.pk]},
        {"id": "all", "childOf": producer.get_parent().pk},  # the index of every producer
    ):
        response = producer_client.get(url, query)
        assert SECRET not in response.content.decode(), query
        assert "Trà hoa vàng" not in response.content.decode(), query


def test_a_producer_still_bulk_acts_on_its_own_pages(producer_client, producer, product):
    response = producer_client.get(DELETE_PAGES, {"id": "all", "childOf": producer.pk})
    assert response.status_code == 200
    assert product.title in response.content.decode()
