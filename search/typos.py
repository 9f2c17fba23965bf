"""Near matches for typed words: "dau" → "dua", "rieg" → "rieng", on folded words.

An edit distance with transpositions (optimal string alignment), so a swapped pair of letters is one
typo, as on a phone keyboard; short words allow one typo, longer ones two, as Elasticsearch's AUTO
fuzziness does, so both engines agree on what "near" means.
"""

from collections.abc import Iterable

MAX_CANDIDATES = 4


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


def close_words(term: str, vocabulary: Iterable[str]) -> list[str]:
    """The vocabulary's words within the typos allowed for the term, closest first (the term itself too)."""
    limit = allowed_typos(term)
    scored = sorted((d, word) for word in vocabulary if (d := distance(term, word, limit)) <= limit)
    return [word for _, word in scored[:MAX_CANDIDATES]]
