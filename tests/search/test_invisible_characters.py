"""Characters that print nothing: zero-width spaces and joiners or soft hyphens pasted inside a word (Zalo,
Facebook and Word put them there), and direction controls that would show the words reversed. Search
reads the words a shopper sees, on the results page, in the suggestions and in the page API, on every
engine."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.search.results import get, titles

from .conftest import _product, reindex

INSIDE_A_WORD = {
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d",
    "soft hyphen": "\u00ad",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "invisible separator": "\u2063",
}


def everywhere(client, typed) -> dict[str, list[str]]:
    """The titles the results page, the search box's suggestions and the page API find for `typed`."""
    page = get(client, q=typed)
    suggestions = client.get(reverse("search:suggest"), {"q": typed}).json()["suggestions"]
    api = client.get("/api/v2/pages/", {"search": typed, "type": "catalogue.ProductPage"}).json()
    return {
        "search": titles(page),
        "suggest": [s["title"] for s in suggestions],
        "api": [item["title"] for item in api["items"]],
    }


@pytest.mark.parametrize("invisible", INSIDE_A_WORD.values(), ids=INSIDE_A_WORD.keys())
def test_an_invisible_character_pasted_inside_a_word_still_finds_the_product(client, catalogue, invisible):
    found = everywhere(client, f"ke{invisible}o dua sau ri{invisible}eng")
    assert found == dict.fromkeys(("search", "suggest", "api"), ["Kẹo dừa sầu riêng"])


def test_a_word_typed_with_marks_and_an_invisible_character_is_still_a_whole_word(client, catalogue):
    # "lá" typed with its mark is a whole word ("lá dứa", not "lạnh"), a zero-width space in it or not.
    assert titles(get(client, q="kẹo dừa l\u200bá\u00ad dứa")) == ["Kẹo dừa lá dứa"]
    assert titles(get(client, q="kẹo dừa lá d\u200dứ")) == ["Kẹo dừa lá dứa"]


def test_a_title_with_an_invisible_character_inside_a_word_is_found_by_the_word(
    client, catalogue, producers, categories
):
    _product(producers["ong"], "Mứt gừ\u00adng Hội\u200b An", 3, [categories["keo"]], [(50_000, 4)], 1)
    reindex()
    assert titles(get(client, q="mứt gừng hội an")) == ["Mứt gừ\u00adng Hội\u200b An"]
    assert titles(get(client, q="mut gung")) == ["Mứt gừ\u00adng Hội\u200b An"]


DIRECTION_CONTROLS = {
    "right-to-left override": ("\u202e", "\u202c"),
    "left-to-right override": ("\u202d", "\u202c"),
    "right-to-left embedding": ("\u202b", "\u202c"),
    "left-to-right embedding": ("\u202a", "\u202c"),
    "right-to-left isolate": ("\u2067", "\u2069"),
    "first strong isolate": ("\u2068", "\u2069"),
    "left-to-right isolate": ("\u2066", "\u2069"),
    "right-to-left mark": ("\u200f", "\u200f"),
    "left-to-right mark": ("\u200e", "\u200e"),
}


@pytest.mark.parametrize(("opening", "closing"), DIRECTION_CONTROLS.values(), ids=DIRECTION_CONTROLS.keys())
def test_the_query_shown_back_has_no_direction_controls_that_would_reverse_it(
    client, catalogue, opening, closing
):
    response = get(client, q=f"{opening}kẹo dừa{closing}")
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("h1").get_text() == "Kết quả cho “kẹo dừa”"
    assert page.select_one("title").get_text().startswith("Tìm “kẹo dừa”")
    assert page.select_one("#facet-q")["value"] == page.select_one("#site-search")["value"] == "kẹo dừa"
    assert titles(response) == ["Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"]


def test_a_query_of_direction_controls_only_lists_every_product(client, catalogue):
    response = get(client, q="\u202e\u2067\u200f")
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("h1").get_text() == "Tất cả sản phẩm"
    assert page.select_one("#site-search")["value"] == ""
    assert response.context["search"].results.total == 5
