"""/sitemap.xml names each page's language versions as the page itself does (README "Shared and
found"): Vietnamese at the plain URL and x-default, English at ?lang=en."""

from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

NAMES = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urlset = ElementTree.fromstring(response.content)  # noqa: S314 (our own sitemap)
    return {
        url.find("s:loc", NAMES).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NAMES)
        }
        for url in urlset.findall("s:url", NAMES)
    }


def test_each_sitemap_page_names_its_vietnamese_and_english_versions(client, product, producer):
    entries = sitemap_entries(client)
    for page in (product, producer):
        assert entries[page.full_url] == {
            "x-default": page.full_url,
            "vi": page.full_url,
            "en": page.full_url + "?lang=en",
        }


def test_the_sitemap_alternates_match_the_pages_own_hreflang_links(client, product):
    entries = sitemap_entries(client)
    soup = BeautifulSoup(client.get(product.url).content, "html.parser")
    on_page = {
        link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)
    }
    assert entries[product.full_url] == on_page
