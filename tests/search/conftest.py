"""A small varied catalogue for search: three producers in three provinces, three categories,
five products with different stars, prices and stock, indexed by every engine under test."""

import datetime
import os

import pytest
from django.core.cache import cache
from django.utils import timezone

from catalogue.factories import CategoryPageFactory, PackSizeFactory, ProducerPageFactory, ProductPageFactory
from places.models import Province
from search import indexing
from search.engines import get_engines, reset_engines
from tests.page_tree import independent_of_the_page_tree

THAI_NGUYEN, PHU_THO, VINH_LONG = 19, 25, 86


@pytest.fixture(autouse=True)
@independent_of_the_page_tree
def fresh_engines_and_cache():
    reset_engines()
    cache.clear()
    yield
    reset_engines()
    cache.clear()


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def engine_name(request, settings):
    """The contract suite runs on the database always, on Elasticsearch when ELASTICSEARCH_URL is set."""
    if request.param == "elasticsearch":
        url = os.environ.get("ELASTICSEARCH_URL")
        if not url:
            pytest.skip("ELASTICSEARCH_URL is not set: the Elasticsearch contract run needs a real server")
        settings.ELASTICSEARCH_URL = url
        settings.ELASTICSEARCH_INDEX = "ocop-test-products"
        settings.SEARCH_ENGINES = ["search.engines.elasticsearch.ElasticsearchEngine"]
    else:
        settings.SEARCH_ENGINES = ["search.engines.database.DatabaseEngine"]
    reset_engines()
    return request.param


def reindex():
    """Rebuild every configured engine (Elasticsearch refreshes its index before answering)."""
    indexing.rebuild(get_engines())
    cache.clear()


@pytest.fixture
def categories(category, category_index):
    tea = CategoryPageFactory(parent=category_index, title="Trà & thảo dược", slug="tra")
    honey = CategoryPageFactory(parent=category_index, title="Mật ong", slug="mat-ong")
    return {"keo": category, "tra": tea, "mat_ong": honey}


@pytest.fixture
def producers(producer, producer_index):
    tea = ProducerPageFactory(
        parent=producer_index,
        title="Hợp tác xã Chè Tân Cương",
        slug="htx-che-tan-cuong",
        kind="cooperative",
        province=Province.objects.get(code=THAI_NGUYEN),
    )
    honey = ProducerPageFactory(
        parent=producer_index,
        title="Hộ kinh doanh Ong Vàng",
        slug="ong-vang",
        kind="household",
        province=Province.objects.get(code=PHU_THO),
    )
    return {"dong_a": producer, "che": tea, "ong": honey}


def _product(parent, title, stars, categories, packs, days_ago, **extra):
    # The factory's summary is a random Vietnamese sentence, which now and then holds the very word a test
    # says finds nothing ("lá" found "Thạch dừa lạnh" through its summary): the title is summary enough.
    extra.setdefault("summary", title)
    product = ProductPageFactory(parent=parent, title=title, ocop_stars=stars, categories=categories, **extra)
    for price, stock in packs:
        PackSizeFactory(product=product, price=price, stock=stock)
    published = timezone.now() - datetime.timedelta(days=days_ago)
    dates = {"first_published_at": published, "last_published_at": published}
    type(product).objects.filter(pk=product.pk).update(**dates)
    return product


@pytest.fixture
def catalogue(product, producers, categories, engine_name):
    """Five products, indexed by the engine under test. Prices/stock/stars chosen so each sort differs."""
    type(product).objects.filter(pk=product.pk).update(
        first_published_at=timezone.now() - datetime.timedelta(days=30),
        summary="Kẹo dừa béo ngậy vị sầu riêng",  # fixed words: a random summary could match other queries
    )
    items = {
        "sau_rieng": product,  # 5★, 45.000, stock 12, Đông Á, Vĩnh Long, company
        "la_dua": _product(
            producers["dong_a"],
            "Kẹo dừa lá dứa",
            4,
            [categories["keo"]],
            [(30_000, 0), (60_000, 0)],
            10,
            ocop_potential_five=True,
            summary="Kẹo mềm thơm lá dứa",
        ),
        "tra_xanh": _product(
            producers["che"],
            "Trà xanh Tân Cương",
            4,
            [categories["tra"]],
            [(120_000, 5)],
            20,
            summary="Chè búp xanh đặc sản Thái Nguyên",
        ),
        "mat_ong": _product(
            producers["ong"],
            "Mật ong rừng Hoà Bình",
            3,
            [categories["mat_ong"]],
            [(200_000, 3)],
            5,
            summary="Mật ong hoa rừng nguyên chất",
        ),
        "tra_cuc": _product(
            producers["che"],
            "Trà hoa cúc",
            3,
            [categories["tra"], categories["mat_ong"]],
            [(80_000, 0)],
            40,
            summary="Trà thảo mộc, ngọt dịu với mật ong",
        ),
    }
    reindex()
    return items
