"""A product under Wagtail's Privacy (a password, signed-in users or groups, on its page or on its
producer's) is not public: search, its suggestions and the page API's search leave it out, as the sitemap
does, on every engine, from the moment the restriction is saved until the moment it is lifted."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from search.engines import elasticsearch, reset_engines
from tests.search.fake_elasticsearch import FakeNode, fake_client

from .conftest import reindex

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the index updates), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def found(client, words="keo dua") -> dict[str, list[str]]:
    page = client.get(reverse("search:search"), {"q": words})
    suggestions = client.get(reverse("search:suggest"), {"q": words}).json()["suggestions"]
    api = client.get("/api/v2/pages/", {"search": words, "type": "catalogue.ProductPage"}).json()
    return {
        "search": [p.title for p in page.context["products"]],
        "suggest": [s["title"] for s in suggestions],
        "api": [item["title"] for item in api["items"]],
    }


LISTED = {"search": ["Kẹo dừa sầu riêng"], "suggest": ["Kẹo dừa sầu riêng"], "api": ["Kẹo dừa sầu riêng"]}
NOWHERE = {"search": [], "suggest": [], "api": []}


@pytest.mark.parametrize("restricted", ["product", "producer"])
def test_a_product_under_a_password_is_searched_by_nobody_until_the_password_is_lifted(
    client, product, producer, committed, restricted
):
    from django.core.cache import cache

    reindex()
    assert found(client) == LISTED
    page = product if restricted == "product" else producer
    with committed():
        restriction = PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    cache.clear()  # suggestions are kept a minute
    assert found(client) == NOWHERE
    assert found(client, "") == NOWHERE  # not even the whole catalogue lists it
    with committed():
        restriction.delete()
    cache.clear()
    assert found(client) == LISTED


def test_a_product_for_signed_in_users_is_not_rebuilt_into_the_index(client, product):
    PageViewRestriction.objects.create(page=product, restriction_type="login")
    reindex()
    assert found(client) == NOWHERE


@pytest.fixture
def recording_elasticsearch(monkeypatch, settings):
    FakeNode.calls, FakeNode.routes, FakeNode.error = [], {}, None
    elasticsearch.ElasticsearchEngine._down_until = 0.0
    settings.ELASTICSEARCH_URL = "http://es.test:9200"
    settings.ELASTICSEARCH_INDEX = "ocop-products"
    settings.SEARCH_ENGINES = ["search.engines.elasticsearch.ElasticsearchEngine"]
    monkeypatch.setattr(elasticsearch, "make_client", fake_client)
    reset_engines()
    yield FakeNode
    reset_engines()


def bulk_actions():
    bulks = [
        call["body"] for call in FakeNode.calls if call["method"] == "PUT" and call["path"].endswith("/_bulk")
    ]
    return [line for body in bulks for line in body if set(line) <= {"index", "delete"}]


def test_elasticsearch_drops_a_restricted_product_and_takes_it_back_when_the_restriction_is_lifted(
    product, recording_elasticsearch, committed
):
    FakeNode.calls.clear()
    with committed():
        restriction = PageViewRestriction.objects.create(page=product, restriction_type="login")
    assert bulk_actions() == [{"delete": {"_index": "ocop-products", "_id": product.pk}}]
    FakeNode.calls.clear()
    with committed():
        restriction.delete()
    assert bulk_actions() == [{"index": {"_index": "ocop-products", "_id": product.pk}}]
