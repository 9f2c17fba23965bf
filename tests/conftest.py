"""Fixtures shared by every app's tests: the page tree of a small storefront."""

import pytest
from wagtail.models import Page, Site

from catalogue.factories import (
    CategoryIndexPageFactory,
    CategoryPageFactory,
    PackSizeFactory,
    ProducerIndexPageFactory,
    ProducerPageFactory,
    ProductPageFactory,
)
from cms.models import HomePage


@pytest.fixture
def home(db):
    """The home page as the default site's root, as `load_demo` sets it up."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="OCOP Việt", slug="trang-chu", hero_title="Sản phẩm OCOP"))
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    return home


@pytest.fixture
def category_index(home):
    return CategoryIndexPageFactory(parent=home)


@pytest.fixture
def producer_index(home):
    return ProducerIndexPageFactory(parent=home)


@pytest.fixture
def category(category_index):
    return CategoryPageFactory(parent=category_index, title="Kẹo dừa", slug="keo-dua")


@pytest.fixture
def producer(producer_index):
    return ProducerPageFactory(parent=producer_index, title="Công ty TNHH Đông Á", slug="dong-a", kind="company")


@pytest.fixture
def product(producer, category):
    product = ProductPageFactory(
        parent=producer, title="Kẹo dừa sầu riêng", slug="keo-dua-sau-rieng", ocop_stars=5, categories=[category]
    )
    PackSizeFactory(product=product, label="Hộp 400g", price=45_000, stock=12)
    return product


@pytest.fixture
def make_products(producer, category):
    """Build n live products with one pack size each, for query-count tests that grow the catalogue."""

    def make(n):
        products = []
        for _ in range(n):
            product = ProductPageFactory(parent=producer, categories=[category])
            PackSizeFactory(product=product)
            products.append(product)
        return products

    return make
