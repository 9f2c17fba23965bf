"""`manage.py backup` then `manage.py restore` into an empty database and an empty media folder:
every order, lot and page comes back, and the media files with them. Run for real in subprocesses,
on SQLite and (in the PostgreSQL pass) on PostgreSQL."""

import errno
import io
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.management import CommandError, call_command

from cms import backups as cms_backups
from tests.backup_files import stand_in_database_file

ROOT = Path(__file__).resolve().parents[2]

BUILD = """
import json
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from wagtail.models import Page, Site
from catalogue.factories import *
from cms.models import HomePage
from places.models import Province
from storefront.checkout import place_order
from storefront.models import Order, ShippingSettings
from storefront.payments import get_provider
from traceability.factories import LotFactory
from traceability.models import Lot
home = Page.get_first_root_node().add_child(instance=HomePage(title="OCOP Việt", slug="trang-chu", hero_title="OCOP"))
site = Site.objects.get(is_default_site=True)
site.root_page = home
site.save()
category = CategoryPageFactory(parent=CategoryIndexPageFactory(parent=home), title="Kẹo dừa", slug="keo-dua")
producer = ProducerPageFactory(parent=ProducerIndexPageFactory(parent=home), title="Đông Á", slug="dong-a")
for n in range(3):
    product = ProductPageFactory(parent=producer, categories=[category])
    pack = PackSizeFactory(product=product, stock=50)
    LotFactory(pack_size=pack, code=f"L2406-0{n}")
province = Province.objects.get(code=86)
shipping, _ = ShippingSettings.objects.get_or_create(site=site)
for n in range(2):
    place_order(
        quantities={pack.pk: n + 1}, seen_prices={pack.pk: pack.price},
        details={"full_name": "Nguyễn Thị Hoa", "phone": "+84912345678", "email": "", "province": province,
                 "commune": province.communes.first(), "street": "12 Đồng Khởi", "note": ""},
        provider=get_provider("cod"), shipping=shipping,
    )
default_storage.save("documents/chung-nhan.pdf", ContentFile(b"%PDF-1.4 chung nhan"))
from django.core.files.storage import storages
storages["private"].save("copy-reports/2026/11/anh-tem.jpg", ContentFile(b"anh tem"))
"""

IMPORTS = """
import io
from django.core.management import call_command
"""

# `manage.py backup` prints the files it wrote, one per line.
BACKUP = """
out = io.StringIO()
call_command("backup", verbosity=0, stdout=out)
print(json.dumps(out.getvalue().split()))
"""

RESTORE = """
call_command("restore", no_input=True, verbosity=0)
"""

REPORT = """
import json
from pathlib import Path
from django.conf import settings
from wagtail.models import Page
from storefront.models import Order
from traceability.models import Lot
print(json.dumps({
    "orders": sorted(Order.objects.values_list("code", flat=True)),
    "order_lines": sorted(Order.objects.values_list("lines__quantity", flat=True)),
    "lots": sorted(Lot.objects.values_list("code", flat=True)),
    "pages": sorted(Page.objects.values_list("url_path", flat=True)),
    "media": sorted(str(p.relative_to(settings.MEDIA_ROOT)) for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()),
    "private": sorted(str(p.relative_to(settings.PRIVATE_MEDIA_ROOT)) for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()),
}))
"""


def manage(env, *args, input=None):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        input=input,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def environment(database_url, media, backups):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "ELASTICSEARCH_URL")}
    private = media.with_name(media.name + "-private")
    env.update(DATABASE_URL=database_url, MEDIA_ROOT=str(media), PRIVATE_MEDIA_ROOT=str(private))
    env.update(BACKUP_DIR=str(backups))
    return env


def backup_then_restore_into_an_empty_database(source_url, empty_url, tmp_path, *, migrated=False):
    backups = tmp_path / "backups"
    source = environment(source_url, tmp_path / "media", backups)
    # Each step is a real command in its own process; the shop's building and reports ride along in
    # the same processes (through call_command) to spare a Django start-up each (~2 s).
    migrate = "" if migrated else "call_command('migrate', interactive=False, verbosity=0)\n"
    lines = manage(source, "shell", "--no-imports", "-c", IMPORTS + migrate + BUILD + REPORT + BACKUP)
    before, written = json.loads(lines.strip().splitlines()[-2]), json.loads(lines.strip().splitlines()[-1])
    assert len(before["orders"]) == 2 and len(before["lots"]) == 3 and len(before["pages"]) >= 8
    # the document the build saved, and the product and category pictures the factories upload
    assert "documents/chung-nhan.pdf" in before["media"]
    assert any(path.startswith("original_images/") for path in before["media"])
    assert before["private"] == ["copy-reports/2026/11/anh-tem.jpg"]  # a buyer's photo, never public
    assert [Path(p).parent for p in written] == [backups, backups]

    restored = environment(empty_url, tmp_path / "media-restored", backups)
    after = manage(restored, "shell", "--no-imports", "-c", IMPORTS + RESTORE + REPORT)
    after = json.loads(after.strip().splitlines()[-1])
    assert after == before
    assert (
        tmp_path / "media-restored" / "documents" / "chung-nhan.pdf"
    ).read_bytes() == b"%PDF-1.4 chung nhan"
    assert not (tmp_path / "media-restored" / ".private-media").exists()  # back where nobody reads it


def test_a_sqlite_backup_restores_into_an_empty_database_with_every_order_lot_page_and_file(
    tmp_path, copy_migrated_sqlite
):
    migrated = copy_migrated_sqlite(tmp_path / "shop.sqlite3")
    backup_then_restore_into_an_empty_database(
        f"sqlite:///{tmp_path / 'shop.sqlite3'}",
        f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        tmp_path,
        migrated=migrated,
    )


def test_a_running_shop_reads_the_restored_data_through_the_connection_it_kept_open(
    tmp_path, copy_migrated_sqlite
):
    """gunicorn keeps its connections (CONN_MAX_AGE): a restore under them must leave them working,
    reading the restored rows, in WAL mode still (replacing the file gave "disk I/O error")."""
    shop = tmp_path / "shop.sqlite3"
    migrate = (
        "" if copy_migrated_sqlite(shop) else "call_command('migrate', interactive=False, verbosity=0)\n"
    )
    env = environment(f"sqlite:///{shop}", tmp_path / "media", tmp_path / "backups")
    manage(env, "shell", "--no-imports", "-c", IMPORTS + migrate + BUILD + BACKUP)
    server = sqlite3.connect(shop, timeout=20, isolation_level=None)  # as the web server holds it
    assert server.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    lots = "SELECT code FROM traceability_lot ORDER BY code"
    backed_up = server.execute(lots).fetchall()
    server.execute("UPDATE traceability_lot SET code = code || '-sau-sao-luu'")  # after the backup

    manage(env, "restore", "--no-input", "-v0")

    assert server.execute(lots).fetchall() == backed_up == [("L2406-00",), ("L2406-01",), ("L2406-02",)]
    assert server.execute("SELECT count(*) FROM storefront_order").fetchone() == (2,)
    assert server.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    server.execute("UPDATE traceability_lot SET code = code")  # and it can still write
    server.close()


LOTS = "SELECT code FROM traceability_lot ORDER BY code"
STOCK = "SELECT sum(stock) FROM catalogue_packsize"


class ShopTraffic:
    """What a running shop does to its SQLite database, in threads with a connection each (gunicorn's
    threads keep theirs, CONN_MAX_AGE): reads in their own transactions, and write transactions (BEGIN
    IMMEDIATE, as Django's transaction_mode) that move one unit of stock between two packs, so the stock's
    sum never changes in a committed state. Every error is kept."""

    def __init__(self, database: Path, *, readers=3, writers=2):
        self.database, self.stop, self.errors = database, threading.Event(), []
        self.last_reads = []
        with closing(self.connect()) as connection:
            self.packs = [pk for (pk,) in connection.execute("SELECT id FROM catalogue_packsize")]
        self.threads = [threading.Thread(target=self.read) for _ in range(readers)]
        self.threads += [threading.Thread(target=self.write) for _ in range(writers)]

    def connect(self):
        connection = sqlite3.connect(self.database, timeout=20, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        time.sleep(0.5)  # under way before the command starts
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def loop(self, statements):
        connection = self.connect()
        while not self.stop.is_set():
            try:
                statements(connection)
            except sqlite3.Error as error:
                self.errors.append(repr(error))
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
        self.last_reads.append(connection.execute(LOTS).fetchall())  # through the connection it kept
        connection.close()

    def read(self):
        self.loop(lambda connection: connection.execute(LOTS).fetchall())

    def write(self):
        def move_one_unit(connection):
            taken, given = random.sample(self.packs, 2)
            connection.execute("BEGIN IMMEDIATE")
            if connection.execute(
                "UPDATE catalogue_packsize SET stock = stock - 1 WHERE id = ? AND stock > 0", [taken]
            ).rowcount:
                connection.execute("UPDATE catalogue_packsize SET stock = stock + 1 WHERE id = ?", [given])
            connection.execute("COMMIT")

        self.loop(move_one_unit)


@pytest.fixture(scope="module")
def built_shop(tmp_path_factory, copy_migrated_sqlite):
    """The shop BUILD makes (SQLite, WAL) and its backup, made once for the tests that copy them."""
    folder = tmp_path_factory.mktemp("built-shop")
    shop = folder / "shop.sqlite3"
    migrate = (
        "" if copy_migrated_sqlite(shop) else "call_command('migrate', interactive=False, verbosity=0)\n"
    )
    env = environment(f"sqlite:///{shop}", folder / "media", folder / "backups")
    manage(env, "shell", "--no-imports", "-c", IMPORTS + migrate + BUILD + BACKUP)
    return folder


def copy_of(built_shop, tmp_path):
    """The built shop's database and backups in `tmp_path`, and the environment of its commands."""
    with (
        closing(sqlite3.connect(built_shop / "shop.sqlite3")) as built,
        closing(sqlite3.connect(tmp_path / "shop.sqlite3")) as copy,
    ):
        built.backup(copy)
    shutil.copytree(built_shop / "backups", tmp_path / "backups")
    return environment(f"sqlite:///{tmp_path / 'shop.sqlite3'}", tmp_path / "media", tmp_path / "backups")


def test_a_restore_while_the_shop_reads_and_writes_succeeds_and_every_connection_reads_the_restored_data(
    built_shop, tmp_path
):
    """`manage.py restore --no-input` under a running shop (gunicorn's open connections reading and
    writing in WAL mode), twice: the second used to take the "-shm" SQLite had left beside the backup
    for a backup of the same stamp and stop with "file is not a database"."""
    env = copy_of(built_shop, tmp_path)
    shop = tmp_path / "shop.sqlite3"
    backup_files = sorted(path.name for path in (tmp_path / "backups").iterdir())
    with closing(sqlite3.connect(shop, isolation_level=None)) as connection:
        connection.execute("UPDATE traceability_lot SET code = code || '-sau-sao-luu'")  # after the backup

    for _ in range(2):
        with ShopTraffic(shop) as traffic:
            manage(env, "restore", "--no-input", "-v0")
            assert sorted(path.name for path in (tmp_path / "backups").iterdir()) == backup_files

        # None gave up ("database is locked"): each waited for the restore's write lock within its 20 s
        # busy timeout. How long the restore holds it is for a benchmark, not this test.
        assert traffic.errors == []
        restored = [("L2406-00",), ("L2406-01",), ("L2406-02",)]
        assert traffic.last_reads == [restored] * len(traffic.threads)
        with closing(traffic.connect()) as connection:
            assert connection.execute("SELECT count(*) FROM storefront_order").fetchone() == (2,)
            assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_a_backup_taken_while_the_shop_writes_restores_to_a_consistent_database(built_shop, tmp_path):
    """The backup is one moment of the live database (no write half in it), in a file of its own: no
    -wal to go with it, readable by its owner alone."""
    env = copy_of(built_shop, tmp_path)
    shutil.rmtree(tmp_path / "backups")
    shop = tmp_path / "shop.sqlite3"
    with closing(sqlite3.connect(shop)) as connection:
        stock = connection.execute(STOCK).fetchone()

    with ShopTraffic(shop, readers=1, writers=3) as traffic:
        manage(env, "backup", "-v0")
    assert traffic.errors == []

    (backup,) = (tmp_path / "backups").glob("ocop-*.db.sqlite3")
    assert sorted(path.name for path in (tmp_path / "backups").iterdir()) == [
        backup.name,
        backup.name.replace(".db.sqlite3", ".media.tar.gz"),
    ]
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    with closing(sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)) as file:
        assert file.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # not WAL: a file of its own

    empty = tmp_path / "restored.sqlite3"
    manage(
        environment(f"sqlite:///{empty}", tmp_path / "media-restored", tmp_path / "backups"),
        "restore",
        "--no-input",
        "-v0",
    )
    with closing(sqlite3.connect(empty)) as restored:
        assert restored.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert restored.execute(STOCK).fetchone() == stock
        assert restored.execute("SELECT count(*) FROM storefront_order").fetchone() == (2,)


def test_the_files_sqlite_keeps_beside_a_backup_are_not_taken_for_backups(tmp_path):
    """A backup in WAL format that SQLite opened (an earlier restore) has -wal and -shm beside it:
    restore used to pick one of those ("file is not a database"); prune deletes them with it."""
    old, new = "ocop-20261127-030000", "ocop-20261128-030000"
    for stamp in (old, new):
        for suffix in (".db.sqlite3", ".db.sqlite3-wal", ".db.sqlite3-shm", ".db.sqlite3-journal"):
            (tmp_path / f"{stamp}{suffix}").write_bytes(b"")
        (tmp_path / f"{stamp}.media.tar.gz").write_bytes(b"")

    assert cms_backups.available(tmp_path) == [
        cms_backups.Backup(tmp_path / f"{stamp}.db.sqlite3", tmp_path / f"{stamp}.media.tar.gz")
        for stamp in (new, old)
    ]
    assert cms_backups.prune(1, tmp_path) == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        f"{new}{suffix}"
        for suffix in (
            ".db.sqlite3",
            ".db.sqlite3-wal",
            ".db.sqlite3-shm",
            ".db.sqlite3-journal",
            ".media.tar.gz",
        )
    )


class SQLiteConnection:
    """What cms.backups uses of Django's connection, around a database of the test's own."""

    vendor = "sqlite"

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    def ensure_connection(self):
        pass


def test_a_sqlite_backup_of_another_page_size_restores_into_the_live_wal_database(tmp_path):
    """SQLite cannot change a WAL database's page size: a backup of another one (an older SQLite's
    1024) used to stop with "attempt to write a readonly database"."""
    with closing(sqlite3.connect(tmp_path / "backup.sqlite3")) as backup, backup:
        backup.execute("PRAGMA page_size = 1024")
        backup.execute("CREATE TABLE traceability_lot (code)")
        backup.execute("INSERT INTO traceability_lot VALUES ('L2406-00')")
    live = sqlite3.connect(tmp_path / "shop.sqlite3", isolation_level=None)
    live.execute("PRAGMA journal_mode=WAL")
    live.execute("CREATE TABLE traceability_lot (code)")

    cms_backups._restore_sqlite_in_place(tmp_path / "backup.sqlite3", SQLiteConnection(live))

    assert live.execute("SELECT code FROM traceability_lot").fetchall() == [("L2406-00",)]
    assert live.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert live.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    live.close()


def test_restore_without_a_backup_says_so(tmp_path):
    (tmp_path / "none").mkdir()
    env = environment(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path / "media", tmp_path / "none")
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", "--no-input"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "CommandError: Không có bản sao lưu nào.\n" in result.stderr


def run_manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_restore_from_a_backup_folder_that_does_not_exist_names_it_in_one_line(tmp_path):
    env = environment(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path / "media", tmp_path / "typo")
    result = run_manage(env, "restore", "--no-input")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"CommandError: Không có thư mục sao lưu {tmp_path / 'typo'} (BACKUP_DIR, hoặc --dir)."
    ]


def test_a_backup_into_a_folder_that_cannot_be_made_says_so_in_one_line(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    backups = tmp_path / "a-file" / "backups"
    env = environment(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path / "media", backups)
    result = run_manage(env, "backup")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"CommandError: Không tạo được thư mục sao lưu {backups} (BACKUP_DIR): Not a directory"
    ]
    assert (tmp_path / "a-file").read_text() == "not a folder"


def test_a_postgresql_backup_is_not_restored_into_sqlite_and_the_database_is_kept(tmp_path):
    backups = tmp_path / "backups"
    backups.mkdir()
    (backups / "ocop-20261128-030000.db.psql").write_bytes(b"PGDMP a pg_dump archive")
    with closing(sqlite3.connect(tmp_path / "shop.sqlite3")) as shop, shop:
        shop.execute("CREATE TABLE kept (name)")
        shop.execute("INSERT INTO kept VALUES ('the shop as it was')")
    env = environment(f"sqlite:///{tmp_path / 'shop.sqlite3'}", tmp_path / "media", backups)
    result = run_manage(env, "restore", "--no-input")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "CommandError: Bản sao lưu 20261128-030000 là cơ sở dữ liệu PostgreSQL, còn DATABASE_URL đang trỏ tới"
        " SQLite: không khôi phục được và không có gì bị thay đổi. Hãy khôi phục vào một cơ sở dữ liệu"
        " PostgreSQL."
    ]
    with closing(sqlite3.connect(tmp_path / "shop.sqlite3")) as shop:
        assert shop.execute("SELECT name FROM kept").fetchall() == [("the shop as it was",)]


@pytest.mark.postgres
def test_a_sqlite_backup_is_not_restored_into_postgresql_and_the_database_is_kept(tmp_path):
    psycopg = pytest.importorskip("psycopg")
    admin, name = "postgresql://postgres@127.0.0.1:5432/postgres", "fix-ops2_restore_engine"
    try:
        connection = psycopg.connect(admin, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432")
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    try:
        with psycopg.connect(url, autocommit=True) as shop:
            shop.execute("CREATE TABLE kept (name text)")
            shop.execute("INSERT INTO kept VALUES ('the shop as it was')")
        backups = tmp_path / "backups"
        backups.mkdir()
        with closing(sqlite3.connect(backups / "ocop-20261128-030000.db.sqlite3")) as backup, backup:
            backup.execute("CREATE TABLE kept (name)")
        result = run_manage(environment(url, tmp_path / "media", backups), "restore", "--no-input")
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "là cơ sở dữ liệu SQLite, còn DATABASE_URL đang trỏ tới PostgreSQL" in result.stderr
        with psycopg.connect(url) as shop:
            assert shop.execute("SELECT name FROM kept").fetchall() == [("the shop as it was",)]
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the PostgreSQL backup test runs in the PostgreSQL pass (DATABASE_URL=postgres://...)",
)
def test_a_postgresql_backup_restores_into_an_empty_database(tmp_path):
    import psycopg

    base = urlsplit(os.environ["DATABASE_URL"])
    name = base.path.lstrip("/")
    admin = urlunsplit(base._replace(path="/postgres"))
    names = [f"{name}_bk_src", f"{name}_bk_dst"]
    with psycopg.connect(admin, autocommit=True) as connection:
        for db in names:
            connection.execute(f'DROP DATABASE IF EXISTS "{db}"')
            connection.execute(f'CREATE DATABASE "{db}"')
    try:
        source, empty = (urlunsplit(base._replace(path=f"/{db}")) for db in names)
        backup_then_restore_into_an_empty_database(source, empty, tmp_path)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            for db in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def stand_in_shop(tmp_path, settings, monkeypatch) -> Path:
    """A small shop to back up, and the folder to back it up in. (The database is a stand-in: the shop's
    own is backed up in the subprocesses above, outside a test's transaction.)"""
    with closing(sqlite3.connect(tmp_path / "shop.sqlite3")) as shop, shop:
        shop.execute("CREATE TABLE storefront_order (phone)")
        shop.execute("INSERT INTO storefront_order VALUES ('+84912345678')")
    stand_in = SQLiteConnection(sqlite3.connect(tmp_path / "shop.sqlite3", isolation_level=None))
    monkeypatch.setattr(cms_backups, "connections", {"default": stand_in})
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path / "media", tmp_path / "private"
    (tmp_path / "private" / "copy-reports").mkdir(parents=True)
    (tmp_path / "private" / "copy-reports" / "anh-tem.jpg").write_bytes(b"anh tem")
    return tmp_path / "backups"


def test_backup_files_and_the_folder_it_makes_are_readable_by_their_owner_only(
    tmp_path, settings, monkeypatch
):
    """They hold buyers' phone numbers and addresses, password hashes and the private photos."""
    folder = stand_in_shop(tmp_path, settings, monkeypatch)
    previous = os.umask(0o022)  # the usual umask, which leaves new files readable by everyone
    try:
        call_command("backup", dir=str(folder), verbosity=0, stdout=io.StringIO())
    finally:
        os.umask(previous)
    database, media = sorted(folder.iterdir())
    assert database.name.endswith(".db.sqlite3") and media.name.endswith(".media.tar.gz")
    assert oct(database.stat().st_mode & 0o777) == oct(media.stat().st_mode & 0o777) == "0o600"
    assert oct(folder.stat().st_mode & 0o777) == "0o700"


def test_a_backup_that_fails_part_way_says_so_in_one_line_and_leaves_nothing_restore_could_take(
    tmp_path, settings, monkeypatch
):
    """The disk filled while the media was archived: the database file was already written. Restore takes
    the newest backup it finds, so a half-made one must not be found, nor fill the disk further."""
    folder = stand_in_shop(tmp_path, settings, monkeypatch)

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tarfile.TarFile, "add", disk_full)
    with pytest.raises(CommandError) as stop:
        call_command("backup", dir=str(folder), verbosity=0, stdout=io.StringIO())

    assert "No space left on device" in str(stop.value) and "\n" not in str(stop.value)
    assert list(folder.iterdir()) == []
    assert cms_backups.available(folder) == []


def test_restore_without_a_terminal_asks_for_no_input_instead_of_a_traceback(tmp_path):
    """From cron or a pipe nobody can answer the question: the command says how to confirm, and the
    database is left alone."""
    backups = tmp_path / "backups"
    backups.mkdir()
    (backups / "ocop-20261128-030000.db.sqlite3").write_bytes(b"")
    with closing(sqlite3.connect(tmp_path / "shop.sqlite3")) as shop, shop:
        shop.execute("CREATE TABLE kept (name)")
        shop.execute("INSERT INTO kept VALUES ('the shop as it was')")
    env = environment(f"sqlite:///{tmp_path / 'shop.sqlite3'}", tmp_path / "media", backups)
    result = subprocess.run(
        [sys.executable, "manage.py", "restore"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "EOFError" not in result.stderr
    assert "chạy lại với --no-input để xác nhận" in result.stderr
    with closing(sqlite3.connect(tmp_path / "shop.sqlite3")) as shop:  # nothing was restored
        assert shop.execute("SELECT name FROM kept").fetchall() == [("the shop as it was",)]


@pytest.mark.usefixtures("page_cache")
def test_after_a_restore_the_cached_pages_are_made_again_from_the_restored_database(
    client, home, tmp_path, monkeypatch
):
    (tmp_path / stand_in_database_file("20261128-030000")).write_bytes(b"")
    # the database half runs for real above, in subprocesses; here the test database stays as it is
    monkeypatch.setattr(cms_backups, "restore", lambda backup, progress=False: None)
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    out = io.StringIO()
    call_command("restore", dir=str(tmp_path), no_input=True, verbosity=0, stdout=out)

    assert client.get("/")["X-Page-Cache"] == "miss"
    assert out.getvalue().splitlines()[0] == "Đã khôi phục bản sao lưu 20261128-030000"


def test_the_dump_command_line_is_not_logged_past_the_log_level():
    """django-dbbackup sets its logger to DEBUG when imported: every nightly backup logged the pg_dump
    command line, DATABASE_URL's password in it when it has one."""
    import logging

    from cms import backups  # noqa: F401 (imports django-dbbackup's connectors)

    assert not logging.getLogger("dbbackup.command").isEnabledFor(logging.DEBUG)
