"""Media on S3-compatible object storage that, when the store is down, fails the way Django expects.

django-storages lets botocore's own exceptions through (a refused connection, a timeout, a 5xx or
403 answer), where Django and Wagtail expect a storage that cannot read or write to raise OSError:
Wagtail then draws a missing picture instead of failing the whole page. So a product page whose new
rendition cannot be made while the store is down answered 500; with this storage it is served, its
picture missing, and kept out of the page cache (the picture is back when the store is). An upload
while the store is down raises `MediaStoreUnavailable` (an OSError), which the caller can name.

Each call waits a few seconds at most: botocore's defaults (60 s to connect, 60 s to read, retried)
would hold a shopper's page for minutes behind a store that hangs.
"""

import functools
import logging

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage

from pagecache.middleware import keep_nothing_from_this_request

logger = logging.getLogger("ops.media_storage")

QUICK_FAILURE = Config(connect_timeout=2, read_timeout=10, retries={"mode": "standard", "max_attempts": 2})


class MediaStoreUnavailable(OSError):
    """The object store could not be reached or refused the request."""


def _store_errors_as_oserror(method):
    @functools.wraps(method)
    def wrapper(self, name, *args, **kwargs):
        try:
            return method(self, name, *args, **kwargs)
        except (BotoCoreError, ClientError) as error:
            logger.warning("media store: %s of %s failed: %s", method.__name__.lstrip("_"), name, error)
            keep_nothing_from_this_request()
            raise MediaStoreUnavailable(
                f"the media store could not {method.__name__.lstrip('_')} {name}"
            ) from error

    return wrapper


class ObjectStorage(S3Storage):
    def __init__(self, **settings):
        super().__init__(**settings)
        self.client_config = self.client_config.merge(QUICK_FAILURE)

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
