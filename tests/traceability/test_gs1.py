"""GS1 Digital Link parsing and payloads: pure rules, no database."""

import datetime

import pytest
from django.test import RequestFactory, override_settings

from traceability import gs1

GTIN13 = "8930000000019"  # 893 prefix, valid check digit
GTIN14 = "0" + GTIN13


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("96385074", "00000096385074"),  # GTIN-8
        ("036000291452", "00036000291452"),  # GTIN-12 (UPC-A)
        (GTIN13, GTIN14),  # GTIN-13
        (GTIN14, GTIN14),  # GTIN-14
    ],
)
def test_gtin_8_12_13_14_are_padded_to_14_digits(raw, expected):
    assert gs1.parse(f"/01/{raw}").gtin == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (GTIN13[:-1] + "0", "Số kiểm tra"),
        ("89300000A0019", "chỉ gồm chữ số"),
        ("893000000001900", "8, 12, 13 hoặc 14"),
        ("12345", "8, 12, 13 hoặc 14"),
    ],
)
def test_bad_gtins_are_rejected_with_a_readable_reason(raw, reason):
    with pytest.raises(gs1.LinkError) as error:
        gs1.parse(f"/01/{raw}/10/L1")
    assert reason in error.value.message


def test_lot_and_query_attributes_are_read():
    link = gs1.parse(f"/01/{GTIN13}/10/L2406-01", "17=270630&linkType=all&utm_source=tem")
    assert link.gtin == GTIN14
    assert link.lot == "L2406-01"
    assert link.attributes == {"17": "270630"}
    assert link.expiry_date == datetime.date(2027, 6, 30)


def test_trailing_slash_changes_nothing():
    assert gs1.parse(f"/01/{GTIN13}/10/L1/") == gs1.parse(f"/01/{GTIN13}/10/L1")
    assert gs1.parse(f"/01/{GTIN13}/") == gs1.parse(f"/01/{GTIN13}")


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/01", ""),
        ("/01/", ""),
        (f"/01/{GTIN13}/10", ""),  # a qualifier without its value
        (f"/01/{GTIN13}/10/", ""),
        (f"/01/{GTIN13}//10/L1", ""),
        (f"/01/{GTIN13}/10/{'A' * 21}", ""),  # AI (10) holds 20 characters at most
        (f"/01/{GTIN13}/10/Lô1", ""),  # outside GS1's character set 82
        (f"/01/{GTIN13}/99/L1", ""),  # not a qualifier of a GTIN
        (f"/01/{GTIN13}/10/L1", "17=271399"),  # month 13
        (f"/01/{GTIN13}/10/a\nb", ""),  # a newline is outside GS1's character set 82
        (f"/01/{GTIN13}/10/L1/21/S\n", ""),
        (f"/01/{GTIN13}\n", ""),  # a form would forgive it; a URL does not
        (f"/01/{GTIN13[:4]} {GTIN13[4:]}", ""),
        ("/01/" + "".join(chr(ord(digit) + 0xFEE0) for digit in GTIN13), ""),  # full-width digits
    ],
)
def test_syntax_errors_raise_link_error(path, query):
    with pytest.raises(gs1.LinkError):
        gs1.parse(path, query)


def test_lot_path_percent_encodes_reserved_characters():
    assert gs1.lot_path(GTIN14, "A B&C") == f"/01/{GTIN14}/10/A%20B%26C"
    assert gs1.lot_path(GTIN14, "L-1.2_3") == f"/01/{GTIN14}/10/L-1.2_3"


def test_a_path_as_sent_gives_its_lot_with_reserved_characters_decoded():
    assert gs1.parse(f"/01/{GTIN14}/10/L%261").lot == "L&1"
    assert gs1.parse(f"/01/{GTIN14}/10/L&1").lot == "L&1"  # "&" needs no encoding in a path


@pytest.mark.parametrize("lot", ["L1%2F21%2FAbC234xyz9", "L1%2f2", "%2F", "%FF%FE", "L%C3"])
def test_an_encoded_slash_or_bytes_that_are_no_utf8_in_a_lot_are_a_link_error(lot):
    with pytest.raises(gs1.LinkError):
        gs1.parse(f"/01/{GTIN14}/10/{lot}")


@override_settings(SITE_URL="https://ocop.example")
def test_lot_uri_is_under_site_url():
    assert gs1.lot_uri(GTIN14, "L1") == f"https://ocop.example/01/{GTIN14}/10/L1"


@pytest.mark.parametrize(
    ("accept", "query", "expected"),
    [
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "", "html"),
        ("*/*", "", "html"),
        ("", "", "html"),
        ("application/ld+json", "", "jsonld"),
        ("application/json", "", "jsonld"),
        ("application/linkset+json", "", "linkset"),
        ("text/html", "linkType=linkset", "linkset"),
        ("text/html", "linkType=all", "linkset"),
        ("application/ld+json", "linkType=all", "linkset"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "format=jsonld", "jsonld"),
        ("application/linkset+json", "format=jsonld", "jsonld"),
    ],
)
def test_content_negotiation(accept, query, expected):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    request = RequestFactory().get(f"/01/{GTIN14}?{query}", **headers)
    assert gs1.wants(request) == expected


@override_settings(SITE_URL="https://ocop.example")
def test_a_lots_linkset_has_its_own_entry_then_the_products():
    data = gs1.linkset(
        gs1.lot_entry(GTIN14, "L1", "Lô L1 – Kẹo dừa"),
        gs1.product_entry(GTIN14, "Kẹo dừa", "https://ocop.example/keo-dua/"),
    )
    lot, product = data["linkset"]
    assert lot["anchor"] == f"https://ocop.example/01/{GTIN14}/10/L1"
    assert lot["itemDescription"] == "Lô L1 – Kẹo dừa"
    assert product["https://gs1.org/voc/pip"] == [
        {"href": "https://ocop.example/keo-dua/", "title": "Kẹo dừa", "type": "text/html", "hreflang": ["vi"]}
    ]
    assert gs1.find_link(data, "https://gs1.org/voc/pip") == "https://ocop.example/keo-dua/"
    assert gs1.find_link(data, "https://gs1.org/voc/defaultLink") == lot["anchor"]
    assert gs1.find_link(data, "https://gs1.org/voc/nosuchlt") is None


@pytest.mark.parametrize(
    "value, expected",
    [
        ("gs1:pip", "https://gs1.org/voc/pip"),
        ("https://www.gs1.org/voc/pip", "https://gs1.org/voc/pip"),
        ("https://ref.gs1.org/voc/traceability", "https://gs1.org/voc/traceability"),
        ("all", "linkset"),
        ("linkset", "linkset"),
        ("schema:foo", "schema:foo"),
    ],
)
def test_link_types_are_read_in_every_gs1_spelling(value, expected):
    request = RequestFactory().get(f"/01/{GTIN14}", {"linkType": value})
    assert gs1.requested_link_type(request) == expected


def test_a_serial_is_parsed_after_the_lot():
    link = gs1.parse(f"/01/{GTIN14}/10/L1/21/AbC234xyz9")
    assert (link.lot, link.serial) == ("L1", "AbC234xyz9")
    assert link.path == f"/01/{GTIN14}/10/L1/21/AbC234xyz9"


@pytest.mark.parametrize("serial", ["a b", "x" * 21, "ừ"])
def test_a_malformed_serial_is_a_link_error(serial):
    with pytest.raises(gs1.LinkError):
        gs1.parse(f"/01/{GTIN14}/10/L1/21/{serial}")


@pytest.mark.parametrize(
    "query", ["10=OTHER", "21=ABCD", "22=V1", "235=X1", "01=" + GTIN14, "17=271231&21=AB"]
)
def test_a_lot_or_serial_after_the_question_mark_is_a_link_error_not_read_over_the_paths(query):
    with pytest.raises(gs1.LinkError) as error:
        gs1.parse(f"/01/{GTIN14}/10/L1", query)
    assert "phải nằm trong đường dẫn" in error.value.message


@pytest.mark.parametrize(
    "path",
    [
        f"/01/{GTIN13}/22/V1/10/L1",
        f"/01/{GTIN13}/22/V1",
        f"/01/{GTIN13}/235/T1",
        f"/01/{GTIN13}/21/S1/235/T1",
    ],
)
def test_a_qualifier_we_do_not_resolve_is_named_not_ignored(path):
    with pytest.raises(gs1.UnsupportedQualifier) as raised:
        gs1.parse(path)
    assert raised.value.gtin == GTIN14
    assert set(gs1.UNSUPPORTED_QUALIFIER_AIS).isdisjoint(
        gs1.resolver_description()["supportedQualifiers"]["01"]
    )
