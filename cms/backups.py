"""Backups of the whole site: the database (on SQLite a VACUUM INTO snapshot, put back with SQLite's
online backup API; on PostgreSQL django-dbbackup's pg_dump/pg_restore) and the media folder (a tar.gz,
the private files that are never served publicly under `PRIVATE_FOLDER` in it), written side by side as
`ocop-<stamp>.db.<ext>` and `ocop-<stamp>.media.tar.gz`. `manage.py backup` and `manage.py restore` call
these."""

import datetime
import logging
import os
import re
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dbbackup.db.base import get_connector
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _
from tqdm import tqdm
from wagtail.models import Site

from ops.backup_files import backup_folder, private_file
from pagecache import purges

from .signals import forget_navigation

# django-dbbackup sets its command logger to DEBUG when imported, so every backup logged the pg_dump command
# line (with DATABASE_URL's password when it has one) past LOG_LEVEL: its lines follow the settings again.
logging.getLogger("dbbackup.command").setLevel(logging.NOTSET)

PREFIX = "ocop-"
# The private files' folder in the archive (buyers' photos of copied labels): a name no public media
# folder has (Wagtail's are original_images/, images/, documents/).
PRIVATE_FOLDER = ".private-media"
# A backup's database file: `ocop-<stamp>.db.<extension>`, and nothing more. SQLite keeps files of its own
# beside a database it opens (`-wal`, `-shm`, `-journal`): those are no backups.
DATABASE_FILE = re.compile(rf"{PREFIX}\d{{8}}-\d{{6}}\.db\.[\w.]+")
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Backup:
    database: Path
    media: Path | None

    @property
    def stamp(self) -> str:
        return self.database.name.removeprefix(PREFIX).split(".", 1)[0]

    @property
    def vendor(self) -> str:
        """The database engine that wrote it: an SQLite snapshot is `.db.sqlite3`, anything else a dump of
        PostgreSQL's (django-dbbackup's `.psql`, `.psql.bin`)."""
        return "sqlite" if self.database.name.endswith(".db.sqlite3") else "postgresql"


class BackupError(Exception):
    """A backup or restore that cannot be done as asked, said in one line; nothing was changed."""


VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def backup_dir() -> Path:
    return Path(settings.BACKUP_DIR)


def create(directory: Path | None = None, *, progress=False) -> Backup:
    """The database and the media folder as `ocop-<stamp>.db.*` and `ocop-<stamp>.media.tar.gz`. Both are
    written under names `available` never takes (`.ocop-….partial`) and given their own at the end, the
    database's last: restore takes the newest backup, and one half made (a full disk) would be it."""
    directory = _writable_folder(Path(directory or backup_dir()))
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    connection = connections[DEFAULT_DB_ALIAS]
    connector = None if connection.vendor == "sqlite" else get_connector(DEFAULT_DB_ALIAS)
    extension = "sqlite3" if connector is None else connector.extension
    database = directory / f"{PREFIX}{stamp}.db.{extension}"
    media = directory / f"{PREFIX}{stamp}.media.tar.gz"
    partial = {path: path.with_name(f".{path.name}.partial") for path in (media, database)}
    try:
        if connector is None:
            _snapshot_sqlite(connection, partial[database])
        else:
            _dump_postgresql(connector, partial[database])
        _archive_media(partial[media], progress)
    except BaseException as error:
        for path in partial.values():
            path.unlink(missing_ok=True)
        if isinstance(error, OSError):  # the disk full, the folder gone: said in one line
            raise BackupError(
                _("Sao lưu không xong (%(error)s): không để lại tệp nào, bản sao lưu trước vẫn nguyên.")
                % {"error": error.strerror or error}
            ) from error
        raise
    for path, unfinished in partial.items():
        unfinished.replace(path)
    return Backup(database, media)


def _dump_postgresql(connector, path: Path) -> None:
    dump = connector.create_dump()
    with private_file(path) as out:
        dump.seek(0)
        while chunk := dump.read(1 << 20):
            out.write(chunk)


def _archive_media(path: Path, progress: bool) -> None:
    files = [(file, arcname) for folder, root in _media_roots() for file, arcname in _files(root, folder)]
    with private_file(path) as out, tarfile.open(fileobj=out, mode="w:gz") as tar:
        for file, arcname in tqdm(files, desc="Tệp media", unit="tệp", disable=not progress):
            tar.add(file, arcname=arcname)


def _writable_folder(directory: Path) -> Path:
    """The backup folder, made if missing; one that cannot be made or written to stops the backup before
    any file is started (a root-owned volume, a path through a file, a disk mounted read-only)."""
    try:
        backup_folder(directory)
    except OSError as error:
        raise BackupError(
            _("Không tạo được thư mục sao lưu %(dir)s (BACKUP_DIR): %(error)s")
            % {"dir": directory, "error": error.strerror or error}
        ) from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise BackupError(
            _("Không ghi được vào thư mục sao lưu %(dir)s (BACKUP_DIR): hãy cho người chạy lệnh quyền ghi.")
            % {"dir": directory}
        )
    return directory


def _snapshot_sqlite(connection, path: Path) -> None:
    """The live database as it stands at one moment (a read transaction: the shop's writers go on), written
    as a database file of its own in rollback-journal mode. django-dbbackup's online backup copied the WAL
    mode into the file's header: SQLite then put a -wal and a -shm beside it whenever it was opened, and the
    next restore took one of those for the backup ("file is not a database")."""
    with private_file(path):  # VACUUM INTO fills an empty file and keeps its mode (0600)
        pass
    connection.ensure_connection()
    connection.connection.execute("VACUUM INTO ?", [str(path)])


def _media_roots() -> list[tuple[str, Path]]:
    """(folder in the archive, folder on disk): the public media, then the private files."""
    return [("", Path(settings.MEDIA_ROOT)), (PRIVATE_FOLDER, Path(settings.PRIVATE_MEDIA_ROOT))]


def _files(root: Path, folder: str):
    if not root.exists():
        return []
    return [(path, str(Path(folder, path.relative_to(root)))) for path in root.rglob("*") if path.is_file()]


def available(directory: Path | None = None) -> list[Backup]:
    """The backups in the folder, newest first."""
    directory = Path(directory or backup_dir())
    found = []
    for database in directory.glob(f"{PREFIX}*.db.*"):
        if not DATABASE_FILE.fullmatch(database.name):
            continue
        media = database.with_name(database.name.split(".db.", 1)[0] + ".media.tar.gz")
        found.append(Backup(database, media if media.exists() else None))
    return sorted(found, key=lambda b: b.stamp, reverse=True)


def restore(backup: Backup, *, progress=False) -> None:
    """Replace the database and media with the backup's (an empty database is fine)."""
    check_restorable(backup)
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "sqlite":
        _restore_sqlite_in_place(backup.database, connection)
    else:
        # pg_restore --clean --if-exists --single-transaction: the web server's connections wait on the
        # tables' locks while it runs, then read the restored rows (README "Backups").
        connections.close_all()
        with open(backup.database, "rb") as dump:
            get_connector(DEFAULT_DB_ALIAS).restore_dump(dump)

    if backup.media is None:
        return
    with tarfile.open(backup.media, "r:gz") as tar:
        members = tar.getmembers()
        for member in tqdm(members, desc="Tệp media", unit="tệp", disable=not progress):
            folder, root = _restored_into(member.name)
            root.mkdir(parents=True, exist_ok=True)
            tar.extract(member.replace(name=member.name.removeprefix(folder)), root, filter="data")


def check_restorable(backup: Backup) -> None:
    """A backup goes back into the engine that wrote it: an SQLite file is no pg_restore archive, a
    pg_dump no SQLite database. Checked before anything is touched."""
    live_vendor = connections[DEFAULT_DB_ALIAS].vendor
    if backup.vendor != live_vendor:
        raise BackupError(
            _(
                "Bản sao lưu %(stamp)s là cơ sở dữ liệu %(backup)s, còn DATABASE_URL đang trỏ tới %(live)s:"
                " không khôi phục được và không có gì bị thay đổi. Hãy khôi phục vào một cơ sở dữ liệu"
                " %(backup)s."
            )
            % {
                "stamp": backup.stamp,
                "backup": VENDOR_NAMES.get(backup.vendor, backup.vendor),
                "live": VENDOR_NAMES.get(live_vendor, live_vendor),
            }
        )


def _restore_sqlite_in_place(path: Path, connection) -> None:
    """Copy the backup into the live database with SQLite's online backup API, page by page in one write
    transaction under the database's own locks: the shop's writers wait for it (the busy timeout), its
    readers go on reading the database as it was, and the connections a running shop keeps open
    (gunicorn's, CONN_MAX_AGE) read the restored rows from their next transaction on, the database still in
    WAL mode. Replacing the file under them (and deleting its -wal and -shm) left every one of them
    answering "disk I/O error" or "file is not a database"."""
    connection.ensure_connection()
    live = connection.connection
    # immutable: nothing writes a backup; SQLite then opens nothing beside it, not even for a backup
    # that an earlier version wrote in WAL format (a -wal and a -shm, or "unable to open" on a
    # read-only folder).
    source = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        page_size = _page_size(live)
        if _page_size(source) == page_size:
            source.backup(live)
        else:
            _backup_with_page_size(source, live, page_size)
    finally:
        source.close()


def _page_size(database: sqlite3.Connection) -> int:
    return database.execute("PRAGMA page_size").fetchone()[0]


def _backup_with_page_size(source: sqlite3.Connection, live: sqlite3.Connection, page_size: int) -> None:
    """A WAL database cannot take another page size (the copy stops with "attempt to write a readonly
    database"): the backup is copied to a scratch file, rebuilt with the live database's page size, then
    copied in."""
    with tempfile.TemporaryDirectory() as folder:
        scratch = sqlite3.connect(Path(folder, "restore.sqlite3"), isolation_level=None)
        try:
            source.backup(scratch)
            scratch.execute("PRAGMA journal_mode=DELETE")  # a backup in WAL format keeps its page size
            scratch.execute(f"PRAGMA page_size={int(page_size)}")
            scratch.execute("VACUUM")
            scratch.backup(live)
        finally:
            scratch.close()


def forget_what_the_replaced_database_showed() -> None:
    """After a restore: the pages in the page cache (and Varnish's, with FRONTEND_CACHE_URL), the menus
    and Wagtail's site roots in the shared cache were made from the database that was replaced."""
    Site.clear_site_root_paths_cache()
    forget_navigation(sender=None)
    purges.purge_everything()


def _restored_into(name: str) -> tuple[str, Path]:
    """Where an archived file goes back to: (its folder's prefix in the archive, the folder on disk)."""
    for folder, root in reversed(_media_roots()):  # the private folder first: the public one is ""
        prefix = f"{folder}/" if folder else ""
        if name.startswith(prefix):
            return prefix, root
    raise AssertionError("the public media's prefix matches every name")


def prune(keep: int, directory: Path | None = None) -> int:
    """Delete all but the newest `keep` backups; returns how many were deleted."""
    old = available(directory)[keep:]
    for backup in old:
        os.remove(backup.database)
        for suffix in SQLITE_SIDE_FILES:  # beside a backup an earlier version wrote in WAL format
            backup.database.with_name(backup.database.name + suffix).unlink(missing_ok=True)
        if backup.media:
            os.remove(backup.media)
    return len(old)
