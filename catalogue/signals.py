"""Catalogue signals: keep the product's producer shortcut in step when an editor moves a product,
a producer group's right to publish in step with its trusted mark, and announce stock changes after
the transaction commits.

`stock_changed` is sent once the change is committed, whatever made it: a sale or a cancellation
(guarded `QuerySet.update`s in the storefront, which send no model signal), or a pack size saved
(editor, import). Search, caches and dashboards listen; catalogue names none of them.
Receivers get `pack_size_ids` and `product_ids` (frozensets) and `reason` (one of REASONS).
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver
from wagtail.signals import page_published, post_page_move

from .models import PackSize, ProducerPage, ProductPage
from .moderation import sync_publish_permission
from .permissions import producer_group

stock_changed = Signal()

SALE, RESTOCK, SAVED = "sale", "restock", "saved"
REASONS = (SALE, RESTOCK, SAVED)


def announce_stock_change(pack_size_ids: Iterable[int], *, reason: str) -> None:
    """Send `stock_changed` after the current transaction commits (at once outside one)."""
    ids = frozenset(pack_size_ids)
    if ids:
        transaction.on_commit(lambda: _send(ids, reason))


def _send(pack_size_ids: frozenset[int], reason: str) -> None:
    product_ids = frozenset(
        PackSize.objects.filter(pk__in=pack_size_ids).values_list("product_id", flat=True).distinct()
    )
    stock_changed.send(sender=PackSize, pack_size_ids=pack_size_ids, product_ids=product_ids, reason=reason)


@receiver(post_save, sender=PackSize)
def pack_size_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        announce_stock_change([instance.pk], reason=SAVED)


@receiver(post_page_move, sender=ProductPage)
def sync_producer_after_move(sender, instance, parent_page_after, **kwargs):
    ProductPage.objects.filter(pk=instance.pk).update(producer_id=parent_page_after.id)


@receiver(page_published, sender=ProducerPage)
def sync_trust_after_publish(sender, instance, **kwargs):
    """Programme staff mark a producer trusted (or not) on its page; its group's publishing follows."""
    group = producer_group(instance)
    if group is not None:
        sync_publish_permission(instance, group)
