"""The media in object storage, backed up beside the database: `manage.py backup_bucket` and
`restore_bucket`.

With AWS_STORAGE_BUCKET_NAME set, the pictures, documents and renditions live in the bucket, and the
buyers' photos of copied labels under its private prefix (or in their own bucket), not in MEDIA_ROOT:
`manage.py backup`'s media archive (cms/backups.py) holds the local folders, which are then empty. This
archive holds every object of both, laid out as that media archive is: the public media at the top,
the private files under `.private-media/`, so one archive format serves both. Restoring puts each
object back under its own key (the private ones with a private ACL), beside what the bucket holds.
"""

import datetime
import mimetypes
import os
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.files.storage import storages
from tqdm import tqdm

from .backup_files import backup_folder, private_file

PREFIX, SUFFIX = "ocop-", ".bucket.tar.gz"
# The private files' folder in the archive, as in cms/backups.py's media archive.
PRIVATE_FOLDER = ".private-media"
STORE_ERRORS = (BotoCoreError, ClientError, OSError)


class BucketBackupError(Exception):
    """The bucket could not be read or written; says which and why."""


@dataclass(frozen=True)
class Store:
    folder: str  # in the archive
    storage: object  # an S3Storage (ops.media_storage.ObjectStorage)

    @property
    def prefix(self) -> str:
        location = self.storage.location.strip("/")
        return f"{location}/" if location else ""

    def name(self) -> str:
        return f"s3://{self.storage.bucket_name}/{self.prefix}"


def in_use() -> bool:
    return bool(getattr(settings, "AWS_STORAGE_BUCKET_NAME", ""))


def stores() -> list[Store]:
    """The public media, then the private files: the stores that are buckets."""
    found = [Store("", storages["default"]), Store(PRIVATE_FOLDER, storages["private"])]
    return [store for store in found if hasattr(store.storage, "bucket")]


def create(directory=None, *, stamp: str | None = None, progress=False) -> Path:
    """Every object of the media buckets in `ocop-<stamp>.bucket.tar.gz` (the stamp of the database backup
    it goes with, or now); nothing is left on failure."""
    directory = backup_folder(Path(directory or settings.BACKUP_DIR))
    stamp = stamp or datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    path = directory / f"{PREFIX}{stamp}{SUFFIX}"
    partial = path.with_name(f".{path.name}.partial")  # never taken for a whole backup
    try:
        with private_file(partial) as out, tarfile.open(fileobj=out, mode="w:gz") as tar:
            for store in stores():
                _archive(store, tar, progress)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return path


def _archive(store: Store, tar: tarfile.TarFile, progress: bool) -> None:
    others = [
        s.prefix for s in stores() if s is not store and s.storage.bucket_name == store.storage.bucket_name
    ]
    try:
        objects = [
            obj
            for obj in store.storage.bucket.objects.filter(Prefix=store.prefix)
            if not obj.key.endswith("/")
            and not any(obj.key.startswith(p) and p != store.prefix for p in others)
        ]
        for obj in tqdm(objects, desc=store.name(), unit="tệp", disable=not progress):
            info = tarfile.TarInfo(str(PurePosixPath(store.folder, obj.key.removeprefix(store.prefix))))
            info.size, info.mtime = obj.size, obj.last_modified.timestamp()
            tar.addfile(info, obj.get()["Body"])
    except STORE_ERRORS as error:
        raise BucketBackupError(f"{store.name()} could not be read: {error}") from error


def available(directory=None) -> list[Path]:
    """The bucket archives in the folder, newest first."""
    directory = Path(directory or settings.BACKUP_DIR)
    return sorted(directory.glob(f"{PREFIX}*{SUFFIX}"), reverse=True)


def stamp_of(path: Path) -> str:
    return path.name.removeprefix(PREFIX).removesuffix(SUFFIX)


def restore(path: Path, *, progress=False) -> int:
    """Put every archived object back under its key; returns how many."""
    public, private = _by_folder()
    restored = 0
    with tarfile.open(path, "r:gz") as tar:
        members = [m for m in tar.getmembers() if m.isfile()]
        for member in tqdm(members, desc="Tệp media", unit="tệp", disable=not progress):
            name = PurePosixPath(member.name)
            if name.is_absolute() or ".." in name.parts:
                raise BucketBackupError(f"{path} holds {member.name!r}, which is not a media file's name")
            store = private if name.parts[0] == PRIVATE_FOLDER else public
            relative = name.relative_to(PRIVATE_FOLDER) if store is private else name
            _upload(store, f"{store.prefix}{relative}", tar.extractfile(member))
            restored += 1
    return restored


def _by_folder() -> tuple[Store, Store]:
    found = {store.folder: store for store in stores()}
    if "" not in found or PRIVATE_FOLDER not in found:
        raise BucketBackupError("the media storages are not buckets: set AWS_STORAGE_BUCKET_NAME")
    return found[""], found[PRIVATE_FOLDER]


def _upload(store: Store, key: str, body) -> None:
    extra = {"ContentType": mimetypes.guess_type(key)[0] or "application/octet-stream"}
    if store.storage.default_acl:
        extra["ACL"] = store.storage.default_acl
    try:
        store.storage.bucket.upload_fileobj(body, key, ExtraArgs=extra)
    except STORE_ERRORS as error:
        raise BucketBackupError(f"{store.name()} could not take {key}: {error}") from error


def prune(keep: int, directory=None) -> int:
    """Delete all but the newest `keep` bucket archives; returns how many were deleted."""
    old = available(directory)[keep:]
    for path in old:
        os.remove(path)
    return len(old)
