"""Place names as shoppers type them: without the words for the kind of unit.

"xã Yên Sơn, huyện Lục Nam, tỉnh Bắc Giang cũ" names three places, Yên Sơn, Lục Nam and Bắc Giang.
The unit words are left out of what search indexes because search matches word prefixes: "phường" in
every ward's address would let "phú" (Phú Thọ) find them all, "xã" every "xanh", and "cũ" (former)
every "củ" once folded.
"""

import functools
import re
import unicodedata

import vietnam_provinces
import vietnam_provinces.legacy

# Longest first, so "thị xã" is taken whole before "xã". "cũ" marks a name as former; "Củ Chi" keeps
# its own tone mark and stays.
UNIT_WORDS = (
    "thành phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "phường",
    "huyện",
    "quận",
    "tỉnh",
    "tp",
    "xã",
    "cũ",
)
_UNIT = re.compile(r"(?<!\w)(?:" + "|".join(UNIT_WORDS) + r")(?!\w)\.?", re.IGNORECASE)


def place_names(text: str) -> list[str]:
    """The names in an address written in words, each once, in order, without unit words."""
    bare = _UNIT.sub(" ", unicodedata.normalize("NFC", text or ""))
    return list(dict.fromkeys(" ".join(part.split()) for part in bare.split(",") if part.strip()))


@functools.cache
def all_place_names() -> frozenset[str]:
    """Every province's, district's and commune's name without its unit words, as they are since the
    2025 merger and as they were before (the vietnam-provinces package's units and its legacy ones):
    what a place named in a search can be. Read once per process, from the package, not the database."""
    units = [
        *vietnam_provinces.Province.iter_all(),
        *vietnam_provinces.Ward.iter_all(),
        *vietnam_provinces.legacy.Province.iter_all(),
        *vietnam_provinces.legacy.District.iter_all(),
        *vietnam_provinces.legacy.Ward.iter_all(),
    ]
    return frozenset(name for unit in units for name in place_names(unit.name))
