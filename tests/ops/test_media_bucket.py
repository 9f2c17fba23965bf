"""Setting up and using the media bucket by hand (README, A production-like stack): a bucket not yet made
is said in one line naming it and its variable, `manage.py create_media_bucket` makes it with the
documented policy, pictures in it carry the Cache-Control that /media/ gives them, and an http store's
pictures are not blocked by the pages' Content Security Policy.

The object store is moto's S3 server (`moto_server`), as in test_object_storage.py.
"""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from wagtail.images import get_image_model

from ops.media_storage import BucketMissing
from tests.ops.conftest import BUCKET, png, public_read, s3_client

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
NEW_BUCKET = "ocop-chua-tao"


def _use_bucket(settings, name):
    settings.AWS_STORAGE_BUCKET_NAME = name
    private = {**settings.STORAGES["private"], "OPTIONS": {**settings.STORAGES["private"]["OPTIONS"]}}
    private["OPTIONS"]["bucket_name"] = name
    settings.STORAGES = {**settings.STORAGES, "private": private}  # built anew from the settings


@pytest.fixture
def no_bucket_yet(object_storage, settings, s3_server):
    """The settings name a bucket nobody has made yet."""
    _use_bucket(settings, NEW_BUCKET)
    yield s3_client(s3_server)
    client = s3_client(s3_server)
    if NEW_BUCKET in [bucket["Name"] for bucket in client.list_buckets()["Buckets"]]:
        for item in client.list_objects_v2(Bucket=NEW_BUCKET).get("Contents", []):
            client.delete_object(Bucket=NEW_BUCKET, Key=item["Key"])
        client.delete_bucket(Bucket=NEW_BUCKET)


def test_load_demo_before_the_bucket_exists_stops_with_one_line_naming_it_and_its_variable(no_bucket_yet):
    with pytest.raises(CommandError) as stopped:  # manage.py prints a CommandError as its one line
        call_command("load_demo", verbosity=0)
    message = str(stopped.value)
    assert isinstance(stopped.value, BucketMissing)
    assert "\n" not in message
    assert f"'{NEW_BUCKET}' does not exist" in message
    assert "AWS_STORAGE_BUCKET_NAME" in message and "manage.py create_media_bucket" in message


@pytest.mark.django_db(transaction=True)
def test_an_upload_before_the_bucket_exists_says_nothing_was_saved_and_logs_which_bucket(
    admin_client, no_bucket_yet, caplog
):
    upload = io.BytesIO(png())
    upload.name = "keo-dua.png"
    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "Kẹo dừa", "collection": 1, "file": upload}
    )
    assert response.status_code == 503
    assert "tệp vừa gửi chưa được lưu" in response.content.decode()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(f"'{NEW_BUCKET}' does not exist (named by AWS_STORAGE_BUCKET_NAME)" in e for e in errors)
    assert not get_image_model().objects.exists()


def test_create_media_bucket_makes_it_and_lets_the_public_read_the_pictures_only(no_bucket_yet):
    client = no_bucket_yet
    out = io.StringIO()
    call_command("create_media_bucket", stdout=out)
    assert f"Bucket {NEW_BUCKET} created." in out.getvalue()

    policy = json.loads(client.get_bucket_policy(Bucket=NEW_BUCKET)["Policy"])
    documented = json.loads(
        public_read(NEW_BUCKET)
    )  # the README's: media/images/, original_images/, avatar_images/
    assert [statement["Resource"] for statement in policy["Statement"]] == [
        statement["Resource"] for statement in documented["Statement"]
    ]
    assert policy["Statement"][0]["Action"] == "s3:GetObject"
    assert not any(
        "documents" in resource or "private" in resource for resource in policy["Statement"][0]["Resource"]
    )

    again = io.StringIO()
    call_command("create_media_bucket", stdout=again)  # safe to run again
    assert f"Bucket {NEW_BUCKET} is already there." in again.getvalue()
    get_image_model().objects.create(title="Kẹo dừa", file=ImageFile(io.BytesIO(png()), name="keo-dua.png"))
    keys = [item["Key"] for item in client.list_objects_v2(Bucket=NEW_BUCKET)["Contents"]]
    assert keys == ["media/original_images/keo-dua.png"]


def test_create_media_bucket_can_print_the_policy_alone(no_bucket_yet):
    out = io.StringIO()
    call_command("create_media_bucket", "--print-policy", stdout=out)
    assert json.loads(out.getvalue())["Statement"][0]["Resource"] == [
        f"arn:aws:s3:::{NEW_BUCKET}/media/{prefix}/*"
        for prefix in ("images", "original_images", "avatar_images")
    ]
    assert NEW_BUCKET not in [bucket["Name"] for bucket in no_bucket_yet.list_buckets()["Buckets"]]


def test_renditions_in_the_bucket_are_kept_by_browsers_a_year_and_originals_a_day(object_storage):
    image = get_image_model().objects.create(
        title="Kẹo dừa", file=ImageFile(io.BytesIO(png()), name="keo-dua.png")
    )
    rendition = image.get_rendition("fill-120x90")

    def cache_control(name):
        return object_storage.head_object(Bucket=BUCKET, Key=f"media/{name}").get("CacheControl")

    assert cache_control(rendition.file.name) == "public, max-age=31536000, immutable"
    assert cache_control(image.file.name) == "public, max-age=86400"


def _content_security_policy(**environment) -> dict:
    """SECURE_CSP and SECURE_CSP_ADMIN as config/settings.py makes them from this environment."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.SECURE_CSP['img-src'], settings.SECURE_CSP_ADMIN['img-src']]))"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_pictures_from_an_http_store_are_allowed_by_the_pages_policy_and_no_other_http_origin():
    storefront, admin = _content_security_policy(
        AWS_STORAGE_BUCKET_NAME="ocop-media", AWS_S3_ENDPOINT_URL="http://127.0.0.1:8113"
    )
    for img_src in (storefront, admin):
        assert "http://127.0.0.1:8113" in img_src
        assert "http:" not in img_src and "*" not in img_src


def test_a_cdn_in_front_of_the_bucket_is_named_in_the_pages_policy():
    storefront, _ = _content_security_policy(
        AWS_STORAGE_BUCKET_NAME="ocop-media", AWS_S3_CUSTOM_DOMAIN="anh.ocop.example"
    )
    assert "https://anh.ocop.example" in storefront
