"""The page tree of a small storefront, one function per object: the fixtures of the same names in
`conftest.py` call them."""

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


def make_home():
    """The home page as the default site's root, as `load_demo` sets it up."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="OCOP Việt", slug="trang-chu", hero_title="Sản phẩm OCOP"))
    # Port 80 whatever SITE_URL says (migrate points the Site at it): tests read http://localhost/.
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80}
    )
    return home


def make_category_index(home):
    return CategoryIndexPageFactory(parent=home)


def make_producer_index(home):
    return ProducerIndexPageFactory(parent=home)


def make_category(category_index):
    return CategoryPageFactory(parent=category_index, title="Kẹo dừa", slug="keo-dua")


def make_producer(producer_index):
    return ProducerPageFactory(
        parent=producer_index, title="Công ty TNHH Đông Á", slug="dong-a", kind="company"
    )


def make_product(producer, category):
    """A 5★ product with one pack size: "Hộp 400g", 45.000 ₫, 12 in stock."""
    product = ProductPageFactory(
        parent=producer,
        title="Kẹo dừa sầu riêng",
        slug="keo-dua-sau-rieng",
        ocop_stars=5,
        categories=[category],
    )
    PackSizeFactory(product=product, label="Hộp 400g", price=45_000, stock=12)
    return product
