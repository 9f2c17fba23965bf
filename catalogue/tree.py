"""What pages read from the page tree around them (a breadcrumb trail, a product's categories and
stores, the products a category lists), cached under a version of the tree.

The version lives in the cache every process shares (the page cache's store: files or Redis) and
changes after the commit of any save, move or deletion of a page (and of a certification recorded:
listings are ordered by stars; and of a page's Privacy set or lifted: listings leave out what it covers), so a title, a slug or a category
changed anywhere is seen by the next request of every process; the values themselves may sit in each
process's own cache, since a new version means new keys. Bumped after the commit, never before: a
request reading the old rows meanwhile can only store them under the old version.
"""

import time

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

VERSION_KEY = "tree:version"
LIFETIME = 3600


def _shared():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def version():
    shared = _shared()
    found = shared.get(VERSION_KEY)
    if found is None:
        shared.add(VERSION_KEY, time.time_ns(), timeout=None)
        found = shared.get(VERSION_KEY)
    return found


def remember(name: str, key: str, compute, *, tree_version=None):
    """`compute()`'s value for `name`/`key`, computed once per version of the tree (and process)."""
    cache_key = f"tree:{tree_version or version()}:{name}:{key}"
    found = cache.get(cache_key)
    if found is None:
        found = compute()
        cache.set(cache_key, found, LIFETIME)
    return found


def remember_for(request, name: str, key: str, compute):
    """`remember` for what a page shows its visitor: per site (links are written relative to it), the
    version read once per request, and a preview computed afresh (its draft may differ)."""
    if request is None or getattr(request, "is_preview", False):
        return compute()
    if not hasattr(request, "_tree_version"):
        request._tree_version = version()
    site = Site.find_for_request(request)
    key = f"{site.pk if site else 0}:{key}"
    return remember(name, key, compute, tree_version=request._tree_version)


def changed() -> None:
    transaction.on_commit(_bump)


def _bump() -> None:
    _shared().set(VERSION_KEY, time.time_ns(), timeout=None)


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
@receiver(post_page_move)
def _page_changed(sender, instance=None, **kwargs):
    # A page put under Privacy, or freed from it, leaves or joins what pages list (a product's stores).
    if isinstance(instance, Page | PageViewRestriction):
        changed()
