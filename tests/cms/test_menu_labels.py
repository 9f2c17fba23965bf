"""The main menu, the breadcrumb trail and the <title> are interface: in English, the index pages (products,
producers, stores, gift sets, the programme) are called by English labels, so a visitor can find the gift
sets; in Vietnamese they keep the titles editors gave them. The pages' content stays Vietnamese."""

import json

import pytest
from bs4 import BeautifulSoup

from catalogue.combos import GiftComboIndexPage
from catalogue.stores import StoreIndexPage
from cms.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def menu(home, category_index, producer_index):
    """The demo's main menu: each index page and the programme page, under their Vietnamese titles."""
    for index in (category_index, producer_index):
        index.show_in_menus = True
        index.save_revision().publish()
    pages = {"categories": category_index, "producers": producer_index}
    for name, page in (
        ("stores", StoreIndexPage(title="Cửa hàng OCOP", slug="cua-hang")),
        ("combos", GiftComboIndexPage(title="Quà tặng OCOP", slug="qua-tang")),
        (
            "programme",
            StandardPage(
                title="Về chương trình OCOP", slug="chuong-trinh-ocop", body=[("programme_figures", None)]
            ),
        ),
        ("news", StandardPage(title="Tin tức", slug="tin-tuc")),
    ):
        pages[name] = home.add_child(instance=page)
        pages[name].show_in_menus = True
        pages[name].save_revision().publish()
    return pages


def soup(client, url, **query):
    return BeautifulSoup(client.get(url, query).content, "html.parser")


def menu_labels(page):
    return [a.get_text(strip=True) for a in page.select("nav.main-nav a")]


def trail(page):
    return [item.get_text(strip=True) for item in page.select("nav.breadcrumbs li")]


def test_the_english_menu_names_the_index_pages_in_english(client, menu):
    english = soup(client, "/", lang="en")
    assert menu_labels(english) == [
        "Products",
        "OCOP producers",
        "OCOP stores",
        "OCOP gift sets",
        "About the OCOP programme",
        "Tin tức",  # an editorial page: its title is content
    ]
    vietnamese = soup(client, "/")
    assert menu_labels(vietnamese) == [
        "Sản phẩm",
        "Chủ thể OCOP",
        "Cửa hàng OCOP",
        "Quà tặng OCOP",
        "Về chương trình OCOP",
        "Tin tức",
    ]
    assert menu_labels(soup(client, "/", lang="en"))[0] == "Products"  # the menu is cached once for both


def test_an_editors_title_is_kept_in_vietnamese(client, menu):
    menu["combos"].title = "Quà biếu Tết"
    menu["combos"].save_revision().publish()
    assert "Quà biếu Tết" in menu_labels(soup(client, "/"))
    assert "OCOP gift sets" in menu_labels(soup(client, "/", lang="en"))


def test_the_index_pages_title_follows_the_language(client, menu):
    combos = menu["combos"]
    assert soup(client, combos.url, lang="en").title.get_text() == "OCOP gift sets · OCOP Việt"
    assert soup(client, combos.url).title.get_text() == "Quà tặng OCOP · OCOP Việt"
    programme = soup(client, menu["programme"].url, lang="en")
    assert programme.title.get_text() == "About the OCOP programme · OCOP Việt"
    assert soup(client, menu["categories"].url, lang="en").title.get_text() == "Products · OCOP Việt"
    news = soup(client, menu["news"].url, lang="en")
    assert news.title.get_text() == "Tin tức · OCOP Việt"


def test_a_products_trail_names_its_index_page_in_the_pages_language(client, menu, product):
    english = soup(client, product.url, lang="en")
    assert trail(english) == ["Home", "OCOP producers", "Công ty TNHH Đông Á", "Kẹo dừa sầu riêng"]
    listed = json.loads(english.select_one("nav.breadcrumbs + script").string)["itemListElement"]
    assert [item["name"] for item in listed] == trail(english)
    vietnamese = soup(client, product.url)
    assert trail(vietnamese) == ["Trang chủ", "Chủ thể OCOP", "Công ty TNHH Đông Á", "Kẹo dừa sầu riêng"]


SHARED_TITLE_TAGS = (("property", "og:title"), ("name", "twitter:title"))


def shared_titles(page):
    return [page.find("meta", attrs={key: name})["content"] for key, name in SHARED_TITLE_TAGS]


def test_an_english_index_page_is_shared_under_the_english_name_of_its_title(client, menu):
    """A link shared from the English page previews in English, as its <title> reads."""
    for name, english in (
        ("categories", "Products"),
        ("producers", "OCOP producers"),
        ("stores", "OCOP stores"),
        ("combos", "OCOP gift sets"),
        ("programme", "About the OCOP programme"),
    ):
        page = soup(client, menu[name].url, lang="en")
        assert page.title.get_text() == f"{english} · OCOP Việt"
        assert shared_titles(page) == [english, english]
    assert shared_titles(soup(client, menu["stores"].url)) == ["Cửa hàng OCOP", "Cửa hàng OCOP"]
    assert shared_titles(soup(client, menu["news"].url, lang="en")) == ["Tin tức", "Tin tức"]  # content
