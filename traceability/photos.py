"""Lot events' photos drawn before the lot page's first scan waits for them.

Lots are recorded, not published, so Wagtail's page signals (cms/renditions.py) never see them: an
event saved with a photo has that photo's rendition drawn by the worker after commit, as the lot page
shows it (`EVENT_PHOTO`); the first buyer who scans the lot finds it ready.
"""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.images import get_image_model

from catalogue.renditions import rendition_or_none
from ops.tasks import background_task, enqueue_after_commit, retried

from .models import EVENT_PHOTO, LotEvent


@background_task()
@retried
def draw_event_photo(image_id: int) -> None:
    for image in get_image_model().objects.filter(pk=image_id):
        rendition_or_none(image, EVENT_PHOTO)  # a photo missing from storage is shown as missing


@receiver(post_save, sender=LotEvent)
def draw_photo_of_saved_event(sender, instance, raw=False, **kwargs):
    if settings.DRAW_RENDITIONS_AHEAD and instance.image_id and not raw:
        enqueue_after_commit(draw_event_photo, instance.image_id)
