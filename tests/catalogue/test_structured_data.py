"""What search engines read from producer, store and product pages: schema.org JSON-LD that parses and
says what the page itself shows (name, address, phone, hours, breadcrumb trail)."""

import json

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def json_ld_of_type(soup, schema_type):
    found = [json.loads(script.string) for script in soup.select('script[type="application/ld+json"]')]
    typed = [data for data in found if data["@type"] == schema_type]
    assert len(typed) == 1, found
    return typed[0]


def expected_address(place):
    return {
        "@type": "PostalAddress",
        "streetAddress": place.street_address,
        "addressLocality": place.commune.name,
        "addressRegion": place.province.name,
        "addressCountry": "VN",
    }


@pytest.fixture
def store(make_store):
    return make_store(phone="0275 3822 111", opening_hours="7:00–21:00 hằng ngày")


def test_a_producer_page_is_an_organization_with_its_address_and_phone(client, producer):
    producer.street_address = "Ấp Phú Thạnh"
    producer.phone = "0912 345 678"
    producer.save_revision().publish()
    producer.refresh_from_db()
    soup = soup_of(client.get(producer.url))
    data = json_ld_of_type(soup, "Organization")
    assert data["@context"] == "https://schema.org"
    assert data["name"] == "Công ty TNHH Đông Á"
    assert data["url"] == producer.get_full_url()
    assert data["address"] == expected_address(producer)
    assert data["address"]["streetAddress"] == "Ấp Phú Thạnh"
    assert data["telephone"] == "+84912345678"
    assert soup.select_one('a[href="tel:+84912345678"]') is not None  # the phone it gives is shown


def test_a_producer_without_a_phone_gives_none(client, producer):
    producer.phone = ""
    producer.save_revision().publish()
    data = json_ld_of_type(soup_of(client.get(producer.url)), "Organization")
    assert "telephone" not in data


def test_a_store_page_is_a_local_business_with_its_address_phone_and_hours(client, store):
    data = json_ld_of_type(soup_of(client.get(store.url)), "LocalBusiness")
    assert data["name"] == "Cửa hàng OCOP Bến Tre"
    assert data["url"] == store.get_full_url()
    assert data["address"] == expected_address(store)
    assert data["address"]["streetAddress"] == "Đường Đồng Khởi"
    assert data["address"]["addressRegion"] == "Tỉnh Vĩnh Long"
    assert data["telephone"] == "+842753822111"
    assert data["openingHours"] == "7:00–21:00 hằng ngày"
    assert "geo" not in data  # a store has no coordinates to give


@pytest.mark.parametrize(("typed", "dialled"), [("1800 1090", "18001090"), ("1900 6035", "19006035")])
def test_a_store_with_a_service_number_gives_it_as_its_link_dials_it(client, make_store, typed, dialled):
    """1800/1900 numbers do not connect dialled as +84: search engines get the page's own tel: number."""
    soup = soup_of(client.get(make_store(phone=typed).url))
    assert soup.select_one(f'a[href="tel:{dialled}"]') is not None
    assert json_ld_of_type(soup, "LocalBusiness")["telephone"] == dialled


def test_a_product_page_gives_its_visible_breadcrumb_as_a_breadcrumb_list(client, product, producer):
    soup = soup_of(client.get(product.url))
    data = json_ld_of_type(soup, "BreadcrumbList")
    visible = [(a.text, a["href"]) for a in soup.select(".breadcrumbs a")]
    visible.append((soup.select_one(".breadcrumbs [aria-current=page]").text, product.url))
    assert [name for name, _url in visible] == [
        "Trang chủ",
        "Chủ thể OCOP",
        "Công ty TNHH Đông Á",
        "Kẹo dừa sầu riêng",
    ]
    root = product.get_site().root_url
    assert [(item["name"], item["item"]) for item in data["itemListElement"]] == [
        (name, root + url) for name, url in visible
    ]
    assert [item["position"] for item in data["itemListElement"]] == [1, 2, 3, 4]
    assert data["itemListElement"][2]["item"] == producer.get_full_url()
