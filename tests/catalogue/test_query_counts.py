"""Listing and detail pages cost a fixed number of queries however many products they show."""

import pytest

from catalogue.factories import PackSizeFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url, django_assert_max_num_queries, ceiling=200):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches that are per-process (site root paths, navigation)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("page_name", ["home", "category", "producer", "search"])
def test_listing_pages_do_not_grow_queries_with_the_number_of_products(
    client, page_name, home, category, producer, make_products, django_assert_max_num_queries
):
    url = {"home": home.url, "category": category.url, "producer": producer.url, "search": "/search/?q="}[
        page_name
    ]
    make_products(2)
    few = queries_for(client, url, django_assert_max_num_queries)
    make_products(10)
    many = queries_for(client, url, django_assert_max_num_queries)
    assert many == few, f"{page_name}: {few} queries for 2 products, {many} for 12"


def test_product_page_does_not_grow_queries_with_pack_sizes(client, product, django_assert_max_num_queries):
    few = queries_for(client, product.url, django_assert_max_num_queries)
    for _ in range(6):
        PackSizeFactory(product=product)
    many = queries_for(client, product.url, django_assert_max_num_queries)
    assert many == few


def test_producer_index_does_not_grow_queries_with_producers(
    client, producer_index, django_assert_max_num_queries
):
    from catalogue.factories import ProducerPageFactory

    ProducerPageFactory(parent=producer_index)
    few = queries_for(client, producer_index.url, django_assert_max_num_queries)
    for _ in range(8):
        ProducerPageFactory(parent=producer_index)
    many = queries_for(client, producer_index.url, django_assert_max_num_queries)
    assert many == few
