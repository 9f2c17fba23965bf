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

# Characters that print nothing: Unicode's default-ignorable code points and every format character
# (category Cf, Unicode 15.1): the soft hyphen, zero-width spaces and joiners, direction controls, the
# byte order mark, variation selectors, tags. Zalo, Facebook and word processors paste them inside words
# ("ke\u200bo", "sầu\u00adriêng"), where they would cut a word in two that the shopper sees whole.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
    "\ufff0-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
# The direction controls among them (and the Arabic letter mark): shown back, they reverse the words
# around them ("\u202ekẹo dừa" displays "ừd oẹk").
_DIRECTION_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def without_invisibles(text: str) -> str:
    """The text as it prints: no character that prints nothing ("ke\u200bo" is "keo")."""
    return _INVISIBLE.sub("", text)


def prints_nothing(text: str) -> bool:
    """Whether a reader would see no character of the text: only spaces and invisible characters
    ("\u200b \u202e"), which a form's required field takes as empty."""
    return not without_invisibles(text).strip()


def without_direction_controls(text: str) -> str:
    """The text without the characters that reorder it on screen, which plain Vietnamese never needs."""
    return _DIRECTION_CONTROLS.sub("", text)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", without_invisibles(text).translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


# A number and its unit of weight or volume, as pack sizes are written with or without a space and with
# one unit spelt several ways: "Hộp 400 g", "400g", "400gr", "400 gam" are the one word "400g", whichever
# way the label or the query writes it.
_QUANTITY = re.compile(r"(?<=\d)\s*(kg|mg|ml|gram|gam|gr|g|lít|lit|l)\b", re.IGNORECASE)
_UNIT_SPELLINGS = {"gram": "g", "gam": "g", "gr": "g", "lít": "l", "lit": "l"}


def join_quantities(text: str) -> str:
    """The text with each quantity one word with its unit as labels most often write it: "Túi 250 g",
    "250 gr" → "Túi 250g", "250g"."""
    return _QUANTITY.sub(lambda unit: _UNIT_SPELLINGS.get(unit[1].lower(), unit[1].lower()), text)


def words(text: str) -> list[str]:
    """The folded words of a text: what is indexed and what is matched, by every engine and by the
    gift combos' own search. Punctuation and symbols (emoji included) separate words and are dropped;
    a quantity is one word with its unit ("250 g" is "250g")."""
    return _WORD.findall(join_quantities(fold(text)))


# The five tone marks (sắc, huyền, hỏi, ngã, nặng) as digits; a word without one has 0.
_TONES = {"\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
ANY_TONE = "012345"


def toned(word: str) -> str:
    """A word with its marks as its tone, then its letters with their other marks (ư, â, ơ, đ kept):
    "dừa" is "2dưa", "lạnh" "5lanh", "hoà" and "hòa" both "2hoa". A word typed with marks is the start of
    another when its toned form starts the other's ("dừ" → "dừa", "lá" → "lái", not "lạnh"), wherever
    either puts its tone; one typed before its tone ("dư", "mâ") starts words of any tone."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    tones = [mark for mark in decomposed if mark in _TONES]
    letters = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    return (_TONES[tones[0]] if tones else "0") + letters


def marked_words(text: str) -> list[str]:
    """The words of a text in lower case with their marks (NFC, whatever the keyboard), quantities joined
    as `words` joins them."""
    return _WORD.findall(join_quantities(unicodedata.normalize("NFC", without_invisibles(text)).casefold()))


def toned_padded(text: str) -> str:
    """The `toned` words of a text, padded with spaces, so " 2dư" matches a word that starts with "dừ"."""
    return " " + " ".join(toned(word) for word in marked_words(text)) + " "


def padded(text: str) -> str:
    """Folded words joined and padded with spaces, so " keo" matches a word that starts with "keo"."""
    return " " + " ".join(words(text)) + " "


def ascii_slug(text: str, max_length: int = 80) -> str:
    """A URL slug without diacritics: "Kẹo dừa sầu riêng" → "keo-dua-sau-rieng"."""
    return _NON_WORD.sub("-", fold(text)).strip("-_")[:max_length].strip("-")
