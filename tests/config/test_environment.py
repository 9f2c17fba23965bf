"""The settings' environment as an operator writes it: a variable set to nothing is unset, and a
value that cannot be read stops the start with the variable named, never a bare KeyError."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.environment import Environment

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env():
    return Environment()


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_variable_set_to_nothing_gives_the_default(env, monkeypatch, blank):
    monkeypatch.setenv("OCOP_TEST_PORT", blank)
    monkeypatch.setenv("OCOP_TEST_DATABASE_URL", blank)
    assert env.int("OCOP_TEST_PORT", default=8000) == 8000
    assert (
        env.db_url("OCOP_TEST_DATABASE_URL", default="sqlite:////srv/ocop/db.sqlite3")["NAME"]
        == "/srv/ocop/db.sqlite3"
    )
    assert env.service_url("OCOP_TEST_DATABASE_URL", ("redis",)) == ""


@pytest.mark.parametrize(
    ("read", "value", "says"),
    [
        (lambda env: env.int("OCOP_TEST_VALUE", default=1), "abc", "OCOP_TEST_VALUE='abc' cannot be read"),
        (
            lambda env: env.float("OCOP_TEST_VALUE", default=1.0),
            "fast",
            "OCOP_TEST_VALUE='fast' cannot be read",
        ),
        (
            lambda env: env.db_url("OCOP_TEST_VALUE"),
            "nonsense",
            "OCOP_TEST_VALUE='nonsense' is not a database URL",
        ),
        (
            lambda env: env.email_url("OCOP_TEST_VALUE"),
            "smtp://x:port",
            "OCOP_TEST_VALUE='smtp://x:port' cannot be",
        ),
        (
            lambda env: env.service_url("OCOP_TEST_VALUE", ("redis", "rediss")),
            "localhost:6379",
            "starts with redis:// or rediss://",
        ),
    ],
)
def test_a_value_that_cannot_be_read_names_its_variable(env, monkeypatch, read, value, says):
    monkeypatch.setenv("OCOP_TEST_VALUE", value)
    with pytest.raises(ImproperlyConfigured, match=says.replace("(", r"\(")):
        read(env)


def check(**variables):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **variables},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_site_starts_with_its_variables_set_to_nothing():
    blank = ("DATABASE_URL", "REDIS_URL", "PORT", "EMAIL_URL", "PAGE_CACHE_SECONDS", "ELASTICSEARCH_URL")
    completed = check(**dict.fromkeys(blank, ""))
    assert completed.returncode == 0, completed.stderr[-2000:]


def test_a_bad_service_url_stops_the_start_naming_it():
    completed = check(REDIS_URL="127.0.0.1:6379")
    assert completed.returncode != 0
    assert completed.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: REDIS_URL='127.0.0.1:6379' is not a URL its service"
        " can use: it starts with redis:// or rediss:// or unix://"
    )


def test_a_secret_key_set_to_nothing_stops_the_start_rather_than_sign_with_the_development_key():
    completed = check(DJANGO_SECRET_KEY=" ")
    assert completed.returncode != 0
    assert "DJANGO_SECRET_KEY is set to nothing" in completed.stderr.strip().splitlines()[-1]
