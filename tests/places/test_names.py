"""Place names as shoppers type them, from an address written in words: pure rules, no database."""

import unicodedata

import pytest

from places.names import place_names


@pytest.mark.parametrize(
    ("written", "names"),
    [
        ("xã Yên Sơn, huyện Lục Nam, tỉnh Bắc Giang cũ", ["Yên Sơn", "Lục Nam", "Bắc Giang"]),
        ("thành phố Bến Tre, tỉnh Bến Tre cũ", ["Bến Tre"]),
        ("Phường 7, TP. Bến Tre cũ", ["7", "Bến Tre"]),
        ("thị xã Sơn Tây, Thị trấn Phùng", ["Sơn Tây", "Phùng"]),
        ("TỈNH TRÀ VINH CŨ", ["TRÀ VINH"]),
        ("huyện Củ Chi cũ", ["Củ Chi"]),  # "Củ" is a name, "cũ" the mark of a former one
        ("", []),
    ],
)
def test_an_address_in_words_names_its_places_without_the_unit_words(written, names):
    assert place_names(written) == names


def test_decomposed_text_from_some_keyboards_reads_the_same():
    assert place_names(unicodedata.normalize("NFD", "huyện Lục Nam, tỉnh Bắc Giang cũ")) == [
        "Lục Nam",
        "Bắc Giang",
    ]
