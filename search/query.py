"""What a visitor asked for and what an engine answers: plain dataclasses, parsed without the database.

Every GET parameter is untrusted. Junk (letters in a price, an unknown sort, page=-1, huge numbers,
NUL bytes, a 10 KB query) is dropped or clamped here, so that no engine ever sees it and no page
answers 500.
"""

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from catalogue.gtin import GTIN_LENGTHS, InvalidGtin, normalize_gtin
from catalogue.models import ProducerKind
from catalogue.money import without_currency
from catalogue.text import (
    ANY_TONE,
    fold,
    join_quantities,
    toned,
    without_direction_controls,
    without_invisibles,
    words,
)
from places.names import UNIT_WORDS, all_place_names

from .english_words import english_at
from .producer_kinds import kind_at

PAGE_SIZE = 24
MAX_PAGE = 400  # Elasticsearch's default result window (10,000) / PAGE_SIZE
MAX_QUERY_CHARS = 200
MAX_WORDS = 8
MAX_PRICE = 1_000_000_000  # one billion đồng: more than any OCOP product
MAX_VALUES = 20  # selected values per facet

SORTS = ("relevance", "price_asc", "price_desc", "newest", "stars")
STAR_VALUES = (3, 4, 5)
PRODUCER_TYPES = tuple(ProducerKind.values)

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A word as typed, its marks kept (NFD input from some keyboards included), to tell "tỉnh" from "tinh".
_TYPED_WORD = re.compile(r"[\w\u0300-\u036f]+")
_UNIT_PHRASES = tuple(tuple(unit.split()) for unit in UNIT_WORDS)  # longest first, as places.names has them
_FORMER = "cu"  # "cũ" without marks: it follows a name ("tỉnh Bến Tre cũ"); the others go before one
MIN_HALF_TYPED = 2  # letters of a place's word cut short before it is read as one


def _unit_phrase_at(typed: list[str], start: int) -> tuple[int, bool]:
    """How many typed words from `start` name a kind of place ("tỉnh", "thành phố", "thanh pho"), or 0,
    and whether they were typed without marks."""
    for phrase in _UNIT_PHRASES:
        candidate = typed[start : start + len(phrase)]
        if len(candidate) != len(phrase):
            continue
        if candidate == list(phrase):
            return len(phrase), False
        if all(word == fold(word) == fold(unit) for word, unit in zip(candidate, phrase, strict=True)):
            return len(phrase), True
    return 0, False


# Words that link or praise rather than name ("và", "của", "cho", "với", the plural markers, "là", "có",
# "loại", "ngon nhất"): a phrase such as "kẹo dừa của Bến Tre" must not require them. Typed with their
# marks they are left out; without marks only those whose folded form names no product or person:
# "cua" is a crab (chả cua), "la" a leaf (lá dứa), "co" grass (cỏ ngọt), "nhung" deer antler, "o" the
# ô of ô mai, "ma" and "thi" (Nguyễn Thị) parts of names, so those stay required.
FUNCTION_WORDS = frozenset(
    ("và", "của", "cho", "các", "những", "với", "là", "có", "ở", "hoặc", "hay", "mà", "loại", "ngon", "nhất")
)
_UNMARKED_FUNCTION_WORDS = frozenset(("va", "cho", "cac", "voi", "hoac", "hay", "loai", "ngon", "nhat"))
# Those kept as words without marks, though most often typed for "của", "là", "có", "ở", "mà", "những":
# the word left out first when a query finds nothing (search.recovery).
AMBIGUOUS_FUNCTION_WORDS = frozenset(fold(word) for word in FUNCTION_WORDS) - _UNMARKED_FUNCTION_WORDS
# Words every product satisfies: the shop sells OCOP products only.
_EVERY_PRODUCT_PHRASES = (("san", "pham"), ("ocop",))
# A star rating as people type it: "4 sao", "4sao", "4*", "4 ★", "4⭐", and as the English pages say it,
# "4 stars", "4 star", "4-star". Read as the stars in force.
_STARS = re.compile(r"(?<![\w.,])([1-5])(?:\s*|-)(?:sao(?!\w)|stars?(?!\w)|[*★⭐])")


def query_stars(text: str) -> tuple[int, ...]:
    """The star ratings named in a query ("kẹo dừa 4 sao": 4), which only products with those stars in
    force satisfy: a free-text tag "5 sao" or a revoked certificate does not count."""
    found = _STARS.findall(unicodedata.normalize("NFC", without_invisibles(text)).casefold())
    return tuple(sorted({int(stars) for stars in found}))


def _every_product_phrase_at(typed: list[str], start: int) -> int:
    """How many typed words from `start` say "OCOP" or "sản phẩm", or 0."""
    for phrase in _EVERY_PRODUCT_PHRASES:
        candidate = typed[start : start + len(phrase)]
        if [fold(word) for word in candidate] == list(phrase):
            return len(phrase)
    return 0


def _is_function_word(typed: list[str]) -> bool:
    if len(typed) != 1:
        return False
    return typed[0] in FUNCTION_WORDS or typed[0] in _UNMARKED_FUNCTION_WORDS


def _phrases(typed: list[str]) -> Iterator[tuple[str, list[str]]]:
    """The typed words in phrases, each with what it is: a kind of producer spelt in full ("kind"), a kind
    of place ("unit"), a word every product satisfies ("every product"), English for the catalogue's
    goods ("english"), a function word ("function") or a word to find ("word")."""
    position = 0
    while position < len(typed):
        kind_length, _ = kind_at(typed, position)
        length, unaccented = _unit_phrase_at(typed, position)
        if kind_length > 1:  # "hợp tác xã": its "xã" names no place
            kind, length = "kind", kind_length
        elif length and (not unaccented or _beside_a_name(typed, position, position + length)):
            kind = "unit"
        elif every_product := _every_product_phrase_at(typed, position):
            kind, length = "every product", every_product
        elif english := english_at(typed, position)[0]:
            kind, length = "english", english
        else:
            length = max(length, 1)
            kind = "function" if _is_function_word(typed[position : position + length]) else "word"
        yield kind, typed[position : position + length]
        position += length


@dataclass(frozen=True)
class Term:
    """What one typed word, or a place's name typed in a row, asks of a product's words."""

    folded: str  # "dua"; a place's name "tra vinh": its words in a row, the last a prefix
    # As typed with marks ("lá", "dừ"), "" without: a word typed with its tone marks or đ is a whole,
    # deliberate word. "lá dứa" is a leaf, not the start of "lạnh" as "la" is.
    marked: str = ""
    last: bool = False  # the query's last word: perhaps still being typed
    # A kind of producer spelt in full ("hop tac xa"): the key every spelling of it is indexed under
    # ("htx", search.producer_kinds), so that either spelling finds both.
    kind_key: str = ""

    @property
    def typed(self) -> str:
        """The term as the shopper may read it back: with the marks typed ("dừa"), else folded ("ben tre")."""
        return self.marked or self.folded

    @property
    def matched(self) -> str:
        """What a product's words must hold: the folded words, or the key of the kind of producer they spell.
        (The folded words as typed still score: the spelling typed ranks first.)"""
        return self.kind_key or self.folded

    @property
    def whole(self) -> bool:
        """Only words folding equal to it match ("lá": lá, là, lạ; not lạnh); else any folded prefix."""
        return bool(self.marked) and " " not in self.folded

    @property
    def as_typed(self) -> list[str]:
        """For a whole word, the `toned` forms a word is as typed, marks included: the word itself
        ("mật": "5mât", not Mặt's "5măt"), or typed last the starts `marked_starts` gives. Ranked first."""
        if not self.whole:
            return []
        return self.marked_starts or [toned(self.marked)]

    @property
    def marked_starts(self) -> list[str]:
        """For a whole word typed last, the `toned` starts of the words it may be the start of too: "dừ"
        of "dừa" ("2dư"), "và" of "vàng"; before its tone is typed ("dư"), of any tone. None otherwise."""
        if not (self.whole and self.last):
            return []
        start = toned(self.marked)
        if start[0] != "0":
            return [start]
        return [tone + start[1:] for tone in ANY_TONE]


def search_words(text: str) -> list[str]:
    """The folded words a product must hold for a query (`query_terms`' words)."""
    return [term.folded for term in query_terms(text)]


def query_terms(text: str) -> list[Term]:
    """What a product's words must hold for a query. Left out: the words for kinds of places, which
    the index leaves out of place names (places.names); "OCOP" and "sản phẩm", which every product is;
    a star rating (`query_stars`); function words, unless the query has nothing else. "Kẹo dừa của
    thành phố Bến Tre cũ" searches "keo dua ben tre", "sản phẩm OCOP 4 sao" every 4-star product.

    With their marks ("tỉnh", "xã", "cũ") unit words are always left out. Without marks they are also
    other words ("tinh" dầu, "tinh" bột, "xa" for xà bông, Hà "Tĩnh", "cu" for củ), so they are left out
    only where a place's name goes with them: a unit word before one ("tinh ben tre"), "cu" after one."""
    typed, _ = _without_barcodes(_typed(text))
    searched, run, function_words, every_product = [], [], [], False
    phrases = list(_phrases(typed))
    for position, (kind, phrase) in enumerate(phrases):
        if kind == "word":
            run += _typed_words(phrase)
            continue
        if kind == "english":  # "coconut candy": the catalogue's "kẹo dừa", with its marks
            run += _typed_words(english_at(phrase, 0)[1].split())
            continue
        searched += _place_phrases(run)  # a place's name is typed in a row: any other word ends one
        run = []
        if kind == "function":
            function_words += [
                Term(word, marked, last=position == len(phrases) - 1) for word, marked in _typed_words(phrase)
            ]
        elif kind == "every product":
            every_product = True
        elif kind == "kind":
            _, key = kind_at(phrase, 0)
            searched.append(Term(" ".join(fold(word) for word in phrase), kind_key=key))
    # The query's last word may be half typed ("tra vin"): it may start a place's last word.
    searched += _place_phrases(run, at_the_end=bool(phrases) and phrases[-1][0] == "word")
    if searched or every_product:
        return searched
    return function_words  # "và" alone is still looked for


def _typed(text: str) -> list[str]:
    """The words as typed, in lower case with their marks, without a star rating ("4 sao")."""
    visible = unicodedata.normalize("NFC", without_invisibles(text)).casefold()  # "ke\u200bo" is "keo"
    return _TYPED_WORD.findall(join_quantities(_STARS.sub(" ", visible)))


# What the product page prints before the number under a barcode ("GTIN 8930101001014"): copied with it.
_BARCODE_LABELS = frozenset(("gtin", "ean"))


def query_gtins(text: str) -> tuple[str, ...]:
    """The barcodes in a query, each as a GTIN-14 ("8930101001014" or "08930101001014": "08930101001014"),
    which only the product with a pack of that GTIN satisfies."""
    return tuple(_without_barcodes(_typed(text))[1][:MAX_WORDS])


def _without_barcodes(typed: list[str]) -> tuple[list[str], list[str]]:
    """The typed words without the barcodes among them (and the label before one), and those barcodes'
    GTIN-14s: a number of 8, 12, 13 or 14 digits, typed whole or in groups ("893 0101 001014"), whose
    check digit is right. Any other number ("8930101001015", "400") is a word like the others."""
    kept, gtins, position = [], [], 0
    while position < len(typed):
        length, gtin = _barcode_at(typed, position)
        if not gtin:
            kept.append(typed[position])
            position += 1
            continue
        if kept and kept[-1] in _BARCODE_LABELS:
            kept.pop()
        if gtin not in gtins:
            gtins.append(gtin)
        position += length
    return kept, gtins


def _barcode_at(typed: list[str], start: int) -> tuple[int, str]:
    """How many typed numbers from `start` make the longest GTIN there, and its GTIN-14; (0, "") if none."""
    found, digits = (0, ""), ""
    for end in range(start, len(typed)):
        digits += typed[end]
        if not typed[end].isdecimal() or len(digits) > max(GTIN_LENGTHS):
            break
        if len(digits) in GTIN_LENGTHS:
            try:
                found = (end - start + 1, normalize_gtin(digits))
            except InvalidGtin:
                continue
    return found


def _typed_words(typed: list[str]) -> list[tuple[str, str]]:
    """Each folded word of the typed words, with the word as typed when it was typed with marks."""
    found = []
    for word in typed:
        folded = words(word)
        marked = word if len(folded) == 1 and fold(word) != word else ""
        found += [(each, marked) for each in folded]
    return found


def _place_phrases(typed: list[tuple[str, str]], at_the_end: bool = False) -> list[Term]:
    """The words with each run that names a place ("tra vinh", "phu tho") joined into one phrase term,
    which matches those words in a row: "Trà Vinh" is not "trà" in a category and "Vĩnh Long" apart.
    Read from the end, where the origin goes in a Vietnamese query: "trà vĩnh long" is tea from Vĩnh Long.
    `at_the_end`: the run ends the query, so its last word may be a place's word half typed ("tra vin")."""
    folded = [word for word, _ in typed]
    _, longest = _place_names_folded()
    terms, end = [], len(folded)
    while end > 0:
        lengths = range(min(longest, end), 1, -1)
        half_typed = at_the_end and end == len(folded)
        length = next((n for n in lengths if _names_a_place(folded[end - n : end], half_typed)), 1)
        if length == 1:
            word, marked = typed[end - 1]
            terms.insert(0, Term(word, marked, last=at_the_end and end == len(folded)))
        else:
            terms.insert(0, Term(" ".join(folded[end - length : end]), last=half_typed))
        end -= length
    return terms


def _names_a_place(folded: list[str], half_typed: bool) -> bool:
    """Whether the folded words name a place, or, `half_typed`, start one's name with the last word cut
    short ("tra vin" of "Trà Vinh", "kẹo dừa bến tr" of Bến Tre). A single letter says too little of
    the word coming ("tra x" may be "trà túi lọc xanh"), so it still stands apart."""
    names, _ = _place_names_folded()
    if tuple(folded) in names:
        return True
    *before, last = folded
    if not half_typed or len(last) < MIN_HALF_TYPED:
        return False
    return any(word.startswith(last) for word in _place_words_after().get(tuple(before), ()))


@functools.cache
def _place_words_after() -> dict[tuple[str, ...], frozenset[str]]:
    """The first words of every place's name (one or more) → the words that come next in those names."""
    following = {}
    for name in _place_names_folded()[0]:
        for length in range(1, len(name)):
            following.setdefault(name[:length], set()).add(name[length])
    return {start: frozenset(next_words) for start, next_words in following.items()}


def _beside_a_name(typed: list[str], start: int, end: int) -> bool:
    """Whether the unit word typed[start:end] stands where a place's name goes with it: "cu" after one
    ("bến tre cu"), the others before one ("tinh bac giang", not "tinh dau")."""
    names, longest = _place_names_folded()
    if typed[start] == _FORMER:
        before = [fold(word) for word in typed[max(0, start - longest) : start]]
        return any(tuple(before[-length:]) in names for length in range(1, len(before) + 1))
    after = [fold(word) for word in typed[end : end + longest]]
    return any(tuple(after[:length]) in names for length in range(1, len(after) + 1))


@functools.cache
def _place_names_folded() -> tuple[frozenset[tuple[str, ...]], int]:
    """Every place's name as folded words, and the most words a name has."""
    names = frozenset(tuple(fold(name).split()) for name in all_place_names())
    return names, max(map(len, names))


def clean_text(raw: str) -> str:
    """The visitor's query as shown back to them: no control characters, no direction controls (which
    would show its words reversed in the heading, the box and the title), bounded length. Other
    characters that print nothing stay (an emoji's joiners) and are dropped when the words are read."""
    return " ".join(_CONTROL.sub(" ", without_direction_controls(raw or "")).split())[:MAX_QUERY_CHARS]


@dataclass(frozen=True)
class SearchQuery:
    q: str = ""
    stars: tuple[int, ...] = ()
    category: tuple[int, ...] = ()
    province: tuple[int, ...] = ()
    producer_type: tuple[str, ...] = ()
    price_min: int | None = None
    price_max: int | None = None
    in_stock: bool = False
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def terms(self) -> list[str]:
        """The folded words (and place names) searched: what `parsed_terms` asks, without the marks."""
        return [term.folded for term in self.parsed_terms]

    @property
    def parsed_terms(self) -> list[Term]:
        return query_terms(self.q)[:MAX_WORDS]

    @property
    def text_stars(self) -> tuple[int, ...]:
        """The stars the words ask for ("4 sao"): a condition like the words, not a facet selection."""
        return query_stars(self.q)

    @property
    def gtins(self) -> tuple[str, ...]:
        """The barcodes typed (GTIN-14): a condition like the words, that only one pack's product meets."""
        return query_gtins(self.q)

    @property
    def asks_anything(self) -> bool:
        """Whether the words ask anything of a product (a word, a star rating, a barcode): "tỉnh", "🍬" or
        nothing lists every product."""
        return bool(self.terms or self.text_stars or self.gtins)

    @property
    def has_filters(self) -> bool:
        return (
            bool(self.stars or self.category or self.province or self.producer_type or self.in_stock)
            or self.price_min is not None
            or self.price_max is not None
        )

    def without(self, facet: str) -> "SearchQuery":
        """The same query with one facet's selection cleared (its counts ignore its own selection)."""
        return replace(self, **{facet: False if facet == "in_stock" else ()})

    def with_page(self, page: int) -> "SearchQuery":
        return replace(self, page=page)


@dataclass
class SearchResults:
    """An engine's answer: the page's product ids in order, and facet -> {value: count}."""

    ids: list[int]
    total: int
    page: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    engine: str = ""

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def _ints(values, allowed=None, maximum=2**31 - 1) -> tuple[int, ...]:
    out = []
    for value in values[: MAX_VALUES * 2]:
        value = (value or "").strip()
        if not value.isascii() or not value.isdigit() or len(value) > 10:
            continue
        number = int(value)
        if 0 < number <= maximum and (allowed is None or number in allowed) and number not in out:
            out.append(number)
    return tuple(out[:MAX_VALUES])


# Prices as people write them: "30.000 VNĐ", "đ 30.000", "30 000", "30000vnđ", "50k", "30 nghìn", "1tr5",
# "1,5tr", "2 triệu". Read from the folded text (lower case, no marks: "vnđ" is "vnd", "triệu" "trieu").
# (The currency and spaces are catalogue.money.without_currency's, shared with the admin's number fields.)
_WITH_UNIT = re.compile(r"(?P<number>[0-9][0-9., ]*?)\s*(?P<unit>k|nghin|ngan|tr|trieu)(?P<tail>[0-9]{1,3})?")
# Thousands grouped by one separator used throughout: "1.500.000", "30,000", "30 000". "1.5" or "4.80"
# group nothing: a decimal, or a typo, that no reading could tell from 15 or 480, is refused.
_GROUPED = re.compile(r"[0-9]{1,3}(?P<sep>[., ])[0-9]{3}(?:(?P=sep)[0-9]{3})*")
_DECIMAL = re.compile(r"(?P<whole>[0-9]{1,4})[.,](?P<fraction>[0-9]{1,2})")
_UNITS = {"k": 1_000, "nghin": 1_000, "ngan": 1_000, "tr": 1_000_000, "trieu": 1_000_000}
MAX_PRICE_CHARS = 40


def _whole_number(text: str) -> int | None:
    if text.isascii() and text.isdigit() and len(text) <= 15:
        return int(text)
    if _GROUPED.fullmatch(text):
        return int(re.sub(r"[., ]", "", text))
    return None


def _times_unit(number: str, tail: str, unit: int) -> int | None:
    """A number before "k" or "tr": whole ("50k", "1.500k"), with a decimal comma or point ("1,5tr",
    "2.5k"), or with the fraction after the unit ("1tr5" is 1,5 triệu, "1tr250" 1,25 triệu)."""
    decimal = _DECIMAL.fullmatch(number)
    if decimal and not tail:
        whole, fraction = decimal["whole"], decimal["fraction"]
    else:
        whole, fraction = number, tail
    amount = _whole_number(whole)
    if amount is None:
        return None
    return amount * unit + (int(fraction) * unit // 10 ** len(fraction) if fraction else 0)


def _as_printed(value: str | None) -> str:
    """A price box's text as it shows: without control characters (a NUL) or characters that print
    nothing (a zero-width space, a direction control), which a box that looks empty may still hold."""
    return without_invisibles(_CONTROL.sub("", value or ""))


def read_price(value: str | None) -> int | None:
    """A price in whole đồng as people write it (see above), or None when it cannot be read for sure."""
    if len(value or "") > MAX_PRICE_CHARS * 2:  # more than any price typed: not read at all
        return None
    text = without_currency(_as_printed(value))
    if not text or len(text) > MAX_PRICE_CHARS:
        return None
    with_unit = _WITH_UNIT.fullmatch(text)
    if with_unit:
        amount = _times_unit(with_unit["number"].strip(), with_unit["tail"] or "", _UNITS[with_unit["unit"]])
    else:
        amount = _whole_number(text)
    return None if amount is None else min(amount, MAX_PRICE)


def unread_price(value: str | None) -> bool:
    """Whether the visitor typed something in a price box that is not a price we can read: a box holding
    only what prints nothing looks empty, and is no filter rather than a price "“”" not read."""
    return bool(_as_printed(value).strip()) and read_price(value) is None


def parse_query(params) -> SearchQuery:
    """A SearchQuery from a QueryDict (or any mapping with getlist) of GET parameters."""

    def getlist(name):
        values = params.getlist(name) if hasattr(params, "getlist") else [params.get(name, "")]
        return [str(v) for v in values if v is not None]

    def get(name):
        values = getlist(name)
        return values[-1] if values else ""

    price_min, price_max = read_price(get("price_min")), read_price(get("price_max"))
    if price_min is not None and price_max is not None and price_min > price_max:
        price_min, price_max = price_max, price_min
    sort = get("sort") if get("sort") in SORTS else "relevance"
    page = _ints([get("page")], maximum=10**9)
    producer_types = tuple(dict.fromkeys(v for v in getlist("producer_type") if v in PRODUCER_TYPES))
    return SearchQuery(
        q=clean_text(get("q")),
        stars=_ints(getlist("stars"), allowed=STAR_VALUES),
        category=_ints(getlist("category")),
        province=_ints(getlist("province"), maximum=999),
        producer_type=producer_types,
        price_min=price_min,
        price_max=price_max,
        in_stock=get("in_stock") in ("1", "true", "on"),
        sort=sort,
        page=min(page[0], MAX_PAGE) if page else 1,
    )


def query_string(
    query: SearchQuery, drop: tuple[str, str] | None = None, page: bool = False, language: str = ""
) -> str:
    """The query's GET parameters, optionally without one (facet, value), to build links; with `language`,
    the `lang` the page was asked for in, so that its links keep it."""
    from urllib.parse import urlencode

    pairs = []
    if query.q:
        pairs.append(("q", query.q))
    for name in ("stars", "category", "province", "producer_type"):
        for value in getattr(query, name):
            if drop != (name, str(value)):
                pairs.append((name, value))
    if query.price_min is not None and drop != ("price_min", str(query.price_min)):
        pairs.append(("price_min", query.price_min))
    if query.price_max is not None and drop != ("price_max", str(query.price_max)):
        pairs.append(("price_max", query.price_max))
    if query.in_stock and drop != ("in_stock", "1"):
        pairs.append(("in_stock", 1))
    if query.sort != "relevance":
        pairs.append(("sort", query.sort))
    if page and query.page > 1:
        pairs.append(("page", query.page))
    if language:
        pairs.append(("lang", language))
    return urlencode(pairs)
