"""What editors set for the whole site: contact details in the footer, the menu, where pages may go."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page, Site

from catalogue.combos import GiftComboIndexPage
from catalogue.models import CategoryIndexPage, ProducerIndexPage
from catalogue.stores import StoreIndexPage
from cms.models import HomePage, SiteSettings, StandardPage

pytestmark = pytest.mark.django_db


def _footer(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser").select_one("footer")


def _menu(client):
    soup = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    return [a.text for a in soup.select("nav.main-nav a")]


def test_the_hotline_and_footer_text_editors_set_show_on_every_page(client, home, product):
    footer = _footer(client)
    assert "Đường dây nóng" not in footer.text
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"hotline": "1900 1234", "footer_text": "Trung tâm xúc tiến thương mại tỉnh Vĩnh Long"},
    )
    for url in ("/", product.url):
        footer = _footer(client, url)
        # A 1900 number is domestic-only: dialled as written, never +84 1900…
        assert footer.select_one('a[href="tel:19001234"]').text == "1900 1234"
        assert "Trung tâm xúc tiến thương mại tỉnh Vĩnh Long" in footer.text


def test_the_menu_lists_the_home_pages_live_children_shown_in_menus(client, home):
    about = home.add_child(instance=StandardPage(title="Giới thiệu", slug="gioi-thieu", show_in_menus=True))
    home.add_child(instance=StandardPage(title="Chính sách đổi trả", slug="doi-tra"))
    assert _menu(client) == ["Giới thiệu"]

    about.unpublish()
    assert _menu(client) == []  # unpublishing forgets the cached menu


def test_a_page_published_into_the_menu_appears_at_once(client, home):
    assert _menu(client) == []
    news = home.add_child(
        instance=StandardPage(title="Tin tức", slug="tin-tuc", show_in_menus=True, live=False)
    )
    assert _menu(client) == []
    news.save_revision().publish()
    assert _menu(client) == ["Tin tức"]


@pytest.mark.parametrize(
    ("page_class", "parents", "children"),
    [
        (
            HomePage,
            {Page},
            {CategoryIndexPage, ProducerIndexPage, StoreIndexPage, GiftComboIndexPage, StandardPage},
        ),
        (StandardPage, {HomePage, StandardPage}, {StandardPage}),
    ],
)
def test_editorial_pages_go_only_where_the_design_says(page_class, parents, children):
    assert set(page_class.allowed_parent_page_models()) == parents
    assert set(page_class.allowed_subpage_models()) == children


def test_a_second_home_page_cannot_be_created(home):
    assert not HomePage.can_create_at(Page.get_first_root_node())
    assert StandardPage.can_create_at(home)
