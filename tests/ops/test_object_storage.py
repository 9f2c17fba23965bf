"""Media on S3-compatible object storage: an image uploaded in the admin, its rendition, fetched by URL.

The object store is moto's S3 server (`moto_server`), started by the test on a free loopback port.
"""

import io
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from tests.ops.conftest import BUCKET, png

pytestmark = pytest.mark.django_db


def test_an_image_uploaded_in_the_admin_and_its_rendition_are_served_from_the_object_store(
    admin_client, object_storage, settings
):
    upload = io.BytesIO(png())
    upload.name = "keo-dua.png"
    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "Kẹo dừa sầu riêng", "file": upload, "collection": 1}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="Kẹo dừa sầu riêng")
    rendition = image.get_rendition("fill-120x90")

    keys = sorted(item["Key"] for item in object_storage.list_objects_v2(Bucket=BUCKET)["Contents"])
    assert keys == sorted([f"media/{image.file.name}", f"media/{rendition.file.name}"])
    assert rendition.url.startswith(f"{settings.AWS_S3_ENDPOINT_URL}/{BUCKET}/media/images/")
    with urllib.request.urlopen(rendition.url, timeout=5) as fetched:  # noqa: S310 (loopback)
        served = PILImage.open(io.BytesIO(fetched.read()))
    assert served.size == (120, 90)
    assert not Path(settings.MEDIA_ROOT).exists()  # nothing landed on this app server's disk
