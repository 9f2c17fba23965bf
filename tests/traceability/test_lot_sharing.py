"""A scanned lot shared on Zalo or Facebook: its own title, what the lot is, the product's picture and
the lot's Digital Link; a package's page shares its lot, never the buyer's own serial."""

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.test import Client

from cms.seo import SHARE_IMAGE_SPEC
from traceability.gs1 import lot_uri
from traceability.models import Lot

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ROOT = "http://localhost"  # the test Site's root URL


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = ROOT  # as `migrate` makes the Site's root URL follow SITE_URL


def head(client, url):
    response = client.get(url, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def meta(soup, key):
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def shown_title(soup) -> str:
    return soup.title.text.removesuffix(" · OCOP Việt")


def share_tags(soup) -> dict:
    tags = {tag.get("property") or tag.get("name"): tag.get("content") for tag in soup.find_all("meta")}
    tags["canonical"] = soup.find("link", rel="canonical")["href"]
    for link in soup.find_all("link", rel="alternate", hreflang=True):
        tags[f"hreflang {link['hreflang']}"] = link["href"]
    return tags


def test_a_shared_lot_shows_its_title_what_it_is_and_the_products_picture(client, lot, lot_url, product):
    product.image = wagtail_factories.ImageFactory(title="Kẹo dừa", file__width=1600, file__height=1200)
    product.save()
    soup = head(client, lot_url)
    assert shown_title(soup) == "Truy xuất lô L2406-01 – Kẹo dừa sầu riêng"
    assert meta(soup, "og:title") == meta(soup, "twitter:title") == shown_title(soup)
    description = meta(soup, "description")
    assert meta(soup, "og:description") == meta(soup, "twitter:description") == description
    for fact in (
        "Kẹo dừa sầu riêng",
        "Công ty TNHH Đông Á",
        "L2406-01",
        lot.production_date.strftime("%d/%m/%Y"),
        lot.expiry_date.strftime("%d/%m/%Y"),
    ):
        assert fact in description
    picture = product.image.get_rendition(SHARE_IMAGE_SPEC)
    assert (meta(soup, "og:image"), meta(soup, "og:image:width"), meta(soup, "og:image:height")) == (
        ROOT + picture.url,
        "1200",
        "630",
    )
    assert meta(soup, "twitter:card") == "summary_large_image"
    uri = lot_uri(lot.pack_size.gtin, lot.code)
    assert soup.find("link", rel="canonical")["href"] == meta(soup, "og:url") == uri
    assert meta(soup, "robots") is None


def test_a_lot_reached_with_query_attributes_shares_its_plain_digital_link(client, lot, lot_url):
    soup = head(client, lot_url + "?17=" + lot.expiry_date.strftime("%y%m%d") + "&utm_source=zalo")
    assert meta(soup, "og:url") == lot_uri(lot.pack_size.gtin, lot.code)


def test_a_recall_in_force_is_the_first_thing_a_shared_lot_says(client, lot, lot_url):
    Lot.objects.filter(pk=lot.pk).update(notice_level="recall", notice="Bao bì bị hở.")
    description = meta(head(client, lot_url), "description")
    assert description.startswith("Thu hồi: Bao bì bị hở.")
    assert "L2406-01" in description


def test_a_shared_lot_in_english_is_its_own_english_page(client, lot, lot_url):
    soup = head(client, lot_url + "?lang=en")
    assert soup.html["lang"] == "en"
    assert meta(soup, "og:title") == shown_title(soup)
    english = lot_uri(lot.pack_size.gtin, lot.code) + "?lang=en"
    assert soup.find("link", rel="canonical")["href"] == meta(soup, "og:url") == english
    assert meta(soup, "og:locale") == "en_US"


def test_a_lot_whose_product_photo_file_is_lost_is_shared_as_a_small_card(client, lot, lot_url, product):
    product.image.file.storage.delete(product.image.file.name)
    soup = head(client, lot_url)
    assert meta(soup, "og:image") is None
    assert meta(soup, "twitter:card") == "summary"


def test_a_packages_page_shares_its_lot_never_its_serial_and_is_not_indexed(
    client, lot, sheet, pack, page_cache
):
    first, second = (f"/01/{pack.gtin}/10/{lot.code}/21/{s.serial}" for s in sheet.serials.order_by("pk")[:2])
    lot_page = head(client, f"/01/{pack.gtin}/10/{lot.code}")
    # rendered whole, then around the lot's page kept in the cache for the lot's other packages
    for soup in (head(client, first), head(Client(), second)):
        tags = share_tags(soup)
        serials = [name for name, value in tags.items() if value and "/21/" in value]
        assert serials == []
        assert tags["canonical"] == tags["og:url"] == lot_uri(pack.gtin, lot.code)
        assert tags["og:title"] == share_tags(lot_page)["og:title"]
        assert tags["og:image"] == share_tags(lot_page)["og:image"]
        assert tags["robots"] == "noindex"
