"""The English a visitor of the English pages types for the catalogue's goods, and the Vietnamese the
catalogue names them by: "coconut candy" is "kẹo dừa", "honey" "mật ong". Product names are Vietnamese,
so without this table every English word finds nothing.

Small on purpose: the goods of the catalogue's categories (kẹo dừa, thạch dừa, mỹ phẩm từ dừa, trà &
thảo dược, đặc sản, mật ong & rượu) and a few other OCOP staples (cà phê, nước mắm, gạo), one usual
Vietnamese name each. Only words no Vietnamese word folds to ("tea", not "me" for tamarind or "com"),
so a Vietnamese query never changes meaning; a phrase before its words ("coconut candy" is "kẹo dừa",
not "dừa kẹo"). The Vietnamese is searched with its marks: "honey" ranks "Mật ong" before "Mặt nạ".
"""

import functools

# English (lower case, longest phrases matched first) → the catalogue's Vietnamese.
VIETNAMESE = {
    "coconut candy": "kẹo dừa",
    "coconut candies": "kẹo dừa",
    "coconut jelly": "thạch dừa",
    "coconut oil": "dầu dừa",
    "green tea": "trà xanh",
    "fish sauce": "nước mắm",
    "sweet potato": "khoai lang",
    "sweet potatoes": "khoai lang",
    "face mask": "mặt nạ",
    "rice cake": "bánh",
    "dried longan": "long nhãn",
    "coconut": "dừa",
    "coconuts": "dừa",
    "candy": "kẹo",
    "candies": "kẹo",
    "sweets": "kẹo",
    "jelly": "thạch",
    "cosmetics": "mỹ phẩm",
    "mask": "mặt nạ",
    "soap": "xà bông",
    "oil": "dầu",
    "tea": "trà",
    "herbal": "thảo dược",
    "herbs": "thảo dược",
    "honey": "mật ong",
    "wine": "rượu",
    "liquor": "rượu",
    "durian": "sầu riêng",
    "pandan": "lá dứa",
    "ginger": "gừng",
    "peanut": "đậu phộng",
    "peanuts": "đậu phộng",
    "cocoa": "ca cao",
    "cacao": "ca cao",
    "longan": "nhãn",
    "cordyceps": "đông trùng hạ thảo",
    "ginseng": "sâm",
    "cake": "bánh",
    "cakes": "bánh",
    "coffee": "cà phê",
    "rice": "gạo",
    "specialty": "đặc sản",
    "specialties": "đặc sản",
}


@functools.cache
def _phrases() -> tuple[tuple[tuple[str, ...], str], ...]:
    """Every English phrase as its words, the longest first, with its Vietnamese."""
    phrases = [(tuple(english.split()), vietnamese) for english, vietnamese in VIETNAMESE.items()]
    return tuple(sorted(phrases, key=lambda phrase: -len(phrase[0])))


def english_at(typed: list[str], start: int) -> tuple[int, str]:
    """How many typed words (lower case, as typed) from `start` are an English name of the catalogue's
    goods, and its Vietnamese; (0, "") when none are."""
    for words, vietnamese in _phrases():
        if tuple(typed[start : start + len(words)]) == words:
            return len(words), vietnamese
    return 0, ""
