"""The Google Merchant Center feed (read by Facebook/Instagram and TikTok catalogues too)."""

import re
from xml.etree import ElementTree as ET

import pytest
import wagtail_factories

from catalogue.factories import PackSizeFactory
from catalogue.models import ProductPage

pytestmark = pytest.mark.django_db

G = "{http://base.google.com/ns/1.0}"
FEED = "/feeds/google-merchant.xml"
REQUIRED = [
    "id", "title", "description", "link", "image_link", "availability", "price",
    "brand", "gtin", "condition", "item_group_id", "google_product_category",
]  # fmt: skip


def gtin_is_valid(gtin: str) -> bool:
    """GS1 mod-10: weights 3, 1, 3, … from the digit left of the check digit."""
    if not gtin.isdigit() or len(gtin) not in (8, 12, 13, 14):
        return False
    *payload, check = map(int, gtin)
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(payload)))
    return (10 - total % 10) % 10 == check


def items(client):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    return [{child.tag.removeprefix(G): child.text for child in item} for item in rss.iter("item")]


@pytest.fixture
def photographed(product, second_pack_size):
    product.image = wagtail_factories.ImageFactory()
    product.save()
    return product


@pytest.fixture
def second_pack_size(product):
    return PackSizeFactory(product=product, label="Túi 250g", price=30_000, stock=0)


def test_every_pack_size_is_one_item_with_every_required_field_and_a_valid_gtin(client, photographed):
    found = items(client)
    assert [item["title"] for item in found] == [
        "Kẹo dừa sầu riêng – Hộp 400g",
        "Kẹo dừa sầu riêng – Túi 250g",
    ]
    for item in found:
        assert [name for name in REQUIRED if not (item.get(name) or "").strip()] == []
        assert gtin_is_valid(item["gtin"]), item["gtin"]
        assert re.fullmatch(r"\d+ VND", item["price"])
        assert item["link"] == "http://localhost" + photographed.url
        assert item["image_link"].startswith("http://localhost/media/original_images/")
    assert [(item["price"], item["availability"]) for item in found] == [
        ("45000 VND", "in_stock"),
        ("30000 VND", "out_of_stock"),
    ]
    assert {item["item_group_id"] for item in found} == {str(photographed.pk)}
    assert {item["brand"] for item in found} == {"Công ty TNHH Đông Á"}
    assert {item["google_product_category"] for item in found} == {
        "Food, Beverages & Tobacco > Food Items > Candy & Chocolate"
    }


def test_unpublished_products_and_products_without_a_photo_are_left_out(client, photographed, make_products):
    make_products(1)  # no photo
    hidden = make_products(1)[0]
    hidden.image = photographed.image
    hidden.save()
    hidden.unpublish()
    assert {item["item_group_id"] for item in items(client)} == {str(photographed.pk)}


def test_the_feed_takes_the_same_number_of_queries_for_a_small_and_a_large_catalogue(
    client, photographed, make_products, django_assert_num_queries
):
    def grow(n):
        for made in make_products(n):
            made.image = photographed.image
            made.save()

    grow(2)
    items(client)  # Wagtail caches the site's root paths after the first request
    with django_assert_num_queries(3):
        assert len(items(client)) == 4
    grow(10)
    with django_assert_num_queries(3):
        assert len(items(client)) == 14
    assert ProductPage.objects.live().count() == 13
