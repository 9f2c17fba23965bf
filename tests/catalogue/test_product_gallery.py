"""A product's extra photos ("Ảnh khác"): each thumbnail opens the photo large when tapped, a plain link
(no script, the Content Security Policy stays strict), and says what it shows: its caption, else the
product's title and its place in the gallery."""

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from catalogue.models import ProductGalleryImage

pytestmark = pytest.mark.django_db


@pytest.fixture
def gallery(product):
    photos = [
        wagtail_factories.ImageFactory(title="hop-qua.jpg", file__width=2400, file__height=1800),
        wagtail_factories.ImageFactory(title="IMG_0412.jpg", file__width=1200, file__height=1600),
    ]
    ProductGalleryImage.objects.create(product=product, image=photos[0], caption="Hộp quà Tết", sort_order=0)
    ProductGalleryImage.objects.create(product=product, image=photos[1], caption="", sort_order=1)
    return photos


def gallery_links(client, product):
    soup = BeautifulSoup(client.get(product.url).content, "html.parser")
    return soup.select("ul.gallery li a")


def test_each_extra_photo_opens_large_when_tapped(client, product, gallery):
    links = gallery_links(client, product)
    assert len(links) == 2
    for link, photo in zip(links, gallery, strict=True):
        large = photo.get_rendition("max-1600x1600|format-webp")
        assert link["href"] == large.url
        thumbnail = link.find("img")
        assert (thumbnail["width"], thumbnail["height"]) == ("160", "160")
        assert "Xem ảnh lớn" in link.get_text()
        assert not [name for name in link.attrs if name.startswith("on")]  # no inline script
    assert (large.width, large.height) == (1200, 1600)  # never enlarged beyond the original


def test_an_extra_photo_is_described_by_its_caption_else_by_the_product_and_its_number(
    client, product, gallery
):
    alts = [link.find("img")["alt"] for link in gallery_links(client, product)]
    assert alts == ["Hộp quà Tết", f"{product.title} – ảnh 2"]
