"""Provinces and communes as a list to choose from shows them: "Vĩnh Long (tỉnh)", "Hà Nội (thành
phố)", "Sài Gòn (phường)". Every name starts with its kind of unit ("Tỉnh", "Thành phố", "Xã",
"Phường"), so a select listing the names as written answers a keyboard's type-ahead only for "T" or
"X"; led by the name, typing "Vĩnh" picks Vĩnh Long. Only choice lists say it this way: an address
(an order, an email, a store page) keeps "Tỉnh Vĩnh Long"."""

from .collation import sort_places, split_unit_kind


def choice_label(name: str) -> str:
    kind, rest = split_unit_kind(name)
    return f"{rest} ({kind.lower()})" if kind else name


def place_choices(rows) -> list[tuple[int, str]]:
    """(code, name) rows as (code, label) choices, in Vietnamese order of the names."""
    return [(code, choice_label(name)) for code, name in sort_places(rows, name=lambda row: row[1])]
