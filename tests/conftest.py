"""Fixtures shared by every app's tests: the page tree of a small storefront, and Debian's Chromium."""

import os

import pytest
from django.conf import settings
from django.test import override_settings
from wagtail.models import Page, Site

from catalogue.factories import (
    CategoryIndexPageFactory,
    CategoryPageFactory,
    PackSizeFactory,
    ProducerIndexPageFactory,
    ProducerPageFactory,
    ProductPageFactory,
)
from cms.models import HomePage

from .demo_database import open_demo_database


@pytest.fixture
def home(db):
    """The home page as the default site's root, as `load_demo` sets it up."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="OCOP Việt", slug="trang-chu", hero_title="Sản phẩm OCOP"))
    # Port 80 whatever SITE_URL says (migrate points the Site at it): tests read http://localhost/.
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80}
    )
    return home


@pytest.fixture
def category_index(home):
    return CategoryIndexPageFactory(parent=home)


@pytest.fixture
def producer_index(home):
    return ProducerIndexPageFactory(parent=home)


@pytest.fixture
def category(category_index):
    return CategoryPageFactory(parent=category_index, title="Kẹo dừa", slug="keo-dua")


@pytest.fixture
def producer(producer_index):
    return ProducerPageFactory(
        parent=producer_index, title="Công ty TNHH Đông Á", slug="dong-a", kind="company"
    )


@pytest.fixture
def product(producer, category):
    product = ProductPageFactory(
        parent=producer,
        title="Kẹo dừa sầu riêng",
        slug="keo-dua-sau-rieng",
        ocop_stars=5,
        categories=[category],
    )
    PackSizeFactory(product=product, label="Hộp 400g", price=45_000, stock=12)
    return product


@pytest.fixture
def make_products(producer, category):
    """Build n live products with one pack size each, for query-count tests that grow the catalogue."""

    def make(n):
        products = []
        for _ in range(n):
            product = ProductPageFactory(parent=producer, categories=[category])
            PackSizeFactory(product=product)
            products.append(product)
        return products

    return make


@pytest.fixture(scope="session", autouse=True)
def page_cache_in_memory():
    """The page cache is shared files in production's embedded default; in tests, process memory."""
    from django.conf import settings

    caches = {**settings.CACHES, "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def fresh_caches(settings):
    """Every test starts with empty caches, and pages rendered fresh unless it takes `page_cache`."""
    from django.core.cache import caches

    settings.PAGE_CACHE_SECONDS = 0
    caches["default"].clear()
    caches["pages"].clear()


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 3600


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Real hashers cost ~1 s per password; tests only need logins to work."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def a_cache_of_its_own_for_each_xdist_worker():
    """With Redis and xdist, workers share one Redis database: give each its own keys (tests/caches.py)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    cache = settings.CACHES["default"]
    if not worker or not cache["BACKEND"].startswith("django_redis."):
        yield
        return
    worker_cache = {
        **cache,
        "BACKEND": "tests.caches.WorkerRedisCache",
        "KEY_PREFIX": f"{cache.get('KEY_PREFIX', '')}-{worker}",
    }
    with override_settings(CACHES={**settings.CACHES, "default": worker_cache}):
        yield


@pytest.fixture(scope="session", autouse=True)
def rate_limits_off():
    """Tests place many orders a minute from one address; tests/config/test_security.py turns the
    limits on where they are the subject."""
    with override_settings(RATE_LIMITS_ENABLED=False):
        yield


@pytest.fixture(scope="session", autouse=True)
def media_in_a_temporary_folder(tmp_path_factory):
    """Uploaded and generated files (images, QR codes) go to a throwaway folder, not the project's media/."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


# --- The demo catalogue, once per session (see demo_database.py) ---------------------------------------

_demo = {"database": None, "blocker": None}


@pytest.fixture(scope="session")
def demo_database(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        database = open_demo_database()
    _demo.update(database=database, blocker=django_db_blocker)
    yield database
    _demo["database"] = None
    with django_db_blocker.unblock():
        database.close()


@pytest.fixture
def demo_catalogue(demo_database, db):
    """The demo catalogue (`manage.py load_demo`), loaded once per session and worker.

    Only tests asking for it see it; what such a test changes is rolled back after it (`db`).
    """
    return demo_database


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any fixture of the test: the database with the demo if it asks for it, else without."""
    if _demo["database"] is not None:
        with _demo["blocker"].unblock():
            _demo["database"].use(demo="demo_catalogue" in item.fixturenames)


CHROMIUM = "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's Chromium is not installed")


@pytest.fixture
def chromium(monkeypatch):
    """Debian's Chromium driven by Playwright (never a browser Playwright downloads), headless, offline."""
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _background_tasks_run_at_once(settings):
    """Background tasks run inside the test, as they are enqueued (after commit), so tests stay
    deterministic; tests of the worker itself switch "background" back to the database backend."""
    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    }


# --- Transactional tests leave the migrated rows behind them ------------------------------------------


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(items):
    """Transactional tests (live servers, threads) flush the database after them, and with it the rows
    the migrations wrote: Wagtail's root page and locale, the provinces and communes. Under xdist
    another module's tests may follow on the same worker, so these tests get serialized rollback: the
    rows are restored before each of them and, by `pytest_runtest_teardown` below, after it."""
    for item in items:
        if _is_transactional(item):
            marker = item.get_closest_marker("django_db")
            args = marker.args if marker is not None else ()
            kwargs = {**(marker.kwargs if marker is not None else {})}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(*args, **kwargs), append=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # After the session's last test the test database is already gone: nothing to restore, nowhere to.
    if _is_transactional(item) and nextitem is not None:
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all(initialized_only=True):
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
    return result
