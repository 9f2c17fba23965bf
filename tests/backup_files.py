"""Stand-in backup files for tests that run the backup and restore commands around the database half."""

from django.db import DEFAULT_DB_ALIAS, connections


def stand_in_database_file(stamp: str) -> str:
    """The name a database backup taken now would have: restore refuses a backup of another engine (an
    SQLite file on PostgreSQL), so the stand-in is of the engine the tests run on."""
    if connections[DEFAULT_DB_ALIAS].vendor == "sqlite":
        return f"ocop-{stamp}.db.sqlite3"
    return f"ocop-{stamp}.db.psql"
