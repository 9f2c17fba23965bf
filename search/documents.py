"""What each engine indexes about a product, read from the catalogue in a fixed number of queries."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Prefetch

from catalogue.models import PackSize, ProductPage
from catalogue.privacy import under_restriction
from catalogue.text import padded, toned_padded
from places.names import place_names

from .producer_kinds import keys_named, keys_of_kind


@dataclass
class ProductData:
    id: int
    title: str
    producer: str
    summary: str
    categories: list[tuple[int, str]]
    tags: list[str]
    province_code: int | None
    province: str
    producer_type: str
    stars: int | None
    potential_five: bool
    min_price: int | None  # the "from" price: the cheapest pack in stock (any pack when all are sold out)
    max_price: int | None  # the dearest of those same packs
    in_stock: bool
    published_at: object
    # The prices of those same packs, each: the price filter asks whether one of them is in the range.
    offered_prices: list[int] = field(default_factory=list)
    # The producer's place names before the 2025 merger, as its pages show them ("huyện Lục Nam, tỉnh
    # Bắc Giang cũ"): shoppers still name a product's origin by them ("kẹo dừa Bến Tre").
    former_places: list[str] = field(default_factory=list)
    # The producer's commune or ward today, without "xã"/"phường" (its address and labels name it).
    commune: str = ""
    # The pack sizes' labels ("Hộp 400g", "Túi 250 g"): "kẹo dừa 400g" finds the product.
    pack_labels: list[str] = field(default_factory=list)
    # The packs' GTIN-14s: the number under a barcode finds its product (matched whole, never as words).
    gtins: list[str] = field(default_factory=list)

    @property
    def title_text(self) -> str:
        return padded(self.title)

    @property
    def toned_title(self) -> str:
        """The title's words with their marks, each `toned`: a word typed with its marks ranks the titles
        holding it as typed ("mật": Mật ong) above those holding a word that only folds alike (Mặt nạ)."""
        return toned_padded(self.title)

    @property
    def key_text(self) -> str:
        """What a shopper names a product by: its title, producer, categories and tags (weighed above the
        summary). Storage advice, ingredients and demo notes are never indexed: "tra" is not "tránh ánh nắng"."""
        return padded(
            " ".join([self.title, self.producer, *(name for _, name in self.categories), *self.tags])
        )

    @property
    def body_text(self) -> str:
        """Everything findable, folded: a producer's name finds its products, a commune or province
        (today's or a former one) its goods, a pack size ("400g") the products sold in it."""
        return padded(self._findable)

    @property
    def toned_text(self) -> str:
        """The same words with their marks, each `toned` ("2dưa"): the last word of a query typed with
        marks ("kẹo dừ") is the start of the words it begins, not of every word folding alike ("dung")."""
        return toned_padded(self._findable)

    @property
    def _findable(self) -> str:
        """The words above, with the key of each kind of producer they name ("htx" for "Hợp tác xã …",
        search.producer_kinds) and of the producer's kind (the facet's), so that either spelling finds
        it; not in the title or key text, so that the spelling typed ranks first."""
        parts = [self.title, self.producer, *(name for _, name in self.categories), *self.tags]
        named = keys_named(" ".join([*parts, self.summary]))
        kinds = list(dict.fromkeys([*named, *keys_of_kind(self.producer_type)]))
        places = [self.commune, self.province, *self.former_places]
        return " ".join([*parts, *self.pack_labels, self.summary, *kinds, *places])


PACK_FIELDS = ("product", "label", "price", "stock", "gtin")  # what the index reads of each pack size


def live_products():
    """The products anyone may find: live and under no view restriction (Wagtail's Privacy), as the
    sitemap lists them. A restriction saved or lifted updates the products it covers (signals.py)."""
    return ProductPage.objects.live().exclude(under_restriction())


def load(product_ids: Iterable[int] | None = None) -> list[ProductData]:
    """ProductData for the given live products (all when None) in five queries."""
    products = (
        live_products()
        .select_related("producer", "producer__province", "producer__commune", "certification")
        .prefetch_related("categories", "tags", Prefetch("pack_sizes", PackSize.objects.only(*PACK_FIELDS)))
        .order_by("pk")
    )
    if product_ids is not None:
        products = products.filter(pk__in=list(product_ids))
    return [_data(p) for p in products]


def iter_chunks(chunk_size: int = 500) -> Iterator[list[ProductData]]:
    ids = list(live_products().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk_size):
        yield load(ids[start : start + chunk_size])


def _offered_prices(product) -> dict:
    """The prices of the packs a shopper can buy (all packs only when every one is sold out), as
    `catalogue.models.from_price` says: the card's "from" price, price sorting and the price filter all
    read them, so a sold-out cheap pack neither ranks nor filters a product."""
    packs = product.pack_sizes.all()
    offered = sorted(pack.price for pack in packs if pack.stock > 0) or sorted(pack.price for pack in packs)
    return {
        "min_price": offered[0] if offered else None,
        "max_price": offered[-1] if offered else None,
        "offered_prices": offered,
    }


def _data(product) -> ProductData:
    producer = product.producer
    province = producer.province if producer else None
    return ProductData(
        id=product.pk,
        title=product.title,
        producer=producer.title if producer else "",
        summary=product.summary or "",
        categories=[(c.pk, c.title) for c in product.categories.all()],
        tags=[t.name for t in product.tags.all()],
        province_code=province.code if province else None,
        # "Vĩnh Long", not "Tỉnh Vĩnh Long": "tỉnh" is no more indexed than it is searched (query.py).
        province=province.short_name if province else "",
        producer_type=producer.kind if producer else "",
        # Only a certification in force counts (a lapsed or revoked one drops out of the star facets).
        stars=product.ocop_stars,
        potential_five=bool(product.ocop_stars and product.badge.potential_five),
        **_offered_prices(product),
        in_stock=any(pack.stock > 0 for pack in product.pack_sizes.all()),
        published_at=product.first_published_at or product.last_published_at,
        former_places=place_names(producer.former_address) if producer else [],
        commune=" ".join(place_names(producer.commune.name)) if producer and producer.commune else "",
        pack_labels=sorted({pack.label for pack in product.pack_sizes.all()}),
        gtins=sorted(pack.gtin for pack in product.pack_sizes.all()),
    )
