"""Products a listing ranks equally (equal stars, equal stock) come in Vietnamese alphabetical order, as
search lists them, then by id: "Đường" after "Dưa", not after "Zô" as the titles' raw bytes put it.

Each listing is read as its reader sees it: a category or a producer's page by a shopper, the
dashboard and the pack size chooser by a producer's staff."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from catalogue.certification import Certification
from catalogue.factories import PackSizeFactory, ProductPageFactory
from catalogue.models import PackSize
from search import indexing

pytestmark = pytest.mark.django_db

# Đ is the letter after D and Ế one of the e's: raw bytes (SQLite, PostgreSQL's C collation) put both after Z.
IN_VIETNAMESE_ORDER = ["Bánh phồng tôm", "Dưa hấu", "Đường thốt nốt", "Ếch đồng khô", "Zô zô"]


@pytest.fixture
def equal_products(producer, category):
    """Five products with the same stars, made in an order that is neither alphabetical nor bytewise."""
    made = {}
    for title in ("Zô zô", "Đường thốt nốt", "Bánh phồng tôm", "Ếch đồng khô", "Dưa hấu"):
        made[title] = ProductPageFactory(parent=producer, title=title, categories=[category], ocop_stars=4)
        PackSizeFactory(product=made[title], stock=3, low_stock_threshold=5)
    return made


def card_titles(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [title.get_text(strip=True) for title in soup.select(".product-card .card-title")]


def test_a_category_lists_products_with_equal_stars_in_vietnamese_order(client, category, equal_products):
    assert card_titles(client.get(category.url)) == IN_VIETNAMESE_ORDER


def test_a_category_lists_more_stars_first_then_vietnamese_order(client, category, equal_products):
    Certification.objects.filter(product=equal_products["Zô zô"]).update(stars=5)
    listed = card_titles(client.get(category.url))
    assert listed == ["Zô zô", *IN_VIETNAMESE_ORDER[:-1]]


def test_a_four_star_product_with_potential_five_comes_first_on_every_listing_as_search_lists_it(
    client, category, producer, equal_products
):
    Certification.objects.filter(product=equal_products["Zô zô"]).update(potential_five=True)
    indexing.rebuild()
    expected = ["Zô zô", *IN_VIETNAMESE_ORDER[:-1]]
    assert card_titles(client.get("/search/", {"category": category.pk})) == expected
    assert card_titles(client.get(category.url)) == expected
    assert card_titles(client.get(producer.url)) == expected


def test_products_of_the_same_title_come_in_the_order_they_were_added(
    client, category, producer, equal_products
):
    twins = [
        ProductPageFactory(parent=producer, title="Dưa hấu", slug=f"dua-hau-{n}", categories=[category])
        for n in (2, 3)
    ]
    for twin in twins:
        PackSizeFactory(product=twin)
    soup = BeautifulSoup(client.get(category.url).content.decode(), "html.parser")
    links = [card.a["href"] for card in soup.select(".product-card") if "Dưa hấu" in card.h3.text]
    assert links == [page.url for page in (equal_products["Dưa hấu"], *twins)]


def test_a_producer_page_lists_its_products_with_equal_stars_in_vietnamese_order(
    client, producer, equal_products
):
    assert card_titles(client.get(producer.url)) == IN_VIETNAMESE_ORDER


def test_the_low_stock_panel_lists_equal_stocks_in_vietnamese_order(client, producer_user, equal_products):
    client.force_login(producer_user)
    soup = BeautifulSoup(client.get("/admin/").content.decode(), "html.parser")
    panel = next(s for s in soup.select("section.ocop-dashboard-panel") if "Tồn kho" in s.h2.text)
    listed = [text.split(" – ")[0] for text in panel.stripped_strings if " – " in text]
    assert listed == IN_VIETNAMESE_ORDER


def test_the_pack_size_chooser_lists_products_in_vietnamese_order(client, producer_user, equal_products):
    client.force_login(producer_user)
    html = client.get("/admin/pack_size_chooser/").json()["html"]
    labels = [pack.full_label for pack in PackSize.objects.filter(product__in=equal_products.values())]
    positions = {label.split(" – ")[0]: html.index(label) for label in labels}
    assert sorted(positions, key=positions.get) == IN_VIETNAMESE_ORDER


def test_the_renamed_product_moves_to_its_new_place(client, category, equal_products):
    renamed = equal_products["Zô zô"]
    renamed.title = "Cá khô"
    renamed.save_revision().publish()
    assert card_titles(client.get(category.url)) == ["Bánh phồng tôm", "Cá khô", *IN_VIETNAMESE_ORDER[1:-1]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_products_published_before_the_upgrade_are_listed_in_vietnamese_order(
    client, category, equal_products
):
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("catalogue", "0013_certification_one_active_constraint")])
        executor = MigrationExecutor(connection)
        executor.migrate([("catalogue", "0014_product_title_sort")])
        assert card_titles(client.get(category.url)) == IN_VIETNAMESE_ORDER
    finally:
        # Whatever happened, later tests on this worker need the schema at its latest state.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
