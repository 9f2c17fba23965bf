"""What is sold and who makes it.

The page tree is the catalogue's backbone (see DESIGN.md): producers own their products as child
pages, so Wagtail's page permissions give each producer its own corner of the admin. Pack sizes are
inline rows on the product page. Money is whole đồng.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from places.collation import collation_string, sort_by_name
from places.mixins import AddressMixin

from . import tree
from .blocks import StoryBlock
from .certification import potential_five_in_force, stars_in_force
from .folded_search import FoldedTitleMixin
from .forms import ProducerPageForm, ProductCopyForm, ProductPageForm
from .gtin import InvalidGtin, normalize_gtin, short_gtin
from .limits import PriceField, validate_price, validate_stock
from .ocop import badge_for
from .pack_revisions import keep_live_values, note_live_prices
from .panels import CertificationPanel, CertificationSerializer, DemoMarkPanel
from .phone import phone_field
from .privacy import publicly_listed, under_restriction
from .slugs import VietnameseSlugMixin
from .structured_data import as_script_json, producer_json_ld, product_json_ld

CARD_RENDITION = "fill-480x480|format-webp"


def with_card_images(queryset, image_field="image"):
    """The images cards show and only their card rendition, in one query for a whole listing
    (Wagtail's `prefetch_renditions`)."""
    images = get_image_model().objects.prefetch_renditions(CARD_RENDITION)
    return queryset.prefetch_related(models.Prefetch(image_field, queryset=images))


def attach_card_images(*listings):
    """Give the cards of several listings their images and card renditions in two queries in all
    (Wagtail's `prefetch_renditions`), e.g. the home page's products, categories and producers."""
    cards = [card for listing in listings for card in listing]
    ids = {card.image_id for card in cards if card.image_id}
    images = get_image_model().objects.filter(pk__in=ids).prefetch_renditions(CARD_RENDITION).in_bulk()
    for card in cards:
        if card.image_id:
            card.image = images.get(card.image_id)


class PlaceSerializer(serializers.Serializer):
    code = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class ProducerSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


def paginate_cards(ids, request, cards, per_page=24):
    """Paginate cheap ids, then build cards (aggregates, renditions) only for the page shown, so a
    listing costs the same on a catalogue of 30 products or 20,000."""
    page = Paginator(ids, per_page).get_page(request.GET.get("page"))
    page.object_list = in_given_order(cards, list(page.object_list))
    return page


def in_given_order(queryset, ids):
    """The objects of `queryset` with these primary keys, in the order of `ids` (missing ones skipped)."""
    by_pk = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
    return [by_pk[pk] for pk in ids if pk in by_pk]


class ProducerKind(models.TextChoices):
    COMPANY = "company", _("Công ty, doanh nghiệp")
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    COOPERATIVE_GROUP = "cooperative_group", _("Tổ hợp tác")
    HOUSEHOLD = "household", _("Hộ kinh doanh")
    CRAFT_VILLAGE = "craft_village", _("Làng nghề")


# --- Categories --------------------------------------------------------------------------------------


class IndexPage(FoldedTitleMixin, VietnameseSlugMixin, Page):
    """A page that lists its children (categories, producers, stores): a title, an introduction, one
    of each kind in the site."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    # What the menu, breadcrumb trails and <title> call the page in an interface language other than
    # Vietnamese (cms/menu_labels.py); in Vietnamese, its title.
    menu_label = ""

    class Meta:
        abstract = True


class CategoryIndexPage(IndexPage):
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["catalogue.CategoryPage"]
    menu_label = _("Sản phẩm")

    class Meta:
        verbose_name = _("danh sách danh mục")
        verbose_name_plural = pgettext_lazy("plural", "danh sách danh mục")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = with_card_images(CategoryPage.objects.child_of(self).live())
        return context


class CategoryPage(FoldedTitleMixin, VietnameseSlugMixin, Page):
    intro = models.TextField(_("giới thiệu"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("image")]
    search_fields = [*FoldedTitleMixin.search_fields, index.SearchField("intro")]
    parent_page_types = ["catalogue.CategoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("danh mục")
        verbose_name_plural = pgettext_lazy("plural", "danh mục")

    def product_ids(self):
        products = publicly_listed(ProductPage.objects).filter(categories=self)
        return products.by_stars().values_list("pk", flat=True)

    def listed_product_ids(self):
        """`product_ids`, read once per version of the page tree (products are pages; a certification
        recorded bumps it too) and per day (a certificate lapses by date)."""
        key = f"{self.pk}:{timezone.localdate().isoformat()}"
        return tree.remember("category-products", key, lambda: list(self.product_ids()))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["products"] = paginate_cards(self.listed_product_ids(), request, ProductPage.objects.cards())
        return context


# --- Producers ---------------------------------------------------------------------------------------


class ProducerIndexPage(IndexPage):
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["catalogue.ProducerPage"]
    menu_label = _("Chủ thể OCOP")
    copy_form_class = ProductCopyForm

    class Meta:
        verbose_name = _("danh sách chủ thể")
        verbose_name_plural = pgettext_lazy("plural", "danh sách chủ thể")

    def producer_ids(self):
        rows = publicly_listed(ProducerPage.objects.child_of(self)).values_list("pk", "title")
        return [pk for pk, _title in sort_by_name(rows, name=lambda row: row[1])]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        cards = with_card_images(
            ProducerPage.objects.select_related("province", "commune").annotate(
                # What a visitor can open: live, under no password or sign-in (privacy.py).
                product_count=models.Count(
                    "products", filter=Q(products__live=True) & ~under_restriction("products__path")
                )
            )
        )
        context["producers"] = paginate_cards(self.producer_ids(), request, cards)
        return context


EARLIEST_FOUNDED_YEAR = 1000


def this_year() -> int:
    """This year in Vietnam (a year typed on 31/12 late at night is still that year there)."""
    return timezone.localdate().year


class ProducerPage(FoldedTitleMixin, VietnameseSlugMixin, AddressMixin, Page):
    """A "chủ thể OCOP": the legal subject behind products, with its place and its story."""

    kind = models.CharField(_("loại chủ thể"), max_length=30, choices=ProducerKind.choices)
    summary = models.TextField(_("tóm tắt"), max_length=400, blank=True)
    craft_village = models.CharField(_("làng nghề"), max_length=150, blank=True)
    phone = phone_field(_("điện thoại"), max_length=30)
    website = models.URLField(_("trang web"), blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("năm thành lập"),
        null=True,
        blank=True,
        # A craft village ("làng nghề") may be centuries old; no producer was founded after this year.
        validators=[
            MinValueValidator(EARLIEST_FOUNDED_YEAR, _("Năm thành lập không sớm hơn năm %(limit_value)s.")),
            MaxValueValidator(this_year, _("Năm thành lập không muộn hơn năm nay (%(limit_value)s).")),
        ],
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    story = StreamField(StoryBlock(), verbose_name=_("câu chuyện"), blank=True)
    is_demo = models.BooleanField(
        _("dữ liệu minh hoạ"), default=False, help_text=_("Một phần thông tin là giả lập cho bản demo")
    )
    trusted_publisher = models.BooleanField(
        _("được đăng trực tiếp"),
        default=False,
        help_text=_("Cán bộ OCOP cho phép chủ thể xuất bản thay đổi mà không cần duyệt"),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("founded_year")]),
        FieldPanel("summary"),
        FieldPanel("image"),
        AddressMixin.address_panel(FieldPanel("craft_village")),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("website")]),
        FieldPanel("story"),
        FieldPanel("is_demo"),
        # Only programme staff see (and so can change) it; the form leaves it out for anyone else.
        FieldPanel("trusted_publisher", permission="catalogue.certify_product"),
    ]
    base_form_class = ProducerPageForm
    copy_form_class = ProductCopyForm  # copied with its products: never publishes them without packs
    search_fields = [
        *FoldedTitleMixin.search_fields,
        index.SearchField("summary"),
        index.SearchField("craft_village"),
        index.FilterField("kind"),
    ]
    api_fields = [
        APIField("kind"),
        APIField("summary"),
        APIField("craft_village"),
        APIField("province", serializer=PlaceSerializer()),
        APIField("commune", serializer=PlaceSerializer()),
        APIField("former_address"),
        APIField("story"),
    ]
    parent_page_types = ["catalogue.ProducerIndexPage"]
    subpage_types = ["catalogue.ProductPage"]

    class Meta:
        verbose_name = _("chủ thể OCOP")
        verbose_name_plural = pgettext_lazy("plural", "chủ thể OCOP")

    def with_content_json(self, content):
        # Direct publishing is granted by programme staff, not by whoever edits the page: restoring or
        # publishing any revision (an old one reverted to, a draft saved before staff withdrew it) keeps
        # the mark the producer holds now (read afresh, as ProductPage keeps its certification).
        page = super().with_content_json(content)
        current = type(self).objects.filter(pk=self.pk).values_list("trusted_publisher", flat=True)
        page.trusted_publisher = bool(current.first()) if self.pk else False
        return page

    def products_for_listing(self):
        return ProductPage.objects.cards().filter(producer=self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["products"] = self.products_for_listing()
        context["stores"] = stores_nearby(self, request, stores_carrying_producer)
        context["json_ld"] = as_script_json(producer_json_ld(self, request))
        return context


# --- Products ----------------------------------------------------------------------------------------


class ProductTag(TaggedItemBase):
    content_object = ParentalKey(
        "catalogue.ProductPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("thẻ của sản phẩm")
        verbose_name_plural = pgettext_lazy("plural", "thẻ của sản phẩm")


def from_price(pack_sizes) -> int | None:
    """The price a product is sold "from": its cheapest pack in stock; its cheapest pack only when all
    are sold out (the card then says so). A sold-out cheap pack would promise a price nobody can pay."""
    packs = list(pack_sizes)
    offered = [pack for pack in packs if pack.in_stock] or packs
    return min((pack.price for pack in offered), default=None)


def priced_within(price_min: int | None = None, price_max: int | None = None) -> Q:
    """Pack sizes priced within the range (a bound left out is no bound)."""
    condition = Q()
    if price_min is not None:
        condition &= Q(price__gte=price_min)
    if price_max is not None:
        condition &= Q(price__lte=price_max)
    return condition


def from_price_subquery(price_min: int | None = None, price_max: int | None = None) -> Subquery:
    """`from_price` of the outer query's product as one subquery: packs in stock first, then the cheapest.
    With a price range, of its packs in the range: a shopper who asked for 40.000 ₫ and up is shown the
    pack they can buy at that price, not a cheaper one they excluded."""
    sold_out_last = Case(When(stock__gt=0, then=Value(0)), default=Value(1))
    packs = PackSize.objects.filter(priced_within(price_min, price_max), product=OuterRef("pk"))
    return Subquery(packs.order_by(sold_out_last, "price").values("price")[:1])


def offers_a_pack_within(price_min: int | None = None, price_max: int | None = None) -> Exists:
    """Whether the outer query's product offers a pack priced within the range, offered as `from_price`
    reads them: a pack in stock, or any pack when all are sold out."""
    packs = PackSize.objects.filter(product=OuterRef("pk"))
    none_in_stock = ~Exists(PackSize.objects.filter(product=OuterRef(OuterRef("pk")), stock__gt=0))
    offered = packs.filter(Q(stock__gt=0) | none_in_stock)
    return Exists(offered.filter(priced_within(price_min, price_max)))


def pack_size_totals(price_min: int | None = None, price_max: int | None = None) -> dict:
    """A product's "from" price (within a price range, if any) and whole stock as subqueries: aggregating
    a join instead would make the listing GROUP BY every column of two page models (~100), which cost
    more than the rest of its SQL."""
    packs = PackSize.objects.filter(product=OuterRef("pk")).order_by().values("product")
    return {
        "min_price": from_price_subquery(price_min, price_max),
        "total_stock": Subquery(packs.annotate(whole=Sum("stock")).values("whole")),
    }


class ProductPageQuerySet(PageQuerySet):
    def cards(self, images=True, price_min=None, price_max=None):
        """Live public products (none under a password or sign-in, privacy.py) with everything a
        product card shows, in a fixed number of queries (without `images`, the caller attaches them,
        see `attach_card_images`); with a price range, the "from" price is their cheapest pack in it."""
        cards = (
            self.live()
            .exclude(under_restriction())
            .select_related("certification")
            # The card names its producer and province: two columns, not two more page objects a card.
            .annotate(
                producer_name=F("producer__title"), producer_province=F("producer__province__short_name")
            )
            .annotate(**pack_size_totals(price_min, price_max))
            .by_stars()
        )
        return with_card_images(cards) if images else cards

    def by_stars(self, *then):
        """Most stars in force first (lapsed and revoked count as none), then by `then` or, as search
        lists them, a 4★ "tiềm năng 5 sao" before the other 4★, then in Vietnamese alphabetical order and
        by id (a page of a listing never repeats one)."""
        rated = self.annotate(stars_in_force=stars_in_force())
        most_stars = F("stars_in_force").desc(nulls_last=True)
        if then:
            return rated.order_by(most_stars, *then)
        rated = rated.annotate(potential_five_in_force=potential_five_in_force())
        return rated.order_by(most_stars, F("potential_five_in_force").desc(), *IN_VIETNAMESE_ORDER)


# Products' order by title: "Đường" after "Dưa", not after "Zô" as the title's bytes would put it.
IN_VIETNAMESE_ORDER = ("title_sort", "pk")


ProductPageManager = PageManager.from_queryset(ProductPageQuerySet)


class ProductPage(FoldedTitleMixin, VietnameseSlugMixin, Page):
    producer = models.ForeignKey(
        ProducerPage,
        verbose_name=_("chủ thể"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="products",
        help_text=_("Luôn là trang cha; được điền khi lưu."),
    )
    summary = models.TextField(_("mô tả ngắn"), max_length=400)
    description = RichTextField(_("mô tả"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh chính"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    categories = ParentalManyToManyField(CategoryPage, verbose_name=_("danh mục"), related_name="products")
    tags = ClusterTaggableManager(through=ProductTag, blank=True, verbose_name=_("thẻ"))
    ingredients = models.TextField(_("thành phần"), blank=True)
    shelf_life = models.CharField(
        _("hạn sử dụng"), max_length=100, blank=True, help_text=_("Ví dụ: 12 tháng")
    )
    storage = models.CharField(_("bảo quản"), max_length=200, blank=True)

    certification = models.ForeignKey(
        "catalogue.Certification",
        verbose_name=_("chứng nhận OCOP hiện tại"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Do cán bộ OCOP ghi nhận; không sửa được trong trang sản phẩm."),
    )
    # Listings order by it (`IN_VIETNAMESE_ORDER`): no database collation gives Vietnamese order.
    title_sort = models.TextField(
        default="", editable=False, help_text="The title's Vietnamese collation (places.collation)"
    )

    objects = ProductPageManager()

    base_form_class = ProductPageForm
    # A copy is a new product: it holds no certification until programme staff record one, and no
    # pack sizes (their SKU and GTIN belong to the original; a copy would break their uniqueness).
    exclude_fields_in_copy = ["certification", "pack_sizes"]
    copy_form_class = ProductCopyForm  # so a copy stays a draft until it has its own pack sizes
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("image"),
        InlinePanel("gallery_images", label=_("Ảnh khác")),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        CertificationPanel(heading=_("Chứng nhận OCOP")),
        InlinePanel("pack_sizes", label=_("Quy cách đóng gói"), min_num=1),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("ingredients"), FieldPanel("shelf_life"), FieldPanel("storage")],
            heading=_("Thông tin sản phẩm"),
        ),
    ]
    search_fields = [
        *FoldedTitleMixin.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("ingredients"),
        index.RelatedFields("producer", [index.SearchField("title")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("summary"),
        APIField("producer", serializer=ProducerSummarySerializer()),
        APIField("ocop_stars"),
        APIField("ocop_certification", serializer=CertificationSerializer(source="certification")),
        APIField("ingredients"),
        APIField("shelf_life"),
        APIField("pack_sizes"),
    ]
    parent_page_types = ["catalogue.ProducerPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = pgettext_lazy("plural", "sản phẩm")

    def save(self, *args, **kwargs):
        # The producer is always the parent page; keep the shortcut column in step with the tree.
        parent = self.get_parent() if self.path else None
        if parent is not None:
            self.producer_id = parent.id
        self.title_sort = collation_string(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "title_sort"}
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        # The certification is granted by programme staff, not by whoever edits the page: restoring or
        # publishing a revision keeps the record the product holds now (read afresh: `self` may be an
        # instance loaded before staff recorded a new decision).
        page = super().with_content_json(content)
        current = type(self).objects.filter(pk=self.pk).values_list("certification_id", flat=True)
        page.certification_id = current.first() if self.pk else None
        # Stock is live inventory and a price may have changed since the draft: see pack_revisions.
        keep_live_values(page.pack_sizes.all(), content, PackSize.objects.all())
        return page

    def serializable_data(self):
        # What a revision holds: with each pack's live price when saved, to tell a price edit apart.
        # (`shown_prices` is set by the editor's form: the prices it showed when opened.)
        shown = getattr(self, "shown_prices", None)
        return note_live_prices(super().serializable_data(), PackSize.objects.all(), shown)

    @cached_property
    def badge(self):
        return badge_for(self.certification)

    @property
    def ocop_stars(self) -> int | None:
        """Stars of the certification in force (None when lapsed, revoked or never certified)."""
        badge = self.badge
        return badge.stars if badge and not badge.expired else None

    def pack_size_list(self):
        return list(self.pack_sizes.all())

    # Joined into the routing query (pagecache.routing), so `load_shown_relations` has nothing to do.
    serve_select_related = ("image", "certification", "producer__province", "producer__commune")

    def load_shown_relations(self):
        """The picture, the certification and the producer (with its place) the page shows, in one
        query instead of three lazy ones. A preview keeps its own draft choices where they differ."""
        if all(self._meta.get_field(name).is_cached(self) for name in ("image", "certification", "producer")):
            return  # served: the routing query brought them (`serve_select_related`)
        saved = (
            type(self).objects.select_related(*self.serve_select_related).filter(pk=self.pk).first()
            if self.pk
            else None
        )
        for name in ("image", "certification", "producer"):
            if saved is not None and getattr(saved, f"{name}_id") == getattr(self, f"{name}_id"):
                setattr(self, name, getattr(saved, name))

    def category_links(self, request):
        """Its categories as titles and links: one query per version of the page tree (a preview
        shows its own draft choices, read afresh)."""

        def links():
            return [{"title": c.title, "url": c.get_url(request)} for c in self.categories.all()]

        return tree.remember_for(request, "categories", self.pk, links) if self.pk else links()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.load_shown_relations()
        context["pack_sizes"] = self.pack_size_list()
        context["gallery"] = self.gallery_images.select_related("image").prefetch_related("image__renditions")
        context["producer"] = self.producer
        context["categories"] = self.category_links(request)
        context["stores"] = stores_nearby(self, request, stores_carrying)
        context["json_ld"] = as_script_json(
            product_json_ld(self, context["pack_sizes"], context["producer"], request)
        )
        return context


class ProductGalleryImage(Orderable):
    product = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(_("chú thích"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("ảnh khác của sản phẩm")
        verbose_name_plural = pgettext_lazy("plural", "ảnh khác của sản phẩm")


class PackSizeQuerySet(models.QuerySet):
    def low_stock(self):
        """Packs whose stock is below the threshold their producer set, and every sold-out pack: a
        threshold of 0 turns the warning off, never the news that nothing is left to sell."""
        return self.filter(Q(stock__lt=F("low_stock_threshold")) | Q(stock=0))

    def by_product(self, *first):
        """After `first`, by product in Vietnamese alphabetical order, each product's packs together
        in their own order."""
        return self.order_by(*first, "product__title_sort", "product_id", "sort_order", "pk")


class PackSize(Orderable):
    """One sellable pack of a product (a SKU): what a barcode, a price and a stock count belong to."""

    product = ParentalKey(
        ProductPage, verbose_name=_("sản phẩm"), on_delete=models.CASCADE, related_name="pack_sizes"
    )
    label = models.CharField(_("quy cách"), max_length=80, help_text=_("Ví dụ: Hộp 400g, Túi 250g"))
    sku = models.CharField(_("mã SKU"), max_length=40, unique=True)
    gtin = models.CharField(
        _("mã GTIN"),
        max_length=14,
        unique=True,
        help_text=_("Mã vạch GTIN-8/12/13/14; lưu ở dạng 14 chữ số, số kiểm tra được xác thực."),
    )
    price = PriceField(_("giá (đồng)"), validators=[validate_price])
    stock = models.PositiveIntegerField(_("tồn kho"), default=0, validators=[validate_stock])
    low_stock_threshold = models.PositiveIntegerField(
        _("báo sắp hết khi còn dưới"),
        default=5,
        validators=[validate_stock],
        help_text=_("Trang tổng quan nhắc khi tồn kho xuống dưới số này"),
    )
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)

    objects = PackSizeQuerySet.as_manager()

    api_fields = [APIField("label"), APIField("sku"), APIField("gtin"), APIField("price"), APIField("stock")]
    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("sku")]),
        FieldRowPanel([FieldPanel("gtin"), FieldPanel("price"), FieldPanel("stock")]),
        FieldRowPanel([FieldPanel("low_stock_threshold"), DemoMarkPanel()]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("quy cách đóng gói")
        verbose_name_plural = pgettext_lazy("plural", "quy cách đóng gói")
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="pack_size_stock_not_negative"),
            models.CheckConstraint(condition=Q(price__gt=0), name="pack_size_price_positive"),
        ]

    def __str__(self):
        return self.full_label

    @property
    def full_label(self) -> str:
        """One pack of a product as buyers and editors name it, e.g. "Kẹo dừa sầu riêng – Hộp 400g"."""
        return f"{self.product.title} – {self.label}"

    def save(self, **kwargs):
        # A pack published from a revision leaves the columns it kept live (stock, maybe price and
        # GTIN) unwritten, so a sale committed meanwhile is not undone (pack_revisions).
        kept = getattr(self, "live_fields_kept", ())
        if kept and self.pk is not None and kwargs.get("update_fields") is None:
            fields = self._meta.concrete_fields
            kwargs["update_fields"] = [f.name for f in fields if not f.primary_key and f.name not in kept]
        return super().save(**kwargs)

    def clean(self):
        super().clean()
        if not self.gtin:
            return  # the field's own "required" message says it; "digits only" would say it twice
        try:
            self.gtin = normalize_gtin(self.gtin)
        except InvalidGtin as error:
            raise ValidationError({"gtin": str(error)}) from error

    @property
    def gtin13(self) -> str:
        return short_gtin(self.gtin)

    @property
    def in_stock(self) -> bool:
        return self.stock > 0


# OCOP stores, certifications, the stock log and gift combos live in their own modules; importing
# them here registers them with the app.
from .certification import Certification  # noqa: E402, F401
from .combos import GiftComboComponent, GiftComboIndexPage, GiftComboPage  # noqa: E402, F401
from .stock import StockMovement  # noqa: E402, F401
from .stores import (  # noqa: E402, F401
    StoreIndexPage,
    StorePage,
    stores_carrying,
    stores_carrying_producer,
    stores_nearby,
)
