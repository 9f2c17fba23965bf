"""The content is written in Vietnamese only: on a page in English, titles, cards, descriptions and
stories are marked lang="vi", so that a screen reader reads "Kẹo dừa sầu riêng" with a Vietnamese voice
(WCAG 3.1.2), while the interface around them stays English. A Vietnamese page marks nothing."""

import pytest

from catalogue.combos import GiftComboPage
from catalogue.models import CategoryPage, ProducerPage, ProductPage
from catalogue.stores import StorePage
from cms.models import StandardPage
from tests.content_language import language_of, languages_marked_in_body, soup_of

# Each page kind, and the content it shows: its title (the search page's is the interface's), the cards,
# the lead and rich text, a story's blocks.
CONTENT = "main h1, .card-title, main .lead, .rich-text, .story h2:not(:first-child), .quote, .figure-block"
KINDS = {
    "home": lambda: "/",
    "category": lambda: CategoryPage.objects.live().first().url,
    "producer": lambda: ProducerPage.objects.get(slug="dong-a").url,
    "product": lambda: ProductPage.objects.get(slug="keo-dua-gung").url,
    "gift set": lambda: GiftComboPage.objects.live().first().url,
    "store": lambda: StorePage.objects.live().first().url,
    "editorial page": lambda: StandardPage.objects.live().first().url,
    "search results": lambda: "/search/?q=keo",
}


@pytest.fixture
def demo(demo_catalogue, db):
    return demo_catalogue


def _content(soup, kind):
    # The programme's figures are the interface's sentences around numbers.
    content = [
        element for element in soup.select(CONTENT) if not element.find_parent(class_="programme-figures")
    ]
    if kind == "search results":
        content = [element for element in content if element.name != "h1"]
    return content


@pytest.mark.parametrize("kind", KINDS)
def test_the_content_of_an_english_page_is_marked_vietnamese(client, demo, kind):
    client.cookies["django_language"] = "en"
    soup = soup_of(client.get(KINDS[kind]()))
    assert soup.html["lang"] == "en"
    content = _content(soup, kind)
    assert len(content) >= 1
    assert {element.get_text(strip=True)[:40]: language_of(element) for element in content} == {
        element.get_text(strip=True)[:40]: "vi" for element in content
    }
    assert language_of(soup.select_one(".site-footer p")) == "en"  # the interface stays English


def test_a_product_page_in_english_marks_its_producer_categories_and_facts(client, demo):
    soup = soup_of(client.get(KINDS["product"]() + "?lang=en"))
    assert language_of(soup.select_one(".producer-line a")) == "vi"
    assert language_of(soup.select_one(".producer-line")) == "en"  # "Producer:" is the interface's
    assert {language_of(link) for link in soup.select(".product-categories a")} == {"vi"}
    assert {language_of(fact) for fact in soup.select(".product-details .facts dd")} == {"vi"}
    assert language_of(soup.select_one(".product-details .facts dt")) == "en"


@pytest.mark.parametrize("kind", KINDS)
def test_a_vietnamese_page_marks_no_part_of_itself(client, demo, kind):
    soup = soup_of(client.get(KINDS[kind]()))
    assert soup.html["lang"] == "vi"
    assert languages_marked_in_body(soup) == []
