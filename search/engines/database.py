"""The embedded engine: ProductDocument rows on SQLite or PostgreSQL.

Matching is "every folded query word starts a folded word of the document". The folding is ours
(catalogue.text.fold), so neither FTS5's unicode61 nor PostgreSQL's text search configurations get
a say in what "dua" matches. On SQLite an FTS5 table over the folded text answers prefix queries
("keo"* "dua"*, migration 0003); on PostgreSQL `LIKE '% keo%'` over space-padded folded text is
served by a trigram GIN index (migration 0002). See bench/bench_search.py for the latencies.
"""

import functools
import operator
from dataclasses import replace

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from catalogue.models import PackSize, from_price_subquery, offers_a_pack_within
from places.collation import collation_string

from ..models import DocumentCategory, ProductDocument
from ..query import SearchQuery, SearchResults, Term
from ..typos import close_words, near_score
from .base import NEAR_LIMIT, SUGGESTION_LIMIT, Engine

VOCABULARY_KEY = "search:db:vocabulary"
VOCABULARY_SECONDS = 600
REMOVE_BATCH = 500  # documents deleted per transaction at the end of a rebuild


FTS_MATCH = "SELECT rowid FROM product_search_fts WHERE product_search_fts MATCH %s"


def _text_filter(terms: list[Term]) -> Q:
    """Every term starts a word of the document's folded text; a place phrase ("tra vinh") its words in
    a row, the last as a prefix; a kind of producer spelt in full its key ("htx"); a word typed with
    marks is a whole word (`_marked_filter`)."""
    if not terms:
        return Q()
    folded = [term.matched for term in terms]
    if connection.vendor == "sqlite":
        # FTS5 prefix query over the same folded words (a quoted phrase: its words in a row, the last a
        # prefix); terms are \w+ words joined by single spaces, so quoting them is safe.
        match = " ".join(f'"{term}"*' for term in folded)
        condition = Q(pk__in=RawSQL(FTS_MATCH, [match]))  # noqa: S611 (constant SQL, the match is a parameter)
    else:
        condition = Q()
        for term in folded:
            condition &= Q(body_text__contains=" " + term)  # a trigram GIN index serves it (0002)
    return condition & _marked_filter(terms)


def _marked_filter(terms: list[Term]) -> Q:
    """Among the folded prefixes, a word typed with marks matches the words folding equal to it ("lá":
    lá, là, lạ, not lạnh); typed last, also the words its marks start ("dừ": dừa, from the toned text)."""
    condition = Q()
    for term in terms:
        if not term.whole:
            continue
        word = Q(body_text__contains=f" {term.folded} ")
        for start in term.marked_starts:
            word |= Q(toned_text__contains=f" {start}")
        condition &= word
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


def _text_stars_filter(query: SearchQuery) -> Q:
    # "4 sao" in the words: the stars in force, required like a word (its facet still counts them all).
    return Q(stars__in=query.text_stars) if query.text_stars else Q()


def _gtin_filter(query: SearchQuery) -> Q:
    # Each barcode typed, required like a word: read from the pack sizes themselves (GTIN is unique).
    condition = Q()
    for gtin in query.gtins:
        condition &= Q(pk__in=PackSize.objects.filter(gtin=gtin).values("product_id"))
    return condition


def _price_filter(query: SearchQuery) -> Q:
    # A product is in the range when one pack it offers is, not when its cheapest-to-dearest span
    # overlaps it: a 19.000 and an 85.000 pack are no product at 30.000-50.000.
    if query.price_min is None and query.price_max is None:
        return Q()
    return Q(offers_a_pack_within(query.price_min, query.price_max))


def _price_ordered(documents, query: SearchQuery, ordering: list):
    """A price sort reads the cheapest pack in the range, the price the cards show. Only a minimum can
    put a product's cheapest pack out of the range, so without one its "from" price column serves."""
    if query.price_min is None or query.sort not in ("price_asc", "price_desc"):
        return documents, ordering
    in_range = from_price_subquery(query.price_min, query.price_max)
    price = F("price_in_range").asc() if query.sort == "price_asc" else F("price_in_range").desc()
    return documents.annotate(price_in_range=in_range), [price, *ordering[1:]]


def _score(terms: list[str]):
    """Per word: a whole title word 4, a title word prefix 3, a producer/category/tag word 2, the summary
    or province alone 0; a title starting with the word one more."""
    score = Value(0)
    for term in terms:
        score = score + Case(
            When(title_text__contains=f" {term} ", then=Value(4)),
            When(title_text__contains=f" {term}", then=Value(3)),
            When(key_text__contains=f" {term}", then=Value(2)),
            default=Value(0),
        )
        score = score + Case(When(title_text__startswith=f" {term}", then=Value(1)), default=Value(0))
    return score


def _as_typed_score(terms: list[Term]):
    """Per word typed with marks, 2 more for a title holding it as typed, marks included ("mật": Mật ong,
    not Mặt nạ, whose "mặt" only folds alike; typed last, a title word it starts as typed): more than a
    title starting with a look-alike, so "đậu" lists Kẹo dừa đậu phộng before Dầu dừa."""
    score = Value(0)
    for term in terms:
        if not term.as_typed:
            continue
        end = "" if term.marked_starts else " "  # the last word may be half typed: a start
        held = [Q(toned_title__contains=f" {toned}{end}") for toned in term.as_typed]
        score = score + Case(When(functools.reduce(operator.or_, held), then=Value(2)), default=Value(0))
    return score


def _relevance(query: SearchQuery):
    return _score(query.terms) + _as_typed_score(query.parsed_terms)


def _sum_by(rows, column) -> dict[str, int]:
    counts = {}
    for row in rows:
        if row[column] not in (None, ""):
            key = str(row[column])
            counts[key] = counts.get(key, 0) + row["n"]
    return counts


# Ties in Vietnamese alphabetical order of the titles (title_sort, as Elasticsearch sorts), then by id, so
# that pages never repeat or skip a product.
ORDERINGS = {
    "price_asc": [F("min_price").asc(nulls_last=True), "title_sort", "pk"],
    "price_desc": [F("min_price").desc(nulls_last=True), "title_sort", "pk"],
    "newest": [F("published_at").desc(nulls_last=True), "-pk"],
    "stars": [F("stars").desc(nulls_last=True), "-potential_five", "title_sort", "pk"],
    "relevance": [F("stars").desc(nulls_last=True), "-potential_five", "title_sort", "pk"],
}


def title_vocabulary() -> list[str]:
    """Every folded word of the products' titles: what near matches and words typed together are read
    against, whichever engine answers (the database's documents are kept by every indexing)."""
    vocabulary = cache.get(VOCABULARY_KEY)
    if vocabulary is None:
        words = set()
        for title_text in ProductDocument.objects.values_list("title_text", flat=True).iterator():
            words.update(title_text.split())
        vocabulary = sorted(words)
        cache.set(VOCABULARY_KEY, vocabulary, VOCABULARY_SECONDS)
    return vocabulary


class DatabaseEngine(Engine):
    name = "database"

    # --- reading -------------------------------------------------------------------------------------
    def _base(self, query: SearchQuery):
        return ProductDocument.objects.filter(
            _text_filter(query.parsed_terms)
            & _text_stars_filter(query)
            & _gtin_filter(query)
            & _price_filter(query)
        )

    def _filtered(self, query: SearchQuery, skip: str | None = None):
        condition = Q()
        for facet in ("stars", "category", "province", "producer_type", "in_stock"):
            if facet != skip:
                condition &= _facet_filter(query, facet)
        return self._base(query).filter(condition)

    def search(self, query: SearchQuery) -> SearchResults:
        """Ids of one page, the total and the facet counts in 3 queries, plus one per selected facet."""
        documents = self._filtered(query)
        facets, total = self._facets(query)
        last_page = max(1, -(-total // query.page_size))
        page = min(query.page, last_page)
        documents, ordering = _price_ordered(documents, query, ORDERINGS[query.sort])
        if query.sort == "relevance" and query.terms:
            documents = documents.annotate(score=_relevance(query))
            ordering = ["-score", *ordering]
        start = (page - 1) * query.page_size
        ordered = documents.order_by(*ordering).values_list("pk", flat=True)
        ids = list(ordered[start : start + query.page_size]) if total else []
        return SearchResults(ids=ids, total=total, page=page, facets=facets, engine=self.name)

    def _facets(self, query: SearchQuery) -> tuple[dict[str, dict[str, int]], int]:
        """Facet counts and the total.

        One GROUP BY over (stars, province, kind, in stock) of the fully filtered query gives the total
        and the counts of every facet without a selection; a facet with a selection needs its own
        GROUP BY over the query without it; categories (many-to-many) always need their own.
        """
        columns = {"stars": "stars", "province": "province_id", "producer_type": "producer_type"}
        combos = list(
            self._filtered(query).values(*columns.values(), "in_stock").annotate(n=Count("pk")).order_by()
        )
        total = sum(row["n"] for row in combos)
        facets = {}
        for facet, column in columns.items():
            rows = combos
            if getattr(query, facet):
                rows = self._filtered(query, skip=facet).values(column).annotate(n=Count("pk")).order_by()
            facets[facet] = _sum_by(rows, column)
        # With "in stock" selected, the products in stock among the others' results are the results.
        facets["in_stock"] = {"1": total if query.in_stock else sum(r["n"] for r in combos if r["in_stock"])}
        links = DocumentCategory.objects.filter(document__in=self._filtered(query, skip="category"))
        rows = links.values("category_id").annotate(n=Count("document_id")).order_by()
        facets["category"] = {str(r["category_id"]): r["n"] for r in rows}
        return facets, total

    def suggest(self, prefix: str, limit: int = SUGGESTION_LIMIT) -> list[int]:
        """The search's own matches, best first: the words ("kẹo dừa 5 sao"), a star rating alone ("5 sao")
        or a barcode."""
        query = SearchQuery(q=prefix)
        if not query.asks_anything:
            return []
        documents = ProductDocument.objects.filter(
            _text_filter(query.parsed_terms) & _text_stars_filter(query) & _gtin_filter(query)
        )
        documents = documents.annotate(score=_relevance(query))
        return list(documents.order_by("-score", *ORDERINGS["stars"]).values_list("pk", flat=True)[:limit])

    def near(self, query: SearchQuery, limit: int = NEAR_LIMIT) -> list[int]:
        """Titles holding words within a small edit distance of the query's words ("keo dau" → dừa),
        among the products the query's filters let through: those matching more of the words first,
        then those matching them more closely (`near_score`)."""
        vocabulary = title_vocabulary()
        score = Value(0)
        for word in (word for term in query.terms for word in term.split()):
            closest_first = [
                When(title_text__contains=f" {close} ", then=Value(near_score(typos)))
                for close, typos in close_words(word, vocabulary)
            ]
            if closest_first:
                score = score + Case(*closest_first, default=Value(0))
        filtered = self._filtered(replace(query, q=""))  # the filters without the words
        documents = filtered.annotate(score=Coalesce(score, 0, output_field=IntegerField()))
        ordering = ["-score", *ORDERINGS["stars"]]
        return list(documents.filter(score__gt=0).order_by(*ordering).values_list("pk", flat=True)[:limit])

    # --- writing -------------------------------------------------------------------------------------
    def index_products(self, products) -> None:
        products = list(products)
        with transaction.atomic():
            ProductDocument.objects.filter(pk__in=[p.id for p in products]).delete()
            self._insert(products)
        # The typo vocabulary is left to expire (VOCABULARY_SECONDS): rebuilding it costs a scan of
        # every title, too much to pay on each publish.

    def remove(self, product_ids) -> None:
        ProductDocument.objects.filter(pk__in=list(product_ids)).delete()

    def rebuild(self, chunks, progress=None) -> int:
        """Replace the documents chunk by chunk, each chunk in its own short transaction, then remove
        those of products no longer live.

        SQLite has one write lock: a rebuild in one transaction (20,000 documents, 25-40 s) kept every
        shopper's write waiting past the busy timeout ("database is locked"). Replacing the rows in place
        keeps searches answering meanwhile: each product has its old document or its new one, never none.
        """
        stale = set(ProductDocument.objects.values_list("pk", flat=True))
        count = 0
        for chunk in chunks:
            self.index_products(chunk)
            stale.difference_update(p.id for p in chunk)
            count += len(chunk)
            if progress:
                progress(len(chunk))
        self._remove_in_batches(sorted(stale))
        cache.delete(VOCABULARY_KEY)
        return count

    def _remove_in_batches(self, product_ids: list[int]) -> None:
        # Documents that were there when the rebuild started only: a product published meanwhile was
        # indexed by its own task and stays.
        for start in range(0, len(product_ids), REMOVE_BATCH):
            self.remove(product_ids[start : start + REMOVE_BATCH])

    def _insert(self, products) -> None:
        ProductDocument.objects.bulk_create(
            [
                ProductDocument(
                    product_id=p.id,
                    title=p.title[:255],
                    title_text=p.title_text,
                    title_sort=collation_string(p.title),
                    key_text=p.key_text,
                    body_text=p.body_text,
                    toned_text=p.toned_text,
                    toned_title=p.toned_title,
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
