"""When the words find nothing the shopper is never left at a dead end: words typed together are read
apart ("keodua": kẹo dừa), a word no product has with the others is left out and named ("cua", mostly
"của" typed without marks), and the near matches rank the titles matching more words, and more exactly,
first. On every engine."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from search.query import SearchQuery
from search.recovery import Rewrite, rewrites
from search.typos import close_words, split_joined
from tests.search.results import get, titles

from .conftest import _product, reindex

DONG_A_CANDY = ["Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"]


def near(response):
    return [p.title for p in response.context["search"].near]


def suggested(client, typed):
    return [s["title"] for s in client.get(reverse("search:suggest"), {"q": typed}).json()["suggestions"]]


def did_you_mean(response):
    """The heading over the near matches, and the link it offers."""
    heading = BeautifulSoup(response.content, "html.parser").select_one(".no-results h2")
    link = heading.find("a")
    return heading.get_text(" ", strip=True), link["href"] if link else None


# --- A word no product has with the others ----------------------------------------------------------


def test_cua_typed_for_cua_is_left_out_and_named_when_it_finds_nothing(client, catalogue):
    response = get(client, q="keo dua cua dong a")
    assert titles(response) == []
    assert response.context["search"].instead == Rewrite("keo dua dong a", left_out="cua")
    assert near(response) == DONG_A_CANDY
    assert did_you_mean(response) == ("Có phải bạn tìm: keo dua dong a", "?q=keo+dua+dong+a")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".left-out").get_text(strip=True) == (
        "Không sản phẩm nào có đủ mọi từ. Đây là các sản phẩm khớp khi bỏ từ “cua”."
    )


def test_suggestions_leave_out_the_same_word(client, catalogue):
    assert suggested(client, "keo dua cua dong a") == DONG_A_CANDY


def test_the_word_left_out_keeps_the_filters_chosen(client, catalogue):
    response = get(client, q="keo dua cua dong a", stars="4")
    assert near(response) == ["Kẹo dừa lá dứa"]
    assert did_you_mean(response)[1] == "?q=keo+dua+dong+a&stars=4"


def test_a_word_like_no_titles_word_is_left_out_when_the_others_find_products(client, catalogue):
    response = get(client, q="kẹo dừa xyzw")
    assert response.context["search"].instead == Rewrite("kẹo dừa", left_out="xyzw")
    assert near(response) == DONG_A_CANDY


def test_the_function_word_is_left_out_before_any_other_word(db):
    assert [rewrite.left_out for rewrite in rewrites(SearchQuery(q="xyzw cua qqqq"))] == [
        "cua",
        "qqqq",
        "xyzw",
    ]


def test_a_word_of_the_vietnamese_for_an_english_word_is_never_left_out(db):
    # "coffee" is "cà phê": without "phê" it is no longer what the shopper asked for.
    assert list(rewrites(SearchQuery(q="coffee"))) == []
    assert [rewrite.left_out for rewrite in rewrites(SearchQuery(q="coffee xyzw"))] == ["xyzw"]


# --- Words typed together -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"), [("keodua", "keo dua"), ("kẹodừa", "kẹo dừa"), ("KEODUA", "keo dua")]
)
def test_words_typed_together_are_offered_apart(client, catalogue, typed, meant):
    response = get(client, q=typed)
    assert titles(response) == []
    assert response.context["search"].instead == Rewrite(meant)
    assert near(response) == DONG_A_CANDY
    assert did_you_mean(response)[0] == f"Có phải bạn tìm: {meant}"
    assert suggested(client, typed) == DONG_A_CANDY


def test_a_word_is_read_apart_into_the_fewest_title_words():
    vocabulary = {"keo", "dua", "ca", "cao", "k", "eo", "la"}
    assert split_joined("keodua", vocabulary) == ["keo", "dua"]
    assert split_joined("cacao", vocabulary) == ["ca", "cao"]
    assert split_joined("keo", vocabulary) == []  # a word of its own
    assert split_joined("keoxyz", vocabulary) == []
    assert split_joined("dua", {"du", "a"}) == []  # no piece of one letter


# --- Near matches ------------------------------------------------------------------------------------


@pytest.fixture
def coconut_oil(catalogue, producers, categories):
    """A five-star oil that shares only "dừa" with the candies and "ép"/"lạnh" with typos of others."""
    _product(producers["dong_a"], "Dầu dừa nguyên chất ép lạnh", 5, [categories["keo"]], [(90_000, 3)], 4)
    _product(producers["dong_a"], "Bánh pía đậu xanh", 3, [categories["keo"]], [(40_000, 3)], 4)
    _product(producers["dong_a"], "Bánh mật", 3, [categories["keo"]], [(40_000, 3)], 4)
    reindex()


def test_near_matches_matching_more_words_closer_come_first(client, coconut_oil):
    # "kep" is a typo of "keo"; the oil shares only "dua" (and "ep", whose first letter differs).
    response = get(client, q="kep dua")
    assert titles(response) == []
    assert near(response)[:3] == [*DONG_A_CANDY, "Dầu dừa nguyên chất ép lạnh"]
    assert response.context["search"].instead is None  # a typo, not a word to leave out


@pytest.mark.parametrize("typed", ["kep dua", "keo duwa", "kep"])
def test_suggestions_offer_the_near_matches_the_results_page_shows(client, coconut_oil, typed):
    # A typo, or Telex's "uw" for "ư" typed on a keyboard without it: the box suggests what the page lists.
    assert suggested(client, typed) == near(get(client, q=typed)) != []


def test_near_matches_with_a_word_as_typed_come_before_those_with_a_typo(client, coconut_oil):
    # "banh" is typed right in both "Bánh …" and is a typo of Hoà "Bình"; "pja" is a typo of "pía".
    # ("lạnh" and "xanh" are a typo of "banh" too, but not with its first letter.)
    response = get(client, q="banh pja")
    assert near(response) == ["Bánh pía đậu xanh", "Bánh mật", "Mật ong rừng Hoà Bình"]


def test_near_words_keep_the_first_letter_typed():
    assert close_words("kep", ["ep", "keo", "kem", "dep"]) == [("kem", 1), ("keo", 1)]
    assert close_words("dau", ["dua", "keo", "dauu", "duaa"]) == [("dauu", 1), ("dua", 1)]
