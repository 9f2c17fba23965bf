"""Where a shopper learns what a store sells and where a producer's goods are sold: a store's page shows the
products it carries one by one as cards ("Sản phẩm có bán tại cửa hàng"), a producer's page lists the stores
that carry it ("Mua tại cửa hàng"), as a product's page does; neither shows what is not public."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from catalogue.factories import PackSizeFactory, ProductPageFactory, StorePageFactory
from tests.conftest import PHONE_VIEWPORT, in_a_browser

pytestmark = pytest.mark.django_db


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def cards_on(client, url) -> list[str]:
    return [title.text for title in soup_of(client, url).select(".store-products .product-card .card-title")]


def stores_on(client, url) -> list[str]:
    section = soup_of(client, url).select_one(".stores-carrying")
    return [link.text for link in section.select("a")] if section else []


def lock(page):
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="bimat123")


@pytest.fixture
def ben_tre(make_store, other_product):
    """The Bến Tre store: the producer's goods, and Lục Nam's "Trà hoa vàng" chosen on its own."""
    return make_store(title="Cửa hàng OCOP Bến Tre", slug="ben-tre", products=[other_product])


# --- A store's page -------------------------------------------------------------------------------------


def test_a_store_page_shows_the_products_it_carries_one_by_one_as_cards(client, ben_tre, other_product):
    soup = soup_of(client, ben_tre.url)
    section = soup.select_one(".store-products")
    assert section.select_one("h2").text == "Sản phẩm có bán tại cửa hàng"
    card = section.select_one(".product-card")
    assert card.select_one(".card-title").text == "Trà hoa vàng"
    assert card.select_one("a")["href"] == other_product.url
    assert "từ" in card.select_one(".card-price").text
    assert card.select_one("img.card-img") is not None  # its picture, as every product card has


def test_a_store_page_leaves_out_a_chosen_product_taken_down_or_under_a_password(
    client, ben_tre, other_product, producer
):
    hidden = ProductPageFactory(parent=producer, title="Kẹo dừa chưa ra mắt", slug="chua-ra-mat")
    PackSizeFactory(product=hidden)
    ben_tre.products.add(hidden)
    ben_tre.save_revision().publish()
    assert cards_on(client, ben_tre.url) == ["Kẹo dừa chưa ra mắt", "Trà hoa vàng"]

    hidden.unpublish()
    lock(other_product.get_parent())  # its producer's page, so the product too

    soup = soup_of(client, ben_tre.url)
    assert soup.select_one(".store-products") is None
    assert "Trà hoa vàng" not in soup.text and "chưa ra mắt" not in soup.text


def test_a_store_that_chose_no_product_on_its_own_shows_no_empty_product_section(client, make_store):
    assert soup_of(client, make_store().url).select_one(".store-products") is None


# --- A producer's page ----------------------------------------------------------------------------------


def test_a_producers_page_lists_the_stores_that_carry_its_goods(client, ben_tre, producer, other_product):
    luc_nam = StorePageFactory(
        parent=ben_tre.get_parent(), title="Điểm OCOP Lục Nam", slug="luc-nam", producers=[producer]
    )
    soup = soup_of(client, producer.url)
    section = soup.select_one(".stores-carrying")
    assert section.select_one("h2").text == "Mua tại cửa hàng"
    assert [link["href"] for link in section.select("a")] == [ben_tre.url, luc_nam.url]
    assert "Đường Đồng Khởi" in section.text  # with the address, as a product's page gives it
    # Lục Nam's producer is carried by Bến Tre through one product chosen on its own.
    assert stores_on(client, other_product.get_parent().url) == ["Cửa hàng OCOP Bến Tre"]


def test_a_producers_page_leaves_out_stores_taken_down_or_under_a_password(
    client, ben_tre, producer, django_capture_on_commit_callbacks
):
    index = ben_tre.get_parent()
    hidden = StorePageFactory(parent=index, title="An Khang", slug="an-khang", producers=[producer])
    closed = StorePageFactory(parent=index, title="Gian hàng đã đóng", slug="da-dong", producers=[producer])
    assert stores_on(client, producer.url) == ["An Khang", "Cửa hàng OCOP Bến Tre", "Gian hàng đã đóng"]

    with django_capture_on_commit_callbacks(execute=True):  # the list is kept per version of the page tree
        lock(hidden)
        closed.unpublish()

    assert stores_on(client, producer.url) == ["Cửa hàng OCOP Bến Tre"]
    assert "An Khang" not in soup_of(client, producer.url).text


def test_a_store_carrying_only_a_product_taken_down_is_not_where_to_buy_its_producers_goods(
    client, make_store, other_product, django_capture_on_commit_callbacks
):
    make_store(producers=[], products=[other_product])
    other_producer = other_product.get_parent()
    assert stores_on(client, other_producer.url) == ["Cửa hàng OCOP Bến Tre"]
    with django_capture_on_commit_callbacks(execute=True):
        other_product.unpublish()
    assert stores_on(client, other_producer.url) == []


def test_a_producer_no_store_carries_shows_no_empty_stores_section(client, producer):
    assert soup_of(client, producer.url).select_one(".stores-carrying") is None


# --- On a phone -----------------------------------------------------------------------------------------

LONG_WORD = "Cửahànggiớithiệusảnphẩm" * 5


@in_a_browser
def test_a_store_and_a_producer_page_fit_a_phone_with_long_names(
    live_server, phone_page, make_store, producer, other_product
):
    other_product.title = "Trà" + LONG_WORD
    other_product.save_revision().publish()
    store = make_store(title="Cửa hàng " + LONG_WORD, products=[other_product])
    for url, section in ((store.url, ".store-products"), (producer.url, ".stores-carrying")):
        phone_page.goto(live_server.url + url)
        assert LONG_WORD in phone_page.inner_text(section)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
