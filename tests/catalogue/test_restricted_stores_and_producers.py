"""A store or producer under Wagtail's Privacy (a password, signed-in users) is not public: no public
page lists it, links it or names it in its description, as products under one already are not."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from catalogue.factories import ProducerPageFactory, StorePageFactory

pytestmark = pytest.mark.django_db

LUC_NAM_HOURS = "6:30–20:00 hằng ngày"


def lock(page):
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="bimat123")


def text_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def luc_nam(make_store, producer):
    """Two stores carrying the producer's goods: Bến Tre, and Lục Nam, to be put under a password."""
    ben_tre = make_store(title="Cửa hàng OCOP Bến Tre", slug="ben-tre")
    return StorePageFactory(
        parent=ben_tre.get_parent(),
        title="Điểm OCOP Lục Nam",
        slug="luc-nam",
        opening_hours=LUC_NAM_HOURS,
        producers=[producer],
    )


@pytest.fixture
def minh_tam(producer_index):
    return ProducerPageFactory(parent=producer_index, title="Thạch dừa Minh Tâm", slug="minh-tam")


def test_a_store_under_a_password_leaves_the_store_list_with_its_address_and_hours(client, luc_nam):
    index = luc_nam.get_parent()
    assert "Điểm OCOP Lục Nam" in text_of(client, index.url)
    lock(luc_nam)
    listed = text_of(client, index.url)
    assert "Điểm OCOP Lục Nam" not in listed
    assert luc_nam.url not in listed
    assert LUC_NAM_HOURS not in listed
    assert "Cửa hàng OCOP Bến Tre" in listed


def test_a_store_under_a_password_is_no_longer_where_to_buy_a_product(
    client, product, luc_nam, django_capture_on_commit_callbacks
):
    def stores_named():
        section = BeautifulSoup(text_of(client, product.url), "html.parser").select_one(".stores-carrying")
        return [link.text for link in section.select("a")] if section else []

    assert stores_named() == ["Cửa hàng OCOP Bến Tre", "Điểm OCOP Lục Nam"]
    with django_capture_on_commit_callbacks(execute=True):
        lock(luc_nam)
    assert stores_named() == ["Cửa hàng OCOP Bến Tre"]  # at once, though the list is kept per page tree
    assert LUC_NAM_HOURS not in text_of(client, product.url)


def test_a_producer_under_a_password_leaves_the_stores_page_and_its_description(
    client, make_store, producer, minh_tam
):
    store = make_store(producers=[producer, minh_tam])
    assert "Thạch dừa Minh Tâm" in text_of(client, store.url)
    lock(minh_tam)
    page = BeautifulSoup(text_of(client, store.url), "html.parser")
    assert "Thạch dừa Minh Tâm" not in page.text
    assert minh_tam.url not in str(page)
    description = page.select_one('meta[property="og:description"]')["content"]
    assert "Minh Tâm" not in description
    assert producer.title in description


@pytest.mark.parametrize("listing", ["producer index", "home"])
def test_a_producer_under_a_password_leaves_the_producer_list_and_the_home_page(
    client, home, producer_index, producer, minh_tam, listing
):
    url = producer_index.url if listing == "producer index" else home.url
    assert "Thạch dừa Minh Tâm" in text_of(client, url)
    lock(minh_tam)
    listed = text_of(client, url)
    assert "Thạch dừa Minh Tâm" not in listed
    assert minh_tam.url not in listed
    assert producer.title in listed


def test_a_store_carrying_only_a_product_under_a_password_is_not_where_to_buy_its_producer(
    client, make_store, producer, product, django_capture_on_commit_callbacks
):
    """A store that chose one product alone (not the producer's whole range) is named on the producer's
    page for it: not once that product is private, which would point shoppers to what they cannot see."""
    make_store(title="Quầy OCOP Chợ Lách", producers=[], products=[product])

    def stores_named():
        section = BeautifulSoup(text_of(client, producer.url), "html.parser").select_one(".stores-carrying")
        return [link.text for link in section.select("a")] if section else []

    assert stores_named() == ["Quầy OCOP Chợ Lách"]
    with django_capture_on_commit_callbacks(execute=True):
        lock(product)
    assert stores_named() == []
