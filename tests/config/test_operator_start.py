"""What an operator sees when a setting is wrong, incomplete, or names a service that is not there:
one line on stderr that names the variable (or the database's host) and why, and a non-zero exit; a
setting that only hides a payment method lets the shop start and says so once, as a warning."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.environment import Environment
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
# What the tests here must not inherit from the shell that runs them.
NEUTRAL = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "REDIS_URL": "",
    "TASKS_BACKEND": "",
    "ELASTICSEARCH_URL": "",
    "SITE_URL": "",
    "STRIPE_SECRET_KEY": "",
    "STRIPE_PUBLISHABLE_KEY": "",
    "STRIPE_WEBHOOK_SECRET": "",
    "VIETQR_BANK_BIN": "",
    "VIETQR_ACCOUNT": "",
    "VIETQR_ACCOUNT_NAME": "",
    "LOG_FORMAT": "json",
    "LOG_LEVEL": "WARNING",
}


def manage(*arguments, timeout=120, **variables):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env={**os.environ, **NEUTRAL, **variables},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def assert_stopped_with_one_line(completed, starts_with):
    assert completed.returncode != 0
    assert completed.stdout == ""
    assert completed.stderr.startswith(starts_with), completed.stderr[-2000:]
    assert len(completed.stderr.splitlines()) == 1, completed.stderr[-2000:]


# --- 1. A setting that cannot be read: one line on stderr, never a traceback -------------------------


def test_a_database_url_whose_port_is_no_number_stops_with_one_line_naming_it():
    completed = manage("check", DATABASE_URL="postgres://shop@db.internal:abc/ocop")
    assert_stopped_with_one_line(
        completed, "DATABASE_URL='postgres://shop@db.internal:abc/ocop' cannot be read"
    )


def test_the_web_server_stops_with_the_settings_message_alone():
    """gunicorn (`make run`, the Docker image) loads the settings itself: a wrong-kind Stripe key was a
    forty-line traceback, and the server kept booting workers that failed the same way."""
    completed = subprocess.run(  # noqa: S603
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{free_port()}",
        ],
        cwd=ROOT,
        env={**os.environ, **NEUTRAL, "STRIPE_SECRET_KEY": "pk_live_a1b2c3"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode != 0
    assert completed.stdout == ""
    assert "Traceback" not in completed.stderr
    assert "STRIPE_SECRET_KEY is not a secret or restricted key" in completed.stderr
    assert "pk_live_a1b2c3" not in completed.stderr


# --- 2. SITE_URL is an origin: scheme and host[:port], nothing more -------------------------------------


@pytest.mark.parametrize(
    "site_url",
    [
        "https://shop.vn/abc?x=1",
        "https://shop.vn/abc",
        "https://shop.vn/?x=1",
        "https://shop.vn/#top",
        "https://admin:secret@shop.vn",
    ],
)
def test_a_site_url_with_more_than_an_origin_is_refused_naming_it(monkeypatch, site_url):
    monkeypatch.setenv("SITE_URL", site_url)
    with pytest.raises(ImproperlyConfigured, match=r"is not an origin: write the scheme and host alone"):
        Environment().origin("SITE_URL", default="http://127.0.0.1:8000")


@pytest.mark.parametrize(
    ("site_url", "origin"),
    [("https://shop.vn/", "https://shop.vn"), ("http://127.0.0.1:8123", "http://127.0.0.1:8123")],
)
def test_a_site_url_that_is_an_origin_is_read_without_its_trailing_slash(monkeypatch, site_url, origin):
    monkeypatch.setenv("SITE_URL", site_url)
    assert Environment().origin("SITE_URL", default="http://127.0.0.1:8000") == origin


def test_the_start_stops_on_a_site_url_with_a_path_and_query():
    """QR codes and links are the origin plus their own path: /abc?x=1/01/… on every label."""
    completed = manage("check", SITE_URL="https://shop.vn/abc?x=1")
    assert_stopped_with_one_line(completed, "SITE_URL='https://shop.vn/abc?x=1' is not an origin")


# --- 3. REDIS_URL's database number ----------------------------------------------------------------


@pytest.mark.parametrize(
    "redis_url",
    [
        "redis://127.0.0.1:6379/99",
        "redis://127.0.0.1:6379/abc",
        "redis://127.0.0.1:6379/-1",
        "redis://127.0.0.1:6379?db=16",
        "unix:///run/redis.sock?db=x",
    ],
)
def test_a_redis_database_number_outside_0_to_15_is_refused_naming_it(monkeypatch, redis_url):
    monkeypatch.setenv("REDIS_URL", redis_url)
    with pytest.raises(ImproperlyConfigured, match="does not name a database number from 0 to 15"):
        Environment().redis_url("REDIS_URL")


@pytest.mark.parametrize(
    "redis_url",
    [
        "redis://127.0.0.1:6379/9",
        "redis://127.0.0.1:6379/",
        "redis://127.0.0.1:6379",
        "rediss://:pw@cache.internal:6380/15",
        "unix:///run/redis.sock?db=3",
    ],
)
def test_a_redis_url_with_a_database_from_0_to_15_or_none_is_read(monkeypatch, redis_url):
    monkeypatch.setenv("REDIS_URL", redis_url)
    assert Environment().redis_url("REDIS_URL") == redis_url


def test_the_start_stops_on_a_redis_database_redis_does_not_have():
    completed = manage("check", REDIS_URL="redis://127.0.0.1:6379/99")
    assert_stopped_with_one_line(
        completed, "REDIS_URL='redis://127.0.0.1:6379/99' does not name a database number from 0 to 15"
    )


# --- 4. Payment settings set in part: the method is hidden, and the start says why -----------------------


def warnings_in(stderr: str) -> list[str]:
    return [
        entry["message"]
        for entry in map(json.loads, filter(None, stderr.splitlines()))
        if entry["level"] == "WARNING"
    ]


@pytest.mark.parametrize(
    ("variables", "says"),
    [
        (
            {"VIETQR_BANK_BIN": "970436", "VIETQR_ACCOUNT_NAME": "HTX DUA BEN TRE"},
            "Bank transfer (VietQR) is hidden at checkout: VIETQR_ACCOUNT is not set",
        ),
        (
            {"STRIPE_SECRET_KEY": "sk_test_a1b2"},
            "International card (Visa, Mastercard…) via Stripe is hidden at checkout: STRIPE_PUBLISHABLE_KEY"
            " and STRIPE_WEBHOOK_SECRET are not set",
        ),
    ],
)
def test_payment_settings_set_in_part_start_the_shop_with_one_warning_naming_what_is_missing(variables, says):
    completed = manage("check", **variables)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert warnings_in(completed.stderr) == [says]


def test_payment_settings_set_in_full_or_not_at_all_start_the_shop_without_a_warning():
    vietqr = {"VIETQR_BANK_BIN": "970436", "VIETQR_ACCOUNT": "0123456789", "VIETQR_ACCOUNT_NAME": "HTX DUA"}
    completed = manage("check", **vietqr)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert warnings_in(completed.stderr) == []


# --- 5. A database that does not answer -------------------------------------------------------------


@pytest.mark.parametrize("command", [("migrate", "--no-input"), ("showmigrations",)])
def test_a_command_on_a_database_that_is_down_says_so_in_one_line(command):
    port = free_port()  # nothing listens there
    completed = manage(*command, DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/ocop")
    assert_stopped_with_one_line(completed, f"The database at 127.0.0.1:{port} cannot be reached")
    assert "Connection refused" in completed.stderr


def test_a_command_on_a_database_host_that_does_not_exist_says_so_in_one_line():
    completed = manage("migrate", "--no-input", DATABASE_URL="postgres://postgres@db.invalid:5432/ocop")
    assert_stopped_with_one_line(completed, "The database at db.invalid:5432 cannot be reached")
