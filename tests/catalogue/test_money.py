"""Prices read the Vietnamese way, from one plain function (no database)."""

import pytest

from catalogue.money import format_vnd, group_thousands


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (45000, "45.000\u00a0₫"),
        (0, "0\u00a0₫"),
        (1_250_000, "1.250.000\u00a0₫"),
        ("120000", "120.000\u00a0₫"),
    ],
)
def test_a_price_is_shown_with_dots_between_thousands_and_the_dong_sign(amount, shown):
    assert format_vnd(amount) == shown


@pytest.mark.parametrize("junk", [None, "", "abc", object()])
def test_junk_is_shown_as_nothing(junk):
    assert format_vnd(junk) == ""


def test_thousands_are_grouped_without_the_sign_for_sentences_that_carry_their_own():
    assert group_thousands(50000) == "50.000"
    assert group_thousands(-1500) == "-1.500"
