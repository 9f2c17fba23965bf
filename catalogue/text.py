"""Vietnamese text folding: the one function applied to indexed text and to queries alike.

NFKD splits a letter from its marks (ừ → u + horn + grave), the marks are dropped, and đ/Đ, which
have no Unicode decomposition, are mapped by hand. Case is folded last. "Kẹo dừa Đông Á" and
"keo dua dong a" fold to the same string, whatever the keyboard (NFC, NFD, old or new tone placement).
"""

import re
import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def words(text: str) -> list[str]:
    """The folded words of a text: what is indexed and what is matched, by every engine and by the
    gift combos' own search. Punctuation and symbols (emoji included) separate words and are dropped."""
    return _WORD.findall(fold(text))


def padded(text: str) -> str:
    """Folded words joined and padded with spaces, so " keo" matches a word that starts with "keo"."""
    return " " + " ".join(words(text)) + " "


def ascii_slug(text: str, max_length: int = 80) -> str:
    """A URL slug without diacritics: "Kẹo dừa sầu riêng" → "keo-dua-sau-rieng"."""
    return _NON_WORD.sub("-", fold(text)).strip("-_")[:max_length].strip("-")
