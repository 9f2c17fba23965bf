"""The content is written in Vietnamese only: on a page in English, titles, cards, descriptions and
stories are marked lang="vi", so that a screen reader reads "Kẹo dừa sầu riêng" with a Vietnamese voice
(WCAG 3.1.2), while the interface around them stays English. A Vietnamese page marks nothing."""

import pytest

from catalogue.combos import GiftComboPage
from catalogue.models import CategoryPage, ProducerPage, ProductPage
from catalogue.stores import StorePage
from cms.models import StandardPage
from tests.cms.test_english_links import KINDS as EVERY_KIND
from tests.content_language import language_of, languages_marked_in_body, soup_of, vietnamese_read_as

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


@pytest.mark.parametrize("kind", EVERY_KIND)
def test_no_vietnamese_of_an_english_page_is_read_with_an_english_voice(client, demo, kind):
    """Whatever holds it (a breadcrumb, a button's hidden words, a picture's alt, a bar of the
    programme's figures, the shop's name), Vietnamese text is marked; the language choices apart."""
    url = EVERY_KIND[kind]()
    soup = soup_of(client.get(url + ("&" if "?" in url else "?") + "lang=en"))
    assert soup.html["lang"] == "en"
    assert vietnamese_read_as("en", soup) == []


def test_an_english_product_page_marks_its_trail_its_buttons_names_and_its_pictures(client, demo):
    soup = soup_of(client.get(KINDS["product"]() + "?lang=en"))
    trail = [(crumb.get_text(), language_of(crumb)) for crumb in soup.select(".breadcrumbs li > *")]
    assert trail == [
        ("Home", "en"),
        ("OCOP producers", "en"),  # an index page's label is the interface's
        ("Công ty TNHH Sản xuất kinh doanh tổng hợp Đông Á", "vi"),
        ("Kẹo dừa gừng", "vi"),
    ]
    button = soup.select_one("form.add-to-cart button")
    assert (button.get_text(" ", strip=True), language_of(button)) == (
        "Add to cart Kẹo dừa gừng – Hộp 400g",
        "en",
    )
    assert language_of(button.select_one(".visually-hidden span")) == "vi"
    assert soup.select_one("img.product-hero")["lang"] == "vi"  # its alt is the product's title
    assert language_of(soup.select_one(".certificate dd span")) == "vi"  # "1842/QĐ-BNN-KTHT"


@pytest.mark.parametrize("kind", EVERY_KIND)
def test_a_vietnamese_page_marks_no_part_of_itself(client, demo, kind):
    soup = soup_of(client.get(EVERY_KIND[kind]()))
    assert soup.html["lang"] == "vi"
    assert languages_marked_in_body(soup) == []
