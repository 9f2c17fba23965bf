"""The OCOP programme's figures, computed live from the catalogue for the "Về chương trình OCOP" page.

Stars are read in ONE place, `certifications()`: while the rating lives on ProductPage it reads those
columns; when it moves to a certification record, only that function changes.
Targets are those of the seeds (Bến Tre's plan to 2025): 20 % cooperatives, 10 % craft villages among the
producers, 30 products with 5 stars or potential 5 stars.

Every figure counts the OCOP products, those whose certification is in force, and the producers of
those: a product on sale whose certification expired or was revoked is no OCOP product, so the headline
and every chart add up alike. How many such others are on sale is said in words beside them.
Only products a visitor can open are counted: live, under no password or sign-in (catalogue/privacy.py).
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.certification import in_force_q
from catalogue.models import CategoryPage, ProducerKind, ProducerPage, ProductPage
from catalogue.privacy import publicly_listed
from places.collation import vietnamese_key

COOPERATIVE_TARGET = 20  # % of producers
CRAFT_VILLAGE_TARGET = 10  # % of producers
FIVE_STAR_TARGET = 30  # products with 5 stars or potential 5 stars


@dataclass(frozen=True)
class Certification:
    product_id: int
    stars: int
    potential_five: bool
    valid_until: datetime.date | None


def certifications() -> list[Certification]:
    """The certification in force of every live product that holds one (one query)."""
    rows = (
        publicly_listed(ProductPage.objects)
        .filter(in_force_q("certification__"))
        .values_list(
            "pk", "certification__stars", "certification__potential_five", "certification__valid_until"
        )
    )
    return [
        Certification(pk, stars, bool(potential) and stars == 4, valid_until)
        for pk, stars, potential, valid_until in rows
    ]


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    percent: float  # of the chart's largest value, for the bar's width


@dataclass(frozen=True)
class Target:
    label: str
    value: float  # what is reached (a count or a percentage)
    target: float
    unit: str  # "%" or "" for counts

    @property
    def reached(self) -> bool:
        return self.value >= self.target

    @property
    def percent_of_target(self) -> float:
        return min(100.0, 100.0 * self.value / self.target) if self.target else 100.0


@dataclass(frozen=True)
class Figures:
    products: int  # with a certification in force
    producers: int  # of those products
    uncounted_products: int  # on sale without a certification in force (lapsed, revoked, none)
    by_stars: list[Bar]
    by_province: list[Bar]
    by_category: list[Bar]
    by_kind: list[Bar]
    targets: list[Target]
    expiring_this_year: int
    year: int


def bars(pairs) -> list[Bar]:
    pairs = [(str(label), int(value)) for label, value in pairs if value]
    largest = max((value for _label, value in pairs), default=0)
    return [
        Bar(label, value, round(100.0 * value / largest, 1) if largest else 0.0) for label, value in pairs
    ]


def by_count_then_name(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], vietnamese_key(item[0])))


def share(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def compute(today: datetime.date | None = None) -> Figures:
    today = today or timezone.localdate()
    certified = certifications()
    star_counts = Counter(c.stars for c in certified)
    ocop_products = publicly_listed(ProductPage.objects).filter(in_force_q("certification__"))
    province_rows = ocop_products.values("producer__province__short_name").annotate(n=Count("pk")).order_by()
    provinces = {
        r["producer__province__short_name"]: r["n"]
        for r in province_rows
        if r["producer__province__short_name"]
    }
    category_rows = (  # a category under a password is not named to the public, as it is not listed
        publicly_listed(CategoryPage.objects)
        .annotate(n=Count("products", filter=Q(products__in=ocop_products)))
        .values_list("title", "n")
    )
    ocop_producers = ProducerPage.objects.live().filter(pk__in=ocop_products.values("producer"))
    kind_rows = ocop_producers.values("kind").annotate(n=Count("pk")).order_by()
    kinds = {r["kind"]: r["n"] for r in kind_rows}
    producers = sum(kinds.values())
    labels = dict(ProducerKind.choices)
    five_or_potential = sum(1 for c in certified if c.stars == 5 or c.potential_five)
    return Figures(
        products=len(certified),
        producers=producers,
        uncounted_products=publicly_listed(ProductPage.objects).count() - len(certified),
        by_stars=bars((_("%(n)s sao") % {"n": stars}, star_counts.get(stars, 0)) for stars in (5, 4, 3)),
        by_province=bars(by_count_then_name(provinces)),
        by_category=bars(by_count_then_name(dict(category_rows))),
        by_kind=bars(by_count_then_name({str(labels.get(k, k)): n for k, n in kinds.items()})),
        targets=[
            Target(
                _("Hợp tác xã trong các chủ thể"),
                share(kinds.get(ProducerKind.COOPERATIVE, 0), producers),
                COOPERATIVE_TARGET,
                "%",
            ),
            Target(
                _("Làng nghề trong các chủ thể"),
                share(kinds.get(ProducerKind.CRAFT_VILLAGE, 0), producers),
                CRAFT_VILLAGE_TARGET,
                "%",
            ),
            Target(_("Sản phẩm 5 sao hoặc tiềm năng 5 sao"), five_or_potential, FIVE_STAR_TARGET, ""),
        ],
        expiring_this_year=sum(1 for c in certified if c.valid_until and c.valid_until.year == today.year),
        year=today.year,
    )
