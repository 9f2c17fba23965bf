"""Place names as shoppers type them: without the words for the kind of unit.

"xã Yên Sơn, huyện Lục Nam, tỉnh Bắc Giang cũ" names three places, Yên Sơn, Lục Nam and Bắc Giang.
The unit words are left out of what search indexes because search matches word prefixes: "phường" in
every ward's address would let "phú" (Phú Thọ) find them all, "xã" every "xanh", and "cũ" (former)
every "củ" once folded.
"""

import re
import unicodedata

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
