"""A visitor of the English pages types English: "coconut candy", "honey", "5 stars". The catalogue is
Vietnamese, so these words find what the Vietnamese ones find (search/english_words.py). On every engine."""

import pytest
from django.urls import reverse

from search.query import SearchQuery
from tests.search.results import get, titles


def found(client, typed, **params):
    return titles(get(client, q=typed, **params))


def suggested(client, typed):
    return [s["title"] for s in client.get(reverse("search:suggest"), {"q": typed}).json()["suggestions"]]


@pytest.mark.parametrize("typed", ["5 stars", "5 star", "5-star", "5 Stars", "OCOP 5 stars"])
def test_n_stars_in_english_finds_the_products_with_those_stars_as_n_sao_does(client, catalogue, typed):
    assert found(client, typed) == found(client, "5 sao") == ["Kẹo dừa sầu riêng"]


def test_a_star_rating_in_english_with_words_finds_those_products_among_them(client, catalogue):
    assert found(client, "tea 4 stars") == ["Trà xanh Tân Cương"]
    assert found(client, "4-star coconut candy") == ["Kẹo dừa lá dứa"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("coconut candy", ["Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"]),
        ("Coconut candies", ["Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"]),
        ("tea", ["Trà xanh Tân Cương", "Trà hoa cúc"]),
        ("green tea", ["Trà xanh Tân Cương"]),
        ("honey", ["Mật ong rừng Hoà Bình", "Trà hoa cúc"]),
        ("durian candy", ["Kẹo dừa sầu riêng"]),
        ("pandan", ["Kẹo dừa lá dứa"]),
    ],
)
def test_english_words_for_the_catalogues_goods_find_them(client, catalogue, typed, expected):
    assert found(client, typed) == expected
    assert found(client, typed, lang="en") == expected


def test_english_words_are_suggested_as_they_are_found(client, catalogue):
    assert suggested(client, "coconut candy") == ["Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"]
    assert suggested(client, "honey") == ["Mật ong rừng Hoà Bình", "Trà hoa cúc"]


# --- pure rules ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "terms", "stars"),
    [
        ("coconut candy", ["keo", "dua"], ()),  # the phrase, in Vietnamese order
        ("fish sauce", ["nuoc", "mam"], ()),
        ("coffee", ["ca", "phe"], ()),
        ("honey ben tre", ["mat", "ong", "ben tre"], ()),  # a place's name still reads as one
        ("tea 3 stars", ["tra"], (3,)),
        ("4-star rice", ["gao"], (4,)),
    ],
)
def test_english_words_are_searched_as_the_catalogues_vietnamese(typed, terms, stars):
    query = SearchQuery(q=typed)
    assert (query.terms, query.text_stars) == (terms, stars)


def test_the_vietnamese_of_an_english_word_keeps_its_marks_so_it_ranks_as_typed():
    honey, bee = SearchQuery(q="honey").parsed_terms
    assert (honey.folded, honey.marked, bee.folded, bee.marked) == ("mat", "mật", "ong", "")


@pytest.mark.parametrize("typed", ["me", "com", "tam", "35 stars", "5 starfruit"])
def test_vietnamese_words_and_numbers_that_are_no_star_rating_stay_as_typed(typed):
    query = SearchQuery(q=typed)
    assert query.text_stars == ()
    assert query.terms == typed.split()
