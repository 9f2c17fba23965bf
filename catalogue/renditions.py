"""Renditions made in code for what machines read (JSON-LD, feeds, share cards): a picture whose
original file is missing from storage (a restore, a moved bucket, a store that is down) gives none,
as Wagtail's `{% image %}` tag draws a missing picture, so the page still renders rather than
answering 500.

Use `rendition_url` for an absolute URL on SITE_URL (the origin the Wagtail Site follows), never the
request's Host: a page reached as localhost must not publish localhost links.
"""

import logging

from wagtail.images.models import SourceImageIOError

from .origin import absolute

logger = logging.getLogger(__name__)


def rendition_or_none(image, spec: str):
    """The image's rendition for `spec`, or None when there is no image or its original is missing."""
    if image is None:
        return None
    try:
        return image.get_rendition(spec)
    except SourceImageIOError:
        logger.warning("Image %s is missing from storage: %s", image.pk, image.file.name)
        return None


def rendition_url(image, spec: str) -> str | None:
    """The rendition's absolute URL on SITE_URL (an object store's own absolute URL kept), or None."""
    rendition = rendition_or_none(image, spec)
    return absolute(rendition.url) if rendition is not None else None
