"""The test database's two states, pristine and with the demo catalogue, switched in and out per test.

Loading the demo costs ~15 s, so each worker loads it at most once, the first time a test asks for
`demo_catalogue`, and keeps both states from then on: the pristine test database every other test
expects, and a copy holding the demo. Before each test (`pytest_runtest_setup` in `conftest.py`) the
right one is put in place, so a test never sees the demo unless it asked for it, wherever xdist
schedules it. A test on the demo still runs in its own transaction (`db`), rolled back after it.

Transactional tests (live servers, threads) commit, and Django empties every table after them, the
rows the migrations wrote included (Wagtail's root page and locale, the provinces and communes):

- SQLite (in-memory test database): both states are kept as in-memory snapshots and copied back into
  the test database with SQLite's backup API (milliseconds), before any test that follows a
  transactional one. Serializing and reloading those rows instead costs ~1 s a test.
- PostgreSQL: the demo lives in a clone of the test database (`CREATE DATABASE … TEMPLATE`, through
  Django's `clone_test_db`), and the connection is pointed at one or the other; transactional tests
  use Django's serialized rollback (see `conftest.py`).

On SQLite there are more states: the pristine database plus the page-tree fixtures a test uses
(`page_tree.py`), one snapshot per combination, made the first time a test asks for it (`use_made`).
"""

import sqlite3
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction


def load_demo():
    call_command("load_demo", verbosity=0)


def _media_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()}


class SqliteStates:
    PRISTINE, DEMO, CHANGED = "pristine", "demo", "changed"

    def __init__(self):
        connection.ensure_connection()
        self.snapshots = {self.PRISTINE: self._snapshot()}
        self.made = {}  # a snapshot's key → the objects made in it: {name: (model, pk)}
        self.files = {}  # a snapshot's key → the media files written while making it: {path: bytes}
        self.holds = self.PRISTINE

    def _snapshot(self):
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return copy

    def _restore(self, state):
        if state != self.holds:
            connection.ensure_connection()
            self.snapshots[state].backup(connection.connection)
            self.holds = state
            # e.g. Wagtail's site root paths, read from another state. Content types need nothing:
            # migrate wrote every one, so the process's cache of them holds in every state.
            cache.clear()

    def load_demo(self):
        if self.DEMO not in self.snapshots:
            self.use(demo=False)
            load_demo()
            self.snapshots[self.DEMO] = self._snapshot()
            self.holds = self.DEMO

    def use(self, demo: bool):
        self._restore(self.DEMO if demo and self.DEMO in self.snapshots else self.PRISTINE)

    def use_made(self, key, make) -> dict:
        """The pristine database plus what `make()` creates (a dict of model instances by name), made
        the first time `key` is asked for and restored from its snapshot after that. Returns the
        instances' models and primary keys by name, to fetch them from.

        `make()` runs as a test's fixtures would, in a transaction, and what it leaves to run on
        commit is dropped, as a test's rollback drops it (search indexing, page cache purges, stock
        announcements): a test sees the same rows whether its fixtures made them or a snapshot did.
        """
        if key not in self.snapshots:
            self._restore(self.PRISTINE)
            files_before = _media_files()
            with transaction.atomic():
                made = make()
                connection.run_on_commit.clear()
            self.snapshots[key] = self._snapshot()
            self.made[key] = {name: (type(instance), instance.pk) for name, instance in made.items()}
            self.files[key] = {path: path.read_bytes() for path in _media_files() - files_before}
            self.holds = self.CHANGED  # restored below, which clears the caches the making filled
        self._restore(key)
        # The files the making wrote (images) outlive the test in the session's media folder; one
        # that a test deleted (a lost photo) or rewrote is put back for the next test.
        for path, content in self.files[key].items():
            if not path.is_file() or path.stat().st_size != len(content):
                path.write_bytes(content)
        return self.made[key]

    def changed(self):
        """A transactional test committed (and Django emptied the tables): restore before the next test."""
        self.holds = self.CHANGED

    def close(self):
        for snapshot in self.snapshots.values():
            snapshot.close()


class PostgresStates:
    SUFFIX = "demo"

    def __init__(self):
        self.pristine_name = connection.settings_dict["NAME"]
        self.demo_name = None
        self.holds_demo = False

    def load_demo(self):
        if self.demo_name is None:
            self.demo_name = connection.creation.get_test_db_clone_settings(self.SUFFIX)["NAME"]
            connection.creation.clone_test_db(suffix=self.SUFFIX, verbosity=0)
            self.use(True)
            load_demo()

    def _point_at(self, name):
        connection.close()
        settings.DATABASES[connection.alias]["NAME"] = name
        connection.settings_dict["NAME"] = name

    def use(self, demo: bool):
        demo = demo and self.demo_name is not None
        if demo != self.holds_demo:
            self._point_at(self.demo_name if demo else self.pristine_name)
            self.holds_demo = demo
            cache.clear()

    def changed(self):
        """Serialized rollback restores PostgreSQL's rows (see conftest.py)."""

    def close(self):
        self.use(False)
        if self.demo_name is not None:
            connection.creation.destroy_test_db(
                old_database_name=self.pristine_name, verbosity=0, suffix=self.SUFFIX
            )


def open_database_states():
    if connection.vendor == "sqlite":
        return SqliteStates()
    if connection.vendor == "postgresql":
        return PostgresStates()
    raise NotImplementedError(f"No demo database switching for {connection.vendor}")
