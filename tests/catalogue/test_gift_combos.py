"""Gift combo pages: the tree, what a shopper sees, availability, JSON-LD, search and feed items."""

import json

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.models import Site

from catalogue.combos import (
    GiftComboIndexPage,
    GiftComboPage,
    matching_combos,
    merchant_feed_items,
)
from catalogue.gtin import check_digit
from cms.models import HomePage
from search import indexing
from tests.combos import make_combo

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text(node):
    return node.get_text(" ", strip=True) if node else ""


def test_the_combo_pages_sit_under_the_home_page_on_both_sides_of_the_tree():
    assert GiftComboIndexPage.parent_page_types == ["cms.HomePage"]
    assert GiftComboIndexPage.subpage_types == ["catalogue.GiftComboPage"]
    assert GiftComboPage.parent_page_types == ["catalogue.GiftComboIndexPage"]
    assert GiftComboPage.subpage_types == []
    assert GiftComboIndexPage.max_count == 1
    assert GiftComboIndexPage in HomePage.allowed_subpage_models()
    assert GiftComboPage.allowed_parent_page_models() == [GiftComboIndexPage]


def test_the_combo_page_shows_its_goods_with_links_the_saving_and_an_add_to_cart_button(client, gift_box):
    page = soup(client.get(gift_box.url))
    assert text(page.select_one("h1")) == "Hộp quà kẹo dừa Bến Tre"
    assert text(page.select_one(".combo-price .price")) == "99.000\u00a0₫"
    assert (
        text(page.select_one("#combo-saving")) == "Tiết kiệm 21.000\u00a0₫ (18%) so với mua lẻ 120.000\u00a0₫"
    )
    assert text(page.select_one("#combo-availability")) == "Còn đủ hàng cho 6 gói"
    rows = [text(li.select_one(".pack-main span")) for li in page.select(".combo-components li")]
    assert rows == ["2 × Kẹo dừa sầu riêng – Hộp 400g", "1 × Trà hoa vàng – Hộp 50g"]
    links = [a["href"] for a in page.select(".combo-components a")]
    assert links == ["/chu-the/dong-a/keo-dua-sau-rieng/", "/chu-the/truong-son/tra-hoa-vang/"]
    form = page.select_one("form.add-to-cart")
    assert form["action"] == "/gio-hang/goi-qua/them/"
    assert form.select_one("input[name=combo]")["value"] == str(gift_box.pk)
    assert form.select_one("input[name=quantity]")["max"] == "6"


def test_the_combo_is_not_for_sale_when_one_component_lacks_stock_for_a_box(client, gift_box, product):
    product.pack_sizes.update(stock=1)  # two needed per box
    page = soup(client.get(gift_box.url))
    assert text(page.select_one("#combo-availability")) == "Tạm hết hàng: một sản phẩm trong gói đã hết."
    assert page.select_one("form.add-to-cart") is None
    assert not GiftComboPage.objects.get(pk=gift_box.pk).is_available


def test_the_combo_is_not_for_sale_when_a_component_product_is_unpublished(client, gift_box, tea_pack):
    tea_pack.product.unpublish()
    combo = GiftComboPage.objects.get(pk=gift_box.pk)
    assert (combo.available_count, combo.is_available) == (0, False)
    assert soup(client.get(gift_box.url)).select_one("form.add-to-cart") is None


def test_the_combo_is_not_for_sale_when_a_component_pack_was_deleted(gift_box, tea_pack):
    tea_pack.delete()
    combo = GiftComboPage.objects.get(pk=gift_box.pk)
    assert combo.component_list[1].pack_size is None
    assert not combo.is_available


def test_the_combo_page_describes_itself_as_a_product_with_one_offer(client, gift_box, tea_pack, product):
    [script] = soup(client.get(gift_box.url)).select("script[type='application/ld+json']")
    data = json.loads(script.string)
    assert data["@type"] == "Product"
    assert data["name"] == "Hộp quà kẹo dừa Bến Tre"
    assert data["offers"] == {
        "@type": "Offer",
        "price": 99_000,
        "priceCurrency": "VND",
        "availability": "https://schema.org/InStock",
        "url": Site.objects.get(is_default_site=True).root_url + "/qua-tang/hop-qua-keo-dua/",
    }
    assert [part["name"] for part in data["isRelatedTo"]] == [
        "Kẹo dừa sầu riêng – Hộp 400g",
        "Trà hoa vàng – Hộp 50g",
    ]


def test_the_index_lists_combo_cards_in_a_fixed_number_of_queries(
    client, combo_index, gift_box, product, tea_pack, combo_image, django_assert_num_queries
):
    gift_box.image = combo_image
    gift_box.save()
    client.get(combo_index.url)  # renditions are made on the first view; per-process caches warmed
    # The page (routed in one query), the combos, their components, images and card renditions.
    with django_assert_num_queries(5):
        response = client.get(combo_index.url)
    assert [text(h) for h in soup(response).select(".combo-card .card-title")] == ["Hộp quà kẹo dừa Bến Tre"]
    for n in range(3):
        make_combo(combo_index, {tea_pack: 1}, price=25_000, title=f"Trà {n}", image=combo_image)
    client.get(combo_index.url)
    with django_assert_num_queries(5):
        response = client.get(combo_index.url)
    cards = soup(response).select(".combo-card")
    assert len(cards) == 4
    assert text(cards[0].select_one(".card-price")) == "99.000\u00a0₫ tiết kiệm 21.000\u00a0₫"
    assert all(card.select_one("img") for card in cards)


def test_a_combo_is_found_by_its_title_without_diacritics_and_by_its_products(gift_box):
    assert matching_combos("hop qua") == [gift_box]
    assert matching_combos("HỘP QUÀ kẹo") == [gift_box]
    assert matching_combos("tra hoa") == [gift_box]  # a component's product
    assert matching_combos("qua tet") == [gift_box]  # its summary
    assert matching_combos("banh mat") == []
    assert matching_combos("   ") == []


@pytest.mark.parametrize("typed", ["quà tặng", "qua tang", "gói quà", "quà tặng kẹo dừa"])
def test_a_gift_query_finds_the_gift_combos(gift_box, typed):
    # "Hộp quà kẹo dừa" says neither "tặng" nor "gói": it is found as what it is, a gift combo.
    assert matching_combos(typed) == [gift_box]


def test_a_combo_query_splits_words_as_the_product_search_does(gift_box):
    # The search page finds products for "kẹo 🍬" (symbols and punctuation are not words); the combo
    # above them must not need the emoji in its own text.
    assert matching_combos("kẹo 🍬") == [gift_box]
    assert matching_combos("hộp-quà, kẹo!") == [gift_box]
    assert matching_combos("🍬 !!") == []


def test_an_unpublished_combo_is_not_found(gift_box):
    gift_box.unpublish()
    assert matching_combos("hop qua") == []


def test_feed_items_carry_every_required_field_and_the_main_products_gtin(gift_box, product, combo_image):
    product.image = None  # the main product's picture would stand in for the combo's
    product.save()
    assert list(merchant_feed_items("https://ocop.example/")) == []  # no picture: channels refuse it
    gift_box.image = combo_image
    gift_box.save_revision().publish()
    [item] = list(merchant_feed_items("https://ocop.example/"))
    fields = item.as_dict()
    assert fields["g:id"] == f"combo-{gift_box.pk}"
    assert fields["g:link"] == "https://ocop.example/qua-tang/hop-qua-keo-dua/"
    assert fields["g:price"] == "99000 VND"
    assert fields["g:availability"] == "in_stock"
    assert fields["g:is_bundle"] == "yes"
    assert fields["g:brand"] == "Công ty TNHH Đông Á"  # the kẹo dừa (90.000 of 120.000) is the main product
    assert fields["g:gtin"] == product.pack_sizes.get().gtin13
    assert int(fields["g:gtin"][-1]) == check_digit(fields["g:gtin"][:-1])
    assert fields["g:image_link"].startswith("https://ocop.example/media/original_images/")
    assert fields["g:item_group_id"] == f"combo-{gift_box.pk}"
    assert fields["g:google_product_category"] == "Food, Beverages & Tobacco > Food Items > Candy & Chocolate"
    required = ["id", "title", "description", "link", "availability", "price", "brand", "gtin", "condition"]
    assert all(fields[f"g:{key}"] for key in required)


def test_the_search_page_shows_the_combos_a_query_finds(client, gift_box):
    page = soup(client.get("/search/", {"q": "hop qua keo dua"}))
    assert [text(h) for h in page.select(".matching-combos .card-title")] == ["Hộp quà kẹo dừa Bến Tre"]
    assert page.select_one(".matching-combos a")["href"] == gift_box.url
    assert soup(client.get("/search/", {"q": "nem chua"})).select_one(".matching-combos") is None
    assert soup(client.get("/search/")).select_one(".matching-combos") is None


def test_a_search_finding_combos_and_products_runs_8_queries_whatever_it_finds(
    client, gift_box, combo_image, django_assert_num_queries
):
    gift_box.image = combo_image
    gift_box.save()
    indexing.rebuild()
    client.get("/search/", {"q": "keo dua"})  # warm the per-site caches and the category titles
    # facet counts (2), the page of ids, the product cards, the combo cards and their components,
    # and one query for both listings' images and one for their renditions
    with django_assert_num_queries(8):
        page = soup(client.get("/search/", {"q": "keo dua"}))
    assert [text(h) for h in page.select(".matching-combos .card-title")] == ["Hộp quà kẹo dừa Bến Tre"]
    assert "Kẹo dừa sầu riêng" in [text(h) for h in page.select(".product-card .card-title")]
    assert page.select(".matching-combos img.card-img") and page.select(".product-card img.card-img")


def test_the_read_only_api_lists_a_combo_with_its_price_and_components(client, gift_box, tea_pack):
    response = client.get("/api/v2/pages/", {"type": "catalogue.GiftComboPage", "fields": "*"})
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert (item["title"], item["price"]) == ("Hộp quà kẹo dừa Bến Tre", 99_000)
    assert [(c["pack_size"]["id"], c["quantity"]) for c in item["components"]][1] == (tea_pack.pk, 1)


def test_the_combo_page_is_served_from_the_page_cache_and_adds_to_the_cart_without_a_token(
    client, gift_box, page_cache
):
    first = client.get(gift_box.url)
    assert (first.status_code, first["X-Page-Cache"]) == (200, "miss")
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert "csrftoken" not in first.cookies
    assert client.get(gift_box.url)["X-Page-Cache"] == "hit"

    browser = Client(enforce_csrf_checks=True)  # as a browser that never got a CSRF cookie
    data = {"combo": gift_box.pk, "quantity": 1, "next": gift_box.url}
    forged = browser.post("/gio-hang/goi-qua/them/", data, HTTP_ORIGIN="https://evil.example")
    assert forged.status_code == 403
    assert "cart_count" not in forged.cookies
    added = browser.post("/gio-hang/goi-qua/them/", data, HTTP_ORIGIN="http://testserver")
    assert (added.status_code, added["Location"]) == (302, gift_box.url)
    assert added.cookies["cart_count"].value == "1"


def test_a_cached_combo_page_changes_when_a_components_stock_or_price_does(
    client, gift_box, product, page_cache, django_capture_on_commit_callbacks
):
    assert client.get(gift_box.url)["X-Page-Cache"] == "miss"
    assert client.get(gift_box.url)["X-Page-Cache"] == "hit"
    pack = product.pack_sizes.get()
    with django_capture_on_commit_callbacks(execute=True):
        pack.stock = 1  # two needed per box: sold out, as the stock screen would save it
        pack.save()
    page = client.get(gift_box.url)
    assert page["X-Page-Cache"] == "miss"
    assert (
        text(soup(page).select_one("#combo-availability")) == "Tạm hết hàng: một sản phẩm trong gói đã hết."
    )


def test_the_combo_json_ld_picture_is_on_the_sites_origin_whatever_host_was_asked(
    client, gift_box, combo_image, settings
):
    from catalogue.origin import sync_default_site

    settings.SITE_URL = "http://127.0.0.1:8106"
    sync_default_site()  # as every migrate does: the Site follows SITE_URL
    gift_box.image = combo_image
    gift_box.save_revision().publish()
    [script] = soup(client.get(gift_box.url, HTTP_HOST="localhost:8106")).select(
        "script[type='application/ld+json']"
    )
    data = json.loads(script.string)
    assert data["url"] == "http://127.0.0.1:8106/qua-tang/hop-qua-keo-dua/"
    assert data["image"].startswith("http://127.0.0.1:8106/media/images/"), data["image"]


def hide(product, how):
    """Take the product out of public view: unpublished, or under a password in its Privacy."""
    from wagtail.models import PageViewRestriction

    if how == "unpublished":
        product.unpublish()
    else:
        PageViewRestriction.objects.create(page=product, restriction_type="password", password="x")


@pytest.mark.parametrize("how", ["unpublished", "restricted"])
def test_a_component_whose_product_is_not_public_is_named_without_a_link_or_its_data(
    client, gift_box, tea_pack, how
):
    tea = tea_pack.product
    hide(tea, how)
    response = client.get(gift_box.url)
    components = soup(response).select(".combo-components .pack-size")
    assert [text(c.select_one(".pack-main")) for c in components][1].startswith("1 × Trà hoa vàng – Hộp 50g")
    assert [a["href"] for c in components for a in c.select("a")] == ["/chu-the/dong-a/keo-dua-sau-rieng/"]
    assert "30.000" not in text(components[1])  # its price is the hidden product's
    [script] = soup(response).select("script[type='application/ld+json']")
    related = json.loads(script.string)["isRelatedTo"]
    assert [part["name"] for part in related] == ["Kẹo dừa sầu riêng – Hộp 400g"]
    assert tea.url not in script.string
    api = client.get(
        "/api/v2/pages/", {"type": "catalogue.GiftComboPage", "fields": "components(pack_size(*))"}
    )
    [item] = api.json()["items"]
    packs = [component["pack_size"] for component in item["components"]]
    assert packs[0]["sku"] == gift_box.component_list[0].pack_size.sku
    assert packs[1] is None
    assert tea_pack.sku not in api.content.decode() and tea_pack.gtin not in api.content.decode()
