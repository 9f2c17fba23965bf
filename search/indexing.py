"""Keep every configured engine in step with the catalogue, after the transaction commits.

Updates run on the background worker (`search.tasks`). A failing engine (Elasticsearch down) is
logged, never makes publishing fail, and the task is retried with backoff; `manage.py
search_reindex` brings everything back in step at any time.

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

from django.db.models.signals import post_delete, post_save
from modelsearch import index as wagtail_index
from modelsearch.signal_handlers import post_delete_signal_handler, post_save_signal_handler

from ops.tasks import enqueue_after_commit

from . import documents
from .engines import get_engines

logger = logging.getLogger(__name__)


def update_products(product_ids: Iterable[int]) -> list[str]:
    """Index the live ones among these products and remove the others, on every engine.

    Returns the names of the engines that failed (empty when all are in step).
    """
    ids = set(product_ids)
    if not ids:
        return []
    try:
        data = documents.load(ids)
    except Exception:  # never let indexing fail a request whose transaction already committed
        logger.exception("Search could not read products %s for indexing", sorted(ids))
        return ["database"]
    gone = ids - {d.id for d in data}
    failed = []
    for engine in get_engines():
        try:
            if data:
                engine.index_products(data)
            if gone:
                engine.remove(gone)
        except Exception:
            logger.exception("Search engine %s could not update products %s", engine.name, sorted(ids))
            failed.append(engine.name)
    return failed


def remove_products(product_ids: Iterable[int]) -> list[str]:
    """Remove these products from every engine; returns the names of the engines that failed."""
    ids = set(product_ids)
    failed = []
    for engine in get_engines():
        try:
            engine.remove(ids)
        except Exception:
            logger.exception("Search engine %s could not remove products %s", engine.name, sorted(ids))
            failed.append(engine.name)
    return failed


_paused = ContextVar("search_indexing_paused", default=False)


@contextmanager
def paused(*, admin_search: bool = True):
    """Within this block saves and deletes update no search index: neither the product index of
    every engine nor Wagtail's own index of pages (the admin's search; `admin_search=False` leaves
    that one updating at each save, for loaders whose pages editors must find at once).
    Call `reindex()` after for the product index; `manage.py update_index` rebuilds Wagtail's, when
    the admin must find them.

    Wagtail's per-save receivers are disconnected for the block (process-wide: meant for commands,
    not for a web server's threads) and connected again after it, even on error.
    """
    indexed = wagtail_index.get_indexed_models() if admin_search else []
    models = [m for m in indexed if getattr(m, "search_auto_update", True)]
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
    """Update these products on every engine from the background worker, once the transaction commits."""
    from .tasks import update_products as task  # the task module imports this one

    ids = sorted(set(product_ids))
    if ids and not is_paused():
        enqueue_after_commit(task, ids)


def schedule_removal(product_ids: Iterable[int]) -> None:
    from .tasks import remove_products as task

    ids = sorted(set(product_ids))
    if ids and not is_paused():
        enqueue_after_commit(task, ids)


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
