"""The three listing pages (categories, producers, stores) share one shape: a title, an introduction,
one of each in the site."""

import pytest
from wagtail.admin.panels import FieldPanel

from catalogue.models import CategoryIndexPage, IndexPage, ProducerIndexPage
from catalogue.stores import StoreIndexPage

INDEX_PAGES = [CategoryIndexPage, ProducerIndexPage, StoreIndexPage]


@pytest.mark.parametrize("page_class", INDEX_PAGES)
def test_each_index_page_is_one_of_a_kind_with_an_introduction_editors_can_change(page_class):
    assert issubclass(page_class, IndexPage)
    assert page_class.max_count == 1
    assert page_class._meta.get_field("intro").blank
    assert "intro" in [p.field_name for p in page_class.content_panels if isinstance(p, FieldPanel)]


@pytest.mark.django_db
def test_a_second_producer_index_cannot_be_added_under_the_home_page(home, producer_index):
    assert not ProducerIndexPage.can_create_at(home)
    assert StoreIndexPage.can_create_at(home)


@pytest.mark.django_db
def test_the_introduction_shows_on_the_index_page(client, producer_index):
    producer_index.intro = "Doanh nghiệp, hợp tác xã đứng sau mỗi sản phẩm."
    producer_index.save_revision().publish()
    assert (
        "Doanh nghiệp, hợp tác xã đứng sau mỗi sản phẩm." in client.get(producer_index.url).content.decode()
    )
