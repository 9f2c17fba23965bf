"""The demo catalogue for tests, loaded once per test session (per xdist worker) and switched in and out.

Loading the demo costs ~15 s, so each worker loads it at most once, the first time a test asks for
`demo_catalogue`, and keeps two databases from then on: the pristine test database every other test
expects, and a copy holding the demo. Before each test (`pytest_runtest_setup` in `conftest.py`) the
right one is put in place, so a test never sees the demo unless it asked for it, wherever xdist
schedules it. A test on the demo still runs in its own transaction (`db`), rolled back after it.

- SQLite (in-memory test database): both states are kept as in-memory snapshots and copied into the
  test database with SQLite's backup API (milliseconds).
- PostgreSQL: the demo lives in a clone of the test database (`CREATE DATABASE … TEMPLATE`, through
  Django's `clone_test_db`), and the connection is pointed at one or the other.
"""

import sqlite3

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection


def load_demo():
    call_command("load_demo", verbosity=0)


class SqliteDemoDatabase:
    def __init__(self):
        connection.ensure_connection()
        self.pristine = self._snapshot()
        load_demo()
        self.demo = self._snapshot()
        self.holds_demo = True

    def _snapshot(self):
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return copy

    def use(self, demo: bool):
        if demo != self.holds_demo:
            connection.ensure_connection()
            (self.demo if demo else self.pristine).backup(connection.connection)
            self.holds_demo = demo
            cache.clear()  # e.g. Wagtail's site root paths, read from the other database

    def close(self):
        self.use(False)
        self.pristine.close()
        self.demo.close()


class PostgresDemoDatabase:
    SUFFIX = "demo"

    def __init__(self):
        self.pristine_name = connection.settings_dict["NAME"]
        self.demo_name = connection.creation.get_test_db_clone_settings(self.SUFFIX)["NAME"]
        connection.creation.clone_test_db(suffix=self.SUFFIX, verbosity=0)
        self.holds_demo = False
        self.use(True)
        load_demo()

    def _point_at(self, name):
        connection.close()
        settings.DATABASES[connection.alias]["NAME"] = name
        connection.settings_dict["NAME"] = name

    def use(self, demo: bool):
        if demo != self.holds_demo:
            self._point_at(self.demo_name if demo else self.pristine_name)
            self.holds_demo = demo
            cache.clear()

    def close(self):
        self.use(False)
        connection.creation.destroy_test_db(
            old_database_name=self.pristine_name, verbosity=0, suffix=self.SUFFIX
        )


def open_demo_database():
    """Load the demo once into a second database, and leave it in place for the test asking."""
    if connection.vendor == "sqlite":
        return SqliteDemoDatabase()
    if connection.vendor == "postgresql":
        return PostgresDemoDatabase()
    raise NotImplementedError(f"No demo database switching for {connection.vendor}")
