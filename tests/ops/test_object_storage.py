"""Media on S3-compatible object storage: an image uploaded in the admin, its rendition, fetched by URL.

The object store is moto's S3 server (`moto_server`), started by the test on a free loopback port.
"""

import io
import json
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from tests.ops.conftest import s3_client

pytestmark = pytest.mark.django_db

BUCKET = "ocop-media"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}


@pytest.fixture
def object_storage(s3_server, settings, tmp_path):
    """Media in a fresh bucket, configured as config/settings.py does when AWS_STORAGE_BUCKET_NAME is set."""
    client = s3_client(s3_server)
    client.create_bucket(Bucket=BUCKET)
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))  # as the README asks of a bucket
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    settings.AWS_S3_ENDPOINT_URL = s3_server
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_ACCESS_KEY_ID = "test"
    settings.AWS_SECRET_ACCESS_KEY = "test"
    settings.AWS_LOCATION = "media"
    settings.AWS_QUERYSTRING_AUTH = False
    settings.AWS_S3_FILE_OVERWRITE = False
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}
    settings.MEDIA_ROOT = tmp_path / "media-on-disk"
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def png(width=640, height=480, colour=(200, 120, 30)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


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
