"""Files only some admin users may see (a buyer's photo of a copied label): a storage of their own,
`STORAGES["private"]`, never served at a public address.

On disk it is `PRIVATE_MEDIA_ROOT`, outside `MEDIA_ROOT` (whatever serves `/media/` never sees it);
with object storage, a prefix (or bucket) of its own whose objects get a private ACL and signed
links only. Either way the files reach a browser through an admin view that checks who asks.
"""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

PRIVATE = "private"


class _PrivateStorage(LazyObject):
    """`storages["private"]`, looked up when first used, as `default_storage` is for "default"."""

    def _setup(self):
        self._wrapped = storages[PRIVATE]


_private_storage = _PrivateStorage()


def private_storage():
    """For `FileField(storage=private_storage)`: a callable, so migrations name it, not a location."""
    return _private_storage


@receiver(setting_changed)
def _follow_the_storages_setting(*, setting, **kwargs):
    # As Django does for `default_storage`: a changed STORAGES (tests, the object-store fixtures)
    # makes the next use build the storage anew.
    if setting == "STORAGES":
        _private_storage._wrapped = empty
