"""A shopper on a phone types in the header search box: suggestions appear, the keyboard picks one;
without JavaScript the same box submits to the results page, and facets narrow it."""

import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from search import indexing
from tests.conftest import IN_A_BROWSER
from tests.content_language import language_of, vietnamese_read_as

pytestmark = IN_A_BROWSER


def test_typing_ke_lists_suggestions_and_the_keyboard_opens_one(
    live_server, open_phone, product, make_products
):
    make_products(2)
    indexing.rebuild()
    page = open_phone()
    page.goto(live_server.url + "/search/")
    page.fill("#site-search", "ke")
    page.wait_for_selector("#site-search-suggestions li")
    options = page.locator("#site-search-suggestions [role=option]")
    assert options.count() == 3
    assert options.first.inner_text().startswith("Kẹo dừa sầu riêng")
    assert page.get_attribute("#site-search", "aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#site-search", "aria-activedescendant") == "site-search-option-0"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(product.url) + "$"))


def test_without_javascript_the_search_box_and_facets_still_work(
    live_server, open_phone, product, make_products
):
    make_products(2)  # 4★ "Kẹo dừa vị N"
    indexing.rebuild()
    page = open_phone(java_script_enabled=False)
    page.goto(live_server.url + "/")
    page.fill("#site-search", "keo dua")
    page.press("#site-search", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q=keo\+dua$"))
    assert page.locator(".product-card").count() == 3
    page.click("details.facets summary")  # collapsed on a phone
    page.check("input[name=stars][value='5']")
    page.click(".facet-form button[type=submit]")
    page.wait_for_url(re.compile(r"stars=5"))
    assert page.locator(".product-card .card-title").all_inner_texts() == ["Kẹo dừa sầu riêng"]
    assert "keo dua" in page.input_value("#facet-q")
    page.click(".active-filters a.chip")
    page.wait_for_url(re.compile(r"/search/\?q=keo\+dua$"))  # the count below is of the page it opens
    assert page.locator(".product-card").count() == 3


def test_a_query_of_180_letters_without_a_space_does_not_widen_the_page(live_server, open_phone, product):
    from tests.conftest import PHONE_VIEWPORT

    indexing.rebuild()
    page = open_phone()
    word = "keodua" * 30
    page.goto(f"{live_server.url}/search/?q={word}&stars=5&price_min=30000")
    assert word in page.inner_text("h1")
    page.click("details.facets summary")  # the filter box, opened, holds the query too
    assert page.input_value("#facet-q") == word
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]


def test_a_suggestion_tapped_on_the_english_site_opens_the_product_in_english(
    live_server, open_phone, product
):
    indexing.rebuild()
    page = open_phone()
    page.goto(live_server.url + "/?lang=en")
    page.fill("#site-search", "ke")
    page.wait_for_selector("#site-search-suggestions li")
    page.locator("#site-search-suggestions [role=option]").first.tap()
    page.wait_for_url(re.compile(re.escape(product.url) + r"\?lang=en$"))
    assert page.get_attribute("html", "lang") == "en"


def test_the_suggestion_list_has_a_name_in_the_pages_language(live_server, open_phone, product):
    indexing.rebuild()
    page = open_phone()
    for query, name in (("", "Gợi ý tìm kiếm"), ("?lang=en", "Search suggestions")):
        page.goto(live_server.url + "/search/" + query)
        page.fill("#site-search", "ke")
        page.wait_for_selector("#site-search-suggestions li")
        assert page.get_by_role("listbox", name=name, exact=True).count() == 1


def suggestions_as_read(page) -> BeautifulSoup:
    """The suggestion list the script built, inside the page's <html lang> (what a screen reader reads)."""
    shown = BeautifulSoup(page.content(), "html.parser")
    language = shown.html["lang"]
    return BeautifulSoup(
        f'<html lang="{language}"><body>{shown.select_one("#site-search-suggestions")}</body></html>',
        "html.parser",
    )


@pytest.mark.parametrize("english", ["by ?lang=en", "by the footer's cookie"])
def test_on_an_english_page_the_suggested_products_and_producers_are_read_as_vietnamese(
    live_server, open_phone, product, english
):
    indexing.rebuild()
    page = open_phone()
    address = live_server.url + "/?lang=en"
    if english == "by the footer's cookie":
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
        )
        address = live_server.url + "/"
    page.goto(address)
    assert page.get_attribute("html", "lang") == "en"
    page.fill("#site-search", "ke")
    page.wait_for_selector("#site-search-suggestions li")

    listed = suggestions_as_read(page)
    assert vietnamese_read_as("en", listed) == []  # WCAG 3.1.2: no English voice for "Kẹo dừa"
    option = listed.select_one("[role=option]")
    title = option.find(string=re.compile("Kẹo dừa sầu riêng"))
    producer = option.find(string=re.compile(re.escape(product.get_parent().title)))
    assert (language_of(title.parent), language_of(producer.parent)) == ("vi", "vi")
    assert language_of(option) == "en"  # the option itself is the page's: "5★", the price


def test_on_a_vietnamese_page_the_suggestions_carry_no_language_of_their_own(
    live_server, open_phone, product
):
    indexing.rebuild()
    page = open_phone()
    page.goto(live_server.url + "/")
    page.fill("#site-search", "ke")
    page.wait_for_selector("#site-search-suggestions li")
    assert suggestions_as_read(page).select("#site-search-suggestions [lang]") == []


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two colours as the browser computes them ("rgb(31, 111, 67)")."""

    def luminance(colour: str) -> float:
        channels = [int(value) / 255 for value in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


OUTLINE = "e => { const s = getComputedStyle(e); return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"


def test_the_suggestion_the_keyboard_highlights_is_clearly_marked(
    live_server, open_phone, product, make_products
):
    # Enter opens the highlighted suggestion: a keyboard user must see which one it is (WCAG 2.4.7, 1.4.11).
    make_products(2)
    indexing.rebuild()
    page = open_phone()
    page.goto(live_server.url + "/")
    page.fill("#site-search", "ke")
    page.wait_for_selector("#site-search-suggestions li")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    style, width, colour = page.eval_on_selector("#site-search-option-1", OUTLINE)
    behind = page.eval_on_selector("#site-search-suggestions", "e => getComputedStyle(e).backgroundColor")
    assert (style, width >= 2) == ("solid", True)
    assert contrast(colour, behind) >= 3
    for other in ("#site-search-option-0", "#site-search-option-2"):
        assert page.eval_on_selector(other, OUTLINE)[0] == "none"


def test_escape_closes_the_suggestions_and_keeps_what_was_typed(live_server, open_phone, product):
    indexing.rebuild()
    page = open_phone()
    page.goto(live_server.url + "/")
    page.fill("#site-search", "kẹo")
    page.wait_for_selector("#site-search-suggestions li")
    page.keyboard.press("Escape")
    assert page.is_hidden("#site-search-suggestions")
    assert page.get_attribute("#site-search", "aria-expanded") == "false"
    assert page.input_value("#site-search") == "kẹo"


def test_a_suggestion_reads_its_rating_in_words_and_its_price_as_a_from_price(
    live_server, open_phone, product
):
    # As the result cards: "OCOP 5 sao", not "5 black star"; "từ 45.000 ₫", its cheapest pack.
    indexing.rebuild()
    page = open_phone()
    page.goto(live_server.url + "/")
    page.fill("#site-search", "ke")
    page.wait_for_selector("#site-search-suggestions li")
    option = suggestions_as_read(page).select_one("[role=option]")
    for hidden in option.select("[aria-hidden=true]"):
        hidden.decompose()
    read = " ".join(option.small.get_text().split())
    assert read == f"{product.get_parent().title} · OCOP 5 sao · từ 45.000 ₫"
