"""Fixtures shared by every app's tests: the page tree of a small storefront, and Debian's Chromium."""

import os

import pytest
from django.core.management import call_command
from django.db import transaction
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


@pytest.fixture
def home(db):
    """The home page as the default site's root, as `load_demo` sets it up."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="OCOP Việt", slug="trang-chu", hero_title="Sản phẩm OCOP"))
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
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
def media_in_a_temporary_folder(tmp_path_factory):
    """Uploaded and generated files (images, QR codes) go to a throwaway folder, not the project's media/."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(scope="module")
def demo_catalogue(django_db_setup, django_db_blocker):
    """The demo catalogue, loaded once per test module and rolled back after it.

    Tests using it also take `db`, whose per-test transaction nests inside this one, so what a test
    changes is undone after it while the catalogue stays for the next test.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


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
