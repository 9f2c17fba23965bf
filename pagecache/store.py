"""Cached pages that are never stale, in one cache round trip.

An entry remembers the versions of its tags (the whole site, its own path, sometimes another path it
shows, such as a lot page's product) as they were *before* the page was rendered. A purge replaces a
tag's version, so every entry built before the purge (or while it ran) stops matching at once, in
every process that shares the cache. Reading an entry and its tags' versions is one `get_many`.
"""

import hashlib
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

ALL = "*"  # the tag every page carries: purging it empties the whole page cache


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def version_key(tag: str) -> str:
    return f"pcv:{_digest(tag)}"


def entry_key(host: str, language: str, path: str, query: str) -> str:
    return f"pce:{_digest(f'{host}|{language}|{path}?{query}')}"


@dataclass
class Lookup:
    """What a request found: the entry (or None) and the tag versions to store a fresh one under."""

    key: str
    tags: tuple[str, ...]
    versions: dict
    entry: dict | None


def lookup(key: str, tags: tuple[str, ...]) -> Lookup:
    version_keys = [version_key(tag) for tag in tags]
    found = page_cache().get_many([key, *version_keys])
    versions = {tag: found.get(vkey) for tag, vkey in zip(tags, version_keys, strict=True)}
    entry = found.get(key)
    if entry is not None and (None in versions.values() or entry.get("versions") != versions):
        entry = None  # built before a purge of one of its tags (or a tag's version was evicted)
    return Lookup(key, tags, versions, entry)


def ensure_versions(found: Lookup) -> None:
    """Give tags that have no version yet one, before rendering, so the entry can be checked later."""
    cache = page_cache()
    for tag, version in found.versions.items():
        if version is None:
            vkey = version_key(tag)
            cache.add(vkey, _new_version(), timeout=_version_lifetime())
            found.versions[tag] = cache.get(vkey)


def save(found: Lookup, payload: dict) -> None:
    if None in found.versions.values():
        return
    page_cache().set(found.key, {**payload, "versions": found.versions}, timeout=settings.PAGE_CACHE_SECONDS)


def _version_lifetime() -> int:
    # Any lifetime is safe (an expired version only makes its entries miss); outlive the entries.
    return max(settings.PAGE_CACHE_SECONDS * 4, 86400)


def _new_version() -> str:
    return f"{time.time_ns()}-{uuid.uuid4().hex[:8]}"


def purge_tags(tags) -> None:
    """Make every entry carrying one of these tags stale (paths like "/chu-the/dong-a/", or ALL)."""
    tags = set(tags)
    if tags:
        page_cache().set_many({version_key(tag): _new_version() for tag in tags}, timeout=_version_lifetime())
