"""Folding and GET-parameter parsing: pure rules, no database."""

import sys
import unicodedata
from urllib.parse import quote

import pytest
from django.http import QueryDict

from catalogue.text import fold, padded, toned, toned_padded, words
from search.query import (
    MAX_PAGE,
    MAX_PRICE,
    MAX_QUERY_CHARS,
    SearchQuery,
    Term,
    parse_query,
    query_string,
    unread_price,
)


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Kẹo dừa sầu riêng", "keo dua sau rieng"),
        ("Đông Á", "dong a"),
        ("ĐẶC SẢN ĐỒNG THÁP", "dac san dong thap"),
        ("Trà hoà bình", "tra hoa binh"),  # old tone placement
        ("Trà hòa bình", "tra hoa binh"),  # new tone placement
        ("ừ ầ ậ ổ ợ", "u a a o o"),  # the letters FTS5's unicode61 keeps
    ],
)
def test_queries_and_titles_fold_to_the_same_words(typed, folded):
    assert " ".join(words(typed)) == folded


def test_nfd_input_from_some_keyboards_folds_like_nfc():
    nfd = unicodedata.normalize("NFD", "Kẹo dừa Đông Á")
    assert nfd != "Kẹo dừa Đông Á"
    assert fold(nfd) == fold("Kẹo dừa Đông Á") == "keo dua dong a"


def every_format_character() -> list[str]:
    """Unicode's format characters (category Cf): zero-width spaces and joiners, the soft hyphen, direction
    controls, the byte order mark, tags..., as the running Python's Unicode database lists them."""
    return [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]


# The default-ignorable characters that are no format characters: the combining grapheme joiner,
# Hangul fillers, Khmer inherent vowels, Mongolian variation selectors, variation selectors (the emoji one
# too), unassigned specials and variation selectors supplement.
OTHER_IGNORABLES = (
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\ufe00\ufe0f\uffa0\ufff0\U000e0100"
)


def test_characters_that_print_nothing_inside_a_word_are_dropped_before_folding():
    invisible = every_format_character() + list(OTHER_IGNORABLES)
    assert "\u200b" in invisible and "\u00ad" in invisible and "\u202e" in invisible
    assert [ch for ch in invisible if words(f"Kẹ{ch}o d{ch}ừa") != ["keo", "dua"]] == []
    assert padded("Sầu\u00adriêng Hội\u200bAn") == " saurieng hoian "
    assert toned_padded("Kẹ\u200bo dừ\u200da") == toned_padded("Kẹo dừa")


def test_a_query_with_characters_that_print_nothing_searches_the_words_shown():
    assert SearchQuery(q="ke\u200bo d\u00adua").terms == ["keo", "dua"]
    assert SearchQuery(q="kẹ\u200bo dừ\u2060").parsed_terms == SearchQuery(q="kẹo dừ").parsed_terms
    assert SearchQuery(q="4\u200b sao").text_stars == (4,)
    assert SearchQuery(q="trà vi\u200dnh").terms == ["tra vinh"]  # a place's name, read as one


@pytest.mark.parametrize(
    "control",
    [
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
        "\u200e",
        "\u200f",
    ],
)
def test_direction_controls_are_dropped_from_the_query_shown_back(control):
    assert q(f"q={quote(control)}k%E1%BA%B9o+d%E1%BB%ABa{quote(control)}").q == "kẹo dừa"


def test_a_zero_width_joiner_of_an_emoji_is_kept_in_the_query_shown_back():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert q(f"q={quote(family)}").q == family


def test_indexed_text_is_padded_so_a_word_prefix_is_a_substring():
    assert padded("Kẹo dừa, sầu-riêng!") == " keo dua sau rieng "
    assert " dua" in padded("Kẹo dừa") and " ua" not in padded("Kẹo dừa")


def q(string):
    return parse_query(QueryDict(string))


def test_a_clean_query_keeps_every_facet():
    query = q(
        "q=kẹo+dừa&stars=5&stars=4&category=7&province=86&producer_type=company"
        "&price_min=10000&price_max=90.000&in_stock=1&sort=price_asc&page=3"
    )
    assert query == SearchQuery(
        q="kẹo dừa",
        stars=(5, 4),
        category=(7,),
        province=(86,),
        producer_type=("company",),
        price_min=10_000,
        price_max=90_000,
        in_stock=True,
        sort="price_asc",
        page=3,
    )


@pytest.mark.parametrize(
    "string",
    [
        "price_min=abc&price_max=1e9",
        "sort=drop+table",
        "page=-1",
        "page=0",
        "page=abc",
        "stars=7&stars=x",
        "category=-3&category=1.5",
        "province=99999999999",
        "producer_type=alien",
        "in_stock=maybe",
        "stars=%00",
        "page=%EF%BC%91",
    ],
)
def test_junk_values_are_dropped(string):
    assert q(string) == SearchQuery()


def test_huge_numbers_are_clamped():
    query = q("price_max=999999999999&page=99999999")
    assert query.price_max == MAX_PRICE
    assert query.page == MAX_PAGE


def test_reversed_price_range_is_swapped():
    query = q("price_min=90000&price_max=10000")
    assert (query.price_min, query.price_max) == (10_000, 90_000)


def test_nul_bytes_quotes_and_long_queries_are_cleaned():
    assert q("q=ke%00o").q == "ke o"
    assert q("q=%22").q == '"' and q("q=%22").terms == []
    long = q("q=" + "keo+" * 5000)
    assert len(long.q) <= MAX_QUERY_CHARS and len(long.terms) == 8


def test_query_string_round_trips_and_drops_one_filter():
    query = q("q=keo&stars=5&stars=4&in_stock=1&sort=newest")
    assert parse_query(QueryDict(query_string(query))) == query
    assert query_string(query, drop=("stars", "5")) == "q=keo&stars=4&in_stock=1&sort=newest"
    assert query_string(query, drop=("in_stock", "1")) == "q=keo&stars=5&stars=4&sort=newest"


# --- Prices as Vietnamese shoppers write them -------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "dong"),
    [
        ("30.000 VNĐ", 30_000),
        ("30000vnđ", 30_000),
        ("30000VND", 30_000),
        ("30 000", 30_000),
        ("30\u00a0000 ₫", 30_000),  # a no-break space, as copied from a price on a page
        ("đ 30.000", 30_000),
        ("₫30.000", 30_000),
        ("30.000 đồng", 30_000),
        ("30.000đ", 30_000),
        ("50k", 50_000),
        ("50 K", 50_000),
        ("30 nghìn", 30_000),
        ("30 ngàn đồng", 30_000),
        ("1tr5", 1_500_000),
        ("1tr250", 1_250_000),
        ("1,5tr", 1_500_000),
        ("1.5 triệu", 1_500_000),
        ("2 triệu", 2_000_000),
        ("1.500", 1_500),
        ("1.500.000", 1_500_000),
        ("1,500,000đ", 1_500_000),
        ("12k500", 12_500),
    ],
)
def test_a_price_written_the_vietnamese_way_is_read_in_dong(typed, dong):
    assert q("price_min=" + quote(typed)).price_min == dong
    assert not unread_price(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "1.5",  # 1,5 đồng, or a slip for 15 or 1.500: no thousands grouping, so no reading
        "4.80",
        "1,5",
        "30.00",
        "1.5000",
        "30.000.00",
        "30,000.50",
        "1.234,567",
        "1.5tr5",
        "đ",
        "30kk",
        "abc",
    ],
)
def test_an_ambiguous_or_unreadable_price_is_not_guessed(typed):
    assert q("price_min=" + quote(typed)).price_min is None
    assert unread_price(typed)


@pytest.mark.parametrize("typed", ["", "   "])
def test_an_empty_price_box_is_no_mistake(typed):
    assert not unread_price(typed)


# --- Words for kinds of places ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "searched"),
    [
        ("kẹo dừa thành phố bến tre", "keo dua ben tre"),
        ("keo dua thanh pho ben tre", "keo dua ben tre"),
        ("KẸO DỪA TỈNH BẾN TRE CŨ", "keo dua ben tre"),
        ("keo dua tinh ben tre cu", "keo dua ben tre"),
        ("trà hoa vàng huyện lục nam", "tra hoa vang luc nam"),
        ("tra hoa vang tinh bac giang", "tra hoa vang bac giang"),
        ("xã Yên Sơn, thị xã Việt Yên", "yen son viet yen"),
        ("tp. ben tre", "ben tre"),
        ("đặc khu Phú Quốc", "phu quoc"),
        # "hợp tác xã" is a kind of producer, not "hợp tác" and a commune: test_producer_kind_words
        ("hợp tác xã dừa sáp", "hop tac xa dua sap"),
    ],
)
def test_words_for_kinds_of_places_are_not_searched(typed, searched):
    # As in the index (places.names): "tỉnh" would otherwise find every product of a province.
    assert " ".join(SearchQuery(q=typed).terms) == searched
    assert SearchQuery(q=unicodedata.normalize("NFD", typed)).terms == SearchQuery(q=typed).terms


@pytest.mark.parametrize("typed", ["tỉnh", "Thành phố", "huyện, xã", "cũ"])
def test_a_query_of_words_for_kinds_of_places_alone_searches_nothing(typed):
    assert SearchQuery(q=typed).terms == []


@pytest.mark.parametrize(
    ("typed", "searched"),
    [
        ("ha tinh", "ha tinh"),  # Hà Tĩnh: no name follows "tinh", so it is not "tỉnh"
        ("xa", "xa"),  # the start of "xà bông" as much as "xã"
        ("tinh", "tinh"),  # tinh dầu, tinh bột
        ("tinh dau sa", "tinh dau sa"),  # no place is named "dầu"
        ("tinh bot nghe", "tinh bot nghe"),
        ("xa bong thien nhien", "xa bong thien nhien"),
        ("sam cu", "sam cu"),  # no place is named "sâm"
        ("cu cai", "cu cai"),  # "cũ" follows a name
        ("xà bông", "xa bong"),  # marks other than the unit word's
        ("củ sen", "cu sen"),
    ],
)
def test_unaccented_unit_words_are_searched_where_no_place_name_goes_with_them(typed, searched):
    assert " ".join(SearchQuery(q=typed).terms) == searched


@pytest.mark.parametrize(
    ("typed", "terms", "stars"),
    [
        ("kẹo dừa và gừng", ["keo", "dua", "gung"], ()),
        ("keo dua cho be", ["keo", "dua", "be"], ()),
        ("kẹo dừa của bến tre", ["keo", "dua", "ben tre"], ()),  # a place's name: one phrase
        ("chả cua", ["cha", "cua"], ()),  # "cua" without marks is a crab, not "của"
        ("bánh tét lá cẩm", ["banh", "tet", "la", "cam"], ()),  # "lá" is a leaf, not "là"
        ("và", ["va"], ()),  # nothing else typed: the function word is looked for
        ("4 sao", [], (4,)),
        ("kẹo dừa 5★ hoặc 4*", ["keo", "dua"], (4, 5)),
        ("OCOP 3sao", [], (3,)),
        ("sao biển", ["sao", "bien"], ()),
        ("ocop", [], ()),
        ("sản phẩm ocop", [], ()),
        ("kẹo dừa ocop", ["keo", "dua"], ()),
        ("sản xuất", ["san", "xuat"], ()),
        ("dừa sáp trà vinh", ["dua", "sap", "tra vinh"], ()),
        ("trà và vinh", ["tra", "vinh"], ()),  # not the place's name in a row
    ],
)
def test_words_every_product_satisfies_are_not_required(typed, terms, stars):
    query = SearchQuery(q=typed)
    assert (query.terms, query.text_stars) == (terms, stars)


# --- Words typed with their marks, and a place's name half typed --------------------------------------


@pytest.mark.parametrize(
    ("word", "toned_word"),
    [
        ("dừa", "2dưa"),
        ("lạnh", "5lanh"),
        ("hoà", "2hoa"),  # old tone placement
        ("hòa", "2hoa"),  # new: the same word
        ("Mật", "5mât"),
        ("Đông", "0đông"),
        (unicodedata.normalize("NFD", "dừa"), "2dưa"),
    ],
)
def test_a_word_with_marks_reads_as_its_tone_then_its_letters(word, toned_word):
    assert toned(word) == toned_word


def test_words_typed_with_marks_are_whole_words_and_the_last_may_be_half_typed():
    leaf, pineapple = SearchQuery(q="lá dứa").parsed_terms
    assert (leaf.whole, leaf.marked_starts) == (True, [])  # "lá": lá, là, lạ; never "lạnh"
    assert (pineapple.whole, pineapple.marked_starts) == (True, ["1dưa"])  # dứa, dứa dại
    assert SearchQuery(q="kẹo dừ").parsed_terms[-1].marked_starts == ["2dư"]  # dừa, being typed
    # Before its tone is typed (Telex: "dư", then "dừa"), of any tone.
    assert SearchQuery(q="kẹo dư").parsed_terms[-1].marked_starts == [f"{tone}dư" for tone in "012345"]


@pytest.mark.parametrize("typed", ["keo dua", "kẹo d", "keo du"])
def test_words_typed_without_marks_stay_prefixes(typed):
    assert SearchQuery(q=typed).parsed_terms[-1].whole is False


@pytest.mark.parametrize(
    ("typed", "terms"),
    [
        ("tra vin", [Term("tra vin", last=True)]),  # Trà Vinh being typed: its words in a row
        ("trà vi", [Term("tra vi", last=True)]),
        ("mật ong bến tr", [Term("mat", "mật"), Term("ong"), Term("ben tr", last=True)]),
        # A single letter may be any word; and only the query's last word is being typed.
        ("tra v", [Term("tra", last=False), Term("v", last=True)]),
        ("tra vin mat", [Term("tra"), Term("vin"), Term("mat", last=True)]),
    ],
)
def test_a_place_name_half_typed_at_the_end_is_read_as_the_place(typed, terms):
    assert SearchQuery(q=typed).parsed_terms == terms
