"""Fixtures shared by every app's tests: the page tree of a small storefront, and Debian's Chromium."""

import contextlib
import os
import sqlite3
import urllib.parse
import weakref
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import management
from django.db import connections
from django.db.backends.signals import connection_created
from django.test import override_settings
from django.test.testcases import LiveServerThread
from modelsearch import signal_handlers as modelsearch_signals
from modelsearch.backends.base import BaseSearchBackend
from wagtail.signal_handlers import reference_index_auto_update_disabled
from whitenoise.middleware import WhiteNoiseMiddleware

from catalogue.factories import PackSizeFactory, ProductPageFactory, StoreIndexPageFactory, StorePageFactory
from catalogue.permissions import grant_producer_access

from . import fast_rollback, live_server, migrated_database, page_tree
from .demo_database import SqliteStates, open_database_states
from .servers import hung_server

# This test's page-tree objects that a snapshot put in the database before its fixtures ran (SQLite):
# name → (model, primary key). Set for each test by `pytest_runtest_setup` below.
_restored = {}


def _restored_or_made(name, *needed):
    """The fixture's object as the snapshot holds it, fetched afresh for this test, else made now."""
    if name in _restored:
        model, pk = _restored[name]
        return model.objects.get(pk=pk)
    return page_tree.MAKERS[name](*needed)


@pytest.fixture
@page_tree.independent_of_the_page_tree
def producer_client(client, producer):
    """Signed in as the producer's staff (as the demo's `dong-a`): its own pages, lots and orders."""
    user = get_user_model().objects.create_user("dong-a", "dong-a@example.com", "pw")
    grant_producer_access(user, producer)
    client.force_login(user)
    return client


@pytest.fixture
def home(db):
    """The home page as the default site's root, as `load_demo` sets it up."""
    return _restored_or_made("home")


@pytest.fixture
def category_index(home):
    return _restored_or_made("category_index", home)


@pytest.fixture
def producer_index(home):
    return _restored_or_made("producer_index", home)


@pytest.fixture
def category(category_index):
    return _restored_or_made("category", category_index)


@pytest.fixture
def producer(producer_index):
    return _restored_or_made("producer", producer_index)


@pytest.fixture
def product(producer, category):
    """A 5★ product with one pack size: "Hộp 400g", 45.000 ₫, 12 in stock."""
    return _restored_or_made("product", producer, category)


@pytest.fixture
def make_store(home, producer):
    """An OCOP store in the producer's commune carrying its products; keywords change its fields."""

    def make(**fields):
        index = StoreIndexPageFactory(parent=home)
        fields = {
            "province": producer.province,
            "commune": producer.commune,
            "producers": [producer],
            **fields,
        }
        return StorePageFactory(parent=index, **fields)

    return make


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
def static_files_listed_once():
    """WhiteNoise lists every static file (Wagtail's admin brings thousands) each time its middleware is
    built, and Django's test client builds the middleware anew for each client: ~45 ms a test, ~30 s
    a run. A server builds it once; here the listing is made once per session and settings, since the
    static files do not change while the tests run."""
    listings = {}
    list_for_real = WhiteNoiseMiddleware.add_files_from_finders

    def add_files_from_the_listing(self):
        served_as = (self.static_prefix, self.max_age, self.allow_all_origins, self.charset)
        if served_as not in listings:
            list_for_real(self)
            listings[served_as] = dict(self.files)
        self.files.update(listings[served_as])

    with mock.patch.object(WhiteNoiseMiddleware, "add_files_from_finders", add_files_from_the_listing):
        yield


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Real hashers cost ~1 s per password; tests only need logins to work."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def rate_limits_off():
    """Tests place many orders a minute from one address; tests/config/test_security.py turns the
    limits on where they are the subject."""
    with override_settings(RATE_LIMITS_ENABLED=False):
        yield


@pytest.fixture(scope="session", autouse=True)
def renditions_drawn_on_demand():
    """Publishing a page draws its renditions ahead (cms/renditions.py), in the test itself since tasks
    run at once there: tests/cms/test_renditions.py switches it on where it is the subject."""
    with override_settings(DRAW_RENDITIONS_AHEAD=False):
        yield


@pytest.fixture(scope="session", autouse=True)
def media_in_a_temporary_folder(tmp_path_factory):
    """Uploaded and generated files (images, QR codes, buyers' report photos) go to throwaway folders,
    not the project's media/ and private-media/."""
    private = {
        **settings.STORAGES["private"],
        "OPTIONS": {"location": str(tmp_path_factory.mktemp("private"))},
    }
    with override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")), STORAGES={**settings.STORAGES, "private": private}
    ):
        yield


# --- The demo catalogue, once per session (see demo_database.py) ---------------------------------------

_states = {"states": None, "blocker": None, "serialized": {}}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_setupnodes(config, specs):
    """With Redis, each xdist worker starts with a Redis database of its own (REDIS_URL's number minus
    the worker's: CI's 15 gives 15, 14…). The caches, the pages cache's routing entries and the RQ
    queue all live there, and one worker's `cache.clear()` (FLUSHDB) or queued jobs would otherwise
    reach into another's test."""
    for number, spec in enumerate(specs):
        if own_database := redis_database_for_worker(settings.REDIS_URL or "", number):
            spec.env["REDIS_URL"] = own_database  # set in the worker before its settings are read


def redis_database_for_worker(redis_url: str, number: int) -> str | None:
    """REDIS_URL with its database number moved down by `number` (of Redis' 16, 0 wraps to 15), None
    to keep it."""
    parts = urllib.parse.urlsplit(redis_url)
    database = parts.path.strip("/") or "0"
    if parts.scheme not in ("redis", "rediss") or not database.isdigit():
        return None  # unix sockets name their database in the query: left shared, as before
    return parts._replace(path=f"/{(int(database) - number) % 16}").geturl()


def pytest_configure(config):
    """Under xdist, the controlling process starts building the migrated database the workers will
    copy, while they import and collect the tests (see migrated_database.py)."""
    workers = config.getoption("numprocesses", None)
    if workers and not hasattr(config, "workerinput") and _in_memory_sqlite():
        migrated_database.start_building_in_the_background()


def _in_memory_sqlite() -> bool:
    return _on_sqlite() and not settings.DATABASES["default"].get("TEST", {}).get("NAME")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """SQLite's in-memory test database is copied from the kept migrated database instead of being
    migrated (migrated_database.py); the first process to need that database builds it."""
    if not _in_memory_sqlite():
        yield
        return
    migrate_for_real = management.call_command

    def migrate_or_copy(name, *args, **options):
        connection = connections[options.get("database", "default")]
        if name == "migrate" and options.get("run_syncdb") and connection.is_in_memory_db():
            migrated_database.copy_into(connection, lambda: migrate_for_real(name, *args, **options))
            return None
        return migrate_for_real(name, *args, **options)

    # Django's create_test_db imports call_command from this module when it runs.
    with mock.patch.object(management, "call_command", migrate_or_copy):
        yield


@pytest.fixture(scope="session", autouse=True)
def database_states(django_db_setup, django_db_blocker):
    """The test database's pristine state kept aside, and the demo's once a test asks for it."""
    with django_db_blocker.unblock():
        states = open_database_states()
    # Kept here: once Playwright's sync API runs (one Chromium per worker), `connections` may hand
    # out new connection objects, which lack what the test database's creation stored on the old.
    _states["serialized"] = {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all(initialized_only=True)
        if getattr(connection, "_test_serialized_contents", None)
    }
    _states.update(states=states, blocker=django_db_blocker)
    if not _on_sqlite():
        fast_rollback.install()
    yield states
    _states["states"] = None
    with django_db_blocker.unblock():
        states.close()


@pytest.fixture(scope="session", autouse=True)
def every_connection_closed_before_the_test_database_is_dropped(django_db_setup):
    """PostgreSQL will not drop a database a session still uses. Once Playwright's sync API runs, this
    thread's `connections` hands out new connection objects (see `database_states`), and the ones it
    had stay open where nothing reaches them: the PostgreSQL pass ended with "database … is being
    accessed by other users". Every connection opened during the session is closed before the drop."""
    opened = weakref.WeakSet()

    def keep(sender, connection, **kwargs):
        opened.add(connection)

    connection_created.connect(keep, weak=False)
    yield
    connection_created.disconnect(keep)
    for wrapper in list(opened):
        if wrapper.vendor == "postgresql" and wrapper.connection is not None:
            with contextlib.suppress(Exception):  # already broken or closed by its server
                wrapper.connection.close()


@pytest.fixture(scope="session")
def copy_migrated_sqlite(database_states):
    """`copy_migrated_sqlite(path)`: write an SQLite database with every migration applied (this
    session's pristine test database) to `path`, so that a subprocess's `migrate` has nothing left to
    apply but its post-migrate steps (~10 s saved); True if it did. Against PostgreSQL it writes
    nothing: `migrate` then does the whole work."""

    def copy(path) -> bool:
        snapshot = getattr(database_states, "snapshots", {}).get(SqliteStates.PRISTINE)
        # None on PostgreSQL; empty when no test of this session asked for the database.
        if snapshot is None or not snapshot.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            return False
        target = sqlite3.connect(path)
        snapshot.backup(target)
        target.close()
        return True

    return copy


@pytest.fixture(scope="session")
def demo_database(database_states, django_db_blocker):
    with django_db_blocker.unblock():
        database_states.load_demo()
    return database_states


@pytest.fixture
def demo_catalogue(demo_database, db):
    """The demo catalogue (`manage.py load_demo`), loaded once per session and worker.

    Only tests asking for it see it; what such a test changes is rolled back after it (`db`).
    """
    return demo_database


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any fixture of the test: the database with the demo if it asks for it, else without; on
    SQLite, with the page-tree objects its fixtures would create first, from a snapshot made the first
    time a test asks for that combination (see page_tree.py). A test on the demo creates them on top of
    it, as before; so does a transactional test, whose fixtures' changes run their after-commit work
    (search indexing, purges), which a snapshot's leave out."""
    _restored.clear()
    _hand_the_serialized_rows_to_new_connections()
    states = _states["states"]
    if states is None:
        return  # the worker's first test: the session's fixtures are not set up yet
    demo = "demo_catalogue" in item.fixturenames
    names = ()
    if isinstance(states, SqliteStates) and not demo and not _is_transactional(item):
        names = page_tree.from_a_snapshot(item, __name__)
    with _states["blocker"].unblock():
        if names:
            indexes = _indexes_kept(item)
            made = states.use_made((names, indexes), lambda: _make_page_tree(names, indexes))
            _restored.update(made)
        else:
            states.use(demo=demo)


def _make_page_tree(names, indexes: tuple) -> dict:
    """`page_tree.make(names)` with what the autouse fixtures below give a test, not set up yet here."""
    with override_settings(TASKS=_background_tasks_at_once(settings.TASKS)), _wagtail_indexes(*indexes):
        return page_tree.make(names)


CHROMIUM = "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's Chromium is not installed")
# A browser journey: Chromium against the live server, which needs the test's data committed.
IN_A_BROWSER = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    needs_chromium,
]


def sign_in_to_admin(live_server, page, username, password="x"):  # noqa: S107 (test accounts)
    """Sign `page` in to the admin through its login form, as a person would."""
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/admin/")


def fits_the_screen(page, locator) -> bool:
    """Whether `locator` is shown whole across the page's width (not cut off, not scrolled to)."""
    found = locator.bounding_box()
    return (
        found is not None and found["x"] >= 0 and found["x"] + found["width"] <= page.viewport_size["width"]
    )


def in_a_browser(test):
    """IN_A_BROWSER for one test, in a module whose other tests need no browser."""
    for mark in IN_A_BROWSER:
        test = mark(test)
    return test


@pytest.fixture(scope="session", autouse=True)
def one_request_at_a_time_on_a_shared_sqlite_connection():
    """See live_server.py: on SQLite the live server's threads share the test's connection."""
    if not _on_sqlite():
        yield
        return
    with mock.patch.object(LiveServerThread, "server_class", live_server.OneRequestAtATime):
        yield


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (never a browser Playwright downloads), headless, offline.

    One browser per worker (launching costs ~0.6 s); each test opens its own context, so cookies and
    storage never carry from one test to the next."""
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API keeps an event loop on this thread from here on; the tests' ORM calls stay
    # sync, so Django's guard against ORM calls inside a running loop is lifted for the session.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
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


PHONE_VIEWPORT = {"width": 390, "height": 844}


@pytest.fixture
def open_phone(chromium):
    """`open_phone(**options)`: a new page in a fresh phone-sized Vietnamese browser context (each its
    own cookies); every context opened is closed after the test."""
    contexts, pages = [], []

    def open_phone(**options):
        options = {
            "viewport": PHONE_VIEWPORT,
            "is_mobile": True,
            "has_touch": True,
            "locale": "vi-VN",
            **options,
        }
        contexts.append(chromium.new_context(**options))
        page = contexts[-1].new_page()
        # What the browser reports; a test that provokes an error on purpose empties the list.
        page.browser_errors = errors = []
        page.on(
            "console", lambda message: errors.append(_reported(message)) if message.type == "error" else None
        )
        page.on("pageerror", lambda error: errors.append(str(error)))
        pages.append(page)
        return page

    yield open_phone
    errors = [error for page in pages for error in page.browser_errors]
    for context in contexts:
        # What a page sends as it closes (Wagtail's editor releases its editing session with a beacon)
        # is not the test's: it reached the live server while the test's database was being emptied,
        # and the lock it held failed that flush and every later test of the worker.
        context.route("**/*", lambda route: route.abort())
        context.close()
    # What a shopper would not see but the page lost: a style or script the Content Security Policy
    # refused (an unstyled widget), a script that threw.
    assert not errors, "the browser reported errors:\n" + "\n".join(errors)


def _reported(message) -> str:
    where = message.location.get("url", "")
    return f"{message.text} ({where})" if where else message.text


@pytest.fixture
def phone_page(open_phone):
    """A phone's page: 390×844, touch, Vietnamese."""
    return open_phone()


@pytest.fixture(autouse=True)
def _wagtail_indexes_only_where_tested(request):
    """Wagtail keeps two indexes up to date on every save: its reference index (the admin's "usage"
    counts), a third of what creating a page costs in a test, and its search index (the admin's search
    boxes and choosers), a tenth of the whole suite's time. Only tests marked `reference_index` or
    `search_index` keep them; in the others a search of Wagtail's index fails loudly rather than
    find nothing, so no test can pass on an index it did not keep."""
    with _wagtail_indexes(*_indexes_kept(request.node)):
        yield


def _indexes_kept(item) -> tuple[bool, bool]:
    return bool(item.get_closest_marker("reference_index")), bool(item.get_closest_marker("search_index"))


@contextlib.contextmanager
def _wagtail_indexes(references: bool, search: bool):
    with contextlib.ExitStack() as stack:
        if not references:
            stack.enter_context(_reference_index_updates_off())
        if not search:
            stack.enter_context(
                mock.patch.object(modelsearch_signals, "insert_or_update_object_task", _NOT_INDEXED)
            )
            stack.enter_context(mock.patch.object(BaseSearchBackend, "_search", _unkept_search_index))
        yield


class _NOT_INDEXED:  # noqa: N801 (stands in for modelsearch's task)
    @staticmethod
    def enqueue(*args, **kwargs):
        return None


def _unkept_search_index(*args, **kwargs):
    raise AssertionError("This test searches Wagtail's search index: mark it @pytest.mark.search_index")


@contextlib.contextmanager
def _reference_index_updates_off():
    # Wagtail's own `disable_reference_index_auto_update()` is not reentrant (commands use it too).
    reference_index_auto_update_disabled.value = True
    try:
        yield
    finally:
        with contextlib.suppress(AttributeError):  # a command's own context may have cleared it already
            del reference_index_auto_update_disabled.value


@pytest.fixture(autouse=True)
def _background_tasks_run_at_once(settings):
    """Background tasks run inside the test, as they are enqueued (after commit), so tests stay
    deterministic; tests of the worker itself switch "background" back to the database backend."""
    settings.TASKS = _background_tasks_at_once(settings.TASKS)


def _background_tasks_at_once(tasks: dict) -> dict:
    return {**tasks, "background": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


# --- Transactional tests leave the migrated rows behind them ------------------------------------------


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def _on_sqlite() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def pytest_collection_modifyitems(items):
    """Transactional tests (live servers, threads) flush the database after them, and with it the rows
    the migrations wrote: Wagtail's root page and locale, the provinces and communes. Under xdist
    another module's tests may follow on the same worker, so they are put back: on SQLite from the
    snapshot `database_states` keeps (before the next test, see demo_database.py), on PostgreSQL by
    serialized rollback, before each of these tests and, by `pytest_runtest_teardown` below, after it."""
    for item in items:
        if _is_transactional(item):
            marker = item.get_closest_marker("django_db")
            args = marker.args if marker is not None else ()
            kwargs = {**(marker.kwargs if marker is not None else {})}
            kwargs.update(transaction=True, serialized_rollback=not _on_sqlite())
            item.add_marker(pytest.mark.django_db(*args, **kwargs), append=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    _hand_the_serialized_rows_to_new_connections()  # before Django's flush reads them
    result = yield
    # Without a next item the session's fixtures were just torn down with this one: the test
    # database is gone (PostgreSQL: the connection points at DATABASE_URL's own name again).
    if _is_transactional(item) and nextitem is not None:
        if _states["states"] is not None:
            _states["states"].changed()
        if not _on_sqlite():
            _deserialize_the_migrated_rows(item)
    return result


def _hand_the_serialized_rows_to_new_connections():
    """Django's serialized rollback reads the rows from the connection object; once Playwright's sync
    API runs, `connections` may hand out a new one (see `database_states`)."""
    for alias, contents in _states["serialized"].items():
        connection = connections[alias]
        if not getattr(connection, "_test_serialized_contents", None):
            connection._test_serialized_contents = contents


def _deserialize_the_migrated_rows(item):
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all():
            contents = _states["serialized"].get(connection.alias)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def silent_smtp():
    """An SMTP server that takes the connection and never says a word (`.port`; `.connections`: how
    often it was tried)."""
    with hung_server() as server:
        yield server
