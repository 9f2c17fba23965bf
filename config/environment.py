"""The environment the settings are read from (django-environ), read the way an operator means it.

- A variable set to nothing (`PORT=`, as a compose file's `${PORT:-}` or a copied .env template
  writes "not set") gives the default, not an empty value that then fails somewhere else.
- Values are trimmed (`ALLOWED_HOSTS=127.0.0.1, localhost` names `localhost`, not ` localhost`), and
  words are read in any case (`LOG_LEVEL=info`, `TASKS_BACKEND=RQ`, `DJANGO_DEBUG=True`).
- A value that cannot be read stops the start with a message that names the variable, the value and
  what it may be, not a bare ValueError or KeyError from deep inside the settings, and never a quiet
  default: django-environ reads any word it does not know as False (`SECURE_SSL_REDIRECT=ture` turned
  the redirect off) and drops the letters of a number (`ELASTICSEARCH_TIMEOUT=2s` was 2, `1e3` was 13).
- The `.env` file takes `NAME=value` lines as docker compose and systemd write them, `NAME = value`
  too, and reads quotes and notes after a value (` # …`) as docker compose does; a line that is none of these stops the start naming the file and the line (django-environ
  logged "Invalid line" and went on without the value).
"""

import math
import os
import re
import sys
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = ("1", "true", "yes", "on", "y")
FALSE_WORDS = ("0", "false", "no", "off", "n")
# Signing keys published in this repository's files (the compose file's example once): never a secret.
PUBLIC_SECRETS = frozenset({"change-me-in-production-please-0123456789abcdef"})

_LINE = re.compile(r"(?:export\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<value>.*)")


class SetVariables(Mapping):
    """os.environ without the variables set to nothing, values trimmed (live: `.env` is read into
    os.environ)."""

    def __getitem__(self, name: str) -> str:
        value = os.environ[name].strip()
        if not value:
            raise KeyError(name)
        return value

    def __iter__(self) -> Iterator[str]:
        return (name for name, value in os.environ.items() if value.strip())

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Environment(environ.Env):
    def __init__(self, **scheme):
        super().__init__(**scheme)
        self.ENVIRON = SetVariables()

    @classmethod
    def read_env(cls, env_file, **_ignored) -> None:
        """Put the file's variables into os.environ, where the environment does not set them already."""
        path = Path(env_file)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            match = _LINE.fullmatch(stripped)
            if match is None:
                raise ImproperlyConfigured(
                    f"{path}, line {number}: {line!r} is not a setting: write NAME=value"
                    " (for example SITE_URL=https://ocop.example.vn), or start the line with # to keep it as a note"
                )
            os.environ.setdefault(match["name"], _unquoted(match["value"]))

    def get_value(self, var, cast=None, default=environ.Env.NOTSET, parse_default=False):
        with _naming(var):
            return super().get_value(var, cast=cast, default=default, parse_default=parse_default)

    def _read(self, var: str, default, parse):
        """`parse(value)` of the variable's trimmed value; unset or set to nothing: `default`."""
        value = self.ENVIRON.get(var)
        if value is None:
            if default is self.NOTSET:
                raise ImproperlyConfigured(f"Set the {var} environment variable")
            return default
        return parse(value)

    def bool(self, var, default=environ.Env.NOTSET):
        def parse(value: str) -> bool:
            word = value.casefold()
            if word in TRUE_WORDS or word in FALSE_WORDS:
                return word in TRUE_WORDS
            raise _stop(var, "is not yes or no: write 1, true, yes or on; 0, false, no or off")

        return self._read(var, default, parse)

    def int(self, var, default=environ.Env.NOTSET, *, minimum=None, maximum=None):
        def parse(value: str) -> int:
            try:
                number = int(value)
            except ValueError:
                raise _stop(var, f"is not a whole number{_range(minimum, maximum)}") from None
            if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
                raise _stop(var, f"is out of range: a whole number{_range(minimum, maximum)}")
            return number

        return self._read(var, default, parse)

    def float(self, var, default=environ.Env.NOTSET, *, minimum=None):
        def parse(value: str) -> float:
            try:  # a decimal comma as Vietnamese writes it (0,5) is a decimal point
                number = float(value.replace(",", ".", 1) if value.count(",") == 1 else value)
            except ValueError:
                number = math.nan
            if not math.isfinite(number) or (minimum is not None and number < minimum):
                raise _stop(var, f"is not a number{_range(minimum, None)}, for example 2 or 0.5")
            return number

        return self._read(var, default, parse)

    def stripe_key(self, var: str, prefixes: tuple[str, ...], kind: str) -> str:
        """A Stripe key of the kind its prefixes name, or nothing (card payments off). A key of another
        kind stops the start without being printed: a secret key set where the publishable one goes
        would be written into every card buyer's order page."""

        def parse(value: str) -> str:
            value = value.strip()
            if value and not value.startswith(prefixes):
                raise ImproperlyConfigured(
                    f"{var} is not {kind}: it starts with {' or '.join(prefixes)} "
                    "(the value set is not printed here: it may be a secret key)"
                )
            return value

        return self._read(var, "", parse)

    def choice(self, var: str, choices: tuple[str, ...], default=environ.Env.NOTSET) -> str:
        """One of `choices`, in any case; returned as spelled in `choices`."""

        def parse(value: str) -> str:
            for choice in choices:
                if value.casefold() == choice.casefold():
                    return choice
            raise _stop(var, f"is not one of {', '.join(choices)}")

        return self._read(var, default, parse)

    def list(self, var, cast=None, default=environ.Env.NOTSET):
        """Comma-separated values, each trimmed; empty items (a trailing comma) dropped."""
        return self._read(
            var, default, lambda value: [item.strip() for item in value.split(",") if item.strip()]
        )

    def folder(self, var: str, default: str) -> Path:
        """A folder the site writes to: created if missing, or a stop naming the variable."""
        path = Path(self.str(var, default=default)).expanduser()
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _stop(var, f"is not a folder that can be created here ({error.strerror})") from None
        if not os.access(path, os.W_OK | os.X_OK):
            raise _stop(var, "is a folder this user cannot write to")
        return path

    def origin(self, var: str, default: str) -> str:
        """A public origin: http(s)://host[:port], without the trailing slash. A path, query, fragment or
        user name is refused: links, sitemaps and QR codes are the origin plus a path of their own, so
        https://shop.vn/abc?x=1 printed https://shop.vn/abc?x=1/01/… on every label."""
        url = self.str(var, default=default).rstrip("/")
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 (a port that is not a number raises here)
        except ValueError:
            parts = None
        if (
            parts is None
            or parts.scheme not in ("http", "https")
            or not parts.hostname
            or any((parts.path, parts.query, parts.fragment, "@" in parts.netloc, url.endswith(("?", "#"))))
        ):
            raise _stop(
                var,
                "is not an origin: write the scheme and host alone, with a port if needed, as"
                " https://ocop.example.vn (or http://127.0.0.1:8000), without a path, ? or #",
            )
        return url

    def db_url(self, var="DATABASE_URL", default=environ.Env.NOTSET, engine=None):
        with warnings.catch_warnings():  # its "Engine not recognized" warning: the error below says more
            warnings.simplefilter("ignore", UserWarning)
            with _naming(var):  # a port that is not a number fails after the value was read
                config = super().db_url(var, default=default, engine=engine)
        if not config.get("ENGINE"):
            raise ImproperlyConfigured(
                f"{var}={_shown(os.environ.get(var, ''))!r} is not a database URL: {_DATABASE_EXAMPLES}"
            )
        if config["ENGINE"] not in DATABASE_ENGINES:
            # django-environ knows MySQL, Oracle and more; the shop runs (and is tested) on these two only,
            # and "Did you install mysqlclient?" would send the operator after the wrong driver.
            raise ImproperlyConfigured(
                f"{var}={_shown(os.environ.get(var, ''))!r} is not a database this shop runs on: {_DATABASE_EXAMPLES}"
            )
        return config

    def email_url(self, var="EMAIL_URL", default=environ.Env.NOTSET, backend=None):
        try:
            with _naming(var):  # a port that is not a number fails after the value was read
                return super().email_url(var, default=default, backend=backend)
        except ImproperlyConfigured as error:
            if "Invalid email schema" not in str(error):
                raise
            schemes = " or ".join(f"{scheme}://" for scheme in self.EMAIL_SCHEMES)
            raise _stop(
                var,
                f"is not an email URL: it starts with {schemes}, for example"
                " smtp+tls://user:password@smtp.gmail.com:587",
            ) from None

    def service_url(self, var: str, schemes: tuple[str, ...]) -> str:
        """A service's URL, "" when unset (the service is off); one of `schemes` or a clear stop."""
        url = self.str(var, default="")
        if url and (url.partition("://")[0] not in schemes or not _names_a_place(url)):
            raise ImproperlyConfigured(
                f"{var}={_shown(url)!r} is not a URL its service can use: it starts with "
                + " or ".join(f"{scheme}://" for scheme in schemes)
            )
        return url

    def redis_url(self, var: str) -> str:
        """A Redis URL (service_url's schemes), "" when unset, whose database number, in the path
        (redis://host:6379/2) or in ?db=, is one Redis has: 0 to 15. Redis refused /99 only when the
        cache first connected, and redis-py took /abc for a malformed URL at the first request."""
        url = self.service_url(var, REDIS_SCHEMES)
        if not url:
            return url
        parts = urlsplit(url)
        numbers = [value for name, value in parse_qsl(parts.query) if name == "db"]
        if parts.scheme != "unix" and parts.path.strip("/"):
            numbers.append(parts.path.strip("/"))
        if any(not number.isdigit() or int(number) > REDIS_LAST_DATABASE for number in numbers):
            raise _stop(
                var,
                f"does not name a database number from 0 to {REDIS_LAST_DATABASE}: write it as"
                " redis://host:6379/0 (or leave the number out for database 0)",
            )
        return url

    def secret(self, var: str, *, development_default: str) -> str:
        """A signing secret. Unset: the development default. Set to nothing: a stop, not the default
        (a deployment that meant to set it must not sign sessions with a key everyone can read); set to
        a key published in this repository: a stop too."""
        if var in os.environ and not os.environ[var].strip():
            raise ImproperlyConfigured(
                f"{var} is set to nothing: set it to a long random value ({_HOW_TO_MAKE_A_KEY}),"
                " or unset it on a developer's machine"
            )
        value = self.str(var, default=development_default)
        if value in PUBLIC_SECRETS:
            raise ImproperlyConfigured(
                f"{var} is the example value published in this project's files, which anyone can read:"
                f" set it to a long random value ({_HOW_TO_MAKE_A_KEY})"
            )
        return value


REDIS_SCHEMES = ("redis", "rediss", "unix")
# Redis has 16 databases unless its configuration says otherwise (`databases 16`).
REDIS_LAST_DATABASE = 15
DATABASE_ENGINES = ("django.db.backends.postgresql", "django.db.backends.sqlite3")
_DATABASE_EXAMPLES = (
    "for example postgres://user:password@host:5432/name or sqlite:////absolute/path/db.sqlite3"
)
_HOW_TO_MAKE_A_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"


def with_socket_timeouts(url: str, seconds: float) -> str:
    """A Redis URL whose connections give up after `seconds` to connect and to each answer (redis-py
    reads both from the URL), for clients configured by URL alone (django-rq's): redis-py's default
    is 5 s, so each task enqueued while Redis hung held its request that long. Timeouts the URL
    already names are kept."""
    parts = urlsplit(url)
    query = {"socket_connect_timeout": str(seconds), "socket_timeout": str(seconds)}
    query.update(parse_qsl(parts.query))
    return parts._replace(query=urlencode(query)).geturl()


@contextmanager
def stop_with_the_message_alone(status: int = 1):
    """At a command's entry point (manage.py, `python -m config.bind`, config/wsgi.py): a setting that
    cannot be read stops the command with its message on stderr, which names the variable and what it
    may be, and exit `status`; the traceback through Django's and importlib's frames only hid it from
    the operator."""
    try:
        yield
    except ImproperlyConfigured as error:
        print(error, file=sys.stderr)
        sys.exit(status)


# A quoted value, then at most a note: `"value" # note`, `'it\'s'` (the quote escaped inside).
_QUOTED = re.compile(r"""(?P<quote>['"])(?P<text>(?:\\.|(?!(?P=quote)).)*)(?P=quote)\s*(?:#.*)?""")
# A note after an unquoted value: a space (or tab), then #.
_NOTE = re.compile(r"\s+#.*")


def _unquoted(value: str) -> str:
    """A .env value as docker compose reads it (docs.docker.com/compose/env-file): 'as written', with \\'
    for a quote; "with \\" and \\\\ escapes" (\\n kept as written); unquoted up to a space and #, which
    starts a note (`info # quieter`), while a # inside a word is kept (`colour#fff`)."""
    quoted = _QUOTED.fullmatch(value)
    if quoted is None:
        return _NOTE.split(value, maxsplit=1)[0]
    if quoted["quote"] == "'":
        return quoted["text"].replace("\\'", "'")
    return re.sub(r"\\([^nrt])", r"\1", quoted["text"])


def _range(minimum, maximum) -> str:
    if minimum is not None and maximum is not None:
        return f" from {minimum} to {maximum}"
    if minimum is not None:
        return f" of at least {minimum}"
    return ""


def _stop(var: str, says: str) -> ImproperlyConfigured:
    value = _shown(os.environ.get(var, ""))
    quoted = len(value) >= 2 and value[0] == value[-1] and value[0] in "'\""
    hint = " (the quotes are part of the value here: remove them)" if quoted else ""
    return ImproperlyConfigured(f"{var}={value!r} {says}{hint}")


def _names_a_place(url: str) -> bool:
    """A host (a Unix socket: a path) after the scheme: "http://" alone is no endpoint."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError:
        return False
    return bool(parts.path if parts.scheme == "unix" else parts.hostname)


# user:password@ in a URL: the password is never repeated in a message, which goes to logs and terminals.
_PASSWORD_IN_URL = re.compile(r"(://[^/@:]*:)[^/@]*@")


def _shown(value: str) -> str:
    """A value as a message repeats it, a URL's password replaced by ***."""
    return _PASSWORD_IN_URL.sub(r"\1***@", value)


@contextmanager
def _naming(var: str):
    """A value of `var` that cannot be read: say which variable, and what it holds."""
    try:
        yield
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            f"{var}={_shown(os.environ.get(var, ''))!r} cannot be read: {error}"
        ) from None
