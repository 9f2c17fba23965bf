"""A picture with more pixels than the shop takes (128 million, Wagtail's limit) is refused with its size
in words a producer reads, numbers grouped the Vietnamese way: "Ảnh quá lớn (20.000 × 20.000 điểm ảnh);
tối đa 128 triệu điểm ảnh", in the single and multiple uploaders and the image chooser alike."""

import io
import struct
import zlib

import pytest
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from catalogue.photos import too_many_pixels

pytestmark = pytest.mark.django_db

SHRINK = "Hãy thu nhỏ ảnh rồi tải lên lại."


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares `width` × `height` pixels (what a decompression bomb declares), with
    next to no pixel data: its size alone is what the upload is refused for."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    pixels = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def upload(content: bytes, name: str = "vuon-dua.png"):
    file = io.BytesIO(content)
    file.name = name
    return file


def add_one(client, content):
    response = client.post(
        reverse("wagtailimages:add"), {"title": "Vườn dừa", "file": upload(content), "collection": 1}
    )
    assert response.status_code == 200
    return response.context["form"].errors["file"]


def add_several(client, content):
    response = client.post(
        reverse("wagtailimages:add_multiple"), {"collection": 1, "files[]": upload(content)}
    )
    result = response.json()
    assert result["success"] is False
    return result["error_message"]


def add_from_the_chooser(client, content):
    response = client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Vườn dừa",
            "image-chooser-upload-file": upload(content),
            "image-chooser-upload-collection": 1,
        },
    )
    return response.json()["htmlFragment"]


@pytest.mark.parametrize("uploader", [add_one, add_several, add_from_the_chooser])
def test_a_picture_too_large_to_open_is_refused_with_its_size_and_the_limit_in_millions(
    admin_client, uploader
):
    said = str(uploader(admin_client, png_declaring(20_000, 20_000)))
    assert f"Ảnh quá lớn (20.000 × 20.000 điểm ảnh); tối đa 128 triệu điểm ảnh. {SHRINK}" in said
    assert "không rõ" not in said and "128000000" not in said
    assert not get_image_model().objects.exists()


def test_the_largest_picture_a_png_can_declare_says_its_size(admin_client):
    assert add_one(admin_client, png_declaring(65_535, 65_535)) == [
        f"Ảnh quá lớn (65.535 × 65.535 điểm ảnh); tối đa 128 triệu điểm ảnh. {SHRINK}"
    ]


@pytest.fixture
def limit_of_a_million(settings):
    """The limit lowered, so that a picture over it opens in a moment (one over 128 million takes seconds)."""
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_000_000


def a_picture(width, height) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("L", (width, height), 60).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_picture_over_the_limit_says_its_size_and_the_limit(admin_client, limit_of_a_million):
    assert add_one(admin_client, a_picture(1_200, 1_000)) == [
        f"Ảnh quá lớn (1.200 × 1.000 điểm ảnh); tối đa 1 triệu điểm ảnh. {SHRINK}"
    ]
    assert not get_image_model().objects.exists()


def test_an_animated_picture_over_the_limit_counts_its_frames():
    # Wagtail counts an animation's frames where Willow reads them (with Wand; Pillow reads one).
    assert too_many_pixels(600, 500, frames=4, limit=1_000_000) == (
        f"Ảnh động quá lớn (4 khung hình 600 × 500 điểm ảnh); tối đa 1 triệu điểm ảnh cho mọi khung hình. {SHRINK}"
    )


def test_a_picture_whose_header_says_no_size_is_refused_with_the_limit():
    assert (
        too_many_pixels(None, None, limit=128_000_000) == f"Ảnh quá lớn; tối đa 128 triệu điểm ảnh. {SHRINK}"
    )


def test_a_limit_of_no_whole_millions_is_grouped(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_500_000
    assert add_one(admin_client, a_picture(1_300, 1_200)) == [
        f"Ảnh quá lớn (1.300 × 1.200 điểm ảnh); tối đa 1.500.000 điểm ảnh. {SHRINK}"
    ]


def test_a_picture_within_the_limit_is_taken(admin_client, limit_of_a_million):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Vườn dừa", "file": upload(a_picture(1_000, 1_000)), "collection": 1},
    )
    assert response.status_code == 302
    assert get_image_model().objects.get().width == 1_000
