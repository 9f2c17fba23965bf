"""The media in object storage is backed up too: `manage.py backup_bucket` archives every object of the
bucket (the public media and the buyers' private photos, which `manage.py backup`'s media archive of the
local folders never held), and `restore_bucket` puts them back under their keys, the private ones private.
Against moto's S3 server."""

import io
import os
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command

from cms import backups
from ops import bucket_backup
from tests.backup_files import stand_in_database_file
from tests.ops.conftest import BUCKET, png

PICTURE = png(64, 48)
PHOTO = b"\xff\xd8 a buyer's photo of a copied label"


@pytest.fixture
def media(object_storage):
    picture = storages["default"].save("original_images/keo-dua.png", ContentFile(PICTURE))
    photo = storages["private"].save("copyreports/tem-sao-chep.jpg", ContentFile(PHOTO))
    return picture, photo


def keys(client) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_the_bucket_backup_holds_the_public_media_and_the_private_photos(media, tmp_path, capsys):
    call_command("backup_bucket", dir=str(tmp_path), verbosity=0)
    (archive,) = tmp_path.glob("ocop-*.bucket.tar.gz")
    assert capsys.readouterr().out.strip() == str(archive)
    with tarfile.open(archive) as tar:
        held = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    assert held == {
        "original_images/keo-dua.png": PICTURE,
        ".private-media/copyreports/tem-sao-chep.jpg": PHOTO,  # as in manage.py backup's media archive
    }


def test_the_bucket_backup_is_readable_by_its_owner_only(media, tmp_path):
    """It holds the buyers' private photos, whatever the umask."""
    previous = os.umask(0o022)
    try:
        call_command("backup_bucket", dir=str(tmp_path / "new"), verbosity=0)
    finally:
        os.umask(previous)
    (archive,) = (tmp_path / "new").glob("ocop-*.bucket.tar.gz")
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    assert oct((tmp_path / "new").stat().st_mode & 0o777) == "0o700"


def test_restore_puts_every_object_back_under_its_key_the_private_ones_private(
    media, tmp_path, object_storage
):
    call_command("backup_bucket", dir=str(tmp_path), verbosity=0)
    before = keys(object_storage)
    for key in before:
        object_storage.delete_object(Bucket=BUCKET, Key=key)

    call_command("restore_bucket", dir=str(tmp_path), no_input=True, verbosity=0)

    assert (
        keys(object_storage)
        == before
        == ["media/original_images/keo-dua.png", "private/copyreports/tem-sao-chep.jpg"]
    )
    assert storages["default"].open("original_images/keo-dua.png").read() == PICTURE
    assert storages["private"].open("copyreports/tem-sao-chep.jpg").read() == PHOTO
    grants = object_storage.get_object_acl(Bucket=BUCKET, Key="private/copyreports/tem-sao-chep.jpg")[
        "Grants"
    ]
    assert [
        g["Grantee"].get("URI") for g in grants if g["Grantee"]["Type"] == "Group"
    ] == []  # nobody else reads it
    head = object_storage.head_object(Bucket=BUCKET, Key="media/original_images/keo-dua.png")
    assert head["ContentType"] == "image/png"


def test_the_newest_bucket_backups_are_kept(media, tmp_path):
    for day in ("01", "02", "03"):
        (tmp_path / f"ocop-202001{day}-020000.bucket.tar.gz").write_bytes(b"")
    call_command("backup_bucket", dir=str(tmp_path), keep=2, verbosity=0)
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept[0] == "ocop-20200103-020000.bucket.tar.gz" and len(kept) == 2


def test_a_store_that_cannot_be_read_leaves_no_archive_and_says_which(media, tmp_path, settings):
    from tests.servers import free_port

    settings.AWS_S3_ENDPOINT_URL = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    settings.STORAGES = {**settings.STORAGES}  # the storages are made again, with that endpoint
    with pytest.raises(
        CommandError, match=rf"No bucket backup was written: s3://{BUCKET}/media/ could not be read"
    ):
        call_command("backup_bucket", dir=str(tmp_path), verbosity=0)
    assert list(tmp_path.iterdir()) == []


def test_without_a_bucket_the_command_says_the_media_is_in_the_backup_of_the_disk(settings, tmp_path):
    settings.AWS_STORAGE_BUCKET_NAME = ""
    with pytest.raises(CommandError, match="the media is on this disk, and `manage.py backup` archives it"):
        call_command("backup_bucket", dir=str(tmp_path))


def test_manage_py_backup_archives_the_bucket_beside_the_database_and_restore_puts_it_back(
    media, tmp_path, object_storage, monkeypatch, db
):
    # db: after restoring, the command rebuilds the search index from the (here untouched) database
    # The database half runs for real in tests/cms/test_backups.py (in subprocesses: it replaces the
    # database); here it is a stand-in file, so the test database is neither read nor replaced.
    def database_backup(directory=None, *, progress=False):
        database = Path(directory) / stand_in_database_file("20261130-020000")
        database.write_bytes(b"")
        return backups.Backup(database, None)

    restored = []
    monkeypatch.setattr(backups, "create", database_backup)
    monkeypatch.setattr(backups, "restore", lambda backup, progress=False: restored.append(backup.stamp))

    call_command("backup", dir=str(tmp_path), verbosity=0)
    assert (tmp_path / "ocop-20261130-020000.bucket.tar.gz").exists()  # the database backup's stamp
    for key in keys(object_storage):
        object_storage.delete_object(Bucket=BUCKET, Key=key)

    call_command("restore", dir=str(tmp_path), no_input=True, verbosity=0)

    assert restored == ["20261130-020000"]
    assert keys(object_storage) == [
        "media/original_images/keo-dua.png",
        "private/copyreports/tem-sao-chep.jpg",
    ]


def test_restore_bucket_without_a_terminal_asks_for_no_input_and_uploads_nothing(
    settings, tmp_path, monkeypatch
):
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    (tmp_path / "ocop-20261128-030000.bucket.tar.gz").write_bytes(b"")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # nobody to answer: input() meets the end
    uploads = []
    monkeypatch.setattr(bucket_backup, "restore", lambda path, progress=False: uploads.append(path))
    with pytest.raises(CommandError, match="chạy lại với --no-input để xác nhận"):
        call_command("restore_bucket", dir=str(tmp_path), verbosity=0)
    assert uploads == []
