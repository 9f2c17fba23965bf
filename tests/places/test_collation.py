"""Vietnamese alphabetical order: a, ă, â, b, c, d, đ, e, ê, …; tone marks only after the base letters."""

import pytest

from places.collation import collation_string, sort_by_name, sort_places, vietnamese_key


def ordered(*names):
    return sort_by_name(names)


def test_ha_noi_comes_before_hue_and_ca_mau_before_cao_bang():
    assert ordered("Huế", "Hà Nội") == ["Hà Nội", "Huế"]
    assert ordered("Cao Bằng", "Cà Mau") == ["Cà Mau", "Cao Bằng"]


def test_the_alphabet_puts_breve_and_circumflex_letters_after_their_base_and_d_bar_after_d():
    assert ordered("Ân Thi", "Ăn", "Đà Nẵng", "Dĩ An", "An Giang", "Bắc Ninh", "Ê Đê") == [
        "An Giang",
        "Ăn",
        "Ân Thi",
        "Bắc Ninh",
        "Dĩ An",
        "Đà Nẵng",
        "Ê Đê",
    ]
    assert ordered("Ưu", "Uông", "Ơn", "Ông", "Ong") == ["Ong", "Ông", "Ơn", "Uông", "Ưu"]


def test_tones_only_break_ties_in_dictionary_order():
    # ngang, huyền, hỏi, ngã, sắc, nặng
    assert ordered("mạ", "má", "mã", "mả", "mà", "ma") == ["ma", "mà", "mả", "mã", "má", "mạ"]
    # a letter difference later in the word beats a tone earlier
    assert ordered("Bà Rịa", "Ba Vì") == ["Bà Rịa", "Ba Vì"]


@pytest.mark.parametrize(("a", "b"), [("Hà Nội", "HÀ NỘI"), ("Hà Nội", "Hà  Nội")])
def test_case_and_spacing_never_change_the_letters_order(a, b):
    assert vietnamese_key(a)[0] == vietnamese_key(b)[0]


def test_decomposed_and_composed_text_sort_the_same():
    import unicodedata

    assert vietnamese_key(unicodedata.normalize("NFD", "Quảng Ngãi")) == vietnamese_key("Quảng Ngãi")


def test_places_are_listed_by_their_names_without_the_kind_of_unit():
    provinces = ["Thành phố Cần Thơ", "Tỉnh Cao Bằng", "Thành phố Hà Nội", "Tỉnh Cà Mau", "Tỉnh An Giang"]
    assert sort_places(provinces) == [
        "Tỉnh An Giang",
        "Tỉnh Cà Mau",
        "Tỉnh Cao Bằng",
        "Thành phố Cần Thơ",
        "Thành phố Hà Nội",
    ]
    communes = ["Xã Tân Thủy", "Phường An Hội", "Đặc khu Côn Đảo", "Xã Bình Đại"]
    assert sort_places(communes) == ["Phường An Hội", "Xã Bình Đại", "Đặc khu Côn Đảo", "Xã Tân Thủy"]


NAMES = [
    "Ân Thi", "Ăn", "Đà Nẵng", "Dĩ An", "An Giang", "Bắc Ninh", "Ê Đê", "Ưu", "Uông", "Ơn", "Ông", "Ong",
    "mạ", "má", "mã", "mả", "mà", "ma", "Bà Rịa", "Ba Vì", "Hà Nội", "HÀ NỘI", "hà nội", "Huế", "Cà Mau",
    "Cao Bằng", "Trà hoa cúc", "Đông trùng hạ thảo", "Dừa sáp", "Kẹo dừa – Hộp 400g", "Kẹo dừa", "Café",
    "100% mật ong", "Zô", "ngõ 5", "",
]  # fmt: skip


def test_the_collation_string_a_database_sorts_gives_vietnamese_order():
    # what the search index's sort column holds: plain text that any database or Elasticsearch orders
    # byte by byte (hex digits only, so no locale collation reorders it) exactly as vietnamese_key does
    assert sorted(NAMES, key=collation_string) == sorted(NAMES, key=vietnamese_key)
    assert all(set(collation_string(name)) <= set("0123456789abcdef") for name in NAMES)
