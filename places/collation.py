"""Vietnamese alphabetical order (PyICU's `vi` collator does not install from PyPI here, so our own key).

The alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y: ă and â are letters after a,
not variants of it. Tone marks only break ties between otherwise equal names, in dictionary order
(ngang, huyền, hỏi, ngã, sắc, nặng), and case only after tones. A space sorts before every letter, so
"Cà Mau" comes before "Cao Bằng", and "Hà Nội" before "Huế".

    sorted(names, key=vietnamese_key)
"""

import unicodedata

ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
# Letters outside the Vietnamese alphabet (f, j, w, z in loanwords) go after the nearest letter before them.
_EXTRA = {"f": "eê", "j": "i", "w": "v", "z": "y"}
_MODIFIERS = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}  # breve, circumflex, horn (applied per vowel)
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng

_RANK = {letter: (index + 1) * 2 for index, letter in enumerate(ALPHABET)}
for _extra, _after in _EXTRA.items():
    _RANK[_extra] = _RANK[_after[-1]] + 1
_COMBINED = {
    ("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô", ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư",
}  # fmt: skip


def _letters(text: str):
    """(letter, tone, is_upper) for each base character of the text."""
    out = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            if not out:
                continue
            letter, tone, upper = out[-1]
            if char in _TONES:
                out[-1] = (letter, _TONES[char], upper)
            elif (letter, char) in _COMBINED:
                out[-1] = (_COMBINED[(letter, char)], tone, upper)
            continue
        lower = char.lower()
        out.append(("đ" if lower == "đ" else lower, 0, char != lower))
    return out


def _primary(letter: str) -> tuple[int, int]:
    if letter.isspace():
        return (0, 0)
    if letter.isdigit():
        return (1, ord(letter))
    if letter in _RANK:
        return (3, _RANK[letter])
    if letter.isalpha():
        return (4, ord(letter))
    return (2, ord(letter))  # punctuation after spaces and digits, before letters


def vietnamese_key(text: str) -> tuple:
    """A sort key giving Vietnamese dictionary order: letters first, then tones, then case."""
    letters = _letters(" ".join((text or "").split()))
    return (
        tuple(_primary(letter) for letter, _tone, _upper in letters),
        tuple(tone for _letter, tone, _upper in letters),
        tuple(upper for _letter, _tone, upper in letters),
    )


def collation_string(text: str) -> str:
    """`vietnamese_key` as a string for a sort column: each letter's rank as 7 hex digits (its class from
    1, so a shorter name's "0" before its tones sorts first), then one digit per tone and per case.

    Hex digits only, so a database's or Elasticsearch's plain comparison, and any locale collation
    PostgreSQL may use, orders the strings exactly as the keys."""
    primaries, tones, cases = vietnamese_key(text)
    letters = "".join(f"{kind + 1:x}{rank:06x}" for kind, rank in primaries)
    return letters + "0" + "".join(map(str, tones)) + "".join(str(int(upper)) for upper in cases)


def sort_by_name(items, name=lambda item: item):
    """Items sorted by a name in Vietnamese order (name: a function giving each item's name)."""
    return sorted(items, key=lambda item: vietnamese_key(name(item)))


# The kind of unit a name starts with: a buyer looks for "Cần Thơ", not for "Thành phố Cần Thơ", so
# lists of places are ordered by what follows it (then by the whole name, for the rare equal ones).
# Matched in any case: the package spells one commune "xã Bắc Sơn".
UNIT_KINDS = ("Thành phố", "Tỉnh", "Phường", "Xã", "Đặc khu")


def split_unit_kind(name: str) -> tuple[str, str]:
    """("Tỉnh", "Vĩnh Long") for "Tỉnh Vĩnh Long"; ("", name) for a name without its kind."""
    for kind in UNIT_KINDS:
        written = name[: len(kind)]
        if written.lower() == kind.lower() and name[len(kind) : len(kind) + 1] == " ":
            return written, name[len(kind) + 1 :]
    return "", name


def without_unit_kind(name: str) -> str:
    return split_unit_kind(name)[1]


def sort_places(items, name=lambda item: item):
    """Provinces or communes in Vietnamese order of their names without the kind of unit."""
    return sorted(
        items, key=lambda item: (vietnamese_key(without_unit_kind(name(item))), vietnamese_key(name(item)))
    )
