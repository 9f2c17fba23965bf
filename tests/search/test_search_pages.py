"""The search page as a visitor meets it: hostile input, query counts, no-JS use, keeping the index
in step with publishing, and `manage.py search_reindex`."""

import gettext
import io

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from catalogue.factories import PackSizeFactory
from search import indexing, service
from search.models import DocumentCategory, ProductDocument
from tests.combos import combo_index, gift_box, tea_pack  # noqa: F401 (fixtures)

URL = reverse("search:search")


@pytest.fixture
def indexed(product):
    indexing.rebuild()
    return product


HOSTILE = [
    {"q": '"'},
    {"q": "kẹo\x00dừa"},
    {"q": "' OR 1=1 --"},
    {"q": "keo*"},
    {"q": "NEAR(keo dua)"},
    {"q": "%_%"},
    {"q": "k" * 10_000},
    {"q": "keo " * 3000},
    {"price_min": "abc", "price_max": "1e400"},
    {"price_max": "9" * 400},
    {"sort": "title; DROP TABLE x"},
    {"page": "-1"},
    {"page": "99999999999999999999"},
    {"stars": "５"},
    {"category": "1" * 50},
    {"province": ["86", "x", "-1"]},
    {"producer_type": "<script>"},
    {"in_stock": "\x00"},
]


@pytest.mark.parametrize("params", HOSTILE)
def test_hostile_search_input_gets_a_page_never_a_500(client, indexed, params):
    before = ProductDocument.objects.count()
    response = client.get(URL, params)
    assert response.status_code == 200
    assert b"<script>" not in response.content.split(b"<main")[1].split(b"</main>")[0]
    assert ProductDocument.objects.count() == before


@pytest.mark.parametrize("params", [{"q": '"'}, {"q": "\x00"}, {"q": "k" * 10_000}, {"q": "%"}])
def test_hostile_suggest_input_gets_json(client, indexed, params):
    response = client.get(reverse("search:suggest"), params)
    assert response.status_code == 200
    assert "suggestions" in response.json()


def test_like_wildcards_in_a_query_match_only_themselves(client, indexed):
    assert list(client.get(URL, {"q": "k_o"}).context["products"]) == []
    # a query of symbols only has no words: it is the browse page
    assert client.get(URL, {"q": "%"}).context["search"].results.total == 1


@pytest.mark.parametrize("typed", ["🍬", "*", "-", "()", "\x00", "“ ”"])
def test_a_query_with_no_word_to_search_lists_every_product_under_the_plain_heading(client, indexed, typed):
    response = client.get(URL, {"q": typed})
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("h1").get_text() == "Tất cả sản phẩm"
    assert page.select_one("title").get_text().startswith("Tất cả sản phẩm")
    assert response.context["search"].results.total == 1
    shown = response.context["query"]  # kept in the boxes as typed (control characters dropped)
    assert page.select_one("#facet-q")["value"] == page.select_one("#site-search")["value"] == shown
    assert shown == typed.replace("\x00", "")


def test_search_answers_get_and_head_and_rejects_post(client, indexed):
    assert client.head(URL, {"q": "keo"}).status_code == 200
    assert client.post(URL, {"q": "keo"}).status_code == 405


def count_queries(client, params):
    client.get(URL, params)  # warm the per-site caches (site settings, root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    LASTQ[:] = queries.captured_queries
    return len(queries), len(response.context["products"])


LASTQ = []


def test_search_page_query_count_does_not_grow_with_results(client, indexed, make_products):
    make_products(2)
    indexing.rebuild()
    few, shown_few = count_queries(client, {"q": "keo", "stars": "4", "sort": "price_asc"})
    make_products(20)
    indexing.rebuild()
    many, shown_many = count_queries(client, {"q": "keo", "stars": "4", "sort": "price_asc"})
    assert (shown_few, shown_many) == (2, 22)
    # 3 facet counts, the ids, the cards, their images, their renditions (category titles are kept per
    # version of the page tree; province labels, the site and its settings come from the cache)
    assert (few, many) == (7, 7), "\n".join(q["sql"][:200] for q in LASTQ)


def test_browse_page_query_count_is_fixed(client, indexed, make_products, django_assert_num_queries):
    make_products(30)
    indexing.rebuild()
    client.get(URL)  # warm the per-site caches (site settings, root paths)
    # facet counts (2), the page of ids, the cards, their images and renditions (the category titles
    # were kept by the first request)
    with django_assert_num_queries(6):
        response = client.get(URL)
    assert len(response.context["products"]) == 24


def test_suggestions_are_cached_briefly(client, indexed, django_assert_num_queries):
    first = client.get(reverse("search:suggest"), {"q": "ke"}).json()
    with django_assert_num_queries(0):
        second = client.get(reverse("search:suggest"), {"q": "KE"}).json()  # the same folded prefix
    assert first == second and first["suggestions"][0]["title"] == "Kẹo dừa sầu riêng"


def test_the_facet_form_works_without_javascript(client, indexed):
    html = client.get(URL, {"q": "keo"}).content.decode()
    assert '<form method="get" action="/search/"' in html
    assert '<details class="facets">' in html  # collapsed on phones until opened
    assert 'name="stars" value="5"' in html
    assert '<select id="facet-sort" name="sort">' in html
    assert 'data-suggest-url="/search/suggest/"' in html
    assert "js/search.js" in html


def test_active_filters_are_chips_with_removal_and_the_panel_closes_for_the_results(client, indexed):
    html = client.get(URL, {"q": "keo", "stars": "5", "price_max": "50000"}).content.decode()
    assert (
        '<details class="facets">' in html
    )  # on phones the results come first; search.js opens it on wide screens
    assert 'href="?q=keo&amp;price_max=50000"' in html  # remove 5 sao
    assert 'href="?q=keo&amp;stars=5"' in html  # remove the price
    assert "Đến 50.000 ₫" in html


def test_on_an_english_page_a_chip_names_its_category_or_province_as_vietnamese(client, indexed):
    from catalogue.models import CategoryPage

    category = CategoryPage.objects.live().first()
    page = BeautifulSoup(
        client.get(URL, {"q": "keo", "stars": "5", "category": category.pk, "lang": "en"}).content,
        "html.parser",
    )
    chips = {chip.get_text(" ", strip=True): chip for chip in page.select("a.chip")}
    named = chips[f"Remove filter {category.title} ×"]
    assert named.select_one("[lang=vi]").get_text() == category.title
    assert chips["Remove filter 5 stars ×"].select_one("[lang]") is None  # the interface's words


def test_the_gift_combos_are_found_without_the_words_for_kinds_of_places(client, gift_box):  # noqa: F811
    # "Hộp quà kẹo dừa Bến Tre": found by the words the products are found by.
    page = BeautifulSoup(client.get(URL, {"q": "hộp quà kẹo dừa tỉnh Bến Tre"}).content, "html.parser")
    assert [h.get_text(strip=True) for h in page.select(".matching-combos .card-title")] == [
        "Hộp quà kẹo dừa Bến Tre"
    ]


def combo_titles(client, **params) -> list[str]:
    page = BeautifulSoup(client.get(URL, params).content, "html.parser")
    return [h.get_text(strip=True) for h in page.select(".matching-combos .card-title")]


def test_the_price_filter_applies_to_the_gift_combos(client, gift_box):  # noqa: F811
    # The box costs 99.000 ₫: a shopper who asked for at most 20.000 ₫ is not shown it.
    assert combo_titles(client, q="keo", price_max="20000") == []
    assert combo_titles(client, q="keo", price_min="100k") == []
    assert combo_titles(client, q="keo", price_min="90k", price_max="100k") == ["Hộp quà kẹo dừa Bến Tre"]


@pytest.mark.parametrize(
    "facet", [{"stars": "5"}, {"province": "86"}, {"producer_type": "company"}, {"category": "category"}]
)
def test_the_gift_combos_are_hidden_under_a_filter_they_have_no_value_for(client, gift_box, category, facet):  # noqa: F811
    facet = {name: category.pk if value == "category" else value for name, value in facet.items()}
    assert combo_titles(client, q="keo") == ["Hộp quà kẹo dừa Bến Tre"]
    assert combo_titles(client, q="keo", **facet) == []


def test_the_gift_combos_are_hidden_when_stars_are_typed_as_when_they_are_chosen(client, gift_box):  # noqa: F811
    assert combo_titles(client, q="keo") == ["Hộp quà kẹo dừa Bến Tre"]
    assert combo_titles(client, q="keo 4 sao") == []


def test_words_that_find_only_gift_combos_say_so_and_offer_no_spelling_fix(client, gift_box):  # noqa: F811
    response = client.get(URL, {"q": "gói quà"})
    html = response.content.decode()
    assert combo_titles(client, q="gói quà") == ["Hộp quà kẹo dừa Bến Tre"]
    assert "Chỉ các gói quà tặng ở trên khớp “gói quà”, chưa có sản phẩm lẻ nào." in html
    assert "Không tìm thấy sản phẩm nào" not in html
    assert "Có phải bạn tìm" not in html


def test_in_stock_shows_only_the_gift_combos_for_sale(client, gift_box, tea_pack):  # noqa: F811
    assert combo_titles(client, q="keo", in_stock="1") == ["Hộp quà kẹo dừa Bến Tre"]
    type(tea_pack).objects.filter(pk=tea_pack.pk).update(stock=0)
    assert combo_titles(client, q="keo", in_stock="1") == []


def submitted(form, **changes) -> dict:
    """What the browser sends for the facet form as drawn, with the visitor's changes."""
    fields = {}
    for field in form.select("input[name], select[name]"):
        if field.get("type") == "checkbox" and not field.has_attr("checked"):
            continue
        value = field["value"] if field.name == "input" else field.select_one("option[selected]")["value"]
        fields.setdefault(field["name"], []).append(value)
    for name, value in changes.items():
        fields.setdefault(name, []).append(value)
    return fields


def test_filtering_a_search_shown_in_english_keeps_it_english(client, indexed):
    page = BeautifulSoup(client.get(URL, {"q": "keo", "lang": "en"}).content, "html.parser")
    assert submitted(page.select_one("form.search-form"))["lang"] == ["en"]  # the header's search box
    form = page.select_one("form.facet-form")
    response = client.get(form["action"], submitted(form, stars="5"))
    assert response["Content-Language"] == "en"
    assert response.context["search"].query.stars == (5,)
    filtered = BeautifulSoup(response.content, "html.parser")
    assert filtered.select_one("html")["lang"] == "en"
    # the chip removing "5 stars", "remove all", and the form once more keep English too
    assert [a["href"] for a in filtered.select(".active-filters a")] == ["?q=keo&lang=en", "?q=keo&lang=en"]
    assert submitted(filtered.select_one("form.facet-form"))["lang"] == ["en"]


def test_a_search_in_the_chosen_language_adds_no_language_to_its_links(client, indexed):
    # Only a page asked for by ?lang= carries it on; a cookie's choice or junk does not.
    for params in ({"q": "keo", "stars": "5"}, {"q": "keo", "stars": "5", "lang": "xx"}):
        page = BeautifulSoup(client.get(URL, params).content, "html.parser")
        assert "lang" not in submitted(page.select_one("form.facet-form"))
        assert "lang" not in submitted(page.select_one("form.search-form"))
        assert [a["href"] for a in page.select(".active-filters a")] == ["?q=keo", "?q=keo"]


def test_the_all_products_link_of_an_english_search_without_results_stays_english(client, indexed):
    page = BeautifulSoup(client.get(URL, {"q": "zzzz", "lang": "en"}).content, "html.parser")
    assert page.select_one(".no-results a.button")["href"] == "/search/?lang=en"


# --- Keeping the database documents in step -------------------------------------------------------------


def test_publishing_a_product_makes_it_findable_and_unpublishing_hides_it(
    client, product, django_capture_on_commit_callbacks
):
    assert list(client.get(URL, {"q": "sau rieng"}).context["products"]) == []
    with django_capture_on_commit_callbacks(execute=True):
        product.save_revision().publish()
    assert [p.pk for p in client.get(URL, {"q": "sau rieng"}).context["products"]] == [product.pk]
    with django_capture_on_commit_callbacks(execute=True):
        product.unpublish()
    assert list(client.get(URL, {"q": "sau rieng"}).context["products"]) == []
    assert not ProductDocument.objects.filter(pk=product.pk).exists()


def test_a_new_pack_size_updates_price_and_stock_facets(client, indexed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        PackSizeFactory(product=indexed, price=15_000, stock=5)
    document = ProductDocument.objects.get(pk=indexed.pk)
    assert (document.min_price, document.max_price, document.in_stock) == (15_000, 45_000, True)


def test_renaming_a_producer_reindexes_its_products(
    client, indexed, producer, django_capture_on_commit_callbacks
):
    producer.title = "Hợp tác xã Bến Tre Xanh"
    with django_capture_on_commit_callbacks(execute=True):
        producer.save_revision().publish()
    assert [p.pk for p in client.get(URL, {"q": "ben tre xanh"}).context["products"]] == [indexed.pk]


def test_deleting_a_product_removes_its_document(indexed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        indexed.delete()
    assert ProductDocument.objects.count() == 0
    assert DocumentCategory.objects.count() == 0


# --- manage.py search_reindex ------------------------------------------------------------------------------


def test_search_reindex_indexes_live_products_and_drops_unpublished_ones(product, make_products, category):
    others = make_products(3)
    type(product).objects.filter(pk=others[0].pk).update(live=False)
    ProductDocument.objects.create(pk=others[0].pk, title="stale", title_text=" stale ", body_text=" stale ")
    out = io.StringIO()
    call_command("search_reindex", stdout=out, stderr=io.StringIO())
    assert "database: 3 sản phẩm đã vào chỉ mục" in out.getvalue()
    assert set(ProductDocument.objects.values_list("pk", flat=True)) == {
        product.pk,
        others[1].pk,
        others[2].pk,
    }
    assert DocumentCategory.objects.filter(category=category).count() == 3
    document = ProductDocument.objects.get(pk=product.pk)
    assert document.title_text == " keo dua sau rieng "
    assert document.body_text.startswith(" keo dua sau rieng cong ty tnhh dong a keo dua ")
    assert (document.stars, document.province_id, document.producer_type) == (5, 86, "company")


def test_the_english_search_page_names_its_sorts_and_facets_in_english(client, product):
    page = BeautifulSoup(client.get("/search/", {"lang": "en"}).content.decode(), "html.parser")
    assert "Best match" in [option.text.strip() for option in page.select("select[name=sort] option")]
    assert "Phù hợp nhất" not in page.get_text()
    with translation.override("en"):  # the facets' headings, drawn the same way once results have them
        assert str(service.FACET_LABELS["stars"]) == "OCOP stars"


# --- What the English pages call things ------------------------------------------------------------------
# (The English below is compiled by `make messages` from the translations the lead merges.)


def test_the_english_search_box_suggests_words_the_shop_finds(client, indexed):
    # Product names are Vietnamese: "coconut candy" finds nothing, "keo dua" does. Without marks, as an
    # English keyboard types them, and as an English voice may read a placeholder (it has no lang="vi").
    page = BeautifulSoup(client.get("/", {"lang": "en"}).content, "html.parser")
    assert page.select_one("#site-search")["placeholder"] == "Search: keo dua, tra, mat ong…"
    assert client.get(URL, {"q": "keo dua", "lang": "en"}).context["search"].results.total == 1


def test_an_english_search_that_finds_nothing_says_the_names_are_vietnamese_with_an_example(client, indexed):
    page = BeautifulSoup(client.get(URL, {"q": "xyzzy", "lang": "en"}).content, "html.parser")
    hint = page.select_one(".no-results .names-in-vietnamese")
    assert " ".join(hint.get_text().split()) == (
        "Product names are written in Vietnamese, accents optional: for coconut candy, search “kẹo dừa”."
    )
    example = hint.select_one("a")
    assert (example["href"], example["lang"]) == ("/search/?q=k%E1%BA%B9o+d%E1%BB%ABa&lang=en", "vi")
    assert client.get(example["href"]).context["search"].results.total == 1


def test_a_vietnamese_search_that_finds_nothing_does_not_explain_the_language(client, indexed):
    page = BeautifulSoup(client.get(URL, {"q": "zzzz"}).content, "html.parser")
    assert page.select_one(".no-results") is not None
    assert page.select_one(".names-in-vietnamese") is None


def test_the_english_search_page_calls_gift_combos_gift_sets_as_the_menu_does(client, gift_box):  # noqa: F811
    page = BeautifulSoup(client.get(URL, {"q": "gói quà", "lang": "en"}).content, "html.parser")
    assert page.select_one(".matching-combos h2").get_text(strip=True) == "Gift sets"
    assert page.select_one(".no-results p").get_text(" ", strip=True) == (
        "Only the gift sets above match “gói quà”; no single product does yet."
    )


def test_every_english_message_about_gift_combos_calls_them_gift_sets():
    catalogue = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.mo"
    with catalogue.open("rb") as compiled:
        messages = gettext.GNUTranslations(compiled)._catalog
    about_combos = {
        msgid: english
        for msgid, english in messages.items()
        if "gói quà" in (msgid[0] if isinstance(msgid, tuple) else msgid).lower()
    }
    assert len(about_combos) > 10
    assert {msgid: english for msgid, english in about_combos.items() if "box" in english.lower()} == {}
    assert all("gift set" in english.lower() for english in about_combos.values())
