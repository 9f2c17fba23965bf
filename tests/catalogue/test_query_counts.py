"""Every uncached page costs an exact, small number of queries, the same with 1 product or 13, with
images on every card (so the renditions prefetch is what these pin).

The counts are for a warm process: the site, its settings and the page type of each path come from
the cache after the first request. The page cache itself is off here (see tests/pagecache).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.factories import PackSizeFactory, ProducerPageFactory, StorePageFactory
from catalogue.stores import StoreIndexPage, StorePage

pytestmark = pytest.mark.django_db


def queries(client, url):
    client.get(url)  # warm the per-process caches (site, settings, page types, navigation)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


def rendition_queries(sqls):
    return [sql for sql in sqls if "wagtailimages_rendition" in sql]


# The page (one query by url_path) + what its template shows. Home: the featured ids, the product
# cards, the categories, the producers, then one images and one renditions query for all three.
# Category: the cards of the page shown, their images and renditions, and its own picture for the
# share tags (the share rendition itself comes from Wagtail's rendition cache); the ids of its products
# in order are read once per version of the page tree and day (catalogue/tree.py). Product: the page itself joined with its picture, certification and producer (one query, see
# `serve_select_related`); its pack sizes; its gallery; its lots with their notices. Its breadcrumb
# trail, its categories and the stores that carry it are read once per version of the page tree
# (catalogue/tree.py; tests/catalogue/test_tree_cache.py shows a change is seen at once). Producer index:
# the producers' ids and names (sorted by Vietnamese collation in Python, so no COUNT), the cards,
# their images and renditions.
EXPECTED = {"home": 7, "category": 5, "producer": 7, "product": 4, "producer index": 5, "category index": 4}


@pytest.fixture
def urls(home, category, producer, product, producer_index, category_index):
    return {
        "home": home.url,
        "category": category.url,
        "producer": producer.url,
        "product": product.url,
        "producer index": producer_index.url,
        "category index": category_index.url,
    }


@pytest.mark.parametrize("page_name", list(EXPECTED))
def test_each_page_costs_the_same_exact_queries_with_1_or_13_products(client, urls, page_name, make_products):
    url = urls[page_name]
    few = queries(client, url)
    assert len(few) == EXPECTED[page_name], "\n\n".join(few)
    make_products(12)
    many = queries(client, url)
    assert len(many) == EXPECTED[page_name], "\n\n".join(many)


@pytest.mark.parametrize("page_name", ["home", "category", "producer", "producer index", "category index"])
def test_card_pictures_come_from_one_renditions_query(client, urls, page_name, make_products):
    make_products(5)
    sqls = queries(client, urls[page_name])
    assert len(rendition_queries(sqls)) == 1
    html = client.get(urls[page_name]).content.decode()
    assert ".fill-480x480.format-webp.webp" in html or "fill-480x480" in html


def test_product_page_costs_the_same_with_more_pack_sizes(client, product):
    assert len(queries(client, product.url)) == EXPECTED["product"]
    for _ in range(6):
        PackSizeFactory(product=product)
    assert len(queries(client, product.url)) == EXPECTED["product"]


def test_producer_index_costs_the_same_with_more_producers(client, producer_index, producer):
    assert len(queries(client, producer_index.url)) == EXPECTED["producer index"]
    for _ in range(8):
        ProducerPageFactory(parent=producer_index)
    assert len(queries(client, producer_index.url)) == EXPECTED["producer index"]


def test_store_pages_cost_a_fixed_number_of_queries(client, home, producer, product, make_products):
    """The store list: the stores. A store: its producers, then the products it chose one by one as cards
    with their images and card renditions (three queries however many)."""
    index = home.add_child(instance=StoreIndexPage(title="Cửa hàng OCOP", slug="cua-hang"))
    store = index.add_child(
        instance=StorePage(
            title="Cửa hàng Bến Tre",
            slug="ben-tre",
            province_id=producer.province_id,
            street_address="12 Đồng Khởi",
            producers=[producer],
            products=[product],
        )
    )
    assert len(queries(client, index.url)) == 2
    assert len(queries(client, store.url)) == 6
    store.products.add(*make_products(12))
    store.save_revision().publish()
    sqls = queries(client, store.url)
    assert len(sqls) == 6, "\n\n".join(sqls)
    assert len(rendition_queries(sqls)) == 1


def test_a_producer_page_costs_the_same_with_the_stores_that_carry_it(
    client, producer, product, make_store, django_capture_on_commit_callbacks
):
    """Its "Mua tại cửa hàng" is read once per version of the page tree, as a product's is."""
    assert len(queries(client, producer.url)) == EXPECTED["producer"]
    with django_capture_on_commit_callbacks(execute=True):  # a new version of the tree: read afresh
        store = make_store()
        for number in range(4):
            StorePageFactory(parent=store.get_parent(), slug=f"cua-hang-{number}", products=[product])
    assert len(queries(client, producer.url)) == EXPECTED["producer"]
    assert client.get(producer.url).content.decode().count('class="stores-carrying"') == 1


def test_a_page_is_routed_by_its_path_in_one_query_however_deep(client, product):
    sqls = queries(client, product.url)
    routing = [sql for sql in sqls if '"wagtailcore_page"."url_path" =' in sql]
    assert len(routing) == 1
