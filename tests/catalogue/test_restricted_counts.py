"""A product under Wagtail's Privacy (a password, signed-in users) is neither listed nor counted: the
producer list's "N sản phẩm", a category's pages and the programme's figures leave it out, as its
card is left out (test_restricted_cards.py)."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from catalogue.factories import CategoryPageFactory, PackSizeFactory, ProductPageFactory
from cms import programme
from cms.blocks import ProgrammeFiguresBlock

pytestmark = pytest.mark.django_db


def under_password(page):
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")


def producer_card_meta(client, producer_index, producer) -> str:
    soup = BeautifulSoup(client.get(producer_index.url).content, "html.parser")
    (card,) = [card for card in soup.select(".card") if producer.title in card.text]
    return card.select_one(".card-meta").text


def test_the_producer_list_counts_only_the_products_a_visitor_can_see(
    client, producer_index, producer, category, product
):
    hidden = ProductPageFactory(parent=producer, categories=[category], title="Kẹo dừa cho hội viên")
    assert producer_card_meta(client, producer_index, producer).endswith("· 2 sản phẩm")

    under_password(hidden)

    assert producer_card_meta(client, producer_index, producer).endswith("· 1 sản phẩm")


def test_a_category_pages_only_the_products_a_visitor_can_see(client, category, make_products):
    products = make_products(25)  # one more than a page holds
    under_password(products[-1])

    soup = BeautifulSoup(client.get(category.url).content, "html.parser")

    assert len(soup.select(".grid .card")) == 24
    assert not [link for link in soup.select("a[href]") if "page=2" in link["href"]]  # no empty page 2


def test_the_programme_figures_count_only_the_products_a_visitor_can_see(producer, category, product):
    hidden = ProductPageFactory(parent=producer, categories=[category], title="Kẹo dừa cho hội viên")
    PackSizeFactory(product=hidden)
    block = ProgrammeFiguresBlock()
    lead = BeautifulSoup(block.render(block.get_default()), "html.parser").select_one(".lead").text
    assert lead == "2 sản phẩm OCOP của 1 chủ thể đang có trên cửa hàng."

    under_password(hidden)

    lead = BeautifulSoup(block.render(block.get_default()), "html.parser").select_one(".lead").text
    assert lead == "1 sản phẩm OCOP của 1 chủ thể đang có trên cửa hàng."


def test_the_programme_chart_leaves_out_a_category_under_a_password(category, product):
    members_only = CategoryPageFactory(parent=category.get_parent(), title="Quà cho hội viên")
    product.categories.add(members_only)
    product.save()  # a ParentalManyToManyField is written on save
    assert "Quà cho hội viên" in [bar.label for bar in programme.compute().by_category]

    under_password(members_only)

    labels = [bar.label for bar in programme.compute().by_category]
    assert "Quà cho hội viên" not in labels and category.title in labels
