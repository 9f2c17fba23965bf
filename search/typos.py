"""Near matches for typed words: "dau" → "dua", "rieg" → "rieng", "keodua" → "keo dua", on folded words.

An edit distance with transpositions (optimal string alignment), so a swapped pair of letters is one
typo, as on a phone keyboard; short words allow one typo, longer ones two, as Elasticsearch's AUTO
fuzziness does, and the first letter is taken as typed (a slip lands inside a word far more often than
on its first letter; Elasticsearch's `prefix_length` 1, as its term suggester has by default: "kep" is
"keo", not "ép"), so both engines agree on what "near" means.
"""

from collections.abc import Collection, Iterable

MAX_CANDIDATES = 4
MAX_TYPOS = 2
# A near match's score per query word (`near_score`): matching at all outweighs every closeness together
# (eight words of three), so titles matching more of the words come first, then the closer ones.
WORD_MATCHED = 100
MIN_PIECE = 2  # letters of a word typed together with another ("keodua"): "a" alone says too little
MAX_PIECES = 4


def allowed_typos(word: str) -> int:
    if len(word) <= 2:
        return 0
    return 1 if len(word) <= 5 else 2


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance between a and b, or limit + 1 once it is certainly above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def close_words(term: str, vocabulary: Iterable[str]) -> list[tuple[str, int]]:
    """The vocabulary's words within the typos allowed for the term and starting with its first letter,
    closest first (the term itself too), each with its distance."""
    limit = allowed_typos(term)
    scored = sorted(
        (d, word)
        for word in vocabulary
        if word[:1] == term[:1] and (d := distance(term, word, limit)) <= limit
    )
    return [(word, d) for d, word in scored[:MAX_CANDIDATES]]


def near_score(typos: int) -> int:
    """What one query word adds to a near match's score, matched with that many typos: 103 as typed, 102
    with one, 101 with two. Both engines rank near matches by the sum."""
    return WORD_MATCHED + MAX_TYPOS + 1 - typos


def split_joined(word: str, vocabulary: Collection[str]) -> list[str]:
    """The fewest vocabulary words (of two letters or more) a word is when typed without its spaces
    ("keodua": keo, dua), or [] when it is a vocabulary word itself or no such words make it."""
    if word in vocabulary or len(word) < 2 * MIN_PIECE:
        return []
    fewest: dict[int, list[str]] = {0: []}  # letters read → the fewest words making them
    for end in range(MIN_PIECE, len(word) + 1):
        ways = [
            fewest[start] + [word[start:end]]
            for start in range(end - MIN_PIECE + 1)
            if start in fewest and word[start:end] in vocabulary
        ]
        if ways:
            fewest[end] = min(ways, key=len)
    pieces = fewest.get(len(word), [])
    return pieces if 2 <= len(pieces) <= MAX_PIECES else []
