"""Bulk loads pause search indexing and rebuild the index once: what a shopper finds is right after."""

import pytest
from wagtail.search.models import IndexEntry

from catalogue.factories import PackSizeFactory, ProductPageFactory
from search import indexing
from search.models import ProductDocument

# Wagtail's admin search index is paused and resumed too: keep it as production does.
pytestmark = [pytest.mark.django_db, pytest.mark.search_index]


def _saved_while_paused(producer, django_capture_on_commit_callbacks):
    # As a command does: the pause wraps the transaction, so its commit callbacks run inside it.
    with indexing.paused(), django_capture_on_commit_callbacks(execute=True) as callbacks:
        product = ProductPageFactory(parent=producer, title="Kẹo dừa bưởi")
        PackSizeFactory(product=product)
    return product, callbacks


def test_a_product_saved_while_indexing_is_paused_is_found_only_after_the_reindex(
    producer, django_capture_on_commit_callbacks
):
    product, _callbacks = _saved_while_paused(producer, django_capture_on_commit_callbacks)
    # Other listeners (stock announcements) may run after the commit; search must not index.
    assert not ProductDocument.objects.filter(product=product).exists()
    assert not IndexEntry.objects.filter(object_id=str(product.pk)).exists()  # Wagtail's admin index

    assert indexing.reindex() == {"database": 1}
    assert ProductDocument.objects.get(product=product).title == "Kẹo dừa bưởi"


def test_indexing_resumes_after_the_paused_block_even_when_it_failed(
    producer, django_capture_on_commit_callbacks
):
    with pytest.raises(RuntimeError), indexing.paused():
        raise RuntimeError("a loader failed half-way")
    assert not indexing.is_paused()
    with django_capture_on_commit_callbacks(execute=True):
        product = ProductPageFactory(parent=producer, title="Trà hoa vàng")
        PackSizeFactory(product=product)
    assert ProductDocument.objects.filter(product=product).exists()
    assert IndexEntry.objects.filter(object_id=str(product.pk)).exists()
