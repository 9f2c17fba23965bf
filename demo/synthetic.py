"""A large synthetic catalogue for benchmarks: plausible Vietnamese product names, producers spread over
the 34 provinces, every kind of producer, stars and prices in realistic ranges. Deterministic for a
given seed, and additive: asking for N products creates only what is missing."""

import datetime
import random
from dataclasses import dataclass

from django.db import models, transaction
from wagtail.signal_handlers import disable_reference_index_auto_update

from catalogue.certification import load_records
from catalogue.gtin import normalize_gtin, with_check_digit
from catalogue.models import (
    CategoryPage,
    PackSize,
    ProducerIndexPage,
    ProducerKind,
    ProducerPage,
    ProductPage,
)
from pagecache import purges
from places.models import Commune, Province
from search import indexing

PRODUCTS_PER_PRODUCER = 200
BATCH_SIZE = 500
SLUG_PREFIX = "synthetic-"
# Invented company prefixes 8939xxxxx: far from the demo catalogue's 8930xxx.
GTIN_BASE = 893_900_000_000

BASES = ("Kẹo dừa", "Thạch dừa", "Trà", "Mật ong", "Bánh", "Nem chua", "Rượu", "Bột", "Dầu dừa", "Xà bông")
FLAVOURS = (
    "sầu riêng",
    "lá dứa",
    "ca cao",
    "gừng",
    "đậu phộng",
    "sữa",
    "khoai môn",
    "hoa vàng",
    "đông trùng",
    "nếp cẩm",
    "chuối",
    "mè đen",
    "bưởi",
    "sả chanh",
    "tắc",
    "mãng cầu",
    "ổi",
    "dâu tằm",
)
PLACES = ("Bến Tre", "Trà Vinh", "Lục Nam", "Cầu Kè", "Mỏ Cày", "Chợ Lách", "Yên Thế", "Tân Yên", "Đồng Tháp")
PRODUCER_NAMES = ("Phú Thịnh", "Hưng Phát", "Đồng Xanh", "Quê Hương", "Tâm An", "Minh Đức", "Sông Tiền")
KIND_PREFIX = {
    ProducerKind.COMPANY: "Công ty TNHH",
    ProducerKind.COOPERATIVE: "Hợp tác xã",
    ProducerKind.COOPERATIVE_GROUP: "Tổ hợp tác",
    ProducerKind.HOUSEHOLD: "Hộ kinh doanh",
    ProducerKind.CRAFT_VILLAGE: "Làng nghề",
}
PACKS = (("Hộp 200g", 0.6), ("Hộp 400g", 1.0), ("Túi 1kg", 2.2))


@dataclass
class Plan:
    existing: int
    wanted: int

    @property
    def missing(self) -> int:
        return max(0, self.wanted - self.existing)


def plan(wanted: int) -> Plan:
    return Plan(ProductPage.objects.filter(slug__startswith=SLUG_PREFIX).count(), wanted)


def _producer(index_page, number, rng, provinces):
    slug = f"{SLUG_PREFIX}producer-{number}"
    existing = ProducerPage.objects.child_of(index_page).filter(slug=slug).first()
    if existing is not None:
        return existing
    kind = rng.choice(list(ProducerKind))
    province = rng.choice(provinces)
    commune = Commune.objects.filter(province=province).order_by("code")[rng.randrange(20)]
    title = f"{KIND_PREFIX[kind]} {rng.choice(PRODUCER_NAMES)} {rng.choice(PLACES)} {number}"
    return index_page.add_child(
        instance=ProducerPage(
            slug=slug,
            title=title,
            kind=kind,
            province=province,
            commune=commune,
            summary="Chủ thể tổng hợp cho đo hiệu năng.",
            is_demo=True,
        )
    )


def _append_children(parent, pages):
    """Insert many new children of one parent: the tree paths are computed here once, instead of
    treebeard re-reading the last child and Wagtail re-validating for every page (10x faster)."""
    last = parent.get_last_child()
    path = last._inc_path() if last else parent._get_path(parent.path, parent.depth + 1, 1)
    for page in pages:
        page.depth, page.path = parent.depth + 1, path
        page._cached_parent_obj = parent
        page.save(clean=False)
        path = page._inc_path()
    type(parent).objects.filter(pk=parent.pk).update(numchild=models.F("numchild") + len(pages))
    parent.numchild += len(pages)


def _product(number, rng, categories):
    base, flavour = rng.choice(BASES), rng.choice(FLAVOURS)
    stars = rng.choices((3, 4, 5), weights=(6, 3, 1))[0]
    base_price = rng.randrange(20, 400) * 1000
    title = f"{base} {flavour} {rng.choice(PLACES)} #{number}"  # drawn first, as before: same catalogue
    certification = {
        "stars": stars,
        "potential_five": stars == 4 and rng.random() < 0.1,
        "decision_number": f"{number}/QĐ-UBND",
        "decision_date": datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(600)),
        "is_demo": True,
    }
    page = ProductPage(
        slug=f"{SLUG_PREFIX}{number}",
        title=title,
        summary=f"{base} vị {flavour}, sản phẩm tổng hợp cho đo hiệu năng.",
        live=True,
        categories=[rng.choice(categories)],
        pack_sizes=[
            PackSize(
                label=label,
                sku=f"SYN-{number}-{i}",
                gtin=normalize_gtin(with_check_digit(str(GTIN_BASE + number * 4 + i))),
                price=max(1000, round(base_price * factor, -3)),
                stock=rng.choice((0, 5, 20, 100, 500)),
                is_demo=True,
                sort_order=i,
            )
            for i, (label, factor) in enumerate(PACKS[: rng.randint(1, 3)])
        ],
    )
    page.pending_certification = certification
    return page


def generate(wanted: int, seed: int = 2026, progress=None) -> int:
    """Create synthetic products until there are `wanted`; return how many were created.

    Search indexing is paused while they are inserted (one save at a time it costs more than the
    insert): the caller rebuilds the index once after, with `search.indexing.reindex()`."""
    todo = plan(wanted)
    index_page = ProducerIndexPage.objects.first()
    categories = list(CategoryPage.objects.all())
    if index_page is None or not categories:
        raise RuntimeError("Load the demo catalogue first (manage.py load_demo).")
    provinces = list(Province.objects.all())
    rng = random.Random(seed + todo.existing)
    number = todo.existing
    with purges.paused():  # one purge of the page cache at the end, not one per product
        _generate_from(number, todo, rng, index_page, categories, provinces, progress)
    return todo.missing


def _generate_from(number, todo, rng, index_page, categories, provinces, progress):
    while number < todo.wanted:
        producer_number = number // PRODUCTS_PER_PRODUCER
        end = min(todo.wanted, (producer_number + 1) * PRODUCTS_PER_PRODUCER)
        # One commit per producer. Wagtail's usage (reference) index is skipped too: synthetic products
        # reference nothing an editor would look up ("where is this image used?").
        with indexing.paused(), disable_reference_index_auto_update(), transaction.atomic():
            producer = _producer(index_page, producer_number, rng, provinces)
            pages = [_product(n, rng, categories) for n in range(number, end)]
            _append_children(producer, pages)
            load_records([(page, page.pending_certification) for page in pages])
        if progress is not None:
            progress.update(end - number)
        number = end
