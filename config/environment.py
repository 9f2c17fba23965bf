"""The environment the settings are read from (django-environ), read the way an operator means it.

- A variable set to nothing (`PORT=`, as a compose file's `${PORT:-}` or a copied .env template
  writes "not set") gives the default, not an empty value that then fails somewhere else.
- A value that cannot be read stops the start with a message that names the variable and the value,
  not a bare ValueError or KeyError from deep inside the settings.
"""

import os
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import environ
from django.core.exceptions import ImproperlyConfigured


class SetVariables(Mapping):
    """os.environ without the variables set to nothing (live: `.env` is read into os.environ)."""

    def __getitem__(self, name: str) -> str:
        value = os.environ[name]
        if not value.strip():
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

    def get_value(self, var, cast=None, default=environ.Env.NOTSET, parse_default=False):
        with _naming(var):
            return super().get_value(var, cast=cast, default=default, parse_default=parse_default)

    def db_url(self, var="DATABASE_URL", default=environ.Env.NOTSET, engine=None):
        with warnings.catch_warnings():  # its "Engine not recognized" warning: the error below says more
            warnings.simplefilter("ignore", UserWarning)
            config = super().db_url(var, default=default, engine=engine)
        if not config.get("ENGINE"):
            raise ImproperlyConfigured(
                f"{var}={os.environ.get(var)!r} is not a database URL: for example"
                " postgres://user:password@host:5432/name or sqlite:////absolute/path/db.sqlite3"
            )
        return config

    def email_url(self, var="EMAIL_URL", default=environ.Env.NOTSET, backend=None):
        with _naming(var):  # a port that is not a number fails after the value was read
            return super().email_url(var, default=default, backend=backend)

    def service_url(self, var: str, schemes: tuple[str, ...]) -> str:
        """A service's URL, "" when unset (the service is off); one of `schemes` or a clear stop."""
        url = self.str(var, default="")
        if url and url.partition("://")[0] not in schemes:
            raise ImproperlyConfigured(
                f"{var}={url!r} is not a URL its service can use: it starts with "
                + " or ".join(f"{scheme}://" for scheme in schemes)
            )
        return url

    def secret(self, var: str, *, development_default: str) -> str:
        """A signing secret. Unset: the development default. Set to nothing: a stop, not the default
        (a deployment that meant to set it must not sign sessions with a key everyone can read)."""
        if var in os.environ and not os.environ[var].strip():
            raise ImproperlyConfigured(
                f"{var} is set to nothing: set it to a long random value"
                " (python -c 'import secrets; print(secrets.token_urlsafe(50))'),"
                " or unset it on a developer's machine"
            )
        return self.str(var, default=development_default)


@contextmanager
def _naming(var: str):
    """A value of `var` that cannot be read: say which variable, and what it holds."""
    try:
        yield
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"{var}={os.environ.get(var)!r} cannot be read: {error}") from None
