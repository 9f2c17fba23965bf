"""The migrated SQLite test database, built once and kept until what it depends on changes.

Migrating an empty database costs ~11 s of CPU per process (237 migrations, most of them Wagtail's,
whose model states Django renders again and again), yet the result depends only on the migrations,
the code their post-migrate handlers run and a few settings. So it is kept in a file named after a
hash of those (`key()`), and each test process copies it into its in-memory test database with
SQLite's backup API (milliseconds) instead of migrating:

- the first process to need it builds it, under a file lock; processes that need it meanwhile wait
  for the lock and copy it;
- under xdist the controlling process, which runs no test, starts building it (`python -m
  tests.migrated_database`) while the workers import and collect the tests.

Only SQLite's in-memory test database is concerned; PostgreSQL migrates as before. `make clean`, or
deleting the folder, forgets them all.
"""

import contextlib
import fcntl
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEPT = 3  # kept files, newest first: a branch switch back and forth stays warm

# What a migrated database depends on besides the migrations: the code post-migrate handlers run
# (permissions from the models, snippets registered in wagtail_hooks, the programme staff's groups,
# the default site), which is all in the project's own apps and settings, and the third-party packages'
# versions.
DEPENDENCIES = ("requirements.lock",)


def folder() -> Path:
    venv = ROOT / ".venv"
    base = venv if venv.is_dir() else Path(tempfile.gettempdir()) / "ocop"
    return Path(os.environ.get("TEST_DATABASE_CACHE", base / "test-databases"))


def key() -> str:
    """A hash of everything the migrated database depends on (Django must be set up)."""
    from django.conf import settings

    digest = hashlib.sha256()
    for source in _project_folders():
        for path in sorted(source.rglob("*.py")):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    for name in DEPENDENCIES:
        path = ROOT / name
        digest.update(path.read_bytes() if path.exists() else b"")
    described = (
        sys.version,
        sqlite3.sqlite_version,
        settings.INSTALLED_APPS,
        settings.SITE_URL,
        settings.LANGUAGE_CODE,
        settings.LANGUAGES,
    )
    digest.update(repr(described).encode())
    return digest.hexdigest()[:20]


def _project_folders() -> list[Path]:
    """The installed apps that live in this repository, and the settings' package: a new app counts."""
    from django.apps import apps
    from django.conf import settings

    installed = Path(sys.prefix)  # a virtualenv inside the repository holds packages, not the project
    folders = {
        Path(app.path)
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(ROOT) and not Path(app.path).is_relative_to(installed)
    }
    folders.add(Path(sys.modules[settings.SETTINGS_MODULE].__file__).parent)
    return sorted(folders)


def path_for(digest: str) -> Path:
    return folder() / f"migrated-{digest}.sqlite3"


@contextlib.contextmanager
def _locked(*, wait=True):
    """The build lock, held while a process migrates and saves a database."""
    folder().mkdir(parents=True, exist_ok=True)
    with open(folder() / "build.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield None
            return
        yield lock


def copy_into(connection, migrate) -> None:
    """Fill `connection`'s empty test database: copied from the kept file, or `migrate()` run on it and
    the result kept for the next process."""
    digest = key()
    kept = path_for(digest)
    with _locked():
        if not kept.exists():
            migrate()
            _save(connection.connection, kept)
            return
    source = sqlite3.connect(kept)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


def _save(database, kept: Path) -> None:
    partial = kept.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    target = sqlite3.connect(partial)
    try:
        database.backup(target)
    finally:
        target.close()
    partial.replace(kept)
    for old in sorted(folder().glob("migrated-*.sqlite3"), key=lambda p: p.stat().st_mtime)[:-KEPT]:
        old.unlink(missing_ok=True)


def start_building_in_the_background() -> None:
    """Under xdist, from the controlling process: build the database for the workers unless it is kept
    already or being built. The child inherits the lock and holds it until it has saved the file."""
    digest = key()
    if path_for(digest).exists():
        return
    with _locked(wait=False) as lock:
        if lock is None or path_for(digest).exists():
            return
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "tests.migrated_database", digest],
            cwd=ROOT,
            pass_fds=(lock.fileno(),),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def _build(expected: str) -> None:
    """`python -m tests.migrated_database KEY`: migrate an in-memory test database as pytest-django
    would and keep it (the caller holds the lock, inherited)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    if connection.vendor != "sqlite" or key() != expected:
        return  # the workers will migrate themselves
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    _save(connection.connection, path_for(expected))


if __name__ == "__main__":
    _build(sys.argv[1])
