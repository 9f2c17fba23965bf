"""A word typed with its marks is the word the shopper means: titles holding it as typed, marks included,
rank above those holding a word that only folds alike ("mật" honey before "mặt" a face mask). Whatever
the marks, both are still found (README: a marked word matches every word folding equal to it). On every
engine."""

import pytest
from django.urls import reverse

from tests.search.results import get, titles

from .conftest import _product, reindex


@pytest.fixture
def look_alikes(catalogue, producers, categories):
    """Five-star products whose titles hold a word folding like another product's: they come first when
    only the stars tell them apart."""
    made = {
        "mat_na": _product(
            producers["dong_a"], "Mặt nạ dừa sinh học", 5, [categories["keo"]], [(90_000, 3)], 4
        ),
        "dau_dua": _product(producers["dong_a"], "Dầu dừa ép lạnh", 5, [categories["keo"]], [(70_000, 3)], 4),
        "dau_phong": _product(
            producers["dong_a"], "Kẹo dừa đậu phộng", 4, [categories["keo"]], [(35_000, 3)], 4
        ),
    }
    reindex()
    return made


def test_a_word_typed_with_its_marks_ranks_the_titles_holding_it_as_typed_first(client, look_alikes):
    assert titles(get(client, q="mật")) == ["Mật ong rừng Hoà Bình", "Mặt nạ dừa sinh học", "Trà hoa cúc"]
    assert titles(get(client, q="mặt")) == ["Mặt nạ dừa sinh học", "Mật ong rừng Hoà Bình", "Trà hoa cúc"]
    assert titles(get(client, q="đậu"))[:2] == ["Kẹo dừa đậu phộng", "Dầu dừa ép lạnh"]
    assert titles(get(client, q="dầu"))[:2] == ["Dầu dừa ép lạnh", "Kẹo dừa đậu phộng"]


def test_pandan_typed_with_its_marks_lists_the_pandan_products_before_the_coconut_ones(client, look_alikes):
    # "dứa" (pandan) and "dừa" (coconut) fold alike; the five-star coconut ones came first by their stars.
    found = titles(get(client, q="dứa"))
    assert found[0] == "Kẹo dừa lá dứa"
    assert set(found[1:]) == {
        "Kẹo dừa sầu riêng",
        "Mặt nạ dừa sinh học",
        "Dầu dừa ép lạnh",
        "Kẹo dừa đậu phộng",
    }


def test_without_marks_the_folded_word_ranks_as_before(client, look_alikes):
    # Nothing typed says which is meant: the stars decide, as they did.
    assert titles(get(client, q="mat"))[:2] == ["Mặt nạ dừa sinh học", "Mật ong rừng Hoà Bình"]


def test_suggestions_rank_the_word_typed_with_its_marks_first_as_the_search_does(client, look_alikes):
    suggested = client.get(reverse("search:suggest"), {"q": "dứa"}).json()["suggestions"]
    assert suggested[0]["title"] == "Kẹo dừa lá dứa"
