"""Keep every configured engine in step with the catalogue, after the transaction commits.

A failing engine (Elasticsearch down) is logged and never makes publishing fail: the next
`manage.py search_reindex` brings it back in step.

Bulk loaders (the synthetic benchmark catalogue) insert thousands of products; indexing them one
save at a time costs more than inserting them. They wrap the insert in `paused()` and call
`reindex()` once at the end:

    with indexing.paused():
        ...create products...
    indexing.reindex()
"""

import logging
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from modelsearch import index as wagtail_index
from modelsearch.signal_handlers import post_delete_signal_handler, post_save_signal_handler

from . import documents
from .engines import get_engines

logger = logging.getLogger(__name__)


def update_products(product_ids: Iterable[int]) -> None:
    """Index the live ones among these products and remove the others, on every engine."""
    ids = set(product_ids)
    if not ids:
        return
    try:
        data = documents.load(ids)
    except Exception:  # never let indexing fail a request whose transaction already committed
        logger.exception("Search could not read products %s for indexing", sorted(ids))
        return
    gone = ids - {d.id for d in data}
    for engine in get_engines():
        try:
            if data:
                engine.index_products(data)
            if gone:
                engine.remove(gone)
        except Exception:
            logger.exception("Search engine %s could not update products %s", engine.name, sorted(ids))


def remove_products(product_ids: Iterable[int]) -> None:
    ids = set(product_ids)
    for engine in get_engines():
        try:
            engine.remove(ids)
        except Exception:
            logger.exception("Search engine %s could not remove products %s", engine.name, sorted(ids))


_paused = ContextVar("search_indexing_paused", default=False)


@contextmanager
def paused():
    """Within this block saves and deletes update no search index: neither the product index of
    every engine nor Wagtail's own index of pages (the admin's search). Call `reindex()` after for
    the product index; `manage.py update_index` rebuilds Wagtail's, when the admin must find them.

    Wagtail's per-save receivers are disconnected for the block (process-wide: meant for commands,
    not for a web server's threads) and connected again after it, even on error.
    """
    models = [m for m in wagtail_index.get_indexed_models() if getattr(m, "search_auto_update", True)]
    token = _paused.set(True)
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_delete.disconnect(post_delete_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
            post_delete.connect(post_delete_signal_handler, sender=model)
        _paused.reset(token)


def is_paused() -> bool:
    return _paused.get()


def schedule_update(product_ids: Iterable[int]) -> None:
    ids = set(product_ids)
    if ids and not is_paused():
        transaction.on_commit(lambda: update_products(ids))


def schedule_removal(product_ids: Iterable[int]) -> None:
    ids = set(product_ids)
    if ids and not is_paused():
        transaction.on_commit(lambda: remove_products(ids))


def rebuild(engines=None, progress: Callable[[int], None] | None = None, chunk_size: int = 500) -> dict:
    """Rebuild each engine's whole index from the live catalogue; returns documents per engine."""
    counts = {}
    for engine in engines or get_engines():
        counts[engine.name] = engine.rebuild(documents.iter_chunks(chunk_size), progress)
    return counts


def reindex(progress: Callable[[int], None] | None = None) -> dict:
    """Rebuild the product index of every configured engine; an engine that is down is logged and
    skipped (the next `manage.py search_reindex` catches it up). Returns documents per engine."""
    counts = {}
    for engine in get_engines():
        try:
            counts.update(rebuild([engine], progress))
        except Exception:
            logger.exception("Search engine %s could not be rebuilt", engine.name)
    return counts
