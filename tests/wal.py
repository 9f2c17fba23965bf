"""A WAL SQLite file as a connection alias of its own, opened as config/settings.py opens the embedded
database, whatever the suite's default database is: the races of first checks and serial issuing run on
it with real threads, as they do on PostgreSQL."""

import contextlib

from django.conf import settings
from django.db import connections


@contextlib.contextmanager
def wal_sqlite(alias, path, models):
    """The alias, with a table for each of `models` (only those the race touches) and constraint checks
    off while the caller writes rows whose foreign keys point at tables not made. Unblock the database
    (`django_db_blocker.unblock()`) around it."""
    config = dict(connections["default"].settings_dict)
    config.update(
        ENGINE="django.db.backends.sqlite3",
        NAME=str(path),
        HOST="",
        PORT="",
        USER="",
        PASSWORD="",
        CONN_MAX_AGE=0,
        CONN_HEALTH_CHECKS=False,
        TEST={"NAME": None},
        OPTIONS=dict(settings.SQLITE_OPTIONS),
    )
    connections.settings[alias] = config
    connection = connections[alias]
    try:
        with connection.constraint_checks_disabled(), connection.schema_editor() as editor:
            for model in models:
                editor.create_model(model)
        assert connection.cursor().execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        with connection.constraint_checks_disabled():
            yield connection
    finally:
        connection.close()
        del connections[alias]
        connections.settings.pop(alias)
