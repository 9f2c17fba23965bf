"""Redis down: every public page, the cart and a cash-on-delivery checkout still work; the outage is
logged once, not per request; carts survive a Redis restart (sessions are `cached_db`).

Redis is turned off for real: a closed port, and a redis-server these tests start, stop, pause and
start again."""

import logging
import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError
from wagtail.models import Page

from catalogue.factories import PackSizeFactory
from places.models import Province
from storefront.models import Order
from tests.servers import free_port
from tests.storefront.checkout_pages import send_checkout
from tests.traceability.scanners import BROWSER
from traceability import reports, serials
from traceability.factories import LotFactory

REDIS_SERVER = shutil.which("redis-server")
needs_redis_server = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed")


def use_redis(settings, port, retry_seconds=0):
    default = {
        "BACKEND": "config.cache.ResilientRedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "KEY_PREFIX": "h4-test",
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 0.3,
            "SOCKET_TIMEOUT": 0.3,
            "DOWN_RETRY_SECONDS": retry_seconds,
        },
    }
    # The page cache lives in the same Redis, as config/settings.py sets it up.
    pages = {**default, "KEY_PREFIX": "h4-test:pages"}
    pages["OPTIONS"] = {**default["OPTIONS"], "FORGET_ALL_AFTER_OUTAGE": True}
    settings.CACHES = {"default": default, "pages": pages}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


class RedisServer:
    """A throwaway redis-server on a free port, without persistence."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def pause(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture(autouse=True)
def no_outage_known_yet():
    """What scans and checks say about an outage is said once per process: each test starts afresh."""
    from traceability import checks, scans

    scans.outage.down = checks.outage.down = False


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def shipping(home):
    from wagtail.models import Site

    from storefront.models import ShippingSettings

    return ShippingSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"flat_fee": 30_000, "free_above": 500_000}
    )[0]


def checkout_data():
    province = Province.objects.get(code=86)
    return {
        "full_name": "Nguyễn Thị Hoa",
        "phone": "0912 345 678",
        "email": "",
        "province": province.pk,
        "commune": province.communes.order_by("code").first().pk,
        "street": "12 Đồng Khởi",
        "note": "",
        "payment_method": "cod",
    }


def cart_quantities(client) -> dict[str, int]:
    return (
        {key: int(q) for key, q in client.session.get("cart", {}).items()} if "cart" in client.session else {}
    )


def add(client, pack, quantity=1):
    response = client.post(reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": quantity})
    assert response.status_code == 302


def cart_page_lists(client, *labels):
    page = client.get(reverse("storefront:cart"))
    assert page.status_code == 200
    text = page.content.decode()
    return all(label in text for label in labels)


def one_page_of_each_type() -> list[str]:
    pages = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        pages.setdefault(type(page), page.url)
    assert len(pages) >= 6
    return list(pages.values())


# --- A real redis-server, stopped and restarted ------------------------------------------------------


@needs_redis_server
def test_a_cart_survives_redis_stopping_and_restarting(client, settings, product, shipping, redis_server):
    use_redis(settings, redis_server.port)
    first, second = product.pack_sizes.get(), PackSizeFactory(product=product, label="Túi 250g", stock=5)
    add(client, first)
    assert cache.get("probe") is None and cache.set("probe", 1) is not False
    assert cache.get("probe") == 1  # Redis is really serving

    redis_server.stop()
    assert cart_page_lists(client, first.label)
    add(client, second)  # saved to the database only
    assert cart_page_lists(client, first.label, second.label)

    redis_server.start()
    assert cache.get("probe") is None  # a fresh, empty Redis
    assert cart_page_lists(client, first.label, second.label)
    response = send_checkout(client, checkout_data(), follow=False)
    order = Order.objects.get()
    assert response["Location"] == order.get_absolute_url()
    assert sorted(line.pack_size_id for line in order.lines.all()) == sorted([first.pk, second.pk])


@needs_redis_server
def test_a_cart_changed_while_redis_hung_is_not_hidden_by_its_stale_copy_when_redis_wakes_up(
    client, settings, product, shipping, redis_server, caplog
):
    use_redis(settings, redis_server.port, retry_seconds=1)  # down: one timeout, then misses at once
    caplog.set_level(logging.WARNING, logger="config.cache")
    first, second = product.pack_sizes.get(), PackSizeFactory(product=product, label="Túi 250g", stock=5)
    add(client, first)  # cached in Redis with one line

    redis_server.pause()  # hangs: connections time out, the data stays
    add(client, second)
    assert cart_page_lists(client, first.label, second.label)

    redis_server.resume()
    time.sleep(1.1)  # the breaker's next look at Redis, which still holds the one-line copy
    assert cart_page_lists(client, first.label, second.label)
    messages = [r.getMessage() for r in caplog.records if r.name == "config.cache"]
    assert [m.split(" ", 3)[:3] for m in messages] == [
        ["Redis", "is", "unreachable"],
        ["Redis", "is", "back"],
    ]


@needs_redis_server
def test_a_page_cached_before_an_outage_is_not_served_stale_when_redis_is_back(
    client, settings, product, redis_server, django_capture_on_commit_callbacks
):
    use_redis(settings, redis_server.port, retry_seconds=1)  # down: one timeout, then misses at once
    settings.PAGE_CACHE_SECONDS = 3600
    client.get(product.url)
    assert client.get(product.url)["X-Page-Cache"] == "hit"

    redis_server.pause()  # the purge of the rename below cannot reach Redis
    product.title = "Kẹo dừa sầu riêng hộp quà"
    with django_capture_on_commit_callbacks(execute=True):
        product.save_revision().publish()
    assert "Kẹo dừa sầu riêng hộp quà" in client.get(product.url).content.decode()  # Redis down: no cache

    redis_server.resume()
    time.sleep(1.1)  # the breaker's next look at Redis
    response = client.get(product.url)
    assert response["X-Page-Cache"] == "miss"  # the entry from before the outage is gone
    assert "Kẹo dừa sầu riêng hộp quà" in response.content.decode()


# --- Redis at a closed port ---------------------------------------------------------------------------


def test_with_redis_unreachable_every_public_page_the_cart_and_checkout_work_and_it_is_logged_once(
    client, settings, demo_catalogue, db, caplog
):
    use_redis(settings, free_port(), retry_seconds=60)
    caplog.set_level(logging.WARNING, logger="config.cache")
    assert client.get("/sitemap.xml").status_code == 200
    paths = one_page_of_each_type()
    lot = LotFactory(pack_size=PackSizeFactory(), code="L-REDIS-1")
    paths += ["/search/?q=keo+dua", "/search/suggest/?q=ke", f"/01/{lot.pack_size.gtin}/10/{lot.code}"]
    for path in paths:
        assert client.get(path).status_code == 200, path

    pack = lot.pack_size
    add(client, pack, 2)
    assert cart_page_lists(client, pack.label)
    response = send_checkout(client, checkout_data(), follow=False)
    order = Order.objects.get()
    assert response["Location"] == order.get_absolute_url()
    assert client.get(order.get_absolute_url()).status_code == 200
    assert order.lines.get().quantity == 2

    outage_logs = [r for r in caplog.records if r.name == "config.cache"]
    assert len(outage_logs) == 1
    assert "Redis is unreachable" in outage_logs[0].getMessage()


def test_with_redis_unreachable_a_count_is_never_a_silent_none(settings):
    """A miss is a fine answer for a read; a count has none: an incr Redis cannot make raises, so the
    caller falls back (to the database, or to letting the request through) instead of using None."""
    use_redis(settings, free_port(), retry_seconds=60)
    cache.set("probe", 1)  # swallowed: a write may be lost
    assert cache.get("probe") is None  # a read is a miss
    for _ in range(2):  # the first call meets the closed port, the second the breaker
        with pytest.raises(RedisConnectionError):
            cache.incr("trace:checks:total:1")
        with pytest.raises(RedisConnectionError):
            cache.decr("trace:scans:1", 3)


def test_with_redis_unreachable_a_package_checked_again_and_again_shows_each_check_counted_in_the_database(
    settings, db
):
    use_redis(settings, free_port(), retry_seconds=60)
    lot = LotFactory(pack_size=PackSizeFactory(), code="L-REDIS-2")
    serial = serials.issue(lot, 1).serials.get()
    url = f"/01/{lot.pack_size.gtin}/10/{lot.code}/21/{serial.serial}"
    for number in range(1, 6):  # each a phone of its own, as buyers of copies scan a copied code
        response = Client().get(url, HTTP_ACCEPT=BROWSER)
        assert response.status_code == 200, number
        if number > 1:
            assert f"Mã này đã được kiểm tra {number} lần" in response.content.decode()
    serial.refresh_from_db()
    assert serial.check_count == 5


def test_with_redis_unreachable_the_rate_limited_forms_keep_serving_and_the_outage_is_logged_once(
    client, settings, db, product, caplog
):
    use_redis(settings, free_port(), retry_seconds=60)
    caplog.set_level(logging.DEBUG)
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "cart": 2}
    pack = product.pack_sizes.get()
    for _ in range(4):  # more than the limit: uncounted, never refused
        add(client, pack)
    form = {"gtin": pack.gtin, "serial": "ABCD1234", "status": "unknown", "details": "Tem lạ"}
    for _ in range(reports.REPORTS_PER_WINDOW + 1):
        assert client.post(reverse("traceability:copy_report"), form).status_code == 200

    # The cache said so once; the limits let each request through without a warning and traceback each.
    warnings = [(r.name, r.exc_info is not None) for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == [("config.cache", False)]


@needs_redis_server
def test_with_redis_down_lot_scans_say_so_once_without_a_traceback_and_once_when_counted_again(
    settings, db, redis_server, caplog
):
    use_redis(settings, redis_server.port)
    lot = LotFactory(pack_size=PackSizeFactory(), code="L-REDIS-3")
    url = f"/01/{lot.pack_size.gtin}/10/{lot.code}"
    caplog.set_level(logging.INFO, logger="traceability")
    assert Client().get(url, HTTP_ACCEPT=BROWSER).status_code == 200

    redis_server.stop()
    for _ in range(9):  # nine buyers scanning while Redis is down
        assert Client().get(url, HTTP_ACCEPT=BROWSER).status_code == 200
    redis_server.start()
    for _ in range(2):
        assert Client().get(url, HTTP_ACCEPT=BROWSER).status_code == 200

    said = [r for r in caplog.records if r.name == "traceability.scans"]
    assert [(r.levelname, r.exc_info) for r in said] == [("WARNING", None), ("INFO", None)]
    assert "scans are not counted while the cache is unreachable" in said[0].getMessage()
    assert f"connecting to 127.0.0.1:{redis_server.port}" in said[0].getMessage()  # the cause
    assert said[1].getMessage() == "the cache answers again: scans are counted again"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_with_redis_unreachable_a_package_checked_again_and_again_says_so_once(settings, db, caplog):
    use_redis(settings, free_port(), retry_seconds=60)
    lot = LotFactory(pack_size=PackSizeFactory(), code="L-REDIS-4")
    serial = serials.issue(lot, 1).serials.get()
    url = f"/01/{lot.pack_size.gtin}/10/{lot.code}/21/{serial.serial}"
    caplog.set_level(logging.INFO, logger="traceability")
    for _ in range(6):
        assert Client().get(url, HTTP_ACCEPT=BROWSER).status_code == 200
    said = [(r.name, r.levelname, r.exc_info) for r in caplog.records if r.name.startswith("traceability")]
    assert sorted(said) == [("traceability.checks", "WARNING", None), ("traceability.scans", "WARNING", None)]
