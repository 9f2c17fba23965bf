"""Wagtail's admin bulk actions answer a value that names no row with a 400 that says so, not a 500
(config/admin_bulk.py), and stay behind the admin login like every admin URL."""

import pytest

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
