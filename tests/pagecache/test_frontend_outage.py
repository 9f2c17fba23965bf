"""Varnish (FRONTEND_CACHE_URL) down or hung: a sale or an admin save never waits more than one short
purge timeout, the outage is logged once and its end once, and the purges missed meanwhile are made
good by a ban of the whole site when Varnish answers again."""

import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from pagecache import frontend, purges
from storefront.cart import SESSION_KEY
from storefront.models import Order
from tests.servers import free_port, hung_server
from tests.storefront.checkout_pages import send_checkout

pytestmark = pytest.mark.django_db

# The hung Varnish drops a connection after this long (ten purge timeouts), so a purge without a timeout
# fails its test ("Connection reset by peer", not "timed out") rather than hanging it.
GIVE_UP_AFTER = 10


@pytest.fixture
def hung_varnish():
    """A Varnish that takes connections and never answers (`.url`), counting them (`.connections`)."""
    with hung_server(give_up_after=GIVE_UP_AFTER) as varnish:
        varnish.url = f"http://127.0.0.1:{varnish.port}"
        yield varnish


def warnings_in(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


class _Recorder(BaseHTTPRequestHandler):
    def _take(self):
        self.server.received.append((self.command, self.headers["Host"], self.path))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PURGE = do_BAN = _take  # noqa: N815 (http.server's method names)

    def log_message(self, *args):
        pass


@pytest.fixture
def varnish_later():
    """A port nothing listens on yet (purges refused); `start()` puts a Varnish stand-in there that
    records every PURGE and BAN it takes."""
    port = free_port()
    servers = []

    class Later:
        url = f"http://127.0.0.1:{port}"
        received = []

        def start(self):
            server = ThreadingHTTPServer(("127.0.0.1", port), _Recorder)
            server.received = self.received
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)

    yield Later()
    for server in servers:
        server.shutdown()
        server.server_close()


def use_varnish(settings, location, *, timeout=1.0, retry_seconds=30.0):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "pagecache.frontend.VarnishBackend",
            "LOCATION": location,
            "TIMEOUT": timeout,
            "DOWN_RETRY_SECONDS": retry_seconds,
        }
    }


@pytest.fixture(autouse=True)
def _every_test_meets_varnish_for_the_first_time():
    frontend.forget_targets()
    yield
    frontend.forget_targets()


def test_with_varnish_hung_only_one_request_per_retry_period_waits_for_it(
    settings, product, hung_varnish, caplog
):
    use_varnish(settings, hung_varnish.url, timeout=1.0, retry_seconds=30)

    purges.purge_for_products([product.pk])
    [warning] = warnings_in(caplog)
    assert "(timed out)" in warning  # the purge gave up after its own timeout
    assert hung_varnish.connections == 1  # the product's other pages were not tried after it
    purges.purge_for_products([product.pk])
    purges.purge_everything()
    assert hung_varnish.connections == 1  # known down: not asked again until the retry period ends


def test_varnish_refusing_purges_is_logged_once_and_its_return_once_with_the_missed_purges_made_good(
    settings, home, product, varnish_later, caplog
):
    use_varnish(settings, varnish_later.url, retry_seconds=0.1)
    caplog.set_level(logging.INFO)

    for _ in range(5):  # five sales while Varnish is down
        purges.purge_for_products([product.pk])
        time.sleep(0.15)  # past the retry period: each sale asks again
    varnish_later.start()
    purges.purge_for_products([product.pk])

    about_varnish = [r for r in caplog.records if r.name.startswith(("wagtail.frontendcache", "pagecache"))]
    assert [r.levelname for r in about_varnish if r.levelno >= logging.WARNING] == ["WARNING", "WARNING"]
    stopped, back = (r.getMessage() for r in about_varnish if r.levelno >= logging.WARNING)
    assert f"Varnish at {varnish_later.url} does not take purges" in stopped
    assert "Connection refused" in stopped
    assert f"Varnish at {varnish_later.url} takes purges again" in back
    methods = [method for method, _host, _path in varnish_later.received]
    assert methods[0] == "BAN"  # the whole site first: the purges of the outage were lost
    assert ("PURGE", "localhost", product.url) in varnish_later.received


def test_a_purge_varnish_answers_with_an_error_is_still_logged_as_an_error(settings, product, caplog):
    """Varnish answering 405 (this server is not among its purgers) is a configuration to fix, not an
    outage: it is said for each purge refused, as before."""

    class Refusing(_Recorder):
        def _take(self):
            self.send_response(405, "Not allowed")
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_PURGE = do_BAN = _take  # noqa: N815

    server = ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        use_varnish(settings, f"http://127.0.0.1:{server.server_address[1]}")
        purges.purge_paths(["/chu-the/"])
    finally:
        server.shutdown()
        server.server_close()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert "405" in errors[0] and "/chu-the/" in errors[0]


@pytest.mark.django_db(transaction=True)  # real commits: the purges run inside the request, as they do live
def test_a_checkout_with_varnish_hung_waits_for_one_purge_timeout_only_and_shows_the_order_page(
    client, settings, product, shipping, checkout_data, hung_varnish, caplog
):
    use_varnish(settings, hung_varnish.url, timeout=1.0)
    pack = product.pack_sizes.get()
    client.post(reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": 2})

    response = send_checkout(client, checkout_data, follow=False)

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == order.get_absolute_url()
    assert client.session[SESSION_KEY] == {}  # the cart is cleared: no second order by mistake
    assert hung_varnish.connections == 1  # one purge, not one per page purged
    [warning] = warnings_in(caplog)
    assert "(timed out)" in warning  # given up after its timeout, not waited for for good


def a_new_worker_job():
    """RQ forks a process per job: nothing the last job's process remembered is left but the cache."""
    frontend.forget_targets()


def test_worker_jobs_in_processes_of_their_own_skip_a_hung_varnish_and_log_it_once(
    settings, product, hung_varnish, caplog
):
    use_varnish(settings, hung_varnish.url, timeout=1.0, retry_seconds=30)

    purges.purge_for_products([product.pk])
    for _ in range(3):
        a_new_worker_job()
        purges.purge_for_products([product.pk])

    # The next jobs know it is down and do not ask: the email waiting behind them is not held.
    assert hung_varnish.connections == 1
    [warning] = warnings_in(caplog)
    assert "does not take purges (timed out)" in warning


def test_worker_jobs_log_varnish_refusing_once_and_its_return_once(
    settings, home, product, varnish_later, caplog
):
    use_varnish(settings, varnish_later.url, retry_seconds=0.1)

    for _ in range(3):
        a_new_worker_job()
        purges.purge_for_products([product.pk])
        time.sleep(0.15)
    varnish_later.start()
    for _ in range(2):
        a_new_worker_job()
        purges.purge_for_products([product.pk])

    warnings = warnings_in(caplog)
    assert len(warnings) == 2, warnings
    assert "does not take purges" in warnings[0] and "takes purges again" in warnings[1]
    methods = [method for method, _host, _path in varnish_later.received]
    assert methods[0] == "BAN" and methods.count("BAN") == 1  # the whole site once, by the first job back
