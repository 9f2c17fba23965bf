"""`manage.py search_reindex` tells cron and docker compose when an index was not rebuilt: the engine
asked for with --engine that could not be rebuilt is a non-zero exit (compose's `search-index` service
runs again), while a plain reindex builds the database index and only warns about Elasticsearch."""

import io

import pytest
from django.core.management import CommandError, call_command

from search.engines import reset_engines
from search.engines.elasticsearch import ElasticsearchEngine
from search.models import ProductDocument

BOTH = ["search.engines.elasticsearch.ElasticsearchEngine", "search.engines.database.DatabaseEngine"]


@pytest.fixture
def elasticsearch_down(settings, monkeypatch):
    # not yet marked down by an earlier test's failure: each test meets the closed port itself
    monkeypatch.setattr(ElasticsearchEngine, "_down_until", 0.0)
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.ELASTICSEARCH_TIMEOUT = 1.0
    settings.SEARCH_ENGINES = BOTH
    reset_engines()


def test_reindexing_an_unreachable_elasticsearch_fails_saying_why(elasticsearch_down, product):
    out = io.StringIO()
    with pytest.raises(
        CommandError, match="Chỉ mục elasticsearch chưa được dựng lại: Elasticsearch unreachable"
    ):
        call_command("search_reindex", engine="elasticsearch", verbosity=0, stdout=out, stderr=io.StringIO())
    assert "đã vào chỉ mục" not in out.getvalue()


def test_reindexing_elasticsearch_without_an_elasticsearch_url_fails_naming_the_setting(settings, product):
    settings.ELASTICSEARCH_URL = None
    settings.SEARCH_ENGINES = ["search.engines.database.DatabaseEngine"]
    reset_engines()
    with pytest.raises(CommandError, match="ELASTICSEARCH_URL chưa được đặt"):
        call_command("search_reindex", engine="elasticsearch", verbosity=0, stdout=io.StringIO())


def test_a_plain_reindex_builds_the_database_index_and_warns_that_elasticsearch_is_down(
    elasticsearch_down, product
):
    out, err = io.StringIO(), io.StringIO()
    call_command("search_reindex", verbosity=0, stdout=out, stderr=err)
    assert out.getvalue().strip() == "database: 1 sản phẩm đã vào chỉ mục"
    assert "Chỉ mục elasticsearch chưa được dựng lại: Elasticsearch unreachable" in err.getvalue()
    assert list(ProductDocument.objects.values_list("pk", flat=True)) == [product.pk]
