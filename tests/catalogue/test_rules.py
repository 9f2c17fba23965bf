"""Pure catalogue rules, without a database: GTINs, OCOP badges and expiry, prices, folding."""

import datetime
import unicodedata

import pytest

from catalogue.certification import Certification
from catalogue.gtin import InvalidGtin, normalize_gtin, short_gtin, with_check_digit
from catalogue.ocop import badge_for, certificate_expiry
from catalogue.templatetags.ocop_tags import vnd
from catalogue.text import ascii_slug, fold


@pytest.mark.parametrize(
    ("entered", "stored"),
    [
        ("8930101001007", "08930101001007"),  # GTIN-13, GS1 Vietnam
        ("08930101001007", "08930101001007"),  # already GTIN-14
        ("96385074", "00000096385074"),  # GTIN-8
        ("036000291452", "00036000291452"),  # GTIN-12 (UPC-A)
        (" 8930101001007 ", "08930101001007"),  # stray spaces from a copy-paste
        ("８９３０１０１００１００７", "08930101001007"),  # typed in full width: stored in ASCII digits
    ],
)
def test_a_gtin_of_any_length_is_stored_as_fourteen_digits(entered, stored):
    assert normalize_gtin(entered) == stored


@pytest.mark.parametrize(
    ("entered", "reason"),
    [
        ("8930101001008", "Số kiểm tra"),  # check digit off by one
        ("893010100100", "8, 12, 13 hoặc 14"),  # 12 digits whose check digit fails
        ("89301010010", "8, 12, 13 hoặc 14"),  # 11 digits
        ("893O101001007", "chỉ gồm chữ số"),  # letter O instead of zero
        ("²²²²²²²²", "chỉ gồm chữ số"),  # digits to str.isdigit, not decimal digits
        ("", "chỉ gồm chữ số"),
        ("893010100100700", "8, 12, 13 hoặc 14"),
    ],
)
def test_an_invalid_gtin_is_rejected_with_a_reason(entered, reason):
    with pytest.raises(InvalidGtin) as error:
        normalize_gtin(entered)
    if len(entered) == 12:
        assert "Số kiểm tra" in str(error.value)
    else:
        assert reason in str(error.value)


def test_check_digit_makes_a_valid_gtin_and_the_short_form_drops_the_padding():
    gtin = with_check_digit("893010100100")
    assert gtin == "8930101001007"
    assert short_gtin(normalize_gtin(gtin)) == gtin


def test_a_certificate_is_valid_for_thirty_six_months_from_the_decision():
    assert certificate_expiry(datetime.date(2023, 12, 20)) == datetime.date(2026, 12, 20)
    assert certificate_expiry(datetime.date(2024, 2, 29)) == datetime.date(2027, 2, 28)


def record(stars, potential_five, decided, state="active"):
    """An unsaved certification record: the badge reads only its fields."""
    return Certification(
        stars=stars,
        potential_five=potential_five,
        level="national" if stars == 5 else "province",
        decision_number="1/QĐ",
        decision_date=decided,
        valid_until=certificate_expiry(decided),
        state=state,
    )


def test_the_badge_shows_the_stars_until_the_day_the_certificate_lapses():
    decided = datetime.date(2023, 12, 20)
    day_before = badge_for(record(5, False, decided), today=datetime.date(2026, 12, 19))
    lapse_day = badge_for(record(5, False, decided), today=datetime.date(2026, 12, 20))
    assert (day_before.expired, day_before.label) == (False, "OCOP 5 sao")
    assert lapse_day.expired is True and not lapse_day.revoked


def test_a_revoked_record_is_never_a_badge_even_before_it_lapses():
    badge = badge_for(record(4, False, datetime.date(2025, 1, 1), "revoked"), today=datetime.date(2025, 6, 1))
    assert badge.expired and badge.revoked


def test_potential_five_stars_is_shown_only_on_a_four_star_product():
    decided = datetime.date(2025, 1, 1)
    today = datetime.date(2025, 6, 1)
    assert badge_for(record(4, True, decided), today=today).label == "OCOP 4 sao · tiềm năng 5 sao"
    assert badge_for(record(5, True, decided), today=today).label == "OCOP 5 sao"
    assert badge_for(record(3, False, decided), today=today).css_class == "stars-3"


def test_a_product_without_stars_has_no_badge():
    assert badge_for(None) is None


@pytest.mark.parametrize(
    ("amount", "shown"),
    [(45_000, "45.000\u00a0₫"), (1_234_567, "1.234.567\u00a0₫"), (500, "500\u00a0₫"), (0, "0\u00a0₫")],
)
def test_prices_are_whole_dong_with_dots_between_thousands(amount, shown):
    assert vnd(amount) == shown


@pytest.mark.parametrize("junk", [None, "", "abc"])
def test_a_missing_or_broken_price_shows_nothing_rather_than_failing(junk):
    assert vnd(junk) == ""


def test_folding_removes_every_vietnamese_mark_including_d_with_stroke():
    assert fold("Kẹo dừa Đông Á") == "keo dua dong a"
    assert fold("Trà hoa vàng ĐẶC SẢN") == "tra hoa vang dac san"
    assert fold(unicodedata.normalize("NFD", "kẹo dừa sầu riêng")) == "keo dua sau rieng"
    assert fold("hoà") == fold("hòa") == "hoa"


def test_slugs_are_ascii_without_marks():
    assert ascii_slug("Kẹo dừa sầu riêng lá dứa") == "keo-dua-sau-rieng-la-dua"
    assert ascii_slug("Bánh mật (Thanh Lâm)!") == "banh-mat-thanh-lam"
