"""Keep the product's producer shortcut in step when an editor moves a product to another producer,
and a producer group's right to publish in step with its trusted mark."""

from django.contrib.auth.models import Group
from django.dispatch import receiver
from wagtail.signals import page_published, post_page_move

from .models import ProducerPage, ProductPage
from .moderation import sync_publish_permission
from .permissions import group_name


@receiver(post_page_move, sender=ProductPage)
def sync_producer_after_move(sender, instance, parent_page_after, **kwargs):
    ProductPage.objects.filter(pk=instance.pk).update(producer_id=parent_page_after.id)


@receiver(page_published, sender=ProducerPage)
def sync_trust_after_publish(sender, instance, **kwargs):
    """Programme staff mark a producer trusted (or not) on its page; its group's publishing follows."""
    group = Group.objects.filter(name=group_name(instance)).first()
    if group is not None:
        sync_publish_permission(instance, group)
