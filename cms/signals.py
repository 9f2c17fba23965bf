from django.core.cache import cache
from django.dispatch import receiver
from wagtail.models import Site
from wagtail.signals import page_published, page_unpublished

from .context_processors import NAV_CACHE_KEY


@receiver(page_published)
@receiver(page_unpublished)
def forget_navigation(sender, **kwargs):
    cache.delete_many([NAV_CACHE_KEY.format(site_id=pk) for pk in Site.objects.values_list("pk", flat=True)])
