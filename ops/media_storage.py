"""Media on S3-compatible object storage that, when the store is down, fails the way Django expects.

django-storages lets botocore's own exceptions through (a refused connection, a timeout, a 5xx or
403 answer), where Django and Wagtail expect a storage that cannot read or write to raise OSError:
Wagtail then draws a missing picture instead of failing the whole page. So a product page whose new
rendition cannot be made while the store is down answered 500; with this storage it is served, its
picture missing, and kept out of the page cache (the picture is back when the store is). An upload
while the store is down raises `MediaStoreUnavailable` (an OSError), which the caller can name.

A store that does not answer costs one shopper a few seconds, once: a call gives up after
`QUICK_FAILURE`'s timeouts (botocore's own, 60 s to connect and 60 s to read, retried, held a page with
three pictures for 90 s), and for `DOWN_RETRY_SECONDS` after that every call fails at once, without
asking the store, as the Redis cache does when Redis is down.

A bucket that does not exist is a setting to fix, said in one line naming the bucket and its variable
(`BucketMissing`: the upload's 503 page, and a management command's one-line error, load_demo's
included, where a traceback ended in botocore's NoSuchBucket); `manage.py create_media_bucket` makes it.

The pictures the public reads (`PUBLIC_PREFIXES`, the bucket policy's, `public_read_policy`) are uploaded
with the Cache-Control Django gives them from disk (config/media.py): renditions a year, immutable (a
new one gets a new name), originals a day; without it phones revalidated every picture.
"""

import functools
import json
import logging
import time

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.management.base import CommandError
from storages.backends.s3 import S3Storage

from config.media import cache_control
from pagecache.middleware import keep_nothing_from_this_request

logger = logging.getLogger("ops.media_storage")

QUICK_FAILURE = Config(
    connect_timeout=2, read_timeout=5, retries={"mode": "standard", "total_max_attempts": 1}
)
DOWN_RETRY_SECONDS = 30


# Wagtail's renditions, originals and editors' avatars: what the bucket policy lets anyone read. Never
# documents/ (streamed by the site after its privacy check) nor the private prefix.
PUBLIC_PREFIXES = ("images/", "original_images/", "avatar_images/")


class MediaStoreUnavailable(OSError):
    """The object store could not be reached or refused the request."""


class BucketMissing(MediaStoreUnavailable, CommandError):
    """The bucket named in the settings does not exist. Also a CommandError, so that a management
    command meeting it (load_demo, restore_bucket) stops with this one line, not a traceback."""

    returncode = 1  # CommandError's, which OSError's constructor leaves unset

    def __init__(self, bucket: str):
        variable = (
            "AWS_STORAGE_BUCKET_NAME"
            if bucket == getattr(settings, "AWS_STORAGE_BUCKET_NAME", "")
            else "AWS_PRIVATE_STORAGE_BUCKET_NAME"
        )
        super().__init__(
            f"The media bucket '{bucket}' does not exist (named by {variable}): create it with "
            "`python manage.py create_media_bucket`, or correct the setting."
        )


def public_read_policy(bucket: str, location: str) -> str:
    """The bucket policy the README asks for: anyone may read the pictures under `location`, nothing else."""
    statement = {
        "Sid": "PublicReadPictures",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": [f"arn:aws:s3:::{bucket}/{location}/{prefix}*" for prefix in PUBLIC_PREFIXES],
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]}, indent=2)


def _store_errors_as_oserror(method):
    what = method.__name__.lstrip("_")

    @functools.wraps(method)
    def wrapper(self, name, *args, **kwargs):
        if time.monotonic() < self.down_until:
            keep_nothing_from_this_request()
            raise MediaStoreUnavailable(f"the media store is down: {what} {name} not tried")
        try:
            return method(self, name, *args, **kwargs)
        except BotoCoreError as error:  # no answer: a refused connection, a timeout
            self.down_until = time.monotonic() + DOWN_RETRY_SECONDS
            logger.warning("media store unreachable (%s); asked again in %s s", error, DOWN_RETRY_SECONDS)
            keep_nothing_from_this_request()
            raise MediaStoreUnavailable(f"the media store could not {what} {name}") from error
        except ClientError as error:  # an answer, but a refusal (403, 500, 503 SlowDown…)
            keep_nothing_from_this_request()
            if error.response.get("Error", {}).get("Code") == "NoSuchBucket":
                missing = BucketMissing(self.bucket_name)
                logger.error("media store: %s", missing)
                raise missing from None  # the one line says it all
            logger.warning("media store: %s of %s refused: %s", what, name, error)
            raise MediaStoreUnavailable(f"the media store refused to {what} {name}") from error

    return wrapper


class ObjectStorage(S3Storage):
    def __init__(self, **settings):
        super().__init__(**settings)
        self.client_config = self.client_config.merge(QUICK_FAILURE)
        self.down_until = 0.0  # when to ask the store again after it did not answer (this process's view)

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        path = name.removeprefix(f"{self.location}/") if self.location else name
        if path.startswith(PUBLIC_PREFIXES) and self.default_acl != "private":
            parameters.setdefault("CacheControl", cache_control(path))
        return parameters

    @_store_errors_as_oserror
    def _open(self, name, mode="rb"):
        file = super()._open(name, mode)
        if "r" in mode:
            file.file  # noqa: B018 (fetch it here, where the store failing is still an OSError, not mid-read)
        return file

    _save = _store_errors_as_oserror(S3Storage._save)
    delete = _store_errors_as_oserror(S3Storage.delete)
    exists = _store_errors_as_oserror(S3Storage.exists)
    size = _store_errors_as_oserror(S3Storage.size)
