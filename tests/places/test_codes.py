"""Province and commune codes from visitors' input: a code or nothing, never an exception."""

from hypothesis import given
from hypothesis import strategies as st

from places.codes import parse_code


def test_a_code_is_read_from_text_or_a_number():
    assert parse_code("86") == 86
    assert parse_code(" 26734 ") == 26734
    assert parse_code(1) == 1


def test_what_is_no_code_is_none():
    for value in (None, "", "-1", "1e3", "８６", "²", "٣", "123456", "99999999999999999999", "86\x00"):
        assert parse_code(value) is None, value


@given(st.text(max_size=12))
def test_any_text_is_a_code_or_none(text):
    code = parse_code(text)
    stripped = text.strip()
    assert code is None or (str(code) == stripped.lstrip("0") or (code == 0 and set(stripped) == {"0"}))
