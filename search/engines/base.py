"""The contract every search engine keeps (the contract tests in tests/search run against each)."""

from collections.abc import Callable, Iterable

from ..documents import ProductData
from ..query import SearchQuery, SearchResults

FACETS = ("stars", "category", "province", "producer_type", "in_stock")
SUGGESTION_LIMIT = 8
NEAR_LIMIT = 8


class EngineUnavailable(Exception):
    """The engine cannot answer now (down, timed out): the service falls back to the next engine."""


class Engine:
    name = "base"

    def search(self, query: SearchQuery) -> SearchResults:
        """Product ids of the query's page, in order, the total, and the counts of each facet.

        Each facet's counts apply the other facets' selections and the price range, not its own.
        """
        raise NotImplementedError

    def suggest(self, prefix: str, limit: int = SUGGESTION_LIMIT) -> list[int]:
        """Ids of products whose title words start with the prefix's words, best first."""
        raise NotImplementedError

    def near(self, query: SearchQuery, limit: int = NEAR_LIMIT) -> list[int]:
        """Ids of products whose titles look like the query's words (typos), for the zero-result page;
        only products its filters (stars, category, province, kind, stock, price) let through."""
        raise NotImplementedError

    def index_products(self, products: Iterable[ProductData]) -> None:
        raise NotImplementedError

    def remove(self, product_ids: Iterable[int]) -> None:
        raise NotImplementedError

    def rebuild(
        self, chunks: Iterable[list[ProductData]], progress: Callable[[int], None] | None = None
    ) -> int:
        """Rebuild the whole index from the chunks. Search keeps answering meanwhile: a product is found by
        its old document until its new one is written, never by neither."""
        raise NotImplementedError
