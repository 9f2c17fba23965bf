"""A shopper on a phone types in the header search box: suggestions appear, the keyboard picks one;
without JavaScript the same box submits to the results page, and facets narrow it."""

import re

from search import indexing
from tests.conftest import IN_A_BROWSER

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
