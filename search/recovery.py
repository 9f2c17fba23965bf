"""When the words find nothing: the query the shopper most likely meant, offered before look-alike titles.

Two slips are common on phones. Words typed together ("keodua", "kẹodừa") are read apart against the
words of the products' titles ("kẹo dừa"). And one word no product has with the others: most often
"cua" typed for "của", which stays a word because it is also a crab (query.AMBIGUOUS_FUNCTION_WORDS), so
"keo dua cua ben tre" finds nothing while "keo dua ben tre" finds seven. The query without that word is
offered, saying which word was left out. The page and the suggestions try the same rewrites, in order.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from catalogue.text import words

from .engines.base import NEAR_LIMIT
from .engines.database import title_vocabulary
from .query import AMBIGUOUS_FUNCTION_WORDS, SearchQuery, Term
from .typos import close_words, split_joined


@dataclass(frozen=True)
class Rewrite:
    """A query that may find what the shopper's words did not: its text, and the word left out, if any."""

    q: str
    left_out: str = ""


def rewrites(query: SearchQuery) -> Iterator[Rewrite]:
    """The queries worth trying, the likeliest first: the words typed together read apart; then the query
    without one word: a function word typed without marks ("cua"), else a word like no title's word
    ("keo dua xyz"), the last first. A word a typo away from a title's word is left to the near matches
    ("kep dua" means kẹo dừa, not every "dừa"). None for a barcode, which names one pack."""
    terms = query.parsed_terms
    if query.gtins or not terms:
        return
    vocabulary = title_vocabulary()
    stars = [f"{stars} sao" for stars in query.text_stars]  # "5 stars" is kept, as the search reads it
    apart = [word for term in terms for word in _apart(term, frozenset(vocabulary))]
    if len(apart) > len(terms):
        yield Rewrite(" ".join([*apart, *stars]))
    if len(terms) < 2:
        return
    # Only words the shopper typed: the "phê" of "cà phê" searched for "coffee" is no word of theirs.
    typed = set(words(query.q))
    theirs = [i for i, term in enumerate(terms) if typed.issuperset(term.folded.split())]
    ambiguous = [i for i in theirs if terms[i].folded in AMBIGUOUS_FUNCTION_WORDS]
    unlike = [i for i in theirs if i not in ambiguous and _like_no_title_word(terms[i], vocabulary)]
    for left_out in [*reversed(ambiguous), *reversed(unlike)]:
        kept = [term.typed for position, term in enumerate(terms) if position != left_out]
        yield Rewrite(" ".join([*kept, *stars]), left_out=terms[left_out].typed)


def _like_no_title_word(term: Term, vocabulary: list[str]) -> bool:
    return not any(close_words(word, vocabulary) for word in term.folded.split())


def _apart(term: Term, vocabulary: frozenset[str]) -> list[str]:
    """A term's words as they read: "keodua" as "keo dua", "kẹodừa" as "kẹo dừa" (its marks kept where
    each letter folds to one); any other term as typed."""
    pieces = split_joined(term.folded, vocabulary) if " " not in term.folded else []
    if not pieces:
        return [term.typed]
    if not term.marked or len(term.marked) != len(term.folded):
        return pieces
    apart, start = [], 0
    for piece in pieces:
        apart.append(term.marked[start : start + len(piece)])
        start += len(piece)
    return apart


def instead(query: SearchQuery, search: Callable) -> tuple[Rewrite | None, list[int]]:
    """The first rewrite that finds products under the same filters, and its first products (`search`
    answers a SearchQuery as the engines do); (None, []) when none does."""
    for rewrite in rewrites(query):
        found = search(replace(query, q=rewrite.q, page=1, page_size=NEAR_LIMIT)).ids
        if found:
            return rewrite, found
    return None, []


def suggested_instead(query: SearchQuery, suggest: Callable) -> list[int]:
    """The suggestions of the first rewrite that has any (`suggest` answers a query's text)."""
    for rewrite in rewrites(query):
        if found := suggest(rewrite.q):
            return found
    return []
