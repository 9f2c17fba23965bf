"""The settings' environment as an operator writes it: a variable set to nothing is unset, and a
value that cannot be read stops the start with the variable named, never a bare KeyError."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.environment import Environment

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def environment_as_it_was():
    """`Environment.read_env` writes into os.environ, where monkeypatch does not see it: put the process's
    environment back after each test (a SITE_URL read from a test's .env stayed, and the servers later
    tests of this worker started took it and refused 127.0.0.1 with a 400)."""
    before = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(before)


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
        (
            lambda env: env.int("OCOP_TEST_VALUE", default=1),
            "abc",
            "OCOP_TEST_VALUE='abc' is not a whole number",
        ),
        (
            lambda env: env.float("OCOP_TEST_VALUE", default=1.0),
            "fast",
            "OCOP_TEST_VALUE='fast' is not a number",
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


# What operators write, and what the settings make of it: the value, or a stop that names the variable
# and says what it may be (django-environ read unknown words as False and dropped a number's letters).
OPERATOR_VALUES = [
    # (read, value, what it gives, or the stop's message)
    (
        lambda env: env.bool("OCOP_TEST_VALUE", default=True),
        "nope",
        "is not yes or no: write 1, true, yes or on",
    ),
    (lambda env: env.bool("OCOP_TEST_VALUE", default=False), "ture", "is not yes or no"),
    (lambda env: env.bool("OCOP_TEST_VALUE", default=False), '"1"', "the quotes are part of the value here"),
    (lambda env: env.bool("OCOP_TEST_VALUE", default=False), " TRUE ", True),
    (lambda env: env.bool("OCOP_TEST_VALUE", default=True), "Off", False),
    (lambda env: env.bool("OCOP_TEST_VALUE", default=True), "0", False),
    (lambda env: env.int("OCOP_TEST_VALUE", default=1), " 8133 ", 8133),
    (lambda env: env.int("OCOP_TEST_VALUE", default=1), "8133.0", "is not a whole number"),
    (lambda env: env.int("OCOP_TEST_VALUE", default=1, minimum=1, maximum=65535), "70000", "from 1 to 65535"),
    (lambda env: env.int("OCOP_TEST_VALUE", default=1, minimum=0), "-1", "is out of range"),
    (
        lambda env: env.float("OCOP_TEST_VALUE", default=2.0, minimum=0.1),
        "abc",
        "is not a number of at least 0.1",
    ),
    (lambda env: env.float("OCOP_TEST_VALUE", default=2.0), "2s", "is not a number"),
    (lambda env: env.float("OCOP_TEST_VALUE", default=2.0), "1e3", 1000.0),
    (lambda env: env.float("OCOP_TEST_VALUE", default=2.0), "0,5", 0.5),
    (lambda env: env.float("OCOP_TEST_VALUE", default=2.0), "nan", "is not a number"),
    (
        lambda env: env.float("OCOP_TEST_VALUE", default=2.0, minimum=0.1),
        "0",
        "is not a number of at least 0.1",
    ),
    (
        lambda env: env.choice("OCOP_TEST_VALUE", ("DEBUG", "INFO", "WARNING"), default="WARNING"),
        "info",
        "INFO",
    ),
    (lambda env: env.choice("OCOP_TEST_VALUE", ("json", "text"), default="json"), "TEXT", "text"),
    (
        lambda env: env.choice("OCOP_TEST_VALUE", ("json", "text"), default="json"),
        "xml",
        "is not one of json, text",
    ),
    (
        lambda env: env.choice("OCOP_TEST_VALUE", ("database", "rq", "immediate"), default="database"),
        "celery",
        "is not one of database, rq, immediate",
    ),
    (lambda env: env.choice("OCOP_TEST_VALUE", ("database", "rq"), default="database"), "rq ", "rq"),
    (
        lambda env: env.list("OCOP_TEST_VALUE", default=[]),
        "127.0.0.1, localhost,",
        ["127.0.0.1", "localhost"],
    ),
    (lambda env: env.str("OCOP_TEST_VALUE", default=""), "  ocop-products ", "ocop-products"),
    (
        lambda env: env.folder("OCOP_TEST_VALUE", default="var"),
        "/proc/x",
        "is not a folder that can be created",
    ),
    (
        lambda env: env.email_url("OCOP_TEST_VALUE"),
        "smtp.gmail.com",
        "is not an email URL: it starts with smtp:// or",
    ),
    (lambda env: env.origin("OCOP_TEST_VALUE", default=""), "ocop.example.vn", "is not an origin"),
    (
        lambda env: env.origin("OCOP_TEST_VALUE", default=""),
        "https://ocop.example.vn/ ",
        "https://ocop.example.vn",
    ),
    (lambda env: env.origin("OCOP_TEST_VALUE", default=""), "http://127.0.0.1:abc", "is not an origin"),
]


@pytest.mark.parametrize(("read", "value", "gives"), OPERATOR_VALUES)
def test_values_as_operators_write_them_are_read_or_stop_the_start_naming_the_variable(
    env, monkeypatch, read, value, gives
):
    monkeypatch.setenv("OCOP_TEST_VALUE", value)
    if isinstance(gives, str) and " " in gives:
        with pytest.raises(ImproperlyConfigured) as stop:
            read(env)
        assert str(stop.value).startswith(f"OCOP_TEST_VALUE={value!r} ")
        assert gives in str(stop.value)
    else:
        assert read(env) == gives


def test_a_folder_that_does_not_exist_yet_is_made(env, monkeypatch, tmp_path):
    monkeypatch.setenv("OCOP_TEST_VALUE", str(tmp_path / "var" / "page-cache"))
    assert env.folder("OCOP_TEST_VALUE", default="/nowhere").is_dir()


def test_a_key_published_in_the_compose_file_is_refused(env, monkeypatch):
    monkeypatch.setenv("OCOP_TEST_KEY", "change-me-in-production-please-0123456789abcdef")
    with pytest.raises(ImproperlyConfigured, match="published in this project's files"):
        env.secret("OCOP_TEST_KEY", development_default="dev")


def test_the_env_file_takes_lines_as_operators_write_them(tmp_path, monkeypatch):
    for name in ("OCOP_A", "OCOP_B", "OCOP_C", "OCOP_D", "OCOP_E", "OCOP_SET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OCOP_SET", "from the environment")
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# a note\n"
        "\n"
        'OCOP_A = "https://ocop.example.vn"\n'
        "export OCOP_B=8133\n"
        "OCOP_C='p@ss#word'\n"
        "  OCOP_D=a#b  \n"
        'OCOP_E="say \\"hi\\""\n'
        "OCOP_SET=from the file\n"
    )
    Environment.read_env(env_file)
    assert [os.environ[name] for name in ("OCOP_A", "OCOP_B", "OCOP_C", "OCOP_D", "OCOP_E", "OCOP_SET")] == [
        "https://ocop.example.vn",
        "8133",
        "p@ss#word",
        "a#b",
        'say "hi"',
        "from the environment",  # the environment wins over the file
    ]


def test_the_env_file_reads_notes_after_a_value_and_quotes_as_docker_compose_does(tmp_path, monkeypatch):
    """docker compose reads the same .env (env_file): a value means the same to both, notes after it
    (a space, then #) and escaped quotes included (docs.docker.com/compose/env-file)."""
    names = ("OCOP_LEVEL", "OCOP_KEY", "OCOP_HOSTS", "OCOP_NOTE", "OCOP_QUOTE", "OCOP_HASH")
    for name in names:
        monkeypatch.delenv(name, raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text(
        "OCOP_LEVEL=info # quieter than DEBUG\n"
        "OCOP_KEY='p@ss #1 $HOME' # single quotes: as written\n"
        'OCOP_HOSTS="ocop.example.vn,www.ocop.example.vn"   # the public names\n'
        'OCOP_NOTE="a # inside quotes is kept"\n'
        "OCOP_QUOTE='Let\\'s go'\n"
        "OCOP_HASH=colour#fff\n"
    )
    Environment.read_env(env_file)
    assert [os.environ[name] for name in names] == [
        "info",
        "p@ss #1 $HOME",
        "ocop.example.vn,www.ocop.example.vn",
        "a # inside quotes is kept",
        "Let's go",
        "colour#fff",
    ]


def test_the_readmes_env_example_reads_as_its_notes_say(tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```sh\n(# \.env: .*?)```", readme, re.DOTALL)[1]
    names = ("LOG_LEVEL", "ALLOWED_HOSTS", "EMAIL_URL", "SITE_URL")
    for name in names:
        monkeypatch.delenv(name, raising=False)
    (tmp_path / ".env").write_text(example)
    Environment.read_env(tmp_path / ".env")
    assert [os.environ[name] for name in names] == [
        "info",
        "ocop.example.vn,www.ocop.example.vn",
        "smtp+tls://shop:p@ss#w$rd@smtp.example.com:587",
        "https://ocop.example.vn",
    ]


def test_a_line_of_the_env_file_that_is_no_setting_stops_the_start_naming_it(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("PORT=8133\nSITE_URL: https://ocop.example.vn\n")
    with pytest.raises(ImproperlyConfigured) as stop:
        Environment.read_env(env_file)
    assert str(stop.value).startswith(
        f"{env_file}, line 2: 'SITE_URL: https://ocop.example.vn' is not a setting"
    )


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
    assert completed.stderr == (
        "REDIS_URL='127.0.0.1:6379' is not a URL its service can use: it starts with redis:// or rediss://"
        " or unix://\n"
    )


@pytest.mark.parametrize(
    ("read", "value", "says"),
    [
        (
            lambda env: env.db_url("OCOP_TEST_VALUE"),
            "postgresql+psycopg://shop:S3cretPw@db:5432/ocop",
            "OCOP_TEST_VALUE='postgresql+psycopg://shop:***@db:5432/ocop' is not a database this shop runs on",
        ),
        (
            lambda env: env.email_url("OCOP_TEST_VALUE"),
            "smpt+tls://shop:MyMailPassw0rd@smtp.example.vn:587",
            "OCOP_TEST_VALUE='smpt+tls://shop:***@smtp.example.vn:587' is not an email URL",
        ),
        (
            lambda env: env.redis_url("OCOP_TEST_VALUE"),
            "redis://:RedisPw@cache:6379/99",
            "OCOP_TEST_VALUE='redis://:***@cache:6379/99' does not name a database number",
        ),
    ],
)
def test_a_url_refused_is_repeated_without_its_password(env, monkeypatch, read, value, says):
    """The message goes to the terminal and the logs: the operator sees which value, not the secret."""
    monkeypatch.setenv("OCOP_TEST_VALUE", value)
    with pytest.raises(ImproperlyConfigured) as refused:
        read(env)
    assert str(refused.value).startswith(says)
    assert value.split("@")[0].rsplit(":", 1)[1] not in str(refused.value)


@pytest.mark.parametrize("endpoint", ["127.0.0.1:9000", "minio:9000", "http://", "s3://bucket"])
def test_an_object_storage_endpoint_without_its_scheme_and_host_stops_the_start(endpoint):
    completed = check(
        AWS_STORAGE_BUCKET_NAME="ocop-media",
        AWS_S3_ENDPOINT_URL=endpoint,
        AWS_ACCESS_KEY_ID="x",
        AWS_SECRET_ACCESS_KEY="y",
    )
    assert completed.returncode != 0
    assert completed.stderr == (
        f"AWS_S3_ENDPOINT_URL={endpoint!r} is not a URL its service can use: it starts with http:// or https://\n"
    )


def test_a_secret_key_set_to_nothing_stops_the_start_rather_than_sign_with_the_development_key():
    completed = check(DJANGO_SECRET_KEY=" ")
    assert completed.returncode != 0
    assert completed.stderr.startswith("DJANGO_SECRET_KEY is set to nothing")
    assert len(completed.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("variables", "says"),
    [
        ({"RATE_LIMITS_ENABLED": "nope"}, "RATE_LIMITS_ENABLED='nope' is not yes or no"),
        ({"DJANGO_DEBUG": '"1"'}, "DJANGO_DEBUG='\"1\"' is not yes or no"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT='xml' is not one of json, text"),
        ({"TASKS_BACKEND": "celery"}, "TASKS_BACKEND='celery' is not one of database, rq, immediate"),
        ({"TASKS_BACKEND": "rq ", "REDIS_URL": ""}, "TASKS_BACKEND=rq needs REDIS_URL"),
        ({"PAGE_CACHE_DIR": "/proc/x", "REDIS_URL": ""}, "PAGE_CACHE_DIR='/proc/x' is not a folder"),
        ({"ELASTICSEARCH_TIMEOUT": "abc"}, "ELASTICSEARCH_TIMEOUT='abc' is not a number"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL='mysql://x' is not a database this shop runs on"),
    ],
)
def test_the_start_stops_naming_the_variable_an_operator_got_wrong(variables, says):
    completed = check(**variables)
    assert completed.returncode == 1
    # The message alone, one line: no traceback a newcomer takes for a crash.
    assert completed.stderr.startswith(says)
    assert len(completed.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("variable", "key", "says"),
    [
        ("STRIPE_PUBLISHABLE_KEY", "sk_live_a1b2c3", "STRIPE_PUBLISHABLE_KEY is not a publishable key"),
        ("STRIPE_SECRET_KEY", "pk_live_a1b2c3", "STRIPE_SECRET_KEY is not a secret or restricted key"),
    ],
)
def test_a_stripe_key_of_the_wrong_kind_stops_the_start_without_printing_it(variable, key, says):
    """A secret key set as the publishable one would be written into every card buyer's order page."""
    completed = check(**{variable: key})
    assert completed.returncode == 1
    assert completed.stderr.startswith(says)
    assert key not in completed.stderr
    assert len(completed.stderr.splitlines()) == 1


def test_stripe_keys_of_their_own_kinds_start_the_site():
    completed = check(STRIPE_PUBLISHABLE_KEY="pk_test_a1b2", STRIPE_SECRET_KEY="rk_test_a1b2")
    assert completed.returncode == 0, completed.stderr[-2000:]


def test_the_server_address_stops_with_the_message_alone_too():
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "config.bind"],
        cwd=ROOT,
        env={**os.environ, "PORT": "abc"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert completed.stderr == "PORT='abc' is not a whole number from 1 to 65535\n"


def test_settings_written_in_any_case_with_spaces_are_read():
    completed = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "from config import settings as s;"
            " print(s.LOGGING['root']['level'], s.LOG_FORMAT, s.TASKS_BACKEND, s.ALLOWED_HOSTS, s.DEBUG)",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "LOG_LEVEL": "info",
            "LOG_FORMAT": "TEXT",
            "TASKS_BACKEND": " Immediate ",
            "ALLOWED_HOSTS": "127.0.0.1, localhost",
            "DJANGO_DEBUG": "False",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert completed.stdout.strip() == "INFO text immediate ['127.0.0.1', 'localhost'] False"
