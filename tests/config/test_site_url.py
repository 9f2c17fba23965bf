"""One public origin: a server started with `SITE_URL=http://127.0.0.1:N PORT=N` prints only absolute
URLs on that origin (sitemap, product JSON-LD, the /01/{gtin} redirect, QR codes), and the lot page's
buy button is a relative link. The server is real: migrate, the demo catalogue, gunicorn."""

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import override_settings
from wagtail.models import Site

from catalogue.origin import absolute, host_and_port, sync_default_site
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


# --- The Site follows SITE_URL ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8123", ("127.0.0.1", 8123)),
        ("https://ocop.example", ("ocop.example", 443)),
        ("http://ocop.example/", ("ocop.example", 80)),
    ],
)
def test_an_origin_gives_the_sites_hostname_and_port(url, expected):
    assert host_and_port(url) == expected


def test_migrating_points_the_default_site_at_site_url_and_again_when_it_changes(home):
    with override_settings(SITE_URL="http://127.0.0.1:8123"):
        assert sync_default_site() is True
        assert sync_default_site() is False  # nothing to change the second time
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8123, "http://127.0.0.1:8123")
    with override_settings(SITE_URL="https://ocop.example"):
        sync_default_site()
    site.refresh_from_db()
    assert site.root_url == "https://ocop.example"


def test_paths_and_absolute_urls_resolve_on_site_url(settings):
    settings.SITE_URL = "https://ocop.example"
    assert absolute("/media/a.webp") == "https://ocop.example/media/a.webp"
    assert absolute("https://cdn.example/a.webp") == "https://cdn.example/a.webp"


# --- A real server --------------------------------------------------------------------------------


def fetch(url, accept="text/html"):
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Accept": accept})  # noqa: S310 (loopback)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


BUILD_CATALOGUE = """
import json
from wagtail.models import Page, Site
from catalogue.factories import *
from cms.models import HomePage
from traceability.factories import LotFactory
root = Page.get_first_root_node()
home = root.add_child(instance=HomePage(title="OCOP Việt", slug="trang-chu", hero_title="OCOP"))
Site.objects.filter(is_default_site=True).update(root_page=home)
category = CategoryPageFactory(parent=CategoryIndexPageFactory(parent=home), title="Kẹo dừa", slug="keo-dua")
producer = ProducerPageFactory(parent=ProducerIndexPageFactory(parent=home), title="Đông Á", slug="dong-a")
product = ProductPageFactory(parent=producer, title="Kẹo dừa", slug="keo-dua", categories=[category])
pack = PackSizeFactory(product=product)
lot = LotFactory(pack_size=pack, code="L2406-01")
print(json.dumps([lot.pk, pack.gtin, lot.code, product.url]))
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory, copy_migrated_sqlite):
    folder = tmp_path_factory.mktemp("site-url")
    copy_migrated_sqlite(folder / "db.sqlite3")
    base_env = {
        k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "ELASTICSEARCH_URL", "DATABASE_URL")
    }
    base_env.update(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        DJANGO_SETTINGS_MODULE="config.settings",
    )

    def manage(env, *args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=600,
        ).stdout.decode()

    # migrate points the site at SITE_URL; then a small catalogue built by the project's factories:
    # home, a producer, a product, a lot (one process, to spare a Django start-up).
    migrate = "from django.core.management import call_command\ncall_command('migrate', interactive=False, verbosity=0)\n"
    lot = None
    # A free port can be taken by another test's server between asking and binding: then gunicorn
    # exits and a stranger would answer our requests, so the server is started again on another port.
    for _attempt in range(3):
        port = free_port()
        origin = f"http://127.0.0.1:{port}"
        env = {**base_env, "SITE_URL": origin, "PORT": str(port)}
        if lot is None:
            lot = json.loads(
                manage(env, "shell", "--no-imports", "-c", migrate + BUILD_CATALOGUE).strip().splitlines()[-1]
            )
        else:
            manage(env, "migrate", "--verbosity", "0")
        errors = (folder / "gunicorn.log").open("w+")
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ]
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors)  # noqa: S603
        if _answers_health(origin, process):
            break
        process.kill()
        process.wait(timeout=10)
    else:
        errors.seek(0)
        pytest.fail(f"gunicorn did not serve on SITE_URL:\n{errors.read()[-2000:]}")
    yield origin, lot
    process.terminate()
    process.wait(timeout=10)


def _answers_health(origin, process) -> bool:
    """Whether our own gunicorn (still running) answers /health/ within a minute."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if fetch(origin + "/health/")[0] == 200:
                return process.poll() is None
        except OSError:
            pass
        time.sleep(0.2)
    return False


def site_urls(value):
    """The URLs a JSON-LD document links to (its vocabulary, schema.org and gs1.org, aside)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "@context":
                yield from site_urls(item)
    elif isinstance(value, list):
        for item in value:
            yield from site_urls(item)
    elif isinstance(value, str) and value.startswith("http") and "schema.org" not in value:
        yield value


def test_a_server_on_site_url_prints_only_urls_on_that_origin(served):
    origin, (lot_id, gtin, lot_code, product_path) = served

    status, _, sitemap = fetch(origin + "/sitemap.xml")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap.decode())
    assert status == 200 and len(locs) >= 6, sitemap[:500]
    assert [loc for loc in locs if not loc.startswith(origin + "/")] == []

    status, _, page = fetch(origin + product_path)
    assert status == 200
    # The product and its breadcrumb trail.
    lds = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page.decode(), re.S)
    assert len(lds) == 2
    urls = [url for ld in lds for url in site_urls(json.loads(ld))]
    assert urls and [url for url in urls if not url.startswith(origin + "/")] == []

    status, headers, _ = fetch(f"{origin}/01/{gtin}")
    assert status == 307 and headers["Location"] == origin + product_path

    status, _, lot_page = fetch(f"{origin}/01/{gtin}/10/{lot_code}")
    assert status == 200
    assert f'<a class="button" href="{product_path}">' in lot_page.decode()  # relative: works on a phone

    zxingcpp = pytest.importorskip("zxingcpp")
    import io

    from PIL import Image

    status, _, png = fetch(f"{origin}/lots/{lot_id}/qr.png")
    assert status == 200
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert code.text == f"{origin}/01/{gtin}/10/{lot_code}"
