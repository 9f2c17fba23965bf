"""The embedded engine: ProductDocument rows on SQLite or PostgreSQL.

Matching is "every folded query word starts a folded word of the document": `LIKE '% keo%'` over
space-padded folded text. The folding is ours (catalogue.text.fold), so neither FTS5's unicode61
nor PostgreSQL's text search configurations get a say in what "dua" matches. On PostgreSQL a
trigram GIN index (migration 0002) serves these LIKEs; on SQLite 20,000 rows scan in milliseconds
(see bench/bench_search.py).
"""

import difflib

from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce

from ..models import DocumentCategory, ProductDocument
from ..query import SearchQuery, SearchResults
from .base import NEAR_LIMIT, SUGGESTION_LIMIT, Engine

VOCABULARY_KEY = "search:db:vocabulary"
VOCABULARY_SECONDS = 600


def _text_filter(terms: list[str], field: str = "body_text") -> Q:
    condition = Q()
    for term in terms:
        condition &= Q(**{f"{field}__contains": " " + term})
    return condition


def _facet_filter(query: SearchQuery, facet: str) -> Q:
    values = getattr(query, facet)
    if not values:
        return Q()
    if facet == "category":
        return Q(pk__in=DocumentCategory.objects.filter(category_id__in=values).values("document_id"))
    if facet == "in_stock":
        return Q(in_stock=True)
    if facet == "province":
        return Q(province_id__in=values)
    return Q(**{f"{facet}__in": values})


def _price_filter(query: SearchQuery) -> Q:
    # A product is in the range when one of its pack sizes is: its cheapest is at most the maximum
    # and its dearest at least the minimum.
    condition = Q()
    if query.price_max is not None:
        condition &= Q(min_price__lte=query.price_max)
    if query.price_min is not None:
        condition &= Q(max_price__gte=query.price_min)
    return condition


def _score(terms: list[str]):
    """Title matches outrank producer/summary matches; a whole-word title match outranks a prefix."""
    score = Value(0)
    for term in terms:
        score = score + Case(
            When(title_text__contains=f" {term} ", then=Value(4)),
            When(title_text__contains=f" {term}", then=Value(3)),
            default=Value(0),
        )
        score = score + Case(When(title_text__startswith=f" {term}", then=Value(1)), default=Value(0))
    return score


ORDERINGS = {
    "price_asc": [F("min_price").asc(nulls_last=True), "title", "pk"],
    "price_desc": [F("min_price").desc(nulls_last=True), "title", "pk"],
    "newest": [F("published_at").desc(nulls_last=True), "-pk"],
    "stars": [F("stars").desc(nulls_last=True), "-potential_five", "title", "pk"],
    "relevance": [F("stars").desc(nulls_last=True), "-potential_five", "title", "pk"],
}


class DatabaseEngine(Engine):
    name = "database"

    # --- reading -------------------------------------------------------------------------------------
    def _base(self, query: SearchQuery):
        return ProductDocument.objects.filter(_text_filter(query.terms) & _price_filter(query))

    def _filtered(self, query: SearchQuery, skip: str | None = None):
        condition = Q()
        for facet in ("stars", "category", "province", "producer_type", "in_stock"):
            if facet != skip:
                condition &= _facet_filter(query, facet)
        return self._base(query).filter(condition)

    def search(self, query: SearchQuery) -> SearchResults:
        documents = self._filtered(query)
        total = documents.count()
        last_page = max(1, -(-total // query.page_size))
        page = min(query.page, last_page)
        ordering = ORDERINGS[query.sort]
        if query.sort == "relevance" and query.terms:
            documents = documents.annotate(score=_score(query.terms))
            ordering = ["-score", *ordering]
        start = (page - 1) * query.page_size
        ordered = documents.order_by(*ordering).values_list("pk", flat=True)
        ids = list(ordered[start : start + query.page_size])
        return SearchResults(ids=ids, total=total, page=page, facets=self._facets(query), engine=self.name)

    def _facets(self, query: SearchQuery) -> dict[str, dict[str, int]]:
        """One GROUP BY per facet, over the query with the other facets applied (five queries)."""
        facets = {}
        columns = {"stars": "stars", "province": "province_id", "producer_type": "producer_type"}
        for facet, column in columns.items():
            rows = self._filtered(query, skip=facet).values(column).annotate(n=Count("pk")).order_by()
            facets[facet] = {str(r[column]): r["n"] for r in rows if r[column] not in (None, "")}
        links = DocumentCategory.objects.filter(document__in=self._filtered(query, skip="category"))
        rows = links.values("category_id").annotate(n=Count("document_id")).order_by()
        facets["category"] = {str(r["category_id"]): r["n"] for r in rows}
        facets["in_stock"] = {"1": self._filtered(query, skip="in_stock").filter(in_stock=True).count()}
        return facets

    def suggest(self, prefix: str, limit: int = SUGGESTION_LIMIT) -> list[int]:
        terms = SearchQuery(q=prefix).terms
        if not terms:
            return []
        documents = ProductDocument.objects.filter(_text_filter(terms)).annotate(score=_score(terms))
        return list(documents.order_by("-score", *ORDERINGS["stars"]).values_list("pk", flat=True)[:limit])

    def near(self, text: str, limit: int = NEAR_LIMIT) -> list[int]:
        """Titles holding words within a small edit distance of the query's words ("keo dau" → dừa)."""
        vocabulary = self._vocabulary()
        candidates = set()
        for term in SearchQuery(q=text).terms:
            candidates.update(difflib.get_close_matches(term, vocabulary, n=4, cutoff=0.7))
        if not candidates:
            return []
        hits = [Case(When(title_text__contains=f" {w} ", then=1), default=0) for w in candidates]
        score = hits[0]
        for hit in hits[1:]:
            score = score + hit
        documents = ProductDocument.objects.annotate(score=Coalesce(score, 0, output_field=IntegerField()))
        ordering = ["-score", *ORDERINGS["stars"]]
        return list(documents.filter(score__gt=0).order_by(*ordering).values_list("pk", flat=True)[:limit])

    def _vocabulary(self) -> list[str]:
        vocabulary = cache.get(VOCABULARY_KEY)
        if vocabulary is None:
            words = set()
            for title_text in ProductDocument.objects.values_list("title_text", flat=True).iterator():
                words.update(title_text.split())
            vocabulary = sorted(words)
            cache.set(VOCABULARY_KEY, vocabulary, VOCABULARY_SECONDS)
        return vocabulary

    # --- writing -------------------------------------------------------------------------------------
    def index_products(self, products) -> None:
        products = list(products)
        with transaction.atomic():
            ProductDocument.objects.filter(pk__in=[p.id for p in products]).delete()
            self._insert(products)
        cache.delete(VOCABULARY_KEY)

    def remove(self, product_ids) -> None:
        ProductDocument.objects.filter(pk__in=list(product_ids)).delete()
        cache.delete(VOCABULARY_KEY)

    def rebuild(self, chunks, progress=None) -> int:
        # One transaction: readers keep seeing the old documents until the new ones are all written.
        count = 0
        with transaction.atomic():
            DocumentCategory.objects.all().delete()
            ProductDocument.objects.all().delete()
            for chunk in chunks:
                self._insert(chunk)
                count += len(chunk)
                if progress:
                    progress(len(chunk))
        cache.delete(VOCABULARY_KEY)
        return count

    def _insert(self, products) -> None:
        ProductDocument.objects.bulk_create(
            [
                ProductDocument(
                    product_id=p.id,
                    title=p.title[:255],
                    title_text=p.title_text,
                    body_text=p.body_text,
                    stars=p.stars,
                    potential_five=p.potential_five,
                    province_id=p.province_code,
                    producer_type=p.producer_type,
                    min_price=p.min_price,
                    max_price=p.max_price,
                    in_stock=p.in_stock,
                    published_at=p.published_at,
                )
                for p in products
            ]
        )
        DocumentCategory.objects.bulk_create(
            [DocumentCategory(document_id=p.id, category_id=c) for p in products for c, _ in p.categories]
        )
