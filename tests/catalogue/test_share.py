"""Sharing a product, a gift combo or a producer's story: the phone's own share menu (where Zalo is), the
link copied, or Facebook's share dialog, each with the page's canonical address."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import in_a_browser


def share_box(client, url):
    page = BeautifulSoup(client.get(url).content.decode(), "html.parser")
    return page.select_one("section.share"), page.select_one("link[rel=canonical]")["href"]


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["product", "gift_box", "producer"])
def test_without_javascript_the_page_offers_facebooks_share_dialog_for_its_canonical_address(
    client, which, request
):
    page = request.getfixturevalue(which)
    box, canonical = share_box(client, page.url)
    facebook = box.select_one("a.share-facebook")
    parts = urlsplit(facebook["href"])
    assert (parts.netloc, parts.path) == ("www.facebook.com", "/sharer/sharer.php")
    assert parse_qs(parts.query) == {"u": [canonical]}
    assert facebook["rel"] == ["noopener"]
    # What needs a script is hidden until the script finds the browser can do it.
    assert box.select_one(".share-native").has_attr("hidden") and box.select_one(
        "button[data-copy]"
    ).has_attr("hidden")


@pytest.mark.django_db
@pytest.mark.parametrize("chosen", ["?lang=en", "cookie"])
def test_a_page_shown_in_english_shares_its_english_address(client, product, chosen, settings):
    """The friend it is sent to has no language cookie: the shared link itself asks for English."""
    if chosen == "cookie":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    box, canonical = share_box(client, product.url + (chosen if chosen != "cookie" else ""))
    assert canonical.endswith(f"{product.url}?lang=en")
    assert box.select_one(".share-actions")["data-share-url"] == canonical
    assert parse_qs(urlsplit(box.select_one("a.share-facebook")["href"]).query) == {"u": [canonical]}
    assert box.select_one("button[data-copy]")["data-copy"] == canonical


# A phone browser's share menu, as Android's Chrome has it (Chromium on Linux has none): records what
# the page asked to share.
SHARE_MENU = "window.sharedWith = []; navigator.share = (data) => { window.sharedWith.push(data); return Promise.resolve(); };"


@in_a_browser
def test_on_a_phone_the_share_menu_gets_the_product_and_the_link_can_be_copied(
    live_server, open_phone, product
):
    phone = open_phone(permissions=["clipboard-read", "clipboard-write"])
    phone.add_init_script(SHARE_MENU)
    phone.goto(live_server.url + product.url)
    canonical = phone.locator("link[rel=canonical]").get_attribute("href")

    phone.get_by_role("button", name="Gửi qua Zalo, Messenger…").click()
    assert phone.evaluate("window.sharedWith") == [
        {"title": "Kẹo dừa sầu riêng", "text": product.summary or product.title, "url": canonical}
    ]

    phone.get_by_role("button", name="Sao chép liên kết").click()
    status = phone.get_by_role("status").filter(has_text="Đã sao chép liên kết")
    status.wait_for()
    assert phone.evaluate("navigator.clipboard.readText()") == canonical


@in_a_browser
def test_a_browser_without_a_share_menu_shows_no_button_for_it(live_server, phone_page, product):
    phone_page.goto(live_server.url + product.url)
    assert phone_page.get_by_role("link", name="Facebook").is_visible()
    assert not phone_page.locator(".share-native").is_visible()
