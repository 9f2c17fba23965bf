"""What a load balancer, a metrics scraper and a log reader get from the app."""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.test import Client

from ops import health
from ops.checks import metrics_allowed_ips
from ops.logs import JsonFormatter, RequestIdFilter
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_health_says_ok_with_database_cache_and_task_queue_up(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "tasks": "ok"}}


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "FOO"])
def test_health_answers_other_methods_than_get_and_head_with_a_405_naming_them(client, method):
    response = client.generic(method, "/health/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert client.head("/health/").status_code == 200


def test_health_answers_a_probe_by_ip_address_over_plain_http_in_production(settings):
    settings.ALLOWED_HOSTS = ["shop.ocop.example"]
    settings.SECURE_SSL_REDIRECT = True
    response = Client(HTTP_HOST="10.0.0.7").get("/health/")
    assert response.status_code == 200


def test_health_stays_200_and_says_degraded_when_only_redis_is_down(client, settings, database_tasks):
    """The shop keeps selling without Redis: a load balancer must not take every server out for it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["degraded"] == ["cache"]
    assert "failing" not in body
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["tasks"] == "ok"
    assert body["checks"]["cache"].startswith("error: ")


def test_health_names_the_task_queue_as_degraded_when_rq_cannot_reach_redis(client, settings):
    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    }
    settings.RQ_QUEUES = {
        "default": {"URL": f"redis://127.0.0.1:{free_port()}/0", "SOCKET_CONNECT_TIMEOUT": 0.5}
    }
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["degraded"] == ["tasks"]


def test_health_answers_503_naming_the_database_when_it_is_down(client, monkeypatch):
    def refused():
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setitem(health.CHECKS, "database", refused)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["failing"] == ["database"]


on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="an SQLite file of the test's own")


@on_sqlite
def test_health_fails_naming_the_database_when_it_takes_no_writes(client, caplog):
    """As with a database file the server cannot write (read-only, immutable, a full or failing disk):
    every order, cart and sign-in fails, so the load balancer must hear it."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA query_only = ON")
    try:
        with caplog.at_level(logging.WARNING, logger="ops.health"):
            response = client.get("/health/")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = OFF")
    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]
    assert response.json()["checks"]["database"] == "error: OperationalError"
    [line] = [record for record in caplog.records if record.name == "ops.health"]
    assert "readonly database" in line.getMessage()


def sqlite_at(name: str):
    """A connection, the shop's settings but for the file, as the server would open it."""
    shops = connections[DEFAULT_DB_ALIAS]
    return type(shops)({**shops.settings_dict, "NAME": name}, alias="health-probe")


@on_sqlite
def test_the_database_probe_fails_on_a_file_opened_read_only(tmp_path, copy_migrated_sqlite):
    if not copy_migrated_sqlite(tmp_path / "db.sqlite3"):
        pytest.skip("no migrated SQLite database to copy in this session")
    writable = sqlite_at(str(tmp_path / "db.sqlite3"))
    read_only = sqlite_at(f"file:{tmp_path / 'db.sqlite3'}?mode=ro")
    try:
        health.probe_database(writable)  # the same file, writable: fine
        with pytest.raises(OperationalError, match="readonly database"):
            health.probe_database(read_only)
    finally:
        writable.close()
        read_only.close()


@on_sqlite
def test_the_database_probe_fails_on_an_empty_database_file(tmp_path):
    # What the server makes when started with its database file moved away: SQLite creates it empty.
    (tmp_path / "db.sqlite3").touch()
    empty = sqlite_at(str(tmp_path / "db.sqlite3"))
    try:
        with pytest.raises(OperationalError, match="no such table"):
            health.probe_database(empty)
    finally:
        empty.close()


@on_sqlite
def test_the_database_probe_fails_when_the_file_was_moved_away_under_the_server(
    tmp_path, copy_migrated_sqlite
):
    # Orders would go on being written to a file no one will find after a restart.
    if not copy_migrated_sqlite(tmp_path / "db.sqlite3"):
        pytest.skip("no migrated SQLite database to copy in this session")
    served = sqlite_at(str(tmp_path / "db.sqlite3"))
    try:
        health.probe_database(served)
        (tmp_path / "db.sqlite3").rename(tmp_path / "moved.sqlite3")
        with pytest.raises(FileNotFoundError):
            health.probe_database(served)
    finally:
        served.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's read-only transactions")
def test_health_fails_naming_the_database_when_postgresql_takes_no_writes(client, monkeypatch):
    # As a standby, or a database set read-only (default_transaction_read_only) by its operator, answers.
    shops = connections.settings[DEFAULT_DB_ALIAS]
    options = {**shops.get("OPTIONS", {}), "options": "-c default_transaction_read_only=on"}
    monkeypatch.setitem(shops, "OPTIONS", options)  # the probe's own connection is opened with them
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]


def test_health_fails_when_the_task_queue_in_the_database_fails(client, monkeypatch, database_tasks):
    """The queue's table is in the shop's database: its failing is the database failing (tables missing,
    a migration not run), not Redis being down."""

    def no_table():
        raise OperationalError("no such table: django_tasks_database_dbtaskresult")

    monkeypatch.setitem(health.CHECKS, "tasks", no_table)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["failing"] == ["tasks"]


def test_a_request_id_from_the_load_balancer_is_echoed(client, home):
    response = client.get("/", HTTP_X_REQUEST_ID="lb-4f2a9c")
    assert response["X-Request-ID"] == "lb-4f2a9c"


def test_each_request_gets_its_own_id_when_none_or_a_bad_one_is_given(client, home):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/", HTTP_X_REQUEST_ID="<script>alert(1)</script>")["X-Request-ID"]
    assert len(first) == 32 and len(second) == 32 and first != second


def test_log_lines_are_json_with_the_request_id(client, settings):
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("ops.health")
    logger.addHandler(handler)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    try:
        client.get("/health/", HTTP_X_REQUEST_ID="req-123")
    finally:
        logger.removeHandler(handler)
    line = JsonFormatter().format(records[0])
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["request_id"] == "req-123"
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "ops.health"
    assert entry["message"].startswith("health check cache failed: ")
    assert entry["check"] == "cache"
    assert "exception" not in entry  # one line per probe, no traceback
    assert len(records) == 1


@pytest.fixture
def json_lines():
    """The JSON lines every logger writes (with the request id filter the settings' handlers have)."""
    lines = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(json.loads(JsonFormatter().format(record)))

    handler = Keep()
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger(), logging.getLogger("ops")]  # "ops" keeps its lines from the root
    for logger in loggers:
        logger.addHandler(handler)
    yield lines
    for logger in loggers:
        logger.removeHandler(handler)


def test_djangos_service_unavailable_line_carries_the_requests_id(client, monkeypatch, json_lines):
    def refused():
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setitem(health.CHECKS, "database", refused)

    response = client.get("/health/", HTTP_X_REQUEST_ID="req-503")

    assert response.status_code == 503
    unavailable = [line for line in json_lines if line["logger"] == "django.request"]
    assert [line["message"] for line in unavailable] == ["Service Unavailable: /health/"]
    assert {line["request_id"] for line in json_lines} == {"req-503"}


def test_djangos_not_found_line_carries_the_requests_id_and_later_lines_none(client, home, json_lines):
    client.get("/khong-co-trang-nay/", HTTP_X_REQUEST_ID="req-404")
    logging.getLogger("ops").warning("after the request")

    [not_found] = [line for line in json_lines if line["logger"] == "django.request"]
    assert not_found["message"] == "Not Found: /khong-co-trang-nay/"
    assert not_found["request_id"] == "req-404"
    assert json_lines[-1]["request_id"] == "-"


def test_metrics_are_served_to_the_scraper_on_loopback(client, home):
    client.get("/")
    response = client.get("/metrics")
    assert response.status_code == 200
    text = response.content.decode()
    assert "django_http_requests_total_by_method_total" in text
    assert "django_http_responses_total_by_status_total" in text


def test_metrics_are_not_public(settings, home):
    settings.METRICS_ALLOWED_IPS = ["10.0.0.9"]
    assert Client(REMOTE_ADDR="203.0.113.5").get("/metrics").status_code == 404
    assert Client(REMOTE_ADDR="10.0.0.9").get("/metrics").status_code == 200


def test_metrics_are_served_to_scrapers_of_a_listed_network(settings, home):
    """In docker compose the scraper's container has some address of the stack's network."""
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1", "172.16.0.0/12", "fd00::/8"]
    assert Client(REMOTE_ADDR="172.18.0.7").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="fd00::7").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="172.32.0.7").get("/metrics").status_code == 404
    assert Client(REMOTE_ADDR="203.0.113.5").get("/metrics").status_code == 404


def test_the_compose_stack_lets_its_own_network_scrape_metrics(settings, home):
    """docker-compose.yml's comment says Prometheus may scrape from inside the compose network."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    value = compose["x-app"]["environment"]["METRICS_ALLOWED_IPS"]
    settings.METRICS_ALLOWED_IPS = re.fullmatch(r"\$\{METRICS_ALLOWED_IPS:-(.*)\}", value)[1].split(",")
    assert Client(REMOTE_ADDR="172.18.0.7").get("/metrics").status_code == 200  # a container of the stack
    assert Client(REMOTE_ADDR="203.0.113.5").get("/metrics").status_code == 404


def test_an_entry_that_is_no_address_is_named_by_manage_py_check(settings):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1", "prometheus"]
    (warning,) = metrics_allowed_ips(None)
    assert warning.id == "ops.W001" and "'prometheus'" in warning.msg


QUEUED_AND_SCHEDULED = (
    "import django, logging; django.setup();"
    "logging.getLogger('django.tasks').info('Task id=1 path=search.tasks.update_products state=RUNNING');"
    "logging.getLogger('ops.scheduler').info('scheduled task traceability.tasks.flush_scans enqueued')"
)


@pytest.mark.parametrize(("log_level", "lines"), [(None, 0), ("info", 2)])
def test_the_workers_routine_lines_follow_log_level(log_level, lines):
    """At the default WARNING, the worker's task and schedule lines (thousands while the demo loads) stay
    out of the log; LOG_LEVEL=info shows them."""
    env = {k: v for k, v in os.environ.items() if k != "LOG_LEVEL"}
    if log_level:
        env["LOG_LEVEL"] = log_level
    result = subprocess.run(
        [sys.executable, "-c", QUEUED_AND_SCHEDULED],
        capture_output=True,
        text=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_FORMAT": "text"},
        timeout=60,
        check=True,
    )
    assert len(result.stderr.splitlines()) == lines, result.stderr


def test_the_configured_logs_are_one_json_object_per_line():
    script = (
        "import django, logging; django.setup();"
        "logging.getLogger('storefront').info('Đơn %s đã đặt', 'OC-1', extra={'order': 'OC-1'})"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_FORMAT": "json"},
        timeout=60,
        check=True,
    )
    [line] = result.stderr.splitlines()
    entry = json.loads(line)
    assert (entry["message"], entry["order"], entry["request_id"], entry["level"]) == (
        "Đơn OC-1 đã đặt",
        "OC-1",
        "-",
        "INFO",
    )
