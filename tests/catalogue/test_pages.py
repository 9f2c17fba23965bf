"""What a shopper sees on each page type, read from the rendered HTML."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup

from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory, StorePageFactory
from catalogue.models import PackSize
from cms.models import StandardPage

pytestmark = pytest.mark.django_db


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def json_ld_of(soup):
    return json.loads(soup.select_one('script[type="application/ld+json"]').string)


def test_product_page_shows_price_stars_certificate_and_producer(client, product):
    soup = soup_of(client.get(product.url))
    assert soup.h1.text == "Kẹo dừa sầu riêng"
    assert soup.select_one(".pack-size .price").text == "45.000\u00a0₫"
    assert "OCOP 5 sao" in soup.select_one(".badge").text
    certificate = soup.select_one(".certificate").text
    assert product.certification.decision_number in certificate
    valid_until = product.badge.valid_until.strftime("%d/%m/%Y")
    assert valid_until in certificate
    assert soup.select_one(".producer-line a").text == "Công ty TNHH Đông Á"
    assert "Còn 12 sản phẩm" in soup.select_one(".pack-meta").text


def test_product_page_groups_the_stock_count_in_thousands(client, product):
    PackSize.objects.filter(product=product).update(stock=1500)
    assert soup_of(client.get(product.url)).select_one(".pack-meta .stock-in").text == "Còn 1.500 sản phẩm"


def test_product_page_names_where_the_producer_was_before_the_2025_merger(client, producer, product):
    # What search finds it by too: "kẹo dừa bến tre" lists this Vĩnh Long product.
    producer.former_address = "thành phố Bến Tre, tỉnh Bến Tre cũ"
    producer.save_revision().publish()
    line = soup_of(client.get(product.url)).select_one(".producer-line").get_text(" ", strip=True)
    assert line == "Chủ thể: Công ty TNHH Đông Á · Vĩnh Long (thành phố Bến Tre, tỉnh Bến Tre cũ)"


def test_an_expired_certificate_shows_as_expired_not_as_a_star_badge(client, producer, category):
    old = ProductPageFactory(
        parent=producer,
        slug="xa-bong",
        ocop_stars=4,
        ocop_decision_date=datetime.date(2020, 6, 10),
        categories=[category],
    )
    PackSizeFactory(product=old)
    soup = soup_of(client.get(old.url))
    assert soup.select_one(".badge-expired").text == "Chứng nhận OCOP đã hết hạn"
    assert not soup.select(".badge-stars-4")
    assert "Hết hiệu lực từ" in soup.select_one(".certificate").text


def test_a_sold_out_pack_says_so(client, product):
    product.pack_sizes.update(stock=0)
    soup = soup_of(client.get(product.url))
    assert soup.select_one(".pack-meta .stock-out").text == "Hết hàng"


def test_product_page_carries_schema_org_product_json_ld(client, product):
    data = json_ld_of(soup_of(client.get(product.url)))
    pack = product.pack_sizes.get()
    assert data["@type"] == "Product"
    assert data["name"] == "Kẹo dừa sầu riêng"
    assert data["gtin13"] == pack.gtin13
    assert data["brand"] == {"@type": "Brand", "name": "Công ty TNHH Đông Á"}
    assert data["offers"][0] | {} == {
        "@type": "Offer",
        "name": "Hộp 400g",
        "sku": pack.sku,
        "gtin13": pack.gtin13,
        "price": 45_000,
        "priceCurrency": "VND",
        "availability": "https://schema.org/InStock",
        "url": data["url"],
    }


def test_json_ld_cannot_be_broken_out_of_by_a_title(client, product):
    product.title = "Kẹo </script><script>alert(1)</script>"
    product.save()
    html = client.get(product.url).content.decode()
    assert "</script><script>alert(1)" not in html
    assert json_ld_of(BeautifulSoup(html, "html.parser"))["name"] == product.title


def test_producer_page_tells_the_story_place_and_lists_its_products(client, producer, product):
    producer.former_address = "thành phố Bến Tre, tỉnh Bến Tre cũ"
    producer.story = [("paragraph", "<p>Từ lò kẹo thủ công năm 1998.</p>")]
    producer.save()
    soup = soup_of(client.get(producer.url))
    assert soup.h1.text == "Công ty TNHH Đông Á"
    assert soup.select_one(".producer-kind").text.startswith("Công ty, doanh nghiệp")
    facts = soup.select_one(".facts").text
    assert "Tỉnh Vĩnh Long" in facts and "thành phố Bến Tre, tỉnh Bến Tre cũ" in facts
    assert "Từ lò kẹo thủ công năm 1998." in soup.select_one(".story").text
    assert [a.text for a in soup.select(".product-card .card-title")] == ["Kẹo dừa sầu riêng"]


def test_category_page_lists_its_live_products_with_price_and_badge(client, category, product):
    soup = soup_of(client.get(category.url))
    card = soup.select_one(".product-card")
    assert card.select_one(".card-title").text == "Kẹo dừa sầu riêng"
    assert "45.000" in card.select_one(".card-price").text
    assert "OCOP 5 sao" in card.select_one(".badge").text


def test_index_pages_list_categories_and_producers(
    client, category_index, category, producer_index, producer
):
    assert [h.text for h in soup_of(client.get(category_index.url)).select(".card-title")] == ["Kẹo dừa"]
    assert [h.text for h in soup_of(client.get(producer_index.url)).select(".card-title")] == [
        "Công ty TNHH Đông Á"
    ]


def test_home_page_features_five_star_products_first(client, home, producer, category, product):
    four = ProductPageFactory(parent=producer, title="Kẹo dừa lá dứa", ocop_stars=4, categories=[category])
    PackSizeFactory(product=four)
    titles = [h.text for h in soup_of(client.get(home.url)).select(".product-card .card-title")]
    assert titles == ["Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"]


def test_standard_page_renders_its_body(client, home):
    page = home.add_child(
        instance=StandardPage(
            title="Về chương trình OCOP", slug="ocop", body=[("paragraph", "<p>244 sản phẩm</p>")]
        )
    )
    assert "244 sản phẩm" in soup_of(client.get(page.url)).text


def test_sitemap_lists_every_public_page(client, product, category, producer):
    draft = ProductPageFactory(parent=producer, slug="chua-ban", live=False)
    xml = client.get("/sitemap.xml").content.decode()
    for page in (product, category, producer):
        assert page.full_url in xml
    assert "chua-ban" not in xml and draft.slug == "chua-ban"


def test_an_unknown_address_gets_a_helpful_404_page(client, home):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    assert 'href="/search/"' in response.content.decode()


def test_the_site_is_vietnamese_even_for_an_english_browser(client, product):
    response = client.get(product.url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "vi"
    assert "Quy cách và giá" in response.content.decode()


def test_a_visitor_who_chooses_english_gets_the_interface_in_english(client, product):
    client.post("/i18n/setlang/", {"language": "en", "next": product.url})
    response = client.get(product.url)
    assert response.headers["Content-Language"] == "en"
    assert "Pack sizes and prices" in response.content.decode()
    assert "Kẹo dừa sầu riêng" in response.content.decode()  # content stays in Vietnamese


def test_the_json_api_lists_products_with_stars_and_pack_sizes(client, product):
    response = client.get(
        "/api/v2/pages/", {"type": "catalogue.ProductPage", "fields": "ocop_stars,pack_sizes,producer"}
    )
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["title"] == "Kẹo dừa sầu riêng"
    assert item["ocop_stars"] == 5
    assert item["producer"]["title"] == "Công ty TNHH Đông Á"
    pack = item["pack_sizes"][0]
    assert (pack["label"], pack["price"], pack["stock"]) == ("Hộp 400g", 45_000, 12)


@pytest.fixture
def store(make_store):
    return make_store(
        former_address="thành phố Bến Tre, tỉnh Bến Tre cũ", opening_hours="7:00–21:00 hằng ngày"
    )


def test_a_store_is_addressed_as_producers_are_with_its_former_names(client, store, producer, product):
    """On its page, in the store list and under a product's "Mua tại cửa hàng", like a producer's page."""
    producer.former_address = store.former_address
    producer.save()
    today = f"Đường Đồng Khởi, {store.commune.name}, Tỉnh Vĩnh Long (thành phố Bến Tre, tỉnh Bến Tre cũ)"
    shown = [
        soup_of(client.get(store.url)).select_one(".facts dd").get_text(" ", strip=True),
        soup_of(client.get(store.get_parent().url))
        .select_one(".store-card .card-meta")
        .get_text(" ", strip=True),
        soup_of(client.get(product.url)).select_one(".stores-carrying li").get_text(" ", strip=True),
    ]
    assert shown[0].startswith(today)
    assert shown[1] == today
    assert today in shown[2]
    producer_address = soup_of(client.get(producer.url)).select(".facts dd")
    assert any(
        dd.get_text(" ", strip=True) == today.removeprefix("Đường Đồng Khởi, ") for dd in producer_address
    )


def test_a_store_page_gives_its_address_hours_and_producers(client, store, producer):
    soup = soup_of(client.get(store.url))
    facts = soup.select_one(".facts").text
    assert "Đường Đồng Khởi" in facts and "Tỉnh Vĩnh Long" in facts and "7:00–21:00 hằng ngày" in facts
    assert [a.text for a in soup.select("main ul a")] == [producer.title]


def test_the_store_index_lists_the_stores(client, store):
    soup = soup_of(client.get(store.get_parent().url))
    assert [a.text for a in soup.select(".store-card a")] == ["Cửa hàng OCOP Bến Tre"]


def test_the_store_index_lists_the_stores_in_vietnamese_order(client, store):
    for title, slug in (("Gian hàng OCOP Hà Nội", "ha-noi"), ("Điểm OCOP Lục Nam", "luc-nam")):
        StorePageFactory(parent=store.get_parent(), title=title, slug=slug)
    soup = soup_of(client.get(store.get_parent().url))
    listed = [a.text for a in soup.select(".store-card a")]
    assert listed == ["Cửa hàng OCOP Bến Tre", "Điểm OCOP Lục Nam", "Gian hàng OCOP Hà Nội"]  # đ after d


def test_a_store_page_lists_its_producers_in_vietnamese_order(client, store, producer, producer_index):
    others = ("Công ty TNHH Vĩnh Tiến", "Công ty cổ phần Sa Sâm Việt", "Công ty TNHH chế biến dừa Cửu Long")
    for number, title in enumerate(others):
        store.producers.add(ProducerPageFactory(parent=producer_index, title=title, slug=f"chu-the-{number}"))
    store.save_revision().publish()
    soup = soup_of(client.get(store.url))
    assert [a.text for a in soup.select("main ul a")] == [
        "Công ty cổ phần Sa Sâm Việt",
        "Công ty TNHH chế biến dừa Cửu Long",
        "Công ty TNHH Đông Á",
        "Công ty TNHH Vĩnh Tiến",
    ]  # letters before case: "cổ phần" before "TNHH", and "chế biến" before "Đông Á" before "Vĩnh"


def test_a_store_commune_must_lie_in_its_province(store):
    from django.core.exceptions import ValidationError

    from places.models import Commune

    store.commune = Commune.objects.exclude(province=store.province).first()
    with pytest.raises(ValidationError) as error:
        store.full_clean()
    assert "commune" in error.value.message_dict
