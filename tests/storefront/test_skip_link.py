"""Keyboard users skip the header (logo, cart, menu, search: nine Tab stops) with the first link of every
page, which appears when focused and leads to the page's main content."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.conftest import in_a_browser

pytestmark = pytest.mark.django_db

SKIP = "Bỏ qua đến nội dung chính"
FOCUSABLE = "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])"


@pytest.mark.parametrize(
    "path",
    [
        lambda product: "/",
        lambda product: product.url,
        lambda product: reverse("storefront:cart"),
        lambda product: reverse("storefront:order_lookup"),
        lambda product: "/search/?q=keo",
        lambda product: "/khong-co-trang-nay/",
    ],
    ids=["home", "product", "cart", "lookup", "search", "not-found"],
)
def test_the_first_link_of_every_page_skips_to_its_main_content(client, product, path):
    soup = BeautifulSoup(client.get(path(product)).content, "html.parser")
    first = soup.body.select_one(FOCUSABLE)
    assert first.get_text(strip=True) == SKIP
    assert first["href"] == "#main"
    main = soup.select("#main")
    assert [element.name for element in main] == ["main"]
    assert main[0]["tabindex"] == "-1"  # so that following the link moves the keyboard focus there too


@in_a_browser
def test_the_skip_link_shows_when_tabbed_to_and_moves_the_focus_to_the_content(
    live_server, phone_page, product
):
    page = phone_page
    page.goto(live_server.url + product.url)
    skip = page.locator("a.skip-link")
    assert skip.bounding_box()["width"] <= 1  # hidden until focused
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == SKIP
    box = skip.bounding_box()
    assert box["width"] > 100 and box["height"] >= 44 and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
