"""Renditions drawn before a shopper waits for them.

Wagtail draws a picture's rendition the first time a page asks for it, in that page's request: about
0.1 s of CPU a picture and size, so the first visitor of a freshly published product waited for five of
them, and the home page's first visitor after `make run` for every card (19). Here
the worker draws them once a page is published, or once a picture it shows is changed, and `load_demo`
draws the demo's: a page's first visitor finds its pictures ready.

The sizes are the templates' `{% image %}` specs, as Wagtail keys them ("fill-480x480|format-webp");
tests/cms/test_renditions.py keeps this list and the templates in step.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page, ReferenceIndex

from catalogue.blocks import STORY_PICTURE  # a picture block in a story or an editorial page
from catalogue.combos import GiftComboPage
from catalogue.models import CARD_RENDITION, CategoryPage, ProducerPage, ProductPage
from catalogue.structured_data import IMAGE_SPEC as JSON_LD_IMAGE
from ops.tasks import background_task, retried

from .models import HomePage, StandardPage
from .seo import SHARE_IMAGE_SPEC

logger = logging.getLogger(__name__)

SQUARE_HERO = "fill-800x800|format-webp"  # a product's or a gift combo's page
WIDE_HERO = "fill-800x450|format-webp"  # a producer's page
LOT_PHOTO = "fill-240x240|format-webp"  # the product on its lots' traceability pages
GALLERY = ("fill-160x160|format-webp", "max-1600x1600|format-webp")  # a product's gallery: thumbnail, full

# What each kind of page shows its own picture as: in cards, on its page, in share cards and JSON-LD.
PAGE_PICTURE = {
    ProductPage: (CARD_RENDITION, SQUARE_HERO, SHARE_IMAGE_SPEC, JSON_LD_IMAGE, LOT_PHOTO),
    GiftComboPage: (CARD_RENDITION, SQUARE_HERO, SHARE_IMAGE_SPEC, JSON_LD_IMAGE),
    ProducerPage: (CARD_RENDITION, WIDE_HERO, SHARE_IMAGE_SPEC),
    CategoryPage: (CARD_RENDITION, SHARE_IMAGE_SPEC),
}
STREAM_FIELDS = ("story", "body")  # producers' and combos' stories, the home and editorial pages' bodies


def pictures_of(page) -> list[tuple[object, tuple[str, ...]]]:
    """The page's pictures, each with the sizes the storefront shows it in."""
    page = page.specific
    pictures = []
    if getattr(page, "image", None) is not None and type(page) in PAGE_PICTURE:
        pictures.append((page.image, PAGE_PICTURE[type(page)]))
    if isinstance(page, ProductPage):
        pictures += [(item.image, GALLERY) for item in page.gallery_images.select_related("image")]
    for name in STREAM_FIELDS:
        for block in getattr(page, name, None) or ():
            if block.block_type == "image" and block.value is not None:
                pictures.append((block.value, (STORY_PICTURE,)))
    return pictures


def draw(page) -> None:
    """Draw the page's renditions not drawn yet (those drawn before cost one query a picture)."""
    for image, specs in pictures_of(page):
        try:
            image.get_renditions(*specs)
        except SourceImageIOError:  # its original is gone from storage: the page shows it as missing
            logger.warning("renditions of image %s not drawn: %s is missing", image.pk, image.file.name)


def pages_with_pictures():
    """The live pages whose pictures the storefront shows, for `load_demo` (or a restored site)."""
    return Page.objects.live().type(*PAGE_PICTURE, HomePage, StandardPage).specific().order_by("path")


def live_pages_showing(image):
    """The live pages that show `image` (Wagtail's reference index: fields, galleries, story blocks)."""
    page_type = ContentType.objects.get_for_model(Page)
    references = ReferenceIndex.get_references_to(image).filter(base_content_type=page_type)
    page_ids = {int(object_id) for object_id in references.values_list("object_id", flat=True)}
    return Page.objects.live().filter(pk__in=page_ids).specific()


@background_task()
@retried
def draw_page_renditions(page_id: int) -> None:
    for page in Page.objects.live().filter(pk=page_id).specific():
        draw(page)


@background_task()
@retried
def draw_renditions_of_image(image_id: int) -> None:
    for image in get_image_model().objects.filter(pk=image_id):
        for page in live_pages_showing(image):
            draw(page)
