"""Index updates off the request path: each engine is brought in step by the worker, retried if down."""

from ops.tasks import background_task, retried
from pagecache.purges import purge_search_results

from . import indexing


class IndexingFailed(Exception):
    """An engine (Elasticsearch, say) could not take the update; the task is tried again later."""


@background_task()
@retried
def update_products(product_ids: list[int]) -> int:
    failed = indexing.update_products(product_ids)
    # The commit's purge ran before this update: a search made in between cached the old index.
    purge_search_results()
    if failed:
        raise IndexingFailed(f"engines {', '.join(failed)} not updated for products {sorted(product_ids)}")
    return len(product_ids)


@background_task()
@retried
def remove_products(product_ids: list[int]) -> int:
    failed = indexing.remove_products(product_ids)
    purge_search_results()  # as above: results cached before the removal still list these products
    if failed:
        raise IndexingFailed(f"engines {', '.join(failed)} still hold products {sorted(product_ids)}")
    return len(product_ids)
