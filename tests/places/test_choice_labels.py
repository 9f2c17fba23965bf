"""In a list to choose from, a province or commune leads with its name and says its kind after it,
so that typing "Vĩnh" on a keyboard picks "Vĩnh Long (tỉnh)" (every name starting with "Tỉnh" or
"Xã" would leave the browser's type-ahead only "T" and "X")."""

import pytest

from places.choices import choice_label, place_choices


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Tỉnh Vĩnh Long", "Vĩnh Long (tỉnh)"),
        ("Thành phố Hà Nội", "Hà Nội (thành phố)"),
        ("Phường Bến Nghé", "Bến Nghé (phường)"),
        ("Xã An Phú", "An Phú (xã)"),
        ("Đặc khu Phú Quốc", "Phú Quốc (đặc khu)"),
        ("xã Bắc Sơn", "Bắc Sơn (xã)"),  # as the package spells this one
        ("Phường 2 Bảo Lộc", "2 Bảo Lộc (phường)"),
        ("Côn Đảo", "Côn Đảo"),  # a name without its kind stays as it is
    ],
)
def test_a_place_is_labelled_by_its_name_then_its_kind(name, label):
    assert choice_label(name) == label


def test_choices_keep_vietnamese_order_by_name():
    rows = [(1, "Thành phố Cần Thơ"), (2, "Tỉnh Cao Bằng"), (3, "Thành phố Hà Nội"), (4, "Tỉnh Cà Mau")]
    assert place_choices(rows) == [
        (4, "Cà Mau (tỉnh)"),
        (2, "Cao Bằng (tỉnh)"),
        (1, "Cần Thơ (thành phố)"),
        (3, "Hà Nội (thành phố)"),
    ]
