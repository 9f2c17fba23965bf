"""Keep every configured engine in step with the catalogue, after the transaction commits.

A failing engine (Elasticsearch down) is logged and never makes publishing fail: the next
`manage.py search_reindex` brings it back in step.
"""

import logging
from collections.abc import Callable, Iterable

from django.db import transaction

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


def schedule_update(product_ids: Iterable[int]) -> None:
    ids = set(product_ids)
    if ids:
        transaction.on_commit(lambda: update_products(ids))


def schedule_removal(product_ids: Iterable[int]) -> None:
    ids = set(product_ids)
    if ids:
        transaction.on_commit(lambda: remove_products(ids))


def rebuild(engines=None, progress: Callable[[int], None] | None = None, chunk_size: int = 500) -> dict:
    """Rebuild each engine's whole index from the live catalogue; returns documents per engine."""
    counts = {}
    for engine in engines or get_engines():
        counts[engine.name] = engine.rebuild(documents.iter_chunks(chunk_size), progress)
    return counts
