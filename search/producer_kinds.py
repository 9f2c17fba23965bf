"""The kinds of producers as Vietnamese writes them, in full or abbreviated: "HTX" is "hợp tác xã", "HKD"
"hộ kinh doanh", "Cty" and "CT" "công ty". Shoppers use either spelling for the other, as the "Loại chủ thể" facet does.

Each kind has one key, its usual abbreviation. The index adds the key of every kind a product's text
names, in any spelling (`keys_named`), and a query's full spelling ("hợp tác xã", a phrase) searches the
key (`Term.matched`; an abbreviation typed, "htx" or "ct", is the key or its start already): so either
spelling finds both, and only rare abbreviations are added to the index, never common words ("hợp" is
also "hộp", "hữu" "hữu cơ", "phần" "phấn hoa").
"""

import functools

from catalogue.text import fold, marked_words, toned

# key → its other spellings.
SPELLINGS = {
    "htx": ("hợp tác xã",),
    "hkd": ("hộ kinh doanh",),
    "tht": ("tổ hợp tác",),
    "cty": ("ct", "công ty"),
    "dn": ("doanh nghiệp",),
    "tnhh": ("trách nhiệm hữu hạn",),
    "cp": ("cổ phần",),
}


# The keys a producer's kind ("Loại chủ thể", what the facet filters by) names, whatever its name says:
# "Cơ sở Đông Hưng" is a household business, and every company is a doanh nghiệp.
KIND_KEYS = {
    "company": ("dn",),
    "cooperative": ("htx",),
    "cooperative_group": ("tht",),
    "household": ("hkd",),
}


def keys_of_kind(kind: str) -> tuple[str, ...]:
    return KIND_KEYS.get(kind, ())


@functools.cache
def _phrases() -> tuple[tuple[tuple[str, ...], str], ...]:
    """Every spelling as its words (the longest first, so "tổ hợp tác" is read before "hợp tác …"), with
    its key."""
    spellings = [(tuple(spelling.split()), key) for key, others in SPELLINGS.items() for spelling in others]
    spellings += [((key,), key) for key in SPELLINGS]
    return tuple(sorted(spellings, key=lambda spelling: -len(spelling[0])))


def _same_word(written: str, spelling: str) -> bool:
    """The word of a spelling, with its marks wherever its tone sits ("hợp"), or without any ("hop"):
    "có phần" (somewhat) is no "cổ phần", "co phan" may be."""
    return toned(written) == toned(spelling) or (written == fold(written) == fold(spelling))


def kind_at(written: list[str], start: int) -> tuple[int, str]:
    """How many words from `start` spell a kind of producer (in lower case, marks as written), and its key;
    (0, "") when none does."""
    for words, key in _phrases():
        candidate = written[start : start + len(words)]
        if len(candidate) == len(words) and all(map(_same_word, candidate, words)):
            return len(words), key
    return 0, ""


def keys_named(text: str) -> list[str]:
    """The keys of the kinds a text names, in any spelling ("Công ty cổ phần Sa Sâm": cty, cp)."""
    written, found, position = marked_words(text), [], 0
    while position < len(written):
        length, key = kind_at(written, position)
        if key and key not in found:
            found.append(key)
        position += max(length, 1)
    return found
