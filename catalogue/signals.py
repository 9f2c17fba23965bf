"""Keep the product's producer shortcut in step when an editor moves a product to another producer."""

from django.dispatch import receiver
from wagtail.signals import post_page_move

from .models import ProductPage


@receiver(post_page_move, sender=ProductPage)
def sync_producer_after_move(sender, instance, parent_page_after, **kwargs):
    ProductPage.objects.filter(pk=instance.pk).update(producer_id=parent_page_after.id)
