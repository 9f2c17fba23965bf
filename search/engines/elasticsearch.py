"""The Elasticsearch engine: one alias (settings.ELASTICSEARCH_INDEX) over timestamped indexes.

Vietnamese folding happens twice on purpose: the query is folded by catalogue.text.fold like on the
database engine, and the analyzer folds the indexed text (đ → d by a mapping char filter, combining
marks of NFD text dropped, then lowercase and asciifolding), so that text indexed or queried by
anyone else folds the same way. Prefix matching ("keo du") uses an edge-n-gram subfield; a word typed
with marks is a whole word ("lá" is not "lạnh"), the last one also the start of the words its marks
start ("dừ" of "dừa"), read from a field of `toned` words; suggestions are the same query, best first,
as on the database; facets are filter+terms aggregations with the selections in a post_filter, so
that each facet's counts ignore its own selection and apply the others.

Any connection error, timeout or missing index raises EngineUnavailable and the service falls back
to the database; after a failure the engine stays "down" for DOWN_SECONDS so that every request
does not wait for the timeout again.
"""

import logging
import time
from dataclasses import replace
from datetime import UTC, datetime

import elastic_transport
from django.conf import settings
from elasticsearch import ApiError, Elasticsearch, helpers
from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    Q,
    Search,
    Text,
    analyzer,
    char_filter,
    token_filter,
)

from catalogue.text import without_invisibles
from places.collation import collation_string

from ..query import MAX_PRICE, SearchQuery, SearchResults, Term
from ..typos import allowed_typos, near_score
from .base import FACETS, NEAR_LIMIT, SUGGESTION_LIMIT, Engine, EngineUnavailable

logger = logging.getLogger(__name__)

DOWN_SECONDS = 30
FACET_SIZE = 100

vietnamese_d = char_filter("vietnamese_d", type="mapping", mappings=["đ => d", "Đ => D"])
# NFD input carries combining marks that asciifolding does not drop on their own.
combining_marks = char_filter(
    "combining_marks", type="pattern_replace", pattern="[\\u0300-\\u036f]", replacement=""
)
prefix_grams = token_filter("prefix_grams", type="edge_ngram", min_gram=1, max_gram=20)
vi_fold = analyzer(
    "vi_fold",
    tokenizer="standard",
    char_filter=[vietnamese_d, combining_marks],
    filter=["lowercase", "asciifolding"],
)
vi_prefix = analyzer(
    "vi_prefix",
    tokenizer="standard",
    char_filter=[vietnamese_d, combining_marks],
    filter=["lowercase", "asciifolding", prefix_grams],
)


def _folded_text(**extra):
    return Text(
        analyzer=vi_fold, fields={"prefix": Text(analyzer=vi_prefix, search_analyzer=vi_fold)}, **extra
    )


class ProductIndexDocument(Document):
    title = _folded_text()
    title_sort = Keyword()
    product_id = Integer()
    key = _folded_text()  # title, producer, categories, tags: weighed above the summary
    body = _folded_text()
    toned = Text(analyzer="whitespace")  # the body's words with their marks, each `toned` ("2dưa")
    toned_title = Text(analyzer="whitespace")  # the title's: a word typed with marks ranks them first
    stars = Integer()
    potential_five = Boolean()
    category = Integer(multi=True)
    province = Integer()
    producer_type = Keyword()
    min_price = Integer()
    max_price = Integer()
    prices = Integer(multi=True)  # each pack a shopper can buy: the price filter's range reads them
    gtins = Keyword(multi=True)  # each pack's GTIN-14: the number under a barcode, matched whole
    in_stock = Boolean()
    published_at = Date()


def make_client() -> Elasticsearch:
    return Elasticsearch(
        settings.ELASTICSEARCH_URL,
        request_timeout=settings.ELASTICSEARCH_TIMEOUT,
        max_retries=0,
        retry_on_timeout=False,
    )


def build_index(name: str) -> Index:
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.document(ProductIndexDocument)
    return index


def to_source(p) -> dict:
    """The indexed body of one ProductData."""
    # As it prints: a soft hyphen or zero-width space inside a word would cut it in two for the analyzer.
    title = without_invisibles(p.title)
    return {
        "title": title,
        "title_sort": collation_string(title),  # Vietnamese order, as the database engine's
        "product_id": p.id,  # the last tie-breaker of every sort
        "key": p.key_text.strip(),
        "body": p.body_text.strip(),
        "toned": p.toned_text.strip(),
        "toned_title": p.toned_title.strip(),
        "stars": p.stars,
        "potential_five": p.potential_five,
        "category": [c for c, _ in p.categories],
        "province": p.province_code,
        "producer_type": p.producer_type,
        "min_price": p.min_price,
        "max_price": p.max_price,
        "prices": p.offered_prices,
        "gtins": p.gtins,
        "in_stock": p.in_stock,
        "published_at": p.published_at.isoformat() if p.published_at else None,
    }


def facet_filter(query: SearchQuery, facet: str):
    values = getattr(query, facet)
    if not values:
        return None
    if facet == "in_stock":
        return Q("term", in_stock=True)
    return Q("terms", **{facet: list(values)})


def price_range(query: SearchQuery) -> dict | None:
    """The range one of a product's pack prices must fall in (a range query matches any value of an
    array), not its cheapest-to-dearest span: a 19.000 and an 85.000 pack are no product at 30.000-50.000."""
    bounds = {"gte": query.price_min, "lte": query.price_max}
    bounds = {bound: price for bound, price in bounds.items() if price is not None}
    return bounds or None


def text_query(query: SearchQuery):
    """Every folded word starts a word of the body; scored like the database engine, per word:
    4 when it is a whole title word, 3 when it only starts one, 2 when it starts a producer, category or
    tag word, 0 when only the summary or province has it."""
    bounds = price_range(query)
    filters = [Q("range", prices=bounds)] if bounds else []
    if query.text_stars:  # "4 sao" in the words: the stars in force, required like a word
        filters.append(Q("terms", stars=list(query.text_stars)))
    filters += [Q("term", gtins=gtin) for gtin in query.gtins]  # a barcode typed, required like a word
    if not query.terms:
        return Q("bool", must=[Q("match_all")], filter=filters)
    # A kind of producer spelt in full ("hop tac xa") is matched by its key ("htx"), as on the database.
    matched = [term.matched for term in query.parsed_terms]
    single = [term for term in matched if " " not in term]
    phrases = [term for term in matched if " " in term]
    if single:
        text = " ".join(single)
        filters.insert(0, Q("match", **{"body.prefix": {"query": text, "operator": "and"}}))
    # A place's name ("tra vinh") matches its words in a row, the last as a prefix, as on the database.
    filters[len(single) > 0 : len(single) > 0] = [Q("match_phrase_prefix", body=phrase) for phrase in phrases]
    should = [_term_score(term) for term in query.terms]
    should += [_as_typed_score(term) for term in query.parsed_terms if term.as_typed]
    marked = [_marked_word(term) for term in query.parsed_terms if term.whole]
    if not marked:
        return Q("bool", filter=filters, should=should)
    # The words typed with marks narrow the folded prefixes (a bool of filters adds nothing to the score).
    return Q("bool", filter=filters, should=should, must=[Q("bool", filter=marked)])


def _marked_word(term: Term):
    """A word typed with marks: the words folding equal to it ("lá": lá, là, lạ, not lạnh); typed last,
    also the words its marks start ("dừ": dừa), as the database engine's `_marked_filter`."""
    whole = Q("match", body=term.folded)
    if not term.marked_starts:
        return whole
    starts = [Q("prefix", toned=start) for start in term.marked_starts]
    return Q("bool", should=[whole, *starts], minimum_should_match=1)


def _as_typed_score(term: Term):
    """2 more for a title holding a word typed with marks as typed ("mật": Mật ong, not Mặt nạ; typed
    last, a title word it starts), as the database engine's `_as_typed_score`."""
    if term.marked_starts:
        held = [Q("prefix", toned_title=start) for start in term.as_typed]
    else:
        held = [Q("term", toned_title=toned) for toned in term.as_typed]
    return Q("constant_score", filter=Q("bool", should=held), boost=2)


def _term_score(term: str):
    """A word's (or a place phrase's) score, as the database engine's `_score`."""
    if " " in term:
        queries = [
            Q("constant_score", filter=Q("match_phrase", title=term), boost=4),
            Q("constant_score", filter=Q("match_phrase_prefix", title=term), boost=3),
            Q("constant_score", filter=Q("match_phrase_prefix", key=term), boost=2),
        ]
    else:
        queries = [
            Q("constant_score", filter=Q("match", title=term), boost=4),
            Q("constant_score", filter=Q("match", **{"title.prefix": term}), boost=3),
            Q("constant_score", filter=Q("match", **{"key.prefix": term}), boost=2),
        ]
    return Q("dis_max", queries=queries)


def _near_word(word: str):
    """A title word within the typos allowed of a query word, the first letter as typed, scored by the
    closest: as typed, with one typo, with two (search.typos)."""
    closest = [Q("constant_score", filter=Q("match", title=word), boost=near_score(0))]
    for typos in range(1, allowed_typos(word) + 1):
        fuzzy = Q("match", title={"query": word, "fuzziness": typos, "prefix_length": 1})
        closest.append(Q("constant_score", filter=fuzzy, boost=near_score(typos)))
    return Q("dis_max", queries=closest)


# Unique last, as the database's pk: pages never repeat or skip a product. (unmapped_type: an index built
# before product_id was indexed sorts until the next search_reindex instead of failing.)
_BY_ID = {"product_id": {"order": "asc", "unmapped_type": "integer"}}
_NEWEST_ID = {"product_id": {"order": "desc", "unmapped_type": "integer"}}


SORTS = {
    "relevance": [
        "_score",
        {"stars": {"order": "desc", "missing": "_last"}},
        {"potential_five": {"order": "desc"}},
        "title_sort",
        _BY_ID,
    ],
    "price_asc": [{"min_price": {"order": "asc", "missing": "_last"}}, "title_sort", _BY_ID],
    "price_desc": [{"min_price": {"order": "desc", "missing": "_last"}}, "title_sort", _BY_ID],
    "newest": [{"published_at": {"order": "desc", "missing": "_last"}}, _NEWEST_ID],
    "stars": [
        {"stars": {"order": "desc", "missing": "_last"}},
        {"potential_five": {"order": "desc"}},
        "title_sort",
        _BY_ID,
    ],
}


# The cheapest of a product's pack prices within the range: the price its card shows.
CHEAPEST_IN_RANGE = """
double cheapest = Double.MAX_VALUE;
for (def price : doc['prices']) {
  if (price >= params.min && price <= params.max && price < cheapest) { cheapest = price; }
}
return cheapest;
"""


def price_sort(query: SearchQuery) -> list:
    """A price sort reads the cheapest pack in the range, the price the cards show. Only a minimum can
    put a product's cheapest pack out of the range, so without one its "from" price field serves."""
    if query.price_min is None:
        return SORTS[query.sort]
    params = {"min": query.price_min, "max": MAX_PRICE if query.price_max is None else query.price_max}
    order = "asc" if query.sort == "price_asc" else "desc"
    script = {"source": CHEAPEST_IN_RANGE, "params": params}
    return [{"_script": {"type": "number", "order": order, "script": script}}, "title_sort"]


def build_search(search: Search, query: SearchQuery, page: int) -> Search:
    search = search.query(text_query(query)).extra(track_total_hits=True, _source=False)
    selections = {f: facet_filter(query, f) for f in FACETS}
    active = [f for f in selections.values() if f is not None]
    if active:
        search = search.post_filter(Q("bool", filter=active))
    for facet in FACETS:
        others = [f for name, f in selections.items() if f is not None and name != facet]
        bucket = search.aggs.bucket(facet, "filter", filter=Q("bool", filter=others))
        if facet == "in_stock":
            bucket.bucket("values", "filter", filter=Q("term", in_stock=True))
        else:
            bucket.bucket("values", "terms", field=facet, size=FACET_SIZE)
    sort = SORTS[query.sort] if query.terms or query.sort != "relevance" else SORTS["stars"]
    if query.sort in ("price_asc", "price_desc"):
        sort = price_sort(query)
    start = (page - 1) * query.page_size
    return search.sort(*sort)[start : start + query.page_size]


class ElasticsearchEngine(Engine):
    name = "elasticsearch"
    _down_until = 0.0  # shared by every instance: one outage, one wait

    def __init__(self, client: Elasticsearch | None = None, alias: str | None = None):
        self.client = client or make_client()
        self.alias = alias or settings.ELASTICSEARCH_INDEX

    # --- availability ----------------------------------------------------------------------------------
    def _call(self, function, *args, **kwargs):
        if time.monotonic() < ElasticsearchEngine._down_until:
            raise EngineUnavailable("Elasticsearch marked down after a recent failure")
        try:
            return function(*args, **kwargs)
        except (elastic_transport.ConnectionError, elastic_transport.ConnectionTimeout) as error:
            ElasticsearchEngine._down_until = time.monotonic() + DOWN_SECONDS
            raise EngineUnavailable(f"Elasticsearch unreachable: {error}") from error
        except ApiError as error:
            # A missing index (before the first reindex), an overloaded cluster or a rejected request:
            # the page must still answer, so the database takes over and the warning says why.
            raise EngineUnavailable(f"Elasticsearch answered {error.meta.status}: {error}") from error
        except elastic_transport.TransportError as error:
            raise EngineUnavailable(f"Elasticsearch transport error: {error}") from error

    # --- reading ---------------------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResults:
        base = Search(using=self.client, index=self.alias)
        response = self._call(build_search(base, query, query.page).execute)
        total = response.hits.total.value
        last_page = max(1, -(-total // query.page_size))
        if query.page > last_page:
            response = self._call(build_search(base, query, last_page).execute)
        facets = {}
        aggregations = response.aggregations.to_dict()
        for facet in FACETS:
            values = aggregations[facet]["values"]
            if facet == "in_stock":
                facets[facet] = {"1": values["doc_count"]}
            else:
                facets[facet] = {str(b["key"]): b["doc_count"] for b in values["buckets"]}
        return SearchResults(
            ids=[int(hit.meta.id) for hit in response.hits],
            total=total,
            page=min(query.page, last_page),
            facets=facets,
            engine=self.name,
        )

    def suggest(self, prefix: str, limit: int = SUGGESTION_LIMIT) -> list[int]:
        """The search's own query, best first, as the database suggests: any word of a product may start
        with the prefix's words ("dua" suggests "Kẹo dừa"), not only its title's first ones."""
        query = SearchQuery(q=prefix)
        if not query.asks_anything:  # words, a star rating alone ("5 sao") or a barcode
            return []
        search = Search(using=self.client, index=self.alias).query(text_query(query)).extra(_source=False)
        response = self._call(search.sort(*SORTS["relevance"])[:limit].execute)
        return [int(hit.meta.id) for hit in response.hits]

    def near(self, query: SearchQuery, limit: int = NEAR_LIMIT) -> list[int]:
        """Titles holding words within the typos allowed of the query's words, those matching more of
        the words first, then the closer (`near_score`), then by stars as the database ranks them."""
        words = [word for term in query.terms for word in term.split()]
        if not words:
            return []
        near = Q("bool", should=[_near_word(word) for word in words], minimum_should_match=1)
        # Only what the filters let through: the price range (the query without words) and each facet.
        filters = [text_query(replace(query, q=""))]
        filters += [f for f in (facet_filter(query, facet) for facet in FACETS) if f is not None]
        if query.has_filters:
            near = Q("bool", must=[near], filter=filters)
        search = Search(using=self.client, index=self.alias).query(near).extra(_source=False)
        response = self._call(search.sort(*SORTS["relevance"])[:limit].execute)
        return [int(hit.meta.id) for hit in response.hits]

    # --- writing ---------------------------------------------------------------------------------------
    def _actions(self, products, index):
        for p in products:
            yield {"_op_type": "index", "_index": index, "_id": p.id, "_source": to_source(p)}

    def index_products(self, products) -> None:
        # require_alias: before the first search_reindex there is no alias, and indexing must not
        # auto-create a concrete index under its name (with a guessed mapping) that would block it.
        actions = self._actions(products, self.alias)
        self._call(helpers.bulk, self.client, actions, refresh="wait_for", require_alias=True)

    def remove(self, product_ids) -> None:
        actions = [{"_op_type": "delete", "_index": self.alias, "_id": i} for i in product_ids]
        self._call(helpers.bulk, self.client, actions, raise_on_error=False, refresh="wait_for")

    def rebuild(self, chunks, progress=None) -> int:
        """Build a new timestamped index, then move the alias to it in one atomic update."""
        name = f"{self.alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        self._call(build_index(name).create, using=self.client)
        count = 0
        for chunk in chunks:
            self._call(helpers.bulk, self.client, self._actions(chunk, name))
            count += len(chunk)
            if progress:
                progress(len(chunk))
        self._call(self.client.indices.refresh, index=name)
        old = self._current_indexes()
        actions = [{"add": {"index": name, "alias": self.alias}}]
        actions += [{"remove": {"index": index, "alias": self.alias}} for index in old]
        self._call(self.client.indices.update_aliases, actions=actions)
        for index in old:
            self._call(self.client.indices.delete, index=index)
        logger.info("Elasticsearch alias %s now points at %s (%d products)", self.alias, name, count)
        return count

    def _current_indexes(self) -> list[str]:
        try:
            return sorted(self._call(self.client.indices.get_alias, name=self.alias).body)
        except EngineUnavailable as error:
            if isinstance(error.__cause__, ApiError) and error.__cause__.meta.status == 404:
                return []
            raise
