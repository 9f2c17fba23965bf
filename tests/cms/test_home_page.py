"""The home page: the programme's flagship products first, the categories, the newest producers."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory

pytestmark = pytest.mark.django_db


def _product(producer, category, title, stars):
    product = ProductPageFactory(parent=producer, title=title, ocop_stars=stars, categories=[category])
    PackSizeFactory(product=product)
    return product


def test_featured_products_put_five_stars_first_then_the_newest(home, producer, category):
    older_five = _product(producer, category, "Kẹo dừa sầu riêng", 5)
    four = _product(producer, category, "Kẹo dừa lá dứa", 4)
    newer_five = _product(producer, category, "Kẹo dừa ca cao", 5)
    three = _product(producer, category, "Kẹo dừa gừng", 3)

    assert home.featured_products() == [newer_five, older_five, four, three]
    home.featured_count = 2
    assert home.featured_products() == [newer_five, older_five]


def test_an_unpublished_product_is_never_featured(home, producer, category):
    hidden = _product(producer, category, "Kẹo dừa thử nghiệm", 5)
    shown = _product(producer, category, "Kẹo dừa sữa", 4)
    hidden.unpublish()
    assert home.featured_products() == [shown]


def test_the_home_page_shows_the_hero_featured_products_categories_and_producers(
    client, home, producer, category, product
):
    home.hero_title = "Sản phẩm OCOP – tinh hoa mỗi miền quê"
    home.save_revision().publish()
    response = client.get("/")
    assert response.status_code == 200
    context = response.context
    assert list(context["featured_products"]) == [product]
    assert list(context["categories"]) == [category]
    assert list(context["producers"]) == [producer]
    text = BeautifulSoup(response.content.decode(), "html.parser").text
    for words in ("Sản phẩm OCOP – tinh hoa mỗi miền quê", "Kẹo dừa sầu riêng", "Kẹo dừa", producer.title):
        assert words in text


def test_the_home_page_lists_the_four_newest_producers(home, producer_index):
    producers = []
    for days_ago in range(6, 0, -1):
        page = ProducerPageFactory(parent=producer_index, title=f"Hợp tác xã {days_ago}")
        page.first_published_at = timezone.now() - datetime.timedelta(days=days_ago)
        page.save()
        producers.append(page)
    assert list(home.producers()) == producers[:-5:-1]
