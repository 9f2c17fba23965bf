"""A visitor who opens a page by its `?lang=en` link (the hreflang alternate, a shared link) stays in
English from there: every internal link and form of the page asks for English too, without the
visitor's choice (the cookie) changing. A Vietnamese page, or the page of a visitor who chose English in
the footer, keeps plain links."""

import pytest

from catalogue.combos import GiftComboIndexPage, GiftComboPage
from catalogue.models import CategoryIndexPage, CategoryPage, ProducerIndexPage, ProducerPage, ProductPage
from catalogue.stores import StoreIndexPage, StorePage
from cms.models import StandardPage
from tests.page_links import internal_targets, not_in

KINDS = {
    "home": lambda: "/",
    "categories": lambda: CategoryIndexPage.objects.live().first().url,
    "category": lambda: CategoryPage.objects.live().first().url,
    "producers": lambda: ProducerIndexPage.objects.live().first().url,
    "producer": lambda: ProducerPage.objects.get(slug="dong-a").url,
    "product": lambda: ProductPage.objects.get(slug="keo-dua-gung").url,
    "gift sets": lambda: GiftComboIndexPage.objects.live().first().url,
    "gift set": lambda: GiftComboPage.objects.live().first().url,
    "stores": lambda: StoreIndexPage.objects.live().first().url,
    "store": lambda: StorePage.objects.live().first().url,
    "editorial page": lambda: StandardPage.objects.live().first().url,
    "search results": lambda: "/search/?q=keo",
    "no search results": lambda: "/search/?q=zzzkhongco",
}


@pytest.fixture
def demo(demo_catalogue, db):
    return demo_catalogue


def _with_english(url: str) -> str:
    return url + ("&" if "?" in url else "?") + "lang=en"


@pytest.mark.parametrize("kind", KINDS)
def test_every_internal_link_and_form_of_an_english_page_keeps_english(client, demo, kind):
    page = client.get(_with_english(KINDS[kind]()))
    assert page.status_code == 200
    assert page.headers["Content-Language"] == "en"
    assert len(internal_targets(page)) > 5  # the header's, the footer's and the page's own
    assert not_in("en", page) == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_vietnamese_page_links_without_asking_for_a_language(client, demo, kind):
    page = client.get(KINDS[kind]())
    assert page.headers["Content-Language"] == "vi"
    assert not_in("", page) == []


@pytest.mark.parametrize("kind", ["home", "product", "search results"])
def test_the_page_of_a_visitor_who_chose_english_links_without_asking_for_a_language(client, demo, kind):
    client.cookies["django_language"] = "en"  # the cookie goes along by itself
    page = client.get(KINDS[kind]())
    assert page.headers["Content-Language"] == "en"
    assert not_in("", page) == []


def test_the_cached_english_and_vietnamese_pages_keep_their_own_links(client, demo, page_cache):
    url = KINDS["product"]()
    for _ in range(2):  # a miss, then a hit for each
        vietnamese, english = client.get(url), client.get(_with_english(url))
        assert not_in("", vietnamese) == []
        assert not_in("en", english) == []
    assert (vietnamese["X-Page-Cache"], english["X-Page-Cache"]) == ("hit", "hit")
