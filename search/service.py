"""The search service: GET parameters → SearchQuery → the configured engine → what the page shows.

Views call `search_page()` and `suggestions()` only; they never know which engine answered. When the
first engine (Elasticsearch) is unavailable the next one (the database) answers and a warning is
logged, once a minute at most while the outage lasts: the page still answers.
"""

import hashlib
import logging
from dataclasses import dataclass, field, replace
from functools import partial

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue import tree
from catalogue.combos import matching_combos
from catalogue.models import (
    CategoryPage,
    PackSize,
    ProducerKind,
    ProductPage,
    attach_card_images,
    from_price_subquery,
    in_given_order,
)
from catalogue.money import group_thousands
from cms.middleware import in_language
from ops.outages import Reminder
from places.collation import vietnamese_key
from places.labels import province_short_names

from . import recovery
from .engines import EngineUnavailable, get_engines
from .query import (
    MAX_PRICE_CHARS,
    PAGE_SIZE,
    SearchQuery,
    SearchResults,
    clean_text,
    parse_query,
    query_string,
    unread_price,
)

logger = logging.getLogger(__name__)

SUGGEST_SECONDS = 60
# Lazy: read when a page is drawn, in its language (at import they were Vietnamese for good).
FACET_LABELS = {
    "stars": gettext_lazy("Hạng sao OCOP"),
    "category": gettext_lazy("Danh mục"),
    "province": gettext_lazy("Tỉnh/thành phố"),
    "producer_type": gettext_lazy("Loại chủ thể"),
    "in_stock": gettext_lazy("Tình trạng"),
}
SORT_LABELS = {
    "relevance": gettext_lazy("Phù hợp nhất"),
    "price_asc": gettext_lazy("Giá tăng dần"),
    "price_desc": gettext_lazy("Giá giảm dần"),
    "newest": gettext_lazy("Mới nhất"),
    "stars": gettext_lazy("Nhiều sao nhất"),
}


CONTENT_FACETS = ("category", "province")


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption]

    @property
    def names_content(self) -> bool:
        """Its options are named by the content (categories' titles, provinces), Vietnamese whatever the
        page speaks; the stars' and producer types' are the interface's."""
        return self.name in CONTENT_FACETS


@dataclass(frozen=True)
class ActiveFilter:
    """A chip above the results: the filter's name and the query string without it."""

    label: str
    remove_qs: str
    names_content: bool = False  # a category's or province's name: Vietnamese on an English page too


@dataclass
class SearchPage:
    query: SearchQuery
    results: SearchResults
    products: Page
    facets: list[Facet]
    active_filters: list[ActiveFilter]
    query_string: str  # without the language: the pagination adds it (catalogue/includes/pagination.html)
    # The language the page was asked for by ?lang= (an hreflang alternate), which its own links and form
    # keep as its pagination does; "" when the visitor's choice (or the default) decides.
    language: str = ""
    combos: list = field(default_factory=list)
    near: list = field(default_factory=list)
    # The query offered instead when the words find nothing ("keodua": "keo dua"), whose products `near` shows.
    instead: recovery.Rewrite | None = None
    # When the filters leave nothing: how many products the same words find without them.
    found_without_filters: int = 0
    categories: list = field(default_factory=list)
    # Price boxes whose text is no price we can read ("1.5", "abc"), with that text: shown back in the
    # box with a message, rather than dropped as if the box had been left empty.
    unread_prices: dict[str, str] = field(default_factory=dict)

    @property
    def clear_filters(self) -> str:
        """The query string of the same words without any filter."""
        return query_string(SearchQuery(q=self.query.q), language=self.language)

    @property
    def instead_query_string(self) -> str:
        """The query string of the query offered instead, under the same filters."""
        return query_string(replace(self.query, q=self.instead.q, page=1), language=self.language)


def run(method: str, *args):
    """Ask each configured engine in turn until one answers."""
    engines = get_engines()
    for position, engine in enumerate(engines):
        try:
            return getattr(engine, method)(*args)
        except EngineUnavailable as error:
            if position == len(engines) - 1:
                raise
            if _unavailable_reminder(engine.name).due():
                logger.warning(
                    "Search engine %s unavailable (%s): %s falls back to %s (said again at most once a"
                    " minute while it lasts)",
                    engine.name,
                    error,
                    method,
                    engines[position + 1].name,
                )
    raise EngineUnavailable("no search engine configured")


_UNAVAILABLE_REMINDERS: dict[str, Reminder] = {}


def _unavailable_reminder(engine_name: str) -> Reminder:
    """An engine that stays down (Elasticsearch) is said once a minute, not on every search."""
    return _UNAVAILABLE_REMINDERS.setdefault(engine_name, Reminder(f"search:{engine_name}:unavailable"))


def cards_in_order(
    ids: list[int], *, images=True, price_min=None, price_max=None, gtins=()
) -> list[ProductPage]:
    """Product cards for the ids in the engine's order, in a fixed number of queries; with a price range,
    each card's "from" price is its cheapest pack in the range, the one that put it in the results. With
    barcodes searched, each card names the pack scanned, its price and stock (`searched_pack_*`): the
    shopper holding a 400 g box is not shown the 250 g bag's price as if it were the box's."""
    cards = ProductPage.objects.cards(images=images, price_min=price_min, price_max=price_max)
    if gtins:
        cards = cards.annotate(**_searched_pack(gtins))
    return in_given_order(cards, ids)


def _searched_pack(gtins) -> dict:
    pack = PackSize.objects.filter(product=OuterRef("pk"), gtin__in=gtins).order_by("pk")
    return {
        f"searched_pack_{column}": Subquery(pack.values(column)[:1]) for column in ("label", "price", "stock")
    }


# The most products another listing (the page API's ?search=) takes from one search: a catalogue's
# worth for a query of words, within Elasticsearch's default result window.
MATCHING_LIMIT = 1000


def matching_product_ids(text: str, limit: int = MATCHING_LIMIT) -> list[int]:
    """Live products holding every folded word of `text`, most relevant first, from the configured
    engine: what /search/?q= finds, for listings other than the search page (none without a word)."""
    query = SearchQuery(q=clean_text(text), page_size=limit)
    return run("search", query).ids if query.asks_anything else []


def search_page(params, language: str = "") -> SearchPage:
    query = _known_places_and_categories(parse_query(params))
    results = run("search", query)
    paginator = Paginator(range(results.total), PAGE_SIZE, allow_empty_first_page=True)
    products = cards_in_order(
        results.ids, images=False, price_min=query.price_min, price_max=query.price_max, gtins=query.gtins
    )
    # The gift combos the words find, above the first page of products; both listings' pictures in one go.
    # The same words as the products (the words for kinds of places left out: query.search_words).
    combos = _matching_combos(query) if query.terms and results.page == 1 else []
    attach_card_images(products, combos)
    page = SearchPage(
        query=query,
        results=results,
        products=Page(products, results.page, paginator),
        combos=combos,
        facets=_facets(query, results),
        active_filters=[],
        query_string=query_string(query),
        unread_prices=_unread_prices(params),
        language=language,
    )
    page.active_filters = _active_filters(query, page.facets, language)
    if results.total == 0:
        if query.asks_anything:  # words, a barcode or stars typed ("5 sao"): found without the filters?
            page.found_without_filters = _found_without_filters(query)
            # Spelling fixes only when the words themselves find nothing: a correct query emptied by its
            # filters is offered the products its words find without them instead.
            # Nor look-alikes when they found gift combos: words that found those were spelt as the shop
            # spells them (the query without a word no product has, "cua", is still offered).
            if not page.found_without_filters:
                page.instead, page.near = _near_matches(query, combos)
        page.categories = sorted(CategoryPage.objects.live(), key=lambda c: vietnamese_key(c.title))
    return page


def _known_places_and_categories(query: SearchQuery) -> SearchQuery:
    """The query without the category ids of no live category (a stale link to one deleted or unpublished,
    another page's id) and the codes of no province, dropped as other junk facets are: they would empty
    the shop with no chip to remove them, since a facet names only what it knows."""
    if not (query.category or query.province):
        return query
    categories = {pk for pk, _title in tree.remember("category-titles", "live", _live_category_titles)}
    provinces = province_short_names()
    return replace(
        query,
        category=tuple(pk for pk in query.category if pk in categories),
        province=tuple(code for code in query.province if code in provinces),
    )


def _near_matches(query: SearchQuery, combos: list) -> tuple[recovery.Rewrite | None, list]:
    """The query the shopper likely meant and its first products (words typed together, a word no product
    has with the others: recovery.py), else titles with words like theirs; no look-alikes when gift
    combos matched the words as typed."""
    rewrite, ids = recovery.instead(query, partial(run, "search"))
    if not ids and not combos:
        ids = run("near", query)
    return rewrite, cards_in_order(ids)


def _found_without_filters(query: SearchQuery) -> int:
    """How many products the query's words find without its filters (0 when it has none)."""
    if not query.has_filters:
        return 0
    return run("search", SearchQuery(q=query.q, page_size=1)).total


# Facets a gift combo has no value for: it is no product of one producer, province, category or rating.
FACETS_COMBOS_LACK = ("stars", "category", "province", "producer_type")


def _matching_combos(query: SearchQuery) -> list:
    """The gift combos shown above the products: none under a filter combos cannot satisfy (a box of
    several producers' goods is not "5 sao" nor "Bắc Ninh"); the price and "in stock" filters apply."""
    # "4 sao" typed too, or a barcode (a pack's, not a box's)
    if query.text_stars or query.gtins or any(getattr(query, facet) for facet in FACETS_COMBOS_LACK):
        return []
    return matching_combos(
        " ".join(query.terms),
        images=False,
        price_min=query.price_min,
        price_max=query.price_max,
        for_sale_only=query.in_stock,
    )


def _unread_prices(params) -> dict[str, str]:
    typed = {name: params.get(name, "") for name in ("price_min", "price_max")}
    return {name: clean_text(text)[:MAX_PRICE_CHARS] for name, text in typed.items() if unread_price(text)}


def _facets(query: SearchQuery, results: SearchResults) -> list[Facet]:
    counts = results.facets
    labels = {
        "stars": {str(s): _("%(n)s sao") % {"n": s} for s in (5, 4, 3)},
        "producer_type": dict(ProducerKind.choices),
        "in_stock": {"1": _("Còn hàng")},
        "category": _category_labels(counts.get("category"), query.category),
        "province": _province_labels(counts.get("province"), query.province),
    }
    facets = []
    for name in ("stars", "category", "province", "producer_type", "in_stock"):
        selected = _selected(query, name)
        facet_counts = counts.get(name, {})
        options = [
            FacetOption(value, str(label), facet_counts.get(value, 0), value in selected)
            for value, label in labels[name].items()
            if facet_counts.get(value) or value in selected
        ]
        if name in ("category", "province"):
            options.sort(key=lambda o: (-o.count, vietnamese_key(o.label)))
        if options:
            facets.append(Facet(name, str(FACET_LABELS[name]), options))
    return facets


def _selected(query: SearchQuery, name: str) -> set[str]:
    if name == "in_stock":
        return {"1"} if query.in_stock else set()
    return {str(v) for v in getattr(query, name)}


def _province_labels(counts, selected) -> dict[str, str]:
    wanted = {int(v) for v in (counts or {})} | set(selected)
    names = province_short_names()
    return {str(code): names[code] for code in wanted if code in names}


def _category_labels(counts, selected) -> dict[str, str]:
    """Titles of the categories that have counts or are selected (so they can be unselected), from the
    live categories' titles kept once per version of the page tree."""
    wanted = {int(v) for v in (counts or {})} | set(selected)
    if not wanted:
        return {}
    titles = tree.remember("category-titles", "live", _live_category_titles)
    return {str(pk): title for pk, title in titles if pk in wanted}


def _live_category_titles() -> list[tuple[int, str]]:
    return list(CategoryPage.objects.live().order_by("path").values_list("pk", "title"))


def _active_filters(query: SearchQuery, facets: list[Facet], language: str) -> list[ActiveFilter]:
    def without(name: str, value) -> str:
        return query_string(query, drop=(name, str(value)), language=language)

    active = []
    for facet in facets:
        for option in facet.options:
            if option.selected:
                removed = without(facet.name, option.value)
                active.append(ActiveFilter(option.label, removed, facet.names_content))
    if query.price_min is not None:
        label = _("Từ %(price)s ₫") % {"price": group_thousands(query.price_min)}
        active.append(ActiveFilter(label, without("price_min", query.price_min)))
    if query.price_max is not None:
        label = _("Đến %(price)s ₫") % {"price": group_thousands(query.price_max)}
        active.append(ActiveFilter(label, without("price_max", query.price_max)))
    return active


def suggestions(raw: str, request=None, language: str = "") -> list[dict]:
    """Up to eight products for the search box's autocomplete, cached briefly per folded prefix (with
    the marks typed, which make a word whole: "kẹ" is not "ke") and language: asked for from a page
    shown by `?lang=en`, their links open the products in English too."""
    prefix = clean_text(raw)
    query = SearchQuery(q=prefix)
    terms = query.parsed_terms
    if not query.asks_anything:  # words, a star rating alone ("5 sao") or a barcode
        return []
    stars = sorted(query.text_stars)  # "kẹo dừa 5 sao": only those with the stars in force
    asked = repr((terms, query.gtins)).encode()
    key = f"search:suggest:{language}:{stars}:" + hashlib.sha256(asked).hexdigest()[:32]
    cached = cache.get(key)
    if cached is not None:
        return cached
    # As the results page falls back: the words read apart or one left out, else titles with words
    # like the query's ("kep dua", "keo duwa" typed in Telex).
    ids = (
        run("suggest", prefix)
        or recovery.suggested_instead(query, partial(run, "suggest"))
        or (run("near", query) if query.terms else [])
    )
    products = {
        p.pk: p
        for p in ProductPage.objects.live()
        .filter(pk__in=ids)
        .select_related("producer", "certification")
        .annotate(min_price=from_price_subquery())
    }
    found = [
        {
            "id": p.pk,
            "title": p.title,
            "url": in_language(p.get_url(request), language),
            "producer": p.producer.title if p.producer else "",
            "stars": p.ocop_stars,
            "min_price": p.min_price,
        }
        for p in (products[i] for i in ids if i in products)
        if not stars or p.ocop_stars in stars
    ]
    cache.set(key, found, SUGGEST_SECONDS)
    return found
