"""Fixtures for running the shop: the database task backend with its worker, a real SMTP server, an
S3-compatible object store (moto's server) holding the media."""

import io
import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boto3
import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as PILImage

from ops.tasks import BACKEND
from tests.page_tree import independent_of_the_page_tree
from tests.servers import free_port


@pytest.fixture(autouse=True)
@independent_of_the_page_tree
def _heartbeat_out_of_the_project(settings, tmp_path):
    """The scheduler's ticks leave their heartbeat file here, not in the project's var/."""
    settings.WORKER_HEARTBEAT_FILE = tmp_path / "worker-heartbeat"


@pytest.fixture
def database_tasks(settings):
    """The "background" backend as `make run` has it: tasks wait in the database for the worker.

    With REDIS_URL the settings choose RQ, whose backend builds the task objects at import time in the
    django-tasks backport's class, which the database backend does not load: those runs test RQ instead
    (test_rq.py), and these tests run in the embedded configuration.
    """
    if settings.TASKS_BACKEND == "rq":
        pytest.skip("the tasks were built for RQ (REDIS_URL); tests/ops/test_rq.py covers that backend")
    settings.TASKS = {
        **settings.TASKS,
        BACKEND: {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    }
    settings.TASK_RETRY_SECONDS = 60
    settings.TASK_MAX_ATTEMPTS = 3


@pytest.fixture
def run_worker(monkeypatch):
    """Run the worker once over what is due, as `manage.py run_worker --batch` does.

    Inside a test's transaction the workers' connection housekeeping (closing connections that are
    not in autocommit) would drop the test's own connection on PostgreSQL, so it is left out here.
    """
    from django_rq.management.commands import rqworker
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(rqworker, "reset_db_connections", lambda: None)
    return lambda: call_command("run_worker", "--batch")


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free loopback port; `.inbox.messages` holds what it received."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    controller.inbox = inbox
    yield controller
    controller.stop()


def smtp_mailer(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server on a free port; yields its endpoint URL."""
    port = free_port()
    moto_server = Path(sys.executable).with_name("moto_server")
    process = subprocess.Popen(
        [str(moto_server), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)  # noqa: S310 (loopback)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("moto_server did not start")
            time.sleep(0.2)
    yield endpoint
    process.terminate()
    process.wait(10)


def s3_client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )


PUBLIC_PREFIXES = ("images", "original_images", "avatar_images")


def public_read(bucket) -> str:
    """The bucket policy the README asks for: anyone may read the pictures under `media/`, nothing
    else (not documents/, which the site streams after checking their collection's privacy)."""
    statement = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": [f"arn:aws:s3:::{bucket}/media/{prefix}/*" for prefix in PUBLIC_PREFIXES],
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


BUCKET = "ocop-media"


@pytest.fixture
def object_storage(s3_server, settings, tmp_path):
    """Media in a fresh bucket, configured as config/settings.py does when AWS_STORAGE_BUCKET_NAME is set."""
    client = s3_client(s3_server)
    client.create_bucket(Bucket=BUCKET)
    client.put_bucket_policy(Bucket=BUCKET, Policy=public_read(BUCKET))
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    settings.AWS_S3_ENDPOINT_URL = s3_server
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_ACCESS_KEY_ID = "test"
    settings.AWS_SECRET_ACCESS_KEY = "test"
    settings.AWS_LOCATION = "media"
    settings.AWS_QUERYSTRING_AUTH = False
    settings.AWS_S3_FILE_OVERWRITE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "ops.media_storage.ObjectStorage"},
        "private": {
            "BACKEND": "ops.media_storage.ObjectStorage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
                "custom_domain": None,
            },
        },
    }
    settings.MEDIA_ROOT = tmp_path / "media-on-disk"
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def png(width=640, height=480, colour=(200, 120, 30)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def filled_cart(client, product):
    pack = product.pack_sizes.get()
    client.post(reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": 2})
    return pack


def checkout(client, province_code=86):
    from places.models import Province
    from tests.storefront.checkout_pages import hidden_fields

    province = Province.objects.get(code=province_code)
    page = client.get(reverse("storefront:checkout"))  # the form carries the cart it showed
    return client.post(
        reverse("storefront:checkout"),
        {
            **hidden_fields(page),
            "full_name": "Nguyễn Thị Hoa",
            "phone": "0912 345 678",
            "email": "hoa@example.vn",
            "province": province.pk,
            "commune": province.communes.order_by("code").first().pk,
            "street": "12 Đồng Khởi",
            "payment_method": "cod",
        },
    )
