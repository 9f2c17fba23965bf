"""Gift combos ("gói quà tặng"): bundles of pack sizes with their own price, listed under one index.

A combo is a page (GiftComboIndexPage → GiftComboPage, as DESIGN.md draws) whose inline rows name a
pack size and how many of it go in one box. It is for sale only while every component is: the
component's product is live and has stock for at least one box. Buying one takes every component's
stock in the order's own guarded transaction (storefront.checkout), so a pack shared by a combo and a
single purchase is never oversold.

Search: combos are few and carry none of a product's facets (stars, province, producer kind), so
they are not rows of the product index; each keeps its own folded `search_text` (title, summary and
the components' product titles; "gói quà tặng" is added when searched, `GIFT_WORDS`), and
`matching_combos(query)` finds them with the same "every word starts a word" rule the database
engine uses.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished

from .blocks import StoryBlock
from .folded_search import FoldedTitleMixin
from .forms import GiftComboPageForm
from .gtin import short_gtin
from .limits import PriceField, validate_price
from .models import IndexPage, PackSize, in_given_order, priced_within, with_card_images
from .privacy import is_restricted, under_restriction
from .slugs import VietnameseSlugMixin
from .text import padded, words

MAX_COMPONENT_QUANTITY = 20


def components_prefetch():
    """A combo's components with their pack, product and producer: one query for a whole listing."""
    return Prefetch("components", queryset=shown_components())


def shown_components(*related):
    """Components with their pack, product, producer (and `related`), each knowing whether its product
    is under a view restriction (`GiftComboComponent.shows_product`) without a query of its own."""
    return (
        GiftComboComponent.objects.select_related(
            "pack_size", "pack_size__product", "pack_size__product__producer", *related
        )
        .annotate(product_restricted=under_restriction("pack_size__product__path"))
        .order_by("sort_order", "pk")
    )


class GiftComboPageQuerySet(PageQuerySet):
    def cards(self, images=True):
        """Live combos with what a card shows (picture, components for price and availability), in
        a fixed number of queries however many combos are listed (without `images`, the caller
        attaches them, see `attach_card_images`)."""
        cards = self.live().prefetch_related(components_prefetch()).order_by("path")
        return with_card_images(cards) if images else cards


GiftComboPageManager = PageManager.from_queryset(GiftComboPageQuerySet)


class GiftComboIndexPage(IndexPage):
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["catalogue.GiftComboPage"]
    menu_label = _("Quà tặng OCOP")

    class Meta:
        verbose_name = _("danh sách gói quà tặng")
        verbose_name_plural = pgettext_lazy("plural", "danh sách gói quà tặng")

    def combos(self):
        return GiftComboPage.objects.cards().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["combos"] = list(self.combos())
        return context


class GiftComboPage(FoldedTitleMixin, VietnameseSlugMixin, Page):
    summary = models.TextField(_("mô tả ngắn"), max_length=400)
    price = PriceField(
        _("giá gói quà (đồng)"), help_text=_("Giá bán cả gói, đồng chẵn."), validators=[validate_price]
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh chính"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    story = StreamField(StoryBlock(), verbose_name=_("câu chuyện"), blank=True)
    # Folded title, summary and component products, kept on save: what `matching_combos` searches.
    search_text = models.TextField(editable=False, blank=True, default="")
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)

    objects = GiftComboPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("price"),
        InlinePanel("components", label=_("Thành phần"), min_num=1),
        FieldPanel("story"),
        FieldPanel("is_demo"),
    ]
    search_fields = [*FoldedTitleMixin.search_fields, index.SearchField("summary")]
    api_fields = [APIField("summary"), APIField("price"), APIField("components")]
    parent_page_types = ["catalogue.GiftComboIndexPage"]
    subpage_types = []
    base_form_class = GiftComboPageForm

    class Meta:
        verbose_name = _("gói quà tặng")
        verbose_name_plural = pgettext_lazy("plural", "gói quà tặng")
        constraints = [models.CheckConstraint(condition=Q(price__gt=0), name="gift_combo_price_positive")]

    def save(self, *args, **kwargs):
        titles = [c.pack_size.product.title for c in self.components.all() if c.pack_size_id]
        self.search_text = padded(" ".join([self.title, self.summary, *titles]))
        return super().save(*args, **kwargs)

    @cached_property
    def component_list(self) -> list["GiftComboComponent"]:
        return list(self.components.all())

    @property
    def list_price(self) -> int:
        """What the components cost bought one by one, at today's prices."""
        return sum(c.pack_size.price * c.quantity for c in self.component_list if c.pack_size_id)

    @property
    def saving(self) -> int:
        return max(0, self.list_price - self.price)

    @property
    def saving_percent(self) -> int:
        return round(100 * self.saving / self.list_price) if self.list_price else 0

    @property
    def available_count(self) -> int:
        """How many boxes today's stock makes (0: not for sale). A missing or unpublished component,
        or none at all, makes none."""
        if not self.component_list:
            return 0
        return min(c.boxes_possible for c in self.component_list)

    @property
    def is_available(self) -> bool:
        return self.live and self.available_count > 0

    def get_context(self, request, *args, **kwargs):
        from .structured_data import as_script_json, combo_json_ld

        context = super().get_context(request, *args, **kwargs)
        self.component_list = list(shown_components().filter(combo=self))
        context["components"] = self.component_list
        context["json_ld"] = as_script_json(combo_json_ld(self, request))
        return context


class ShownPackSizeField(serializers.Field):
    """A component's pack size in the page API, as the nested fields asked for give it
    (`components(pack_size(*))`), or null while its product is not public: nothing of an unpublished or
    restricted product (its SKU, GTIN, price, stock) is given out through a combo."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, component):
        return component.pack_size if component.shows_product else None

    def to_representation(self, pack):
        nested = self.parent.child_serializer_classes["pack_size"]
        return nested(context=self.context).to_representation(pack)


class GiftComboComponent(Orderable):
    """One row of a combo: a pack size and how many of it go in one box."""

    combo = ParentalKey(GiftComboPage, on_delete=models.CASCADE, related_name="components")
    # A pack removed from its product leaves the row empty (the combo then is not for sale) rather
    # than silently selling the box without it.
    pack_size = models.ForeignKey(
        PackSize,
        verbose_name=_("quy cách đóng gói"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="combo_components",
    )
    quantity = models.PositiveSmallIntegerField(
        _("số lượng"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_COMPONENT_QUANTITY)],
    )

    panels = [FieldRowPanel([FieldPanel("pack_size"), FieldPanel("quantity")])]
    api_fields = [APIField("pack_size", serializer=ShownPackSizeField()), APIField("quantity")]

    class Meta(Orderable.Meta):
        verbose_name = _("thành phần gói quà")
        verbose_name_plural = pgettext_lazy("plural", "thành phần gói quà")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="gift_combo_component_quantity_positive"
            )
        ]

    def __str__(self):
        return f"{self.quantity} × {self.pack_size}" if self.pack_size_id else str(_("(quy cách đã xoá)"))

    def clean(self):
        super().clean()
        if not self.pack_size_id:
            raise ValidationError({"pack_size": _("Chọn một quy cách đóng gói.")})

    @cached_property
    def shows_product(self) -> bool:
        """Whether the combo may link to the product and give its data (JSON-LD, the API, the feed's
        GTIN and brand): it is live and under no view restriction (Wagtail's Privacy), as the sitemap
        lists it. Otherwise the combo names it only. Loaded by `shown_components`, it costs no query."""
        pack = self.pack_size
        if pack is None or not pack.product.live:
            return False
        restricted = getattr(self, "product_restricted", None)
        return not (is_restricted(pack.product) if restricted is None else restricted)

    @property
    def boxes_possible(self) -> int:
        pack = self.pack_size
        if pack is None or not pack.product.live:
            return 0
        return pack.stock // self.quantity

    @property
    def line_price(self) -> int:
        return self.pack_size.price * self.quantity if self.pack_size_id else 0


# --- Search ---------------------------------------------------------------------------------------------


COMBO_SEARCH_KEY = "catalogue:combo-search-texts"
# What every combo is, though its title may say only "Hộp quà" or "Giỏ quà": "quà tặng" (the listing's
# heading, the obvious Tết query) and "gói quà" find them all.
GIFT_WORDS = padded("gói quà tặng")


def _live_combo_texts() -> list[tuple[int, str]]:
    """(id, folded search text) of every live combo, the words that make it a gift first: a few dozen
    rows, kept in the cache so that the search page asks the database for combos only when one matches."""
    rows = cache.get(COMBO_SEARCH_KEY)
    if rows is None:
        live = GiftComboPage.objects.live().order_by("path").values_list("pk", "search_text")
        rows = [(pk, GIFT_WORDS + (text or "")) for pk, text in live]
        cache.set(COMBO_SEARCH_KEY, rows, timeout=3600)
    return rows


@receiver(page_published, sender=GiftComboPage)
@receiver(page_unpublished, sender=GiftComboPage)
@receiver(post_save, sender=GiftComboPage)
@receiver(post_delete, sender=GiftComboPage)
def _forget_combo_texts(sender, **kwargs):
    transaction.on_commit(lambda: cache.delete(COMBO_SEARCH_KEY))


def matching_combos(
    query: str, limit: int = 6, *, images=True, price_min=None, price_max=None, for_sale_only=False
):
    """Live combos whose title, summary or component products hold every word of `query` as the
    start of a word (folded: "qua tang" finds "Quà tặng"); none for an empty query. With a price
    range, only combos priced within it; with `for_sale_only`, only combos in stock for a box. Without
    `images`, the caller attaches them (with another listing's, see `attach_card_images`)."""
    query_words = words(query)[:8]
    if not query_words:
        return []
    ids = [pk for pk, text in _live_combo_texts() if all(f" {word}" in text for word in query_words)]
    if not ids:
        return []
    cards = GiftComboPage.objects.cards(images=images).filter(priced_within(price_min, price_max))
    if not for_sale_only:
        return in_given_order(cards, ids[:limit])
    # Whether a box is in stock is read from the components the cards prefetch anyway.
    return [combo for combo in in_given_order(cards, ids) if combo.is_available][:limit]


# --- Google Merchant feed -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedItem:
    """One `<item>` of a Google Merchant Center feed (RSS 2.0, `g:` namespace), as plain values."""

    id: str
    title: str
    description: str
    link: str
    image_link: str
    availability: str  # "in_stock" / "out_of_stock"
    price: str  # "45000 VND"
    brand: str
    gtin: str
    item_group_id: str
    google_product_category: str
    condition: str = "new"
    is_bundle: str = "yes"

    def as_dict(self) -> dict[str, str]:
        return {f"g:{key}": value for key, value in self.__dict__.items()}


def feed_combos():
    """Live combos with their picture and every component's pack, product, producer, picture and
    categories: four queries however many combos there are."""
    components = shown_components("pack_size__product__image").prefetch_related(
        "pack_size__product__categories"
    )
    return (
        GiftComboPage.objects.live()
        .select_related("image")
        .prefetch_related(Prefetch("components", queryset=components))
        .order_by("title", "pk")
    )


def merchant_feed_items(base_url: str) -> Iterator[FeedItem]:
    """Feed items for live combos, for the `/feeds/google-merchant.xml` feed.

    Google asks a bundle's item to carry the main product's GTIN and brand with `is_bundle` "yes":
    the main product is the component worth the most among those whose product is public (live, no
    view restriction: a hidden product's GTIN is not given out). A combo whose components ran out stays
    in the feed as "out_of_stock" (as a sold-out pack size does), so the channels keep its listing.
    Combos without a public component, or with no picture of their own nor of the main product, are
    left out (every channel rejects an item without `g:image_link`). `base_url` is the site's origin.
    """
    from .feeds import google_category  # the feed module imports this one

    base_url = base_url.rstrip("/")
    for combo in feed_combos():
        main = max(
            (c for c in combo.component_list if c.shows_product), key=lambda c: c.line_price, default=None
        )
        if main is None:
            continue
        product = main.pack_size.product
        picture = combo.image or product.image
        if picture is None:
            continue
        image = picture.file.url  # the original, as the pack sizes' items: no rendition query per item
        yield FeedItem(
            id=f"combo-{combo.pk}",
            title=combo.title,
            description=combo.summary or combo.title,
            link=base_url + combo.url,
            image_link=(base_url + image) if image.startswith("/") else image,
            availability="in_stock" if combo.is_available else "out_of_stock",
            price=f"{combo.price} VND",
            brand=product.producer.title if product.producer else "OCOP Việt",
            gtin=short_gtin(main.pack_size.gtin),
            item_group_id=f"combo-{combo.pk}",
            google_product_category=google_category(product),
        )
