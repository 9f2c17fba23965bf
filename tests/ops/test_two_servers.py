"""Stateless app servers: two gunicorn servers share PostgreSQL, Redis and the object store, and a shopper
or an editor can move between them freely.

Needs DATABASE_URL (PostgreSQL) and REDIS_URL; the test starts moto's S3 server, both app servers and a
worker, each on a free loopback port.
"""

import io
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from PIL import Image as PILImage

from storefront.models import Order
from tests.ops.conftest import public_read, s3_client
from tests.servers import free_port

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" or not settings.REDIS_URL,
        reason="needs DATABASE_URL to point at PostgreSQL and REDIS_URL at Redis",
    ),
]

BUCKET = "ocop-two-servers"
BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The test database, as the servers must see it (they run in other processes)."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_until_healthy(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url} exited with {process.returncode}")
        try:
            if requests.get(url + "/health/", timeout=2).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or still booting
            pass
        time.sleep(0.3)
    pytest.fail(f"{url} never became healthy")


@pytest.fixture
def stack(s3_server, tmp_path):
    """Servers A and B (gunicorn) and one worker, configured only through the environment."""
    s3 = s3_client(s3_server)
    s3.create_bucket(Bucket=BUCKET)
    s3.put_bucket_policy(Bucket=BUCKET, Policy=public_read(BUCKET))
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CACHE_KEY_PREFIX": f"h8b-two-{uuid.uuid4().hex[:8]}",
        "TASKS_BACKEND": "database",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": s3_server,
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_S3_REGION_NAME": "us-east-1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_DEBUG": "0",
        "LOG_LEVEL": "WARNING",
    }
    processes, urls = [], []
    logs = tmp_path / "logs"
    logs.mkdir()
    try:
        for name in ("a", "b"):
            port = free_port()
            process = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "config.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--threads",
                    "4",
                ],
                cwd=ROOT,
                env=env,
                stdout=(logs / f"{name}.log").open("w"),
                stderr=subprocess.STDOUT,
            )
            processes.append(process)
            urls.append((f"http://127.0.0.1:{port}", process))
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker"],
            cwd=ROOT,
            env=env,
            stdout=(logs / "worker.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        processes.append(worker)
        for url, process in urls:
            wait_until_healthy(url, process)
        yield [url for url, _ in urls] + [s3_server]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []):
            s3.delete_object(Bucket=BUCKET, Key=item["Key"])
        s3.delete_bucket(Bucket=BUCKET)


def share_photo(s3_endpoint, product):
    """The factory's photo was saved to this process's test storage; the servers read media from the
    shared object store, so it goes there too (as an upload through either server would)."""
    with product.image.file.open("rb") as photo:
        s3_client(s3_endpoint).put_object(
            Bucket=BUCKET, Key=f"media/{product.image.file.name}", Body=photo.read()
        )


def csrf_token(session, url) -> str:
    return checkout_form(session, url)[0]


def checkout_form(session, url) -> tuple[str, dict]:
    """The page's CSRF token, and the checkout page's token and digest of the cart it showed."""
    html = session.get(url, timeout=10).text
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    shown = dict(
        re.findall(r'<input type="hidden" name="(checkout_token|cart_digest)" value="([^"]*)"', html)
    )
    return (match.group(1) if match else session.cookies["csrftoken"]), shown


def fresh_within(check, seconds=10.0) -> float:
    """Seconds until `check()` holds (a purge may travel through the task queue); fails after `seconds`."""
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > seconds:
            pytest.fail("server B kept serving the old page")
        time.sleep(0.2)
    return time.monotonic() - start


@pytest.fixture
def shipping(home):
    from wagtail.models import Site

    from storefront.models import ShippingSettings

    return ShippingSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"flat_fee": 30_000, "free_above": 500_000}
    )[0]


def test_a_cart_started_on_one_server_is_checked_out_on_the_other(stack, product, shipping):
    from places.models import Province

    server_a, server_b, s3_endpoint = stack
    share_photo(s3_endpoint, product)
    province = Province.objects.get(code=86)
    commune = province.communes.order_by("code").first()
    shopper = requests.Session()
    pack = product.pack_sizes.get()

    # The product page is cached for everyone, so its add-to-cart form carries no CSRF token: the
    # cart checks that the POST comes from the site itself, as a browser's Origin header says.
    assert "Kẹo dừa sầu riêng" in shopper.get(server_a + product.url, timeout=10).text
    added = shopper.post(
        server_a + "/gio-hang/them/",
        data={"pack_size": pack.pk, "quantity": 2},
        headers={"Origin": server_a, "Referer": server_a + product.url},
        timeout=10,
    )
    assert added.status_code == 200, added.status_code

    cart = shopper.get(server_b + "/gio-hang/", timeout=10)
    assert "Kẹo dừa sầu riêng" in cart.text and "90.000" in cart.text

    token, shown = checkout_form(shopper, server_b + "/thanh-toan/")
    placed = shopper.post(
        server_b + "/thanh-toan/",
        data={
            **shown,
            "csrfmiddlewaretoken": token,
            "full_name": "Nguyễn Thị Hoa",
            "phone": "0912 345 678",
            "email": "hoa@example.vn",
            "province": province.pk,
            "commune": commune.pk,
            "street": "12 Đồng Khởi",
            "payment_method": "cod",
        },
        headers={"Referer": server_b + "/thanh-toan/"},
        timeout=10,
    )
    order = Order.objects.get()
    assert placed.url == server_b + order.get_absolute_url()
    assert [(line.pack_size_id, line.quantity) for line in order.lines.all()] == [(pack.pk, 2)]
    pack.refresh_from_db()
    assert pack.stock == 10
    assert (
        "Kẹo dừa sầu riêng" not in shopper.get(server_a + "/gio-hang/", timeout=10).text
    )  # emptied for both


def test_a_publish_on_one_server_is_served_by_the_other_and_media_is_shared(
    stack, product, django_user_model
):
    server_a, server_b, s3_endpoint = stack
    share_photo(s3_endpoint, product)
    admin = django_user_model.objects.create_superuser("admin", "admin@ocop.example", None)
    # The servers use Django's default hashers (the tests' own is a fast MD5 one).
    admin.password = PBKDF2PasswordHasher().encode(
        "pw-admin-two-servers", "two-servers-salt", iterations=1000
    )
    admin.save()
    assert "Kẹo dừa sầu riêng" in requests.get(server_b + product.url, timeout=10).text  # B has served it

    editor = requests.Session()
    token = csrf_token(editor, server_a + "/admin/login/")
    editor.post(
        server_a + "/admin/login/",
        data={"csrfmiddlewaretoken": token, "username": "admin", "password": "pw-admin-two-servers"},
        headers={"Referer": server_a + "/admin/login/"},
        timeout=10,
    )
    assert editor.get(server_b + "/admin/", timeout=10).url == server_b + "/admin/"  # one login, both servers

    draft = product.specific
    draft.title = "Kẹo dừa sầu riêng mùa mới"
    draft.save_revision()
    publish_url = f"{server_a}/admin/bulk/wagtailcore/page/publish/?id={product.pk}&next=/admin/"
    published = editor.post(
        publish_url,
        data={"csrfmiddlewaretoken": csrf_token(editor, publish_url)},
        headers={"Referer": publish_url},
        timeout=10,
    )
    assert (published.status_code, published.url) == (200, server_a + "/admin/")
    waited = fresh_within(
        lambda: "Kẹo dừa sầu riêng mùa mới" in requests.get(server_b + product.url, timeout=10).text
    )
    assert waited < 10

    buffer = io.BytesIO()
    PILImage.new("RGB", (400, 300), (30, 140, 60)).save(buffer, "PNG")
    add_url = server_a + "/admin/images/add/"
    uploaded = editor.post(
        add_url,
        data={"csrfmiddlewaretoken": csrf_token(editor, add_url), "title": "Vườn dừa", "collection": 1},
        files={"file": ("vuon-dua.png", buffer.getvalue(), "image/png")},
        headers={"Referer": add_url},
        timeout=20,
    )
    assert uploaded.status_code == 200
    listing = editor.get(server_b + "/admin/images/", timeout=20).text  # B renders the thumbnail
    [thumbnail] = re.findall(r'src="([^"]*vuon-dua[^"]*)"', listing)
    assert thumbnail.startswith(f"{s3_endpoint}/{BUCKET}/media/images/vuon-dua.")
    fetched = requests.get(thumbnail, timeout=10)
    assert fetched.status_code == 200
    assert PILImage.open(io.BytesIO(fetched.content)).format == "PNG"
