"""Search that ranks like a shopper thinks, on every engine: names weigh more than descriptions, advice on
the label is not searched, typos in any word get near matches, prices are typed as people write them."""

import pytest
from bs4 import BeautifulSoup

from catalogue.factories import PackSizeFactory, ProductPageFactory
from search.query import parse_query
from search.typos import close_words
from tests.search.conftest import reindex
from tests.search.results import get, titles


def test_a_category_or_producer_word_ranks_before_a_word_only_in_the_summary(client, catalogue, producers):
    # "Mật ong" is the category of both honey and chamomile tea, and only in the summary of this candy:
    candy = ProductPageFactory(
        parent=producers["dong_a"], title="Kẹo dừa gừng", ocop_stars=5, summary="Ngọt như mật ong rừng"
    )
    PackSizeFactory(product=candy)
    reindex()
    assert titles(get(client, q="mat ong")) == ["Mật ong rừng Hoà Bình", "Trà hoa cúc", "Kẹo dừa gừng"]
    # the producer's name weighs too: Chè Tân Cương's products before a summary mention of "chè"
    assert titles(get(client, q="che"))[:2] == ["Trà xanh Tân Cương", "Trà hoa cúc"]


def test_storage_advice_is_not_searched(client, catalogue):
    catalogue["mat_ong"].storage = "Nơi khô ráo, tránh ánh nắng trực tiếp"
    catalogue["mat_ong"].save_revision().publish()
    reindex()
    assert titles(get(client, q="tra")) == ["Trà xanh Tân Cương", "Trà hoa cúc"]
    assert titles(get(client, q="tranh anh nang")) == []


def test_a_typo_in_the_second_word_gets_near_matches(client, catalogue, categories):
    response = get(client, q="keo dau")
    assert titles(response) == []
    near = [p.title for p in response.context["search"].near]
    assert sorted(near[:2]) == ["Kẹo dừa lá dứa", "Kẹo dừa sầu riêng"]


@pytest.mark.parametrize("typed", ["30.000", "30k", "30000", "30 nghìn", "30K"])
def test_a_price_typed_as_people_write_it_filters(client, catalogue, typed):
    response = get(client, price_max=typed)
    assert response.context["search"].query.price_max == 30_000
    assert titles(response) == ["Kẹo dừa lá dứa"]


def test_the_price_boxes_accept_text_and_the_filter_panel_is_closed_after_filtering(client, catalogue):
    soup = BeautifulSoup(get(client, q="keo", price_min="10k", stars="5").content, "html.parser")
    for name in ("price_min", "price_max"):
        box = soup.find("input", attrs={"name": name})
        assert (box["type"], box["inputmode"]) == ("text", "numeric")
    assert soup.find("input", attrs={"name": "price_min"})["value"] == "10000"
    assert not soup.find("details", class_="facets").has_attr("open")


def test_a_price_that_cannot_be_read_is_shown_back_with_a_message_not_dropped(client, catalogue):
    soup = BeautifulSoup(get(client, q="keo", price_min="1.5", price_max="50k").content, "html.parser")
    box = soup.find("input", attrs={"name": "price_min"})
    assert box["value"] == "1.5"
    assert box["aria-invalid"] == "true"
    message = soup.find(id=box["aria-describedby"])
    assert message.get_text(" ", strip=True) == (
        "Không đọc được giá “1.5”. Hãy ghi số đồng, ví dụ 30000, 30.000đ, 50k hoặc 1tr5."
    )
    assert soup.find("details", class_="facets").has_attr("open")  # the message is seen on a phone too
    # the other box still filters, and no "Từ 15 ₫" was guessed
    chips = [chip.get_text(" ", strip=True) for chip in soup.select(".active-filters .chip")]
    assert chips == ["Bỏ lọc Đến 50.000 ₫ ×"]  # "Bỏ lọc" for screen readers
    assert soup.find("input", attrs={"name": "price_max"})["value"] == "50000"


PRINTING_NOTHING = {
    "a null byte": "\x00",
    "a zero-width space": "\u200b",
    "a right-to-left override": "\u202e",
    "a tab and a byte order mark": "\t\ufeff",
}


@pytest.mark.parametrize("typed", PRINTING_NOTHING.values(), ids=PRINTING_NOTHING.keys())
def test_a_price_box_holding_only_characters_that_print_nothing_is_no_filter(client, catalogue, typed):
    # The box looks empty: it is read as empty, not as "Không đọc được giá “”".
    soup = BeautifulSoup(get(client, q="keo", price_min=typed).content, "html.parser")
    assert not soup.select(".field-error")
    assert not soup.find("input", attrs={"name": "price_min"}).has_attr("aria-invalid")
    assert not soup.select(".active-filters .chip")
    assert len(soup.select(".product-card")) == 2


@pytest.mark.parametrize("typed", ["\x0030k", "30\x00000", "3\u200b0.000\u00ad"])
def test_characters_that_print_nothing_inside_a_price_are_dropped_before_reading_it(typed):
    assert parse_query({"price_min": typed}).price_min == 30_000


def test_a_price_in_trieu_filters_and_shows_as_a_chip(client, catalogue):
    soup = BeautifulSoup(get(client, price_min="đ 100.000", price_max="1tr5").content, "html.parser")
    chips = [chip.get_text(" ", strip=True) for chip in soup.select(".active-filters .chip")]
    assert chips == ["Bỏ lọc Từ 100.000 ₫ ×", "Bỏ lọc Đến 1.500.000 ₫ ×"]
    assert [a.text for a in soup.select(".product-card .card-title")] == [
        "Trà xanh Tân Cương",
        "Mật ong rừng Hoà Bình",
    ]
    assert not soup.select(".field-error")


# --- pure rules ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("1,5tr", 1_500_000), ("2 triệu", 2_000_000), ("45.000 ₫", 45_000), ("45,000", 45_000), ("30k", 30_000)],
)
def test_prices_with_units_and_separators(typed, expected):
    assert parse_query({"price_min": typed}).price_min == expected


@pytest.mark.parametrize("junk", ["abc", "1e9", "-5", "٣٠", "30kk", "k"])
def test_junk_prices_are_dropped(junk):
    assert parse_query({"price_min": junk}).price_min is None


def test_a_swapped_letter_is_one_typo_and_short_words_allow_one():
    assert close_words("dau", ["dua", "keo", "dauu", "duaa"]) == [("dauu", 1), ("dua", 1)]
    assert close_words("rieg", ["rieng", "ring", "rung"]) == [("rieng", 1), ("ring", 1)]
    assert close_words("ab", ["ac"]) == []
