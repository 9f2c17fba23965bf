from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import Site
from wagtail.signals import page_published, page_unpublished

from ops.tasks import enqueue_after_commit

from . import renditions
from .context_processors import NAV_CACHE_KEY


@receiver(page_published)
@receiver(page_unpublished)
def forget_navigation(sender, **kwargs):
    cache.delete_many([NAV_CACHE_KEY.format(site_id=pk) for pk in Site.objects.values_list("pk", flat=True)])


@receiver(page_published)
def draw_renditions_of_published_page(sender, instance, **kwargs):
    if settings.DRAW_RENDITIONS_AHEAD:
        enqueue_after_commit(renditions.draw_page_renditions, instance.pk)


@receiver(post_save, sender=get_image_model())
def draw_renditions_of_changed_image(sender, instance, created, raw=False, **kwargs):
    # A new picture is shown nowhere yet: the page that first shows it is published with it.
    if settings.DRAW_RENDITIONS_AHEAD and not created and not raw:
        enqueue_after_commit(renditions.draw_renditions_of_image, instance.pk)
