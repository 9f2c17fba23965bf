"""A shopper (or a shop assistant at the counter) types the number under a pack's barcode, as the product
page prints it ("GTIN 8930101001014") or as the QR codes carry it (14 digits): the search page and the
suggestions find that pack's product, on every engine."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from catalogue.factories import PackSizeFactory
from catalogue.gtin import short_gtin
from search.query import parse_query
from tests.search.conftest import reindex
from tests.search.results import get, titles


def printed_gtin(product) -> str:
    """The GTIN-13 the product page prints under "GTIN" for the product's first pack."""
    return short_gtin(product.pack_sizes.first().gtin)


def spaced(digits: str) -> str:
    return f"{digits[:3]} {digits[3:7]} {digits[7:]}"


@pytest.mark.parametrize(
    "typed",
    [
        lambda gtin: gtin,  # GTIN-13, as printed under the barcode
        lambda gtin: "0" + gtin,  # GTIN-14, as the QR code's Digital Link carries it
        lambda gtin: spaced(gtin),  # read out in groups
        lambda gtin: f"GTIN {gtin}",  # copied from the product page
    ],
    ids=["13 digits", "14 digits", "with spaces", "copied with its label"],
)
def test_the_number_under_a_packs_barcode_finds_its_product(client, catalogue, typed):
    honey = catalogue["mat_ong"]
    response = get(client, q=typed(printed_gtin(honey)))
    assert titles(response) == ["Mật ong rừng Hoà Bình"]
    assert response.context["searched_for"] == typed(printed_gtin(honey))
    suggested = client.get(reverse("search:suggest"), {"q": typed(printed_gtin(honey))}).json()
    assert [s["title"] for s in suggested["suggestions"]] == ["Mật ong rừng Hoà Bình"]


def test_a_barcode_with_another_word_finds_the_product_only_when_the_word_fits(client, catalogue):
    gtin = printed_gtin(catalogue["tra_xanh"])
    assert titles(get(client, q=f"trà {gtin}")) == ["Trà xanh Tân Cương"]
    assert titles(get(client, q=f"mật ong {gtin}")) == []


def test_a_barcode_no_pack_carries_finds_nothing_and_offers_no_near_match(client, catalogue):
    response = get(client, q="8934567890120")  # a valid GTIN-13 of no pack here
    assert titles(response) == []
    assert response.context["search"].near == []
    assert client.get(reverse("search:suggest"), {"q": "8934567890120"}).json() == {"suggestions": []}


def test_a_barcode_with_a_filter_that_leaves_nothing_offers_its_product_without_the_filter(client, catalogue):
    response = get(client, q=printed_gtin(catalogue["mat_ong"]), stars="5")
    assert titles(response) == []
    assert response.context["search"].found_without_filters == 1


def card_prices(response) -> list[str]:
    page = BeautifulSoup(response.content, "html.parser")
    return [" ".join(p.get_text().split()) for p in page.select(".product-card .card-price")]


def test_a_barcode_searched_shows_that_packs_price_not_the_cheapest_packs(client, catalogue):
    candy = catalogue["sau_rieng"]  # Hộp 400g at 45.000 ₫
    box = candy.pack_sizes.get()
    PackSizeFactory(product=candy, label="Túi 250g", price=32_000, stock=4)
    reindex()
    assert card_prices(get(client, q="keo dua sau rieng")) == ["từ 32.000 ₫"]
    assert card_prices(get(client, q=short_gtin(box.gtin))) == ["Hộp 400g: 45.000 ₫"]


def test_a_barcode_searched_says_when_that_pack_is_sold_out(client, catalogue):
    candy = catalogue["sau_rieng"]
    box = candy.pack_sizes.get()
    type(box).objects.filter(pk=box.pk).update(stock=0)
    PackSizeFactory(product=candy, label="Túi 250g", price=32_000, stock=4)
    reindex()
    assert card_prices(get(client, q=short_gtin(box.gtin))) == ["Hộp 400g: 45.000 ₫ Hết hàng"]


def test_the_api_search_finds_the_product_by_its_barcode_and_nothing_else(client, catalogue):
    gtin = printed_gtin(catalogue["mat_ong"])
    response = client.get("/api/v2/pages/", {"search": gtin, "type": "catalogue.ProductPage"})
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Mật ong rừng Hoà Bình"]


@pytest.mark.parametrize(
    ("typed", "gtins"),
    [
        ("8930101001014", ("08930101001014",)),
        ("08930101001014", ("08930101001014",)),
        ("893 0101 001014", ("08930101001014",)),
        ("８９３０１０１００１０１４", ("08930101001014",)),  # full-width digits
        ("96385074", ("00000096385074",)),  # GTIN-8
        ("012345678905", ("00012345678905",)),  # GTIN-12 (UPC-A)
        ("kẹo 400 8930101001014", ("08930101001014",)),
        ("8930101001015", ()),  # wrong check digit: a number, not a barcode
        ("12345", ()),
    ],
)
def test_a_barcode_is_read_from_the_words_in_its_14_digit_form(typed, gtins):
    query = parse_query({"q": typed})
    assert query.gtins == gtins
    if gtins:
        assert not any(term.isdecimal() and len(term) >= 8 for term in query.terms)


def test_a_number_that_is_no_barcode_is_still_searched_as_a_word():
    assert parse_query({"q": "8930101001015"}).terms == ["8930101001015"]
    assert parse_query({"q": "kẹo 400 8930101001014"}).terms == ["keo", "400"]
