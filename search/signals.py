"""Catalogue changes that change what search shows: publishing, unpublishing, deleting, pack sizes
and their stock (`catalogue.signals.stock_changed`, sent after commit for sales, restocks and saves),
a page's Privacy set or lifted (its products leave the index or come back)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from catalogue.models import CategoryPage, Certification, PackSize, ProducerPage, ProductPage
from catalogue.privacy import restricted_product_ids
from catalogue.signals import stock_changed

from .indexing import schedule_removal, schedule_update


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    if isinstance(instance, ProductPage):
        schedule_update([instance.pk])
    elif isinstance(instance, ProducerPage):
        # Its name, kind and province are in its products' documents.
        schedule_update(ProductPage.objects.filter(producer=instance).values_list("pk", flat=True))
    elif isinstance(instance, CategoryPage):
        schedule_update(instance.products.values_list("pk", flat=True))


@receiver(post_save, sender=ProductPage)
def product_saved(sender, instance, raw=False, **kwargs):
    # Pages created live (loaders, factories) never send page_published.
    if not raw:
        schedule_update([instance.pk])


@receiver(post_delete, sender=ProductPage)
def product_deleted(sender, instance, **kwargs):
    schedule_removal([instance.pk])


@receiver(post_delete, sender=PackSize)
def pack_size_deleted(sender, instance, **kwargs):
    if instance.product_id:
        schedule_update([instance.product_id])


@receiver(stock_changed)
def stock_moved(sender, product_ids, **kwargs):
    # Already after commit: the worker's documents read the new stock (a saved pack's price too);
    # schedule_update does nothing while a bulk load has paused indexing.
    schedule_update(product_ids)


@receiver(post_save, sender=Certification)
def certification_changed(sender, instance, raw=False, **kwargs):
    # Recorded, renewed, upgraded or revoked: the star facets follow after commit.
    if not raw and instance.product_id:
        schedule_update([instance.product_id])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, raw=False, **kwargs):
    # Set, changed or lifted in the page's Privacy: the products it covers are indexed again, which
    # leaves out those still under a restriction (documents.live_products) and brings back the others.
    if not raw:
        schedule_update(restricted_product_ids(instance))
