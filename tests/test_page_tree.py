"""The page-tree fixtures give a test the same storefront whether a snapshot holds it (SQLite) or the
test creates it, and whatever a test creates after them is new (tests/page_tree.py)."""

import datetime

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from freezegun import freeze_time
from wagtail.models import Site

from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory
from catalogue.models import PackSize, ProductPage
from tests import conftest

pytestmark = pytest.mark.django_db


def test_the_fixtures_are_the_storefront_the_makers_describe(home, category, producer, product):
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert [home.url, category.url, producer.url, product.url] == [
        "/",
        "/san-pham/keo-dua/",
        "/chu-the/dong-a/",
        "/chu-the/dong-a/keo-dua-sau-rieng/",
    ]
    assert type(product) is ProductPage and product.ocop_stars == 5
    assert list(product.categories.all()) == [category]
    pack = product.pack_sizes.get()
    assert (pack.label, pack.price, pack.stock) == ("Hộp 400g", 45_000, 12)


def test_products_made_after_them_get_their_own_slugs_skus_and_gtins(product, producer, make_products):
    made = [*make_products(3), ProductPageFactory(parent=producer)]
    PackSizeFactory(product=made[-1])
    packs = PackSize.objects.all()
    assert packs.count() == 5
    assert len({p.sku for p in packs}) == len({p.gtin for p in packs}) == 5
    assert len({p.slug for p in producer.get_children()}) == 5


def test_migrate_wrote_every_content_type_so_no_snapshot_adds_one(db):
    # The process caches content types by model whichever database state is in place.
    models = {(model._meta.app_label, model._meta.model_name) for model in apps.get_models()}
    assert models <= set(ContentType.objects.values_list("app_label", "model"))


def test_a_test_may_lose_the_products_photo(product):
    storage, name = product.image.file.storage, product.image.file.name
    storage.delete(name)
    assert not storage.exists(name)


def test_the_next_test_finds_it_in_storage_again(product):
    assert product.image.file.storage.exists(product.image.file.name)


class TestAnOverriddenFixture:
    @pytest.fixture
    def producer(self, producer_index):
        return ProducerPageFactory(parent=producer_index, title="HTX Dừa Xanh", slug="dua-xanh")

    def test_it_and_the_fixtures_needing_it_are_made_in_the_test(self, product):
        assert product.url == "/chu-the/dua-xanh/keo-dua-sau-rieng/"
        assert not {"producer", "product"} & set(conftest._restored)


@pytest.fixture
def frozen():
    with freeze_time("2024-06-15 12:00"):
        yield


def test_a_fixture_that_comes_first_still_sees_them_created_after_it(frozen, product):
    # `frozen` is not marked independent_of_the_page_tree: the product is made on its clock.
    assert product.certification.decision_date == datetime.date(2024, 6, 15) - datetime.timedelta(days=200)
    assert "product" not in conftest._restored
