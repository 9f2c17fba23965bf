"""PostgreSQL down or hung: shoppers get a 503 "the shop is briefly unavailable" page with Retry-After,
never the 500 "an error happened" page, the log one warning line rather than a traceback per request,
and nothing waits for ever on a database that does not answer."""

import logging
import os
import subprocess
import sys
from contextlib import contextmanager

import pytest
from bs4 import BeautifulSoup
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.db.backends.signals import connection_created
from django.db.utils import ConnectionHandler
from django.test import Client

from config.errors import server_error
from ops import database, health
from tests.servers import hung_server

pytestmark = pytest.mark.django_db

UNAVAILABLE = "Cửa hàng tạm thời không truy cập được, vui lòng thử lại sau ít phút."


@contextmanager
def database_down():
    """Every query fails as when PostgreSQL stopped under a running server."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def visitor():
    """A browser: the response the server sends, not the exception the test client would re-raise."""
    return Client(raise_request_exception=False)


@pytest.fixture
def outage_log():
    """The records django.request lets through, with the outage filter's memory cleared."""
    logger = logging.getLogger("django.request")
    for found in logger.filters:
        if isinstance(found, database.OutageOnce):
            found.said_at = -database.SAY_AGAIN_AFTER_SECONDS
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep()
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def test_a_product_page_with_the_database_down_is_a_503_saying_the_shop_is_briefly_unavailable(
    visitor, product
):
    url = product.url
    with database_down():
        response = visitor.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("[role=alert]").get_text(strip=True) == UNAVAILABLE
    assert soup.select_one("[lang=en]").get_text(strip=True) == "The shop is briefly unavailable"
    assert "Xin lỗi, đã có lỗi xảy ra" not in response.content.decode()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/search/?q=tra"),
        ("get", "/01/08930101001014/10/L261120-01"),
        ("get", "/admin/login/"),
    ],
)
def test_searching_scanning_and_signing_in_get_the_503_page_too(visitor, product, method, path):
    with database_down():
        response = getattr(visitor, method)(path)
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()


def test_adding_to_the_cart_gets_the_503_page(visitor, product):
    pack = product.pack_sizes.get()
    with database_down():
        response = visitor.post("/gio-hang/them/", {"pack_size": pack.pk, "quantity": 1})
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()


def test_after_a_form_the_503_page_sends_the_buyer_back_to_what_they_typed_not_to_an_empty_form(
    visitor, product
):
    # A "Thử lại" link would open the form again by GET, empty: the name, phone and address typed are lost.
    with database_down():
        response = visitor.post("/thanh-toan/", {"full_name": "Lan", "phone": "0912345678"})
    assert response.status_code == 503
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select("a") == []
    text = soup.get_text(" ", strip=True)
    assert "Bấm nút Quay lại của trình duyệt" in text
    assert "những gì bạn đã nhập vẫn còn" in text
    english = " ".join(p.get_text(" ", strip=True) for p in soup.select("[lang=en]"))
    assert "Press your browser's Back button" in english
    assert "what you typed is still there" in english


def test_after_a_page_the_503_page_offers_to_load_it_again_in_both_languages(visitor, product):
    url = product.url
    with database_down():
        response = visitor.get(url)
    soup = BeautifulSoup(response.content, "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in soup.select("a")}
    assert links == {"Thử lại": "", "Try again": ""}
    assert "Quay lại" not in soup.get_text()


def test_the_add_to_cart_script_gets_the_outage_as_json_to_show_on_the_product_page(visitor, product):
    pack = product.pack_sizes.get()
    with database_down():
        response = visitor.post(
            "/gio-hang/them/?lang=en",
            {"pack_size": pack.pk, "quantity": 1},
            HTTP_ACCEPT="application/json",
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {
        "error": "The shop cannot be reached just now; please try again in a few minutes.",
    }
    with database_down():
        response = visitor.post(
            "/gio-hang/them/", {"pack_size": pack.pk, "quantity": 1}, HTTP_ACCEPT="application/json"
        )
    assert response.json() == {"error": UNAVAILABLE}


def test_an_outage_is_one_warning_line_without_a_traceback_not_one_per_request(visitor, product, outage_log):
    url = product.url
    with database_down():
        for _ in range(3):
            assert visitor.get(url).status_code == 503
    [record] = outage_log
    assert record.levelname == "WARNING"
    assert record.exc_info is None
    assert record.getMessage() == (
        "The database is unreachable (OperationalError: connection to server at"
        ' "127.0.0.1", port 5432 failed: Connection refused); requests that need it are answered 503'
    )


def test_another_fault_is_still_the_500_page(rf):
    try:
        raise ValueError("a bug of ours")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Xin lỗi, đã có lỗi xảy ra" in response.content.decode()


# --- A PostgreSQL that does not answer ----------------------------------------------------------------


@pytest.fixture
def hung_postgresql():
    """A port that accepts connections and never answers, as a stopped (SIGSTOP) PostgreSQL does. It
    drops each after 20 s (ten connect timeouts), so a connection without a timeout fails the test (the
    server closed it) rather than hanging it."""
    with hung_server(give_up_after=20) as server:
        yield server.port


def postgresql_at(port: int, connect_timeout: int) -> ConnectionHandler:
    return ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "ocop",
                "USER": "ocop",
                "HOST": "127.0.0.1",
                "PORT": str(port),
                "OPTIONS": {"connect_timeout": connect_timeout},
            }
        }
    )


def test_health_answers_503_after_the_connect_timeout_when_postgresql_hangs(
    client, hung_postgresql, monkeypatch, caplog
):
    monkeypatch.setattr(health, "connections", postgresql_at(hung_postgresql, connect_timeout=2))
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]
    [said] = [r.getMessage() for r in caplog.records if r.name == "ops.health"]
    assert "timeout expired" in said  # given up after the connect timeout


def test_postgresql_gets_a_connect_timeout_of_five_seconds_unless_set():
    script = (
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['connect_timeout'])"
    )

    def connect_timeout(**variables):
        result = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "DATABASE_URL": "postgres://ocop@127.0.0.1:5432/ocop",
                **variables,
            },
            timeout=60,
            check=True,
        )
        return result.stdout.strip()

    assert connect_timeout() == "5"
    assert connect_timeout(DATABASE_CONNECT_TIMEOUT="3") == "3"


@pytest.fixture
def web_server_process():
    """What config/wsgi.py does in a web server; undone after the test."""
    database.limit_statements_of_requests()
    yield
    connection_created.disconnect(dispatch_uid="ops.database.limit_statements")


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statement_timeout")
def test_a_web_servers_statements_end_after_the_statement_timeout(settings, web_server_process):
    settings.DATABASE_STATEMENT_TIMEOUT = 0.5
    fresh = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with fresh.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "500ms"
            with pytest.raises(OperationalError, match="statement timeout"):
                cursor.execute("SELECT pg_sleep(2)")
    finally:
        fresh.close()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statement_timeout")
def test_commands_statements_are_not_limited(settings):
    settings.DATABASE_STATEMENT_TIMEOUT = 0.5
    fresh = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with fresh.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "0"
    finally:
        fresh.close()
