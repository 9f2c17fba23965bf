"""Wagtail's own search (admin search boxes, choosers, the page API's `search`) survives any typed words:
a double quote, a NUL or only spaces answered 500 on SQLite (config/wagtail_search.py)."""

import pytest
from bs4 import BeautifulSoup
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from catalogue.factories import ImageFactory, ProducerPageFactory, ProductPageFactory
from search import indexing

pytestmark = pytest.mark.search_index

TYPED = ['"', "\"'><b id=hostile>", "kẹo\x00dừa", "   ", "(", "NOT"]


@pytest.mark.parametrize("words", TYPED)
def test_the_admin_search_boxes_answer_any_words(admin_client, product, words):
    assert admin_client.get("/admin/pages/search/", {"q": words}).status_code == 200
    assert admin_client.get("/admin/images/", {"q": words}).status_code == 200
    assert admin_client.get("/admin/documents/", {"q": words}).status_code == 200


@pytest.mark.parametrize("words", TYPED)
def test_the_page_api_search_answers_any_words_without_a_5xx(client, product, words):
    assert client.get("/api/v2/pages/", {"search": words}).status_code in (200, 400)


def test_words_around_a_quote_or_a_control_character_still_find_the_page(product):
    backend = get_search_backend()
    for words in ('"Kẹo dừa"', "kẹo\x00dừa", "sầu riêng\t"):
        assert product.title in [page.title for page in backend.search(words, Page)], words
        assert product.title in [page.title for page in backend.autocomplete(words, Page)], words


def test_nothing_left_to_search_finds_nothing(product):
    ImageFactory(title="Ảnh kẹo dừa")
    backend = get_search_backend()
    for words in ('"', "   ", "\x00"):
        assert list(backend.search(words, Page)) == []
        assert list(backend.autocomplete(words, get_image_model())) == []


def page_ids(client, **params):
    response = client.get("/api/v2/pages/", params)
    assert response.status_code == 200
    return [item["id"] for item in response.json()["items"]]


@pytest.mark.parametrize("words", ["keo dua", "KẸO DỪA", "keo dua sau", "dong a", "ke du"])
def test_the_page_api_search_folds_vietnamese_as_the_site_search_does(client, product, words):
    indexing.rebuild()  # the site's product search, which the API's search asks
    assert product.pk in page_ids(client, search=words)
    assert page_ids(client, search=words, type="catalogue.ProductPage") == [product.pk]


def test_the_page_api_search_finds_other_pages_by_their_folded_title_words(client, product, category):
    indexing.rebuild()
    assert category.title == "Kẹo dừa"
    assert set(page_ids(client, search="keo dua")) == {product.pk, category.pk}
    assert page_ids(client, search="tra xanh") == []


def test_the_page_api_reads_a_star_rating_typed_as_the_site_search_does(client, product, category):
    indexing.rebuild()  # `product` is a 5★ product; the category has no stars
    assert page_ids(client, search="5 sao") == [product.pk]
    assert page_ids(client, search="kẹo dừa 5★", type="catalogue.ProductPage") == [product.pk]
    assert page_ids(client, search="3 sao") == []


@pytest.mark.parametrize("words", ["tỉnh", "thành phố", "Tỉnh xã phường", "🍬", "   "])
def test_a_page_api_search_without_a_word_to_search_lists_what_the_listing_lists_as_the_search_page_does(
    client, product, category, words
):
    """Words for kinds of places alone ("tỉnh") are no search words on /search/ (an empty query, every
    product): the API's ?search= reads them the same, and so words that are no words at all."""
    indexing.rebuild()
    everything = page_ids(client)
    assert {product.pk, category.pk} <= set(everything)
    assert page_ids(client, search=words) == everything
    assert page_ids(client, search=words, type="catalogue.ProductPage") == [product.pk]
    search_page = client.get("/search/", {"q": words})
    assert [p.pk for p in search_page.context["products"]] == [product.pk]


@pytest.mark.parametrize("words", ["keo dua", "KEO DUA SAU", "Kẹo dừa", "keo du"])
def test_the_admin_page_search_finds_a_product_typed_without_tone_marks(admin_client, producer, words):
    """Producers type on phones without marks: "keo dua" finds "Kẹo dừa …" as the storefront does."""
    product = ProductPageFactory(
        parent=producer, title="Kẹo dừa sầu riêng Đông Á", slug="keo-dua-sau-rieng-da"
    )
    response = admin_client.get("/admin/pages/search/", {"q": words})
    assert product.pk in [page.pk for page in response.context["pages"]]


@pytest.mark.parametrize("words", ["dong khoi", "Đồng Khởi"])
def test_the_page_chooser_finds_a_producer_typed_without_tone_marks(admin_client, producer_index, words):
    producer = ProducerPageFactory(parent=producer_index, title="Hợp tác xã Đồng Khởi", slug="dong-khoi")
    response = admin_client.get("/admin/choose-page/search/", {"q": words})
    assert producer.pk in [page.pk for page in response.context["pages"]]


def test_the_admin_page_search_counts_its_results_in_pages_not_none(admin_client, producer):
    for n in (1, 2):
        ProductPageFactory(parent=producer, title=f"Kẹo dừa vị {n}", slug=f"keo-dua-vi-{n}")
    response = admin_client.get("/admin/pages/search/", {"q": "keo dua"})
    page = BeautifulSoup(response.content, "html.parser")
    header = " ".join(page.select_one("table.listing thead th.title").get_text().split())
    assert header.endswith("1-2 trên 2 trang")
    assert "None" not in header


@pytest.mark.parametrize("operator", ["or", "OR", "xyz", ""])
def test_the_page_api_refuses_a_search_operator_other_than_and(client, product, operator):
    """Every word is required, as on /search/: a client asking for "or" is told so rather than silently
    getting an AND search (total_count 0 for "keo xyz")."""
    indexing.rebuild()
    response = client.get("/api/v2/pages/", {"search": "keo xyz", "search_operator": operator})
    assert response.status_code == 400
    assert response.json() == {"message": "search_operator must be 'and': every search word is required"}


@pytest.mark.parametrize("operator", ["and", "AND"])
def test_the_page_api_accepts_the_and_search_operator(client, product, operator):
    indexing.rebuild()
    found = page_ids(client, search="keo dua", search_operator=operator, type="catalogue.ProductPage")
    assert found == [product.pk]
