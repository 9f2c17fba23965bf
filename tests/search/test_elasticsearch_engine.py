"""The Elasticsearch engine, tested by what it sends (no Elasticsearch runs here), and the fallback
to the database when Elasticsearch is down or slow."""

import logging

import elastic_transport
import pytest
from django.urls import reverse

from catalogue.factories import PackSizeFactory
from search import indexing
from search.engines import database, elasticsearch, get_engines, reset_engines
from search.query import SearchQuery
from tests.page_tree import independent_of_the_page_tree
from tests.search.fake_elasticsearch import FakeNode, fake_client, search_answer

ALIAS = "ocop-products"


@pytest.fixture(autouse=True)
@independent_of_the_page_tree  # its engines index after commit: never while a fixture creates
def fake_node(monkeypatch, settings):
    FakeNode.calls, FakeNode.routes, FakeNode.error = [], {}, None
    elasticsearch.ElasticsearchEngine._down_until = 0.0
    settings.ELASTICSEARCH_URL = "http://es.test:9200"
    settings.ELASTICSEARCH_INDEX = ALIAS
    settings.SEARCH_ENGINES = [
        "search.engines.elasticsearch.ElasticsearchEngine",
        "search.engines.database.DatabaseEngine",
    ]
    monkeypatch.setattr(elasticsearch, "make_client", fake_client)
    reset_engines()
    yield FakeNode
    elasticsearch.ElasticsearchEngine._down_until = 0.0


def es_engine():
    return get_engines()[0]


def calls(method=None, path_end=""):
    return [
        c
        for c in FakeNode.calls
        if (method is None or c["method"] == method) and c["path"].endswith(path_end)
    ]


def empty_aggs():
    return {f: {"doc_count": 0, "values": {"doc_count": 0, "buckets": []}} for f in elasticsearch.FACETS}


# --- Mapping and reindexing ---------------------------------------------------------------------------------


def test_reindex_creates_a_folding_mapping_then_swaps_the_alias_atomically(product, category):
    FakeNode.routes[("GET", f"/_alias/{ALIAS}")] = (
        200,
        {"ocop-products-20250101000000000000": {"aliases": {}}},
    )
    counts = indexing.rebuild([es_engine()])
    assert counts == {"elasticsearch": 1}
    order = [(c["method"], c["path"]) for c in FakeNode.calls]
    created = order[0][1].lstrip("/")
    assert order[0][0] == "PUT" and created.startswith(ALIAS + "-")
    assert order[1:] == [
        ("PUT", "/_bulk"),
        ("POST", f"/{created}/_refresh"),
        ("GET", f"/_alias/{ALIAS}"),
        ("POST", "/_aliases"),
        ("DELETE", "/ocop-products-20250101000000000000"),
    ]
    body = FakeNode.calls[0]["body"]
    analysis = body["settings"]["analysis"]
    assert analysis["char_filter"]["vietnamese_d"] == {"type": "mapping", "mappings": ["đ => d", "Đ => D"]}
    assert analysis["char_filter"]["combining_marks"]["type"] == "pattern_replace"
    assert analysis["analyzer"]["vi_fold"] == {
        "type": "custom",
        "tokenizer": "standard",
        "char_filter": ["vietnamese_d", "combining_marks"],
        "filter": ["lowercase", "asciifolding"],
    }
    assert analysis["analyzer"]["vi_prefix"]["filter"] == ["lowercase", "asciifolding", "prefix_grams"]
    properties = body["mappings"]["properties"]
    # the words with their marks, each tone first, for a last word typed with marks ("kẹo dừ")
    assert properties["toned"] == {"type": "text", "analyzer": "whitespace"}
    assert properties["title"]["fields"]["prefix"] == {
        "type": "text",
        "analyzer": "vi_prefix",
        "search_analyzer": "vi_fold",
    }
    assert properties["category"] == {"type": "integer"}
    assert properties["producer_type"] == {"type": "keyword"}
    # the documents went into the new index, not the live alias
    bulk = FakeNode.calls[1]["body"]
    assert bulk[0] == {"index": {"_index": created, "_id": product.pk}}
    assert bulk[1]["title"] == "Kẹo dừa sầu riêng"
    assert bulk[1]["body"].startswith("keo dua sau rieng cong ty tnhh dong a keo dua")
    assert bulk[1]["key"] == "keo dua sau rieng cong ty tnhh dong a keo dua"
    assert properties["key"]["fields"]["prefix"]["analyzer"] == "vi_prefix"
    assert bulk[1]["category"] == [category.pk]
    assert (bulk[1]["stars"], bulk[1]["min_price"], bulk[1]["in_stock"]) == (5, 45_000, True)
    assert bulk[1]["toned"].startswith("5keo 2dưa 2sâu 0riêng")  # kẹo: e, nặng
    assert "suggest" not in bulk[1]  # suggestions are the search's own query (no completion field)
    # one atomic alias update: add the new index and remove the old in the same request
    assert FakeNode.calls[4]["body"] == {
        "actions": [
            {"add": {"index": created, "alias": ALIAS}},
            {"remove": {"index": "ocop-products-20250101000000000000", "alias": ALIAS}},
        ]
    }


def test_the_indexed_body_holds_the_producers_former_place_names(product, producer):
    # What the database engine matches too (test_search_contract): "kẹo dừa bến tre" finds it.
    producer.former_address = "thành phố Bến Tre, tỉnh Bến Tre cũ"
    producer.save()
    FakeNode.routes[("GET", f"/_alias/{ALIAS}")] = (404, {"error": "alias missing", "status": 404})
    indexing.rebuild([es_engine()])
    body = calls("PUT", "/_bulk")[0]["body"][1]["body"]
    # The province by its name alone (not "Tỉnh Vĩnh Long"), as the former places are.
    assert body.endswith(" vinh long ben tre")
    assert " tinh " not in body and " thanh pho " not in body


def test_the_indexed_title_and_words_hold_no_character_that_prints_nothing(product):
    # A soft hyphen or zero-width space pasted into a title would cut its word in two for the title's
    # analyzer: "sầu\u00adriêng" is indexed as the "sầuriêng" a shopper sees.
    type(product).objects.filter(pk=product.pk).update(title="Kẹo d\u200bừa sầu ri\u00adêng")
    FakeNode.routes[("GET", f"/_alias/{ALIAS}")] = (404, {"error": "alias missing", "status": 404})
    indexing.rebuild([es_engine()])
    indexed = calls("PUT", "/_bulk")[0]["body"][1]
    assert indexed["title"] == "Kẹo dừa sầu riêng"
    assert indexed["key"].startswith("keo dua sau rieng ")
    assert indexed["toned"].startswith("5keo 2dưa 2sâu 0riêng")


def test_first_reindex_without_an_alias_only_adds_it(product):
    FakeNode.routes[("GET", f"/_alias/{ALIAS}")] = (404, {"error": "alias missing", "status": 404})
    indexing.rebuild([es_engine()])
    swap = calls("POST", "/_aliases")[0]["body"]["actions"]
    assert len(swap) == 1 and swap[0]["add"]["alias"] == ALIAS
    assert calls("DELETE") == []


def test_reindex_failing_midway_never_moves_the_alias(product):
    FakeNode.routes[("PUT", "/_bulk")] = (500, {"error": "boom", "status": 500})
    with pytest.raises(elasticsearch.EngineUnavailable):
        indexing.rebuild([es_engine()])
    assert calls("POST", "/_aliases") == []


# --- Queries ----------------------------------------------------------------------------------------------


def test_search_sends_folded_prefix_query_post_filter_and_per_facet_aggregations():
    aggs = empty_aggs()
    aggs["stars"]["values"]["buckets"] = [{"key": 5, "doc_count": 3}, {"key": 4, "doc_count": 1}]
    aggs["in_stock"]["values"]["doc_count"] = 2
    FakeNode.routes[("POST", f"/{ALIAS}/_search")] = search_answer([11, 12], aggs, total=2)
    query = SearchQuery(q="Kẹo  DỪA", stars=(5,), category=(7,), price_max=90_000, sort="price_asc", page=1)
    results = es_engine().search(query)
    assert results.ids == [11, 12] and results.total == 2
    assert results.facets["stars"] == {"5": 3, "4": 1}
    assert results.facets["in_stock"] == {"1": 2}
    body = calls("POST", "/_search")[0]["body"]
    assert body["query"]["bool"]["filter"] == [
        {"match": {"body.prefix": {"query": "keo dua", "operator": "and"}}},
        {"range": {"prices": {"lte": 90000}}},
    ]
    # scored per word like the database engine: whole title word 4, title word prefix 3,
    # producer/category/tag word 2 (the summary alone only filters)
    assert body["query"]["bool"]["should"][1] == {
        "dis_max": {
            "queries": [
                {"constant_score": {"filter": {"match": {"title": "dua"}}, "boost": 4}},
                {"constant_score": {"filter": {"match": {"title.prefix": "dua"}}, "boost": 3}},
                {"constant_score": {"filter": {"match": {"key.prefix": "dua"}}, "boost": 2}},
            ]
        }
    }
    assert body["post_filter"] == {
        "bool": {"filter": [{"terms": {"stars": [5]}}, {"terms": {"category": [7]}}]}
    }
    # each facet's aggregation applies the other selections, never its own
    assert body["aggs"]["stars"]["filter"] == {"bool": {"filter": [{"terms": {"category": [7]}}]}}
    assert body["aggs"]["category"]["filter"] == {"bool": {"filter": [{"terms": {"stars": [5]}}]}}
    assert body["aggs"]["province"]["filter"]["bool"]["filter"] == [
        {"terms": {"stars": [5]}},
        {"terms": {"category": [7]}},
    ]
    assert body["aggs"]["province"]["aggs"]["values"] == {"terms": {"field": "province", "size": 100}}
    assert body["aggs"]["in_stock"]["aggs"]["values"] == {"filter": {"term": {"in_stock": True}}}
    # equal prices in Vietnamese order, then the product id: pages never repeat or skip a product
    assert body["sort"] == [
        {"min_price": {"order": "asc", "missing": "_last"}},
        "title_sort",
        {"product_id": {"order": "asc", "unmapped_type": "integer"}},
    ]
    assert (body["from"], body["size"], body["track_total_hits"]) == (0, 24, True)


def test_the_indexed_body_lists_the_prices_of_the_packs_a_shopper_can_buy(product, make_products):
    PackSizeFactory(product=product, label="Túi 250g", price=30_000, stock=0)  # sold out: not offered
    PackSizeFactory(product=product, label="Thùng 12 hộp", price=500_000, stock=2)
    sold_out = make_products(1)[0]
    sold_out.pack_sizes.update(stock=0)
    FakeNode.routes[("GET", f"/_alias/{ALIAS}")] = (404, {"error": "alias missing", "status": 404})
    indexing.rebuild([es_engine()])
    bulk = calls("PUT", "/_bulk")[0]["body"]
    prices = {line["index"]["_id"]: body["prices"] for line, body in zip(bulk[::2], bulk[1::2], strict=True)}
    assert sorted(prices[product.pk]) == [45_000, 500_000]
    # every pack sold out: all its packs, as its card's "from" price reads them
    assert prices[sold_out.pk] == list(sold_out.pack_sizes.values_list("price", flat=True))
    assert FakeNode.calls[0]["body"]["mappings"]["properties"]["prices"] == {"type": "integer"}


def test_a_price_range_is_sent_as_a_range_over_each_packs_price_and_sorts_by_the_packs_in_it():
    FakeNode.routes[("POST", f"/{ALIAS}/_search")] = search_answer([11], empty_aggs(), total=1)
    es_engine().search(SearchQuery(price_min=30_000, price_max=50_000, sort="price_desc"))
    body = calls("POST", "/_search")[0]["body"]
    assert body["query"]["bool"]["filter"] == [{"range": {"prices": {"gte": 30000, "lte": 50000}}}]
    cheapest_in_range = body["sort"][0]["_script"]
    assert (cheapest_in_range["type"], cheapest_in_range["order"]) == ("number", "desc")
    assert cheapest_in_range["script"]["params"] == {"min": 30000, "max": 50000}
    assert "doc['prices']" in cheapest_in_range["script"]["source"]
    assert body["sort"][1:] == ["title_sort"]


def test_search_sends_the_query_without_the_words_for_kinds_of_places():
    FakeNode.routes[("POST", f"/{ALIAS}/_search")] = search_answer([11], empty_aggs(), total=1)
    es_engine().search(SearchQuery(q="Kẹo dừa thành phố Bến Tre cũ"))
    body = calls("POST", "/_search")[0]["body"]
    # "Bến Tre", a place's name, is matched as a phrase, its words in a row (as the database's FTS5 phrase)
    assert body["query"]["bool"]["filter"] == [
        {"match": {"body.prefix": {"query": "keo dua", "operator": "and"}}},
        {"match_phrase_prefix": {"body": "ben tre"}},
    ]
    scored = [
        clause["dis_max"]["queries"][0]["constant_score"]["filter"]
        for clause in body["query"]["bool"]["should"]
        if "dis_max" in clause  # the folded words' scores (then the marks typed: "kẹo", "dừa")
    ]
    assert scored == [
        {"match": {"title": "keo"}},
        {"match": {"title": "dua"}},
        {"match_phrase": {"title": "ben tre"}},
    ]


def test_a_query_of_words_for_kinds_of_places_alone_is_sent_as_an_empty_query():
    FakeNode.routes[("POST", f"/{ALIAS}/_search")] = search_answer([11], empty_aggs(), total=1)
    es_engine().search(SearchQuery(q="tỉnh"))
    body = calls("POST", "/_search")[0]["body"]
    assert body["query"] == {"bool": {"must": [{"match_all": {}}]}}


def test_suggest_sends_the_searchs_own_query_so_any_title_word_may_start_with_the_prefix():
    # Not a completion suggester, which reads title starts only: "dua" suggests "Kẹo dừa", as on the database.
    FakeNode.routes[("POST", f"/{ALIAS}/_search")] = search_answer([3, 9])
    assert es_engine().suggest("dua") == [3, 9]
    body = calls("POST", "/_search")[0]["body"]
    assert body["query"]["bool"]["filter"] == [
        {"match": {"body.prefix": {"query": "dua", "operator": "and"}}}
    ]
    assert body["query"]["bool"]["should"][0]["dis_max"]["queries"][0] == {
        "constant_score": {"filter": {"match": {"title": "dua"}}, "boost": 4}
    }
    # best first, then more stars, as the database engine suggests
    assert body["sort"] == elasticsearch.SORTS["relevance"]
    assert (body["size"], body["_source"]) == (8, False)
    assert "suggest" not in body


def test_suggest_reads_marks_and_half_typed_places_as_the_search_does():
    FakeNode.routes[("POST", f"/{ALIAS}/_search")] = search_answer([3])
    es_engine().suggest("tra vin")
    es_engine().suggest("lá dứ")
    place, marked = (call["body"]["query"]["bool"] for call in calls("POST", "/_search"))
    assert place["filter"] == [{"match_phrase_prefix": {"body": "tra vin"}}]
    assert marked["must"] == [
        {
            "bool": {
                "filter": [
                    {"match": {"body": "la"}},
                    {
                        "bool": {
                            "should": [{"match": {"body": "du"}}, {"prefix": {"toned": "1dư"}}],
                            "minimum_should_match": 1,
                        }
                    },
                ]
            }
        }
    ]


def test_words_typed_with_marks_are_sent_as_whole_words_the_last_also_as_its_marks_start():
    FakeNode.routes[("POST", f"/{ALIAS}/_search")] = search_answer([], empty_aggs(), total=0)
    es_engine().search(SearchQuery(q="lá dứa"))
    query = calls("POST", "/_search")[0]["body"]["query"]["bool"]
    # the folded prefixes as before ("la dua" without marks finds "lạnh" too) ...
    assert query["filter"] == [{"match": {"body.prefix": {"query": "la dua", "operator": "and"}}}]
    # ... narrowed by the marks: "lá" a whole word, "dứa" a whole word or the start of a "dứa…" word
    whole, last = query["must"][0]["bool"]["filter"]
    assert whole == {"match": {"body": "la"}}
    assert last["bool"]["should"] == [{"match": {"body": "dua"}}, {"prefix": {"toned": "1dưa"}}]


def test_characters_that_print_nothing_inside_the_words_are_not_sent():
    FakeNode.routes[("POST", f"/{ALIAS}/_search")] = search_answer([], empty_aggs(), total=0)
    es_engine().search(SearchQuery(q="ke\u200bo l\u00adá dừ\u200da"))
    es_engine().search(SearchQuery(q="keo lá dừa"))
    sent, expected = (call["body"]["query"] for call in calls("POST", "/_search"))
    assert sent == expected
    assert sent["bool"]["filter"] == [{"match": {"body.prefix": {"query": "keo la dua", "operator": "and"}}}]


def test_the_index_sorts_titles_by_their_vietnamese_collation_and_knows_each_product_id(product):
    from places.collation import collation_string
    from search.documents import load

    source = elasticsearch.to_source(load([product.pk])[0])
    assert source["title_sort"] == collation_string(product.title)
    assert source["product_id"] == product.pk


def fuzzy_title(word, typos):
    return {"match": {"title": {"query": word, "fuzziness": typos, "prefix_length": 1}}}


def test_near_matches_rank_titles_matching_more_words_then_matching_them_closer():
    FakeNode.routes[("POST", f"/{ALIAS}/_search")] = search_answer([4])
    assert es_engine().near(SearchQuery(q="kep dua sau rieng")) == [4]
    body = calls("POST", "/_search")[0]["body"]
    # per word, the closest of: as typed 103, one typo 102, two typos 101 (the first letter as typed);
    # summed over the words, so matching one more word outweighs matching all of them closer
    kep, dua, sau, rieng = body["query"]["bool"]["should"]
    assert body["query"]["bool"]["minimum_should_match"] == 1
    assert kep == {
        "dis_max": {
            "queries": [
                {"constant_score": {"filter": {"match": {"title": "kep"}}, "boost": 103}},
                {"constant_score": {"filter": fuzzy_title("kep", 1), "boost": 102}},
            ]
        }
    }
    assert [q["constant_score"]["boost"] for q in rieng["dis_max"]["queries"]] == [103, 102]
    assert body["sort"] == elasticsearch.SORTS["relevance"]  # then by stars, as the database ranks them


def test_near_matches_allow_two_typos_in_a_long_word():
    FakeNode.routes[("POST", f"/{ALIAS}/_search")] = search_answer([4])
    es_engine().near(SearchQuery(q="cuongg"))
    queries = calls("POST", "/_search")[0]["body"]["query"]["bool"]["should"][0]["dis_max"]["queries"]
    assert [q["constant_score"]["filter"] for q in queries[1:]] == [
        fuzzy_title("cuongg", 1),
        fuzzy_title("cuongg", 2),
    ]


def test_near_matches_keep_the_filters_chosen():
    FakeNode.routes[("POST", f"/{ALIAS}/_search")] = search_answer([4])
    assert es_engine().near(SearchQuery(q="keo dau", stars=(4,), price_max=50_000)) == [4]
    query = calls("POST", "/_search")[0]["body"]["query"]["bool"]
    assert query["must"][0]["bool"]["should"][1]["dis_max"]["queries"][1] == {
        "constant_score": {"filter": fuzzy_title("dau", 1), "boost": 102}
    }
    assert {"terms": {"stars": [4]}} in query["filter"]
    assert "'range': {'prices': {'lte': 50000}}" in str(query["filter"])


def test_search_page_shows_the_products_elasticsearch_found_in_its_order(client, product, make_products):
    others = make_products(2)
    ids = [others[1].pk, product.pk]
    FakeNode.routes[("POST", f"/{ALIAS}/_search")] = search_answer(ids, empty_aggs())
    response = client.get(reverse("search:search"), {"q": "keo"})
    assert response.status_code == 200
    assert [p.pk for p in response.context["products"]] == ids
    assert response.context["search"].results.engine == "elasticsearch"


# --- Keeping the index in step ------------------------------------------------------------------


def test_publishing_and_unpublishing_a_product_updates_elasticsearch(
    product, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        product.save_revision().publish()
    indexed = calls("PUT", "/_bulk")
    assert indexed and indexed[-1]["body"][0] == {"index": {"_index": ALIAS, "_id": product.pk}}
    assert "require_alias=true" in indexed[-1]["target"]
    FakeNode.calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        product.unpublish()
    removed = calls("PUT", "/_bulk")
    assert removed[-1]["body"] == [{"delete": {"_index": ALIAS, "_id": product.pk}}]


def test_elasticsearch_down_while_publishing_logs_and_publishing_still_succeeds(
    product, django_capture_on_commit_callbacks, caplog
):
    FakeNode.error = elastic_transport.ConnectionError("refused")
    with caplog.at_level(logging.ERROR, logger="search"), django_capture_on_commit_callbacks(execute=True):
        product.save_revision().publish()
    assert "could not update products" in caplog.text
    # the database engine still got the document
    assert database.ProductDocument.objects.filter(pk=product.pk).exists()


# --- Fallback --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error", [elastic_transport.ConnectionError("refused"), elastic_transport.ConnectionTimeout("slow")]
)
def test_search_falls_back_to_the_database_when_elasticsearch_fails(client, product, caplog, error):
    indexing.rebuild([get_engines()[1]])
    FakeNode.error = error
    with caplog.at_level(logging.WARNING, logger="search"):
        response = client.get(reverse("search:search"), {"q": "keo dua"})
    assert response.status_code == 200
    assert [p.title for p in response.context["products"]] == ["Kẹo dừa sầu riêng"]
    assert response.context["search"].results.engine == "database"
    assert "elasticsearch unavailable" in caplog.text.lower()
    # suggestions fall back too, and the next request does not wait on Elasticsearch again
    FakeNode.error, FakeNode.calls = None, []
    assert client.get(reverse("search:suggest"), {"q": "ke"}).json()["suggestions"][0]["title"] == (
        "Kẹo dừa sầu riêng"
    )
    assert FakeNode.calls == []


def test_with_elasticsearch_down_searches_are_answered_and_the_fallback_is_logged_once_a_minute(
    client, product, caplog
):
    indexing.rebuild([get_engines()[1]])
    FakeNode.error = elastic_transport.ConnectionError("refused")
    with caplog.at_level(logging.WARNING):
        for words in ("keo dua", "keo", "dua"):
            response = client.get(reverse("search:search"), {"q": words})
            assert response.status_code == 200
            assert response.context["search"].results.engine == "database"
            # past the engine's own wait: it is asked again, and fails again, within the minute
            elasticsearch.ElasticsearchEngine._down_until = 0.0
        client.get(reverse("search:suggest"), {"q": "ke"})
    # One line in all: elastic_transport's own "Node … has failed for 4 times in a row" said it again.
    [said] = [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]
    assert said.startswith("Search engine elasticsearch unavailable (Elasticsearch unreachable: ")
    assert "falls back to database" in said


def test_an_unreachable_elasticsearch_url_still_answers_the_page(
    client, product, monkeypatch, settings, caplog
):
    """A real client against a closed local port: connection refused, then the database answers."""
    monkeypatch.undo()
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.ELASTICSEARCH_TIMEOUT = 1.0
    settings.SEARCH_ENGINES = [
        "search.engines.elasticsearch.ElasticsearchEngine",
        "search.engines.database.DatabaseEngine",
    ]
    reset_engines()
    indexing.rebuild([get_engines()[1]])
    with caplog.at_level(logging.WARNING, logger="search"):
        response = client.get(reverse("search:search"), {"q": "dong a"})
    assert response.status_code == 200
    assert [p.title for p in response.context["products"]] == ["Kẹo dừa sầu riêng"]
    assert "falls back to database" in caplog.text


@pytest.mark.parametrize("status", [404, 400, 429, 503])
def test_an_error_answer_from_elasticsearch_falls_back_to_the_database(client, product, status, caplog):
    """404: no index yet (before the first reindex); 400: a rejected query; 429/503: overloaded."""
    indexing.rebuild([get_engines()[1]])
    FakeNode.routes[("POST", f"/{ALIAS}/_search")] = (status, {"error": {"type": "x"}, "status": status})
    with caplog.at_level(logging.WARNING, logger="search"):
        response = client.get(reverse("search:search"), {"q": "keo"})
    assert response.status_code == 200
    assert response.context["search"].results.engine == "database"
    assert [p.title for p in response.context["products"]] == ["Kẹo dừa sầu riêng"]
    assert f"answered {status}" in caplog.text


def test_stars_and_function_words_in_the_words_are_sent_as_the_database_reads_them():
    # "của" and "OCOP" are not required; "4 sao" requires the stars in force, not the word "sao".
    FakeNode.routes[("POST", f"/{ALIAS}/_search")] = search_answer([], empty_aggs(), total=0)
    es_engine().search(SearchQuery(q="kẹo dừa OCOP 4 sao của Bến Tre"))
    body = calls("POST", "/_search")[0]["body"]
    assert body["query"]["bool"]["filter"] == [
        {"match": {"body.prefix": {"query": "keo dua", "operator": "and"}}},
        {"match_phrase_prefix": {"body": "ben tre"}},
        {"terms": {"stars": [4]}},
    ]
    assert "post_filter" not in body  # a condition of the words, not a facet selection: its counts follow


def test_a_barcode_is_sent_as_a_whole_gtin_and_each_pack_is_indexed_by_its_gtin(product):
    FakeNode.routes[("GET", f"/_alias/{ALIAS}")] = (404, {"error": "alias missing", "status": 404})
    indexing.rebuild([es_engine()])
    gtin = product.pack_sizes.get().gtin
    assert calls("PUT", "/_bulk")[0]["body"][1]["gtins"] == [gtin]
    assert FakeNode.calls[0]["body"]["mappings"]["properties"]["gtins"] == {"type": "keyword"}
    FakeNode.routes[("POST", f"/{ALIAS}/_search")] = search_answer([product.pk], empty_aggs(), total=1)
    es_engine().search(SearchQuery(q=gtin[1:]))  # the GTIN-13 printed under the barcode
    assert es_engine().suggest("0" + gtin[1:]) == [product.pk]
    for call in calls("POST", "/_search"):
        assert call["body"]["query"] == {
            "bool": {"must": [{"match_all": {}}], "filter": [{"term": {"gtins": gtin}}]}
        }


def test_a_kind_of_producer_spelt_in_full_is_sent_as_its_abbreviation_and_scored_as_typed():
    FakeNode.routes[("POST", f"/{ALIAS}/_search")] = search_answer([], empty_aggs(), total=0)
    es_engine().search(SearchQuery(q="hợp tác xã lục nam"))
    query = calls("POST", "/_search")[0]["body"]["query"]["bool"]
    assert query["filter"] == [
        {"match": {"body.prefix": {"query": "htx", "operator": "and"}}},
        {"match_phrase_prefix": {"body": "luc nam"}},
    ]
    # the spelling typed scores, so "Hợp tác xã …" ranks before "HTX …"
    assert query["should"][0]["dis_max"]["queries"][0] == {
        "constant_score": {"filter": {"match_phrase": {"title": "hop tac xa"}}, "boost": 4}
    }


def test_the_indexed_body_holds_the_abbreviation_of_each_kind_of_producer_named(product):
    FakeNode.routes[("GET", f"/_alias/{ALIAS}")] = (404, {"error": "alias missing", "status": 404})
    indexing.rebuild([es_engine()])
    indexed = calls("PUT", "/_bulk")[0]["body"][1]
    assert " cty tnhh " in indexed["body"]  # "Công ty TNHH Đông Á": "công ty" is "cty" too
    assert " cty " not in f" {indexed['key']} "  # not weighed: "công ty" typed ranks its own spelling first


# --- What shoppers mean ---------------------------------------------------------------------------


def test_english_words_and_stars_are_sent_as_the_catalogues_vietnamese():
    FakeNode.routes[("POST", f"/{ALIAS}/_search")] = search_answer([], empty_aggs(), total=0)
    es_engine().search(SearchQuery(q="coconut candy 5 stars"))
    query = calls("POST", "/_search")[0]["body"]["query"]["bool"]
    assert query["filter"] == [
        {"match": {"body.prefix": {"query": "keo dua", "operator": "and"}}},
        {"terms": {"stars": [5]}},
    ]
    # with the marks: "kẹo" and "dừa" are whole words (an English word is typed whole, never half)
    assert query["must"] == [{"bool": {"filter": [{"match": {"body": "keo"}}, {"match": {"body": "dua"}}]}}]


def test_a_word_typed_with_its_marks_scores_the_titles_holding_it_as_typed(product):
    FakeNode.routes[("POST", f"/{ALIAS}/_search")] = search_answer([], empty_aggs(), total=0)
    es_engine().search(SearchQuery(q="lá dứa"))
    should = calls("POST", "/_search")[0]["body"]["query"]["bool"]["should"]
    # after the folded words' scores: "lá" a title word as typed, "dứa" (typed last) a title word it starts
    assert should[2:] == [
        {"constant_score": {"filter": {"bool": {"should": [{"term": {"toned_title": "1la"}}]}}, "boost": 2}},
        {
            "constant_score": {
                "filter": {"bool": {"should": [{"prefix": {"toned_title": "1dưa"}}]}},
                "boost": 2,
            }
        },
    ]
    FakeNode.routes[("GET", f"/_alias/{ALIAS}")] = (404, {"error": "alias missing", "status": 404})
    indexing.rebuild([es_engine()])
    assert calls("PUT", "/_bulk")[0]["body"][1]["toned_title"] == "5keo 2dưa 2sâu 0riêng"
    mapping = calls("PUT")[0]["body"]["mappings"]["properties"]
    assert mapping["toned_title"] == {"type": "text", "analyzer": "whitespace"}


def test_a_star_rating_alone_is_suggested_from_the_products_with_those_stars():
    FakeNode.routes[("POST", f"/{ALIAS}/_search")] = search_answer([3])
    assert es_engine().suggest("5 sao") == [3]
    assert calls("POST", "/_search")[0]["body"]["query"] == {
        "bool": {"must": [{"match_all": {}}], "filter": [{"terms": {"stars": [5]}}]}
    }
