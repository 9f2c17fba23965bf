"""Keep every configured engine in step with the catalogue, after the transaction commits.

Updates run on the background worker (`search.tasks`). A failing engine (Elasticsearch down) is
logged, never makes publishing fail, and the task is retried with backoff; `manage.py
search_reindex` brings everything back in step at any time.
"""

import logging
from collections.abc import Callable, Iterable

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


def schedule_update(product_ids: Iterable[int]) -> None:
    """Update these products on every engine from the background worker, once the transaction commits."""
    from .tasks import update_products as task  # the task module imports this one

    ids = sorted(set(product_ids))
    if ids:
        enqueue_after_commit(task, ids)


def schedule_removal(product_ids: Iterable[int]) -> None:
    from .tasks import remove_products as task

    ids = sorted(set(product_ids))
    if ids:
        enqueue_after_commit(task, ids)


def rebuild(engines=None, progress: Callable[[int], None] | None = None, chunk_size: int = 500) -> dict:
    """Rebuild each engine's whole index from the live catalogue; returns documents per engine."""
    counts = {}
    for engine in engines or get_engines():
        counts[engine.name] = engine.rebuild(documents.iter_chunks(chunk_size), progress)
    return counts
