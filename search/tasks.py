"""Index updates off the request path: each engine is brought in step by the worker, retried if down."""

from ops.tasks import background_task, retried

from . import indexing


class IndexingFailed(Exception):
    """An engine (Elasticsearch, say) could not take the update; the task is tried again later."""


@background_task()
@retried
def update_products(product_ids: list[int]) -> int:
    failed = indexing.update_products(product_ids)
    if failed:
        raise IndexingFailed(f"engines {', '.join(failed)} not updated for products {sorted(product_ids)}")
    return len(product_ids)


@background_task()
@retried
def remove_products(product_ids: list[int]) -> int:
    failed = indexing.remove_products(product_ids)
    if failed:
        raise IndexingFailed(f"engines {', '.join(failed)} still hold products {sorted(product_ids)}")
    return len(product_ids)
