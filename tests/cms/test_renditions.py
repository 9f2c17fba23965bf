"""A page's pictures are drawn once it is published, so that its first visitor waits for none of them."""

import re
from pathlib import Path

import pytest
import wagtail_factories
from django.conf import settings
from wagtail.images import get_image_model

from catalogue.models import ProductGalleryImage
from cms import renditions
from traceability.models import EVENT_PHOTO

pytestmark = pytest.mark.django_db

Rendition = get_image_model().get_rendition_model()
TEMPLATES = Path(settings.BASE_DIR) / "templates"
# `{% image <picture> <spec> <spec>… [attribute=…] [as name] %}`: the specs are the words before the
# first attribute or "as", joined as Wagtail keys a rendition.
IMAGE_TAG = re.compile(r"{%\s*image\s+\S+\s+(.*?)%}")
# Lots are recorded, not published: a lot event's photo is drawn when the event is saved
# (traceability/photos.py, tests/traceability/test_lot_event_photos.py).
DRAWN_ON_FIRST_VIEW = {EVENT_PHOTO}


@pytest.fixture
def ahead(settings):
    settings.DRAW_RENDITIONS_AHEAD = True


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs a change and what it leaves for after its commit (the worker's tasks run at once here)."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def _publish(page):
    return lambda: page.save_revision().publish()


def _picture(title="Kẹo dừa"):
    return wagtail_factories.ImageFactory(title=title, file__width=1600, file__height=1200)


def _drawn_specs(image) -> set[str]:
    return set(Rendition.objects.filter(image=image).values_list("filter_spec", flat=True))


def _template_specs() -> set[str]:
    specs = set()
    for template in TEMPLATES.rglob("*.html"):
        for arguments in IMAGE_TAG.findall(template.read_text()):
            words = []
            for word in arguments.split():
                if "=" in word or word == "as":
                    break
                words.append(word)
            specs.add("|".join(words))
    return specs


def test_every_size_the_templates_show_a_picture_in_is_drawn_ahead():
    drawn = {spec for specs in renditions.PAGE_PICTURE.values() for spec in specs}
    drawn |= {*renditions.GALLERY, renditions.STORY_PICTURE}
    shown = _template_specs()
    assert len(shown) > 5  # the templates were read
    assert shown - DRAWN_ON_FIRST_VIEW <= drawn


def test_publishing_a_product_draws_its_pictures_and_its_first_visitor_waits_for_none(
    ahead, committed, client, product
):
    product.image = _picture()
    gallery_photo = _picture("Hộp quà")
    ProductGalleryImage.objects.create(product=product, image=gallery_photo, sort_order=0)
    committed(_publish(product))

    assert _drawn_specs(product.image) == set(renditions.PAGE_PICTURE[type(product)])
    assert _drawn_specs(gallery_photo) == set(renditions.GALLERY)
    drawn_before = Rendition.objects.count()
    assert client.get(product.url).status_code == 200
    assert Rendition.objects.count() == drawn_before


def test_a_producers_story_pictures_are_drawn_with_its_page(ahead, committed, producer):
    story_picture = _picture("Lò kẹo")
    producer.image = _picture("Cơ sở")
    producer.story = [("image", {"image": story_picture, "decorative": True, "alt_text": ""})]
    committed(_publish(producer))

    assert _drawn_specs(producer.image) == set(renditions.PAGE_PICTURE[type(producer)])
    assert _drawn_specs(story_picture) == {renditions.STORY_PICTURE}


@pytest.mark.reference_index
def test_a_picture_cropped_again_is_drawn_again_for_the_pages_showing_it(ahead, committed, product):
    product.image = _picture()
    committed(_publish(product))
    picture = product.image
    drawn_before = Rendition.objects.filter(image=picture).count()

    picture.focal_point_x, picture.focal_point_y = 100, 100
    picture.focal_point_width, picture.focal_point_height = 200, 200
    committed(picture.save)

    # One rendition more of each size, for the new focal point (the old ones are kept by Wagtail).
    assert Rendition.objects.filter(image=picture).count() == 2 * drawn_before


def test_a_picture_missing_from_storage_is_skipped_and_the_page_still_publishes(
    ahead, committed, client, product
):
    product.image = _picture()
    product.save()
    product.image.file.storage.delete(product.image.file.name)

    committed(_publish(product))

    assert not _drawn_specs(product.image)
    assert client.get(product.url).status_code == 200


def test_nothing_is_drawn_on_publishing_when_it_is_switched_off(committed, product):
    product.image = _picture()
    committed(_publish(product))
    assert not _drawn_specs(product.image)


def test_after_load_demos_pass_the_home_and_listings_draw_nothing(client, home, product, category, producer):
    """`load_demo` draws the pages with pictures (`pages_with_pictures`) before serving them."""
    for page, title in ((product, "Kẹo"), (category, "Danh mục"), (producer, "Cơ sở")):
        page.image = _picture(title)
        page.save_revision().publish()
    assert {product.pk, category.pk, producer.pk} <= {page.pk for page in renditions.pages_with_pictures()}
    for page in renditions.pages_with_pictures():
        renditions.draw(page)

    drawn_before = Rendition.objects.count()
    for url in (home.url, category.url, producer.url, product.url):
        assert client.get(url).status_code == 200
    assert Rendition.objects.count() == drawn_before
