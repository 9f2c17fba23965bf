"""The Google Merchant Center feed (read by Facebook/Instagram and TikTok catalogues too)."""

import re
from xml.etree import ElementTree as ET

import pytest
import wagtail_factories
from wagtail.models import Site

from catalogue.factories import PackSizeFactory
from catalogue.models import ProductPage
from tests.combos import make_combo

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


def root() -> str:
    """The Site's origin (it follows SITE_URL): the feed's links are absolute on it."""
    return Site.objects.get(is_default_site=True).root_url.rstrip("/")


def items(client):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    return [
        {child.tag.removeprefix(G): child.text for child in item if child.tag.startswith(G)}
        for item in rss.iter("item")
    ]


def plain_rss(client):
    """Each item's plain RSS 2.0 elements (no namespace), with the guid's isPermaLink."""
    rss = ET.fromstring(client.get(FEED).content)  # noqa: S314 (our own feed)
    return [
        {
            **{child.tag: child.text for child in item if not child.tag.startswith("{")},
            "isPermaLink": item.find("guid").get("isPermaLink") if item.find("guid") is not None else None,
        }
        for item in rss.iter("item")
    ]


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
    assert_every_item_is_complete(found)
    for item in found:
        assert item["link"] == root() + photographed.url
        assert item["image_link"].startswith(root() + "/media/original_images/")
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
    unphotographed = make_products(1)[0]
    unphotographed.image = None
    unphotographed.save()
    hidden = make_products(1)[0]
    hidden.image = photographed.image
    hidden.save()
    hidden.unpublish()
    assert {item["item_group_id"] for item in items(client)} == {str(photographed.pk)}


def assert_every_item_is_complete(found):
    for item in found:
        assert [name for name in REQUIRED if not (item.get(name) or "").strip()] == [], item
        assert gtin_is_valid(item["gtin"]), item["gtin"]
        assert re.fullmatch(r"\d+ VND", item["price"]), item["price"]
        assert item["availability"] in {"in_stock", "out_of_stock"}
        assert item["link"].startswith(root() + "/")
        assert item["image_link"].startswith(root() + "/media/")


def test_a_gift_combo_is_one_bundle_item_with_every_required_field(
    client, gift_box, photographed, combo_image
):
    gift_box.image = combo_image
    gift_box.save_revision().publish()
    found = items(client)
    assert_every_item_is_complete(found)
    combo = found[-1]
    assert (combo["id"], combo["title"], combo["is_bundle"]) == (
        f"combo-{gift_box.pk}",
        "Hộp quà kẹo dừa Bến Tre",
        "yes",
    )
    assert combo["link"] == root() + "/qua-tang/hop-qua-keo-dua/"
    assert combo["image_link"].startswith(root() + "/media/original_images/")
    assert (combo["price"], combo["availability"]) == ("99000 VND", "in_stock")
    assert combo["item_group_id"] == f"combo-{gift_box.pk}"
    # The main product (2 × 45.000 of 120.000) gives the brand, GTIN and Google category.
    assert combo["brand"] == "Công ty TNHH Đông Á"
    assert combo["gtin"] == photographed.pack_sizes.order_by("sort_order", "pk").first().gtin13
    assert combo["google_product_category"] == "Food, Beverages & Tobacco > Food Items > Candy & Chocolate"
    # Every other item is a pack size, grouped by its product.
    assert {item["item_group_id"] for item in found[:-1]} == {str(photographed.pk)}


def test_a_combo_whose_component_ran_out_stays_listed_as_out_of_stock(client, gift_box, photographed):
    photographed.pack_sizes.filter(label="Hộp 400g").update(stock=1)  # two go in one box
    combo = items(client)[-1]
    assert (combo["id"], combo["availability"]) == (f"combo-{gift_box.pk}", "out_of_stock")
    # Without its own picture it shows the main product's.
    assert combo["image_link"] == root() + photographed.image.file.url


def test_an_unpublished_combo_or_one_with_no_picture_at_all_is_left_out(
    client, gift_box, photographed, tea_pack, combo_index
):
    make_combo(combo_index, {tea_pack: 2}, title="Hộp trà", slug="hop-tra")  # the tea has no photo
    assert [item["id"] for item in items(client) if item["id"].startswith("combo-")] == [
        f"combo-{gift_box.pk}"
    ]
    gift_box.unpublish()
    assert [item["id"] for item in items(client) if item["id"].startswith("combo-")] == []


def test_the_feed_takes_the_same_number_of_queries_for_a_small_and_a_large_catalogue(
    client, photographed, make_products, django_assert_num_queries, combo_index, tea_pack
):
    def grow(n):
        for made in make_products(n):
            made.image = photographed.image
            made.save()
            make_combo(combo_index, {made.pack_sizes.get(): 1, tea_pack: 1}, title=made.title, slug=made.slug)

    grow(2)
    items(client)  # Wagtail caches the site's root paths after the first request
    # Pack sizes, categories; combos, their components, the components' categories (the Site comes
    # from the page cache's routing cache).
    with django_assert_num_queries(5):
        found = items(client)
    assert len(found) == 4 + 2
    assert_every_item_is_complete(found)
    grow(10)
    with django_assert_num_queries(5):
        found = items(client)
    assert len(found) == 14 + 12
    assert_every_item_is_complete(found)
    assert ProductPage.objects.live().count() == 14  # the tea (no photo) is in combos only


def test_a_description_that_repeats_the_summary_is_given_once(client, photographed):
    photographed.summary = "Bánh nếp nhân đậu xanh."
    photographed.description = "<p>Bánh nếp nhân đậu xanh.</p><p>Gói lá chuối &amp; hấp chín.</p>"
    photographed.save()
    assert {item["description"] for item in items(client)} == {
        "Bánh nếp nhân đậu xanh. Gói lá chuối & hấp chín."
    }
    photographed.description = "<p>Gói lá chuối, hấp chín.</p>"  # different words: both, summary first
    photographed.save()
    assert {item["description"] for item in items(client)} == {
        "Bánh nếp nhân đậu xanh. Gói lá chuối, hấp chín."
    }
    photographed.description = ""
    photographed.save()
    assert {item["description"] for item in items(client)} == {"Bánh nếp nhân đậu xanh."}


@pytest.mark.parametrize(
    ("title", "google"),
    [
        ("Rượu đông trùng hạ thảo", "Food, Beverages & Tobacco > Beverages > Alcoholic Beverages"),
        ("RƯỢU NẾP CÁI HOA VÀNG", "Food, Beverages & Tobacco > Beverages > Alcoholic Beverages"),
        (
            "Mật ong đông trùng hạ thảo",
            "Food, Beverages & Tobacco > Food Items > Condiments & Sauces > Honey",
        ),
        ("Nấm đông trùng hạ thảo sấy", "Food, Beverages & Tobacco > Food Items"),
    ],
)
def test_honey_and_rice_wine_sharing_a_category_get_their_own_google_category(
    client, photographed, category, title, google
):
    category.slug = "mat-ong-ruou"
    category.save()
    photographed.title = title
    photographed.save()
    assert {item["google_product_category"] for item in items(client)} == {google}


def test_every_item_is_plain_rss_too_with_a_title_link_description_and_a_guid_that_is_its_id(
    client, gift_box, photographed
):
    g_items, rss_items = items(client), plain_rss(client)
    assert len(rss_items) == len(g_items) == 3  # two pack sizes and the combo
    for g, rss in zip(g_items, rss_items, strict=True):
        assert rss == {
            "title": g["title"],
            "link": g["link"],
            "description": g["description"],
            "guid": g["id"],
            "isPermaLink": "false",
        }


def test_a_feed_reader_that_has_the_feed_gets_304_until_it_changes(client, photographed):
    first = client.get(FEED)
    assert first.status_code == 200 and first["ETag"]
    again = client.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again.content) == (304, b"")
    pack = photographed.pack_sizes.get(label="Túi 250g")
    pack.price = 31_000
    pack.save()
    changed = client.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert "31000 VND" in changed.content.decode()


def restrict(page):
    from wagtail.models import PageViewRestriction

    return PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")


@pytest.mark.parametrize("page", ["product", "producer"])
def test_a_product_under_a_password_or_sign_in_is_left_out(client, photographed, producer, page):
    restrict(photographed if page == "product" else producer)
    assert items(client) == []


def test_a_combo_never_gives_a_restricted_components_gtin_and_is_left_out_when_all_are(
    client, gift_box, photographed, tea_pack
):
    tea_pack.product.image = photographed.image
    tea_pack.product.save()
    restrict(photographed)  # the main component (2 × 45.000)
    [combo] = [item for item in items(client) if item["id"].startswith("combo-")]
    assert (combo["gtin"], combo["brand"]) == (tea_pack.gtin13, "HTX dược liệu Trường Sơn")
    restrict(tea_pack.product)
    assert items(client) == []
