"""OCOP stores: physical shops that introduce and sell OCOP products ("cửa hàng giới thiệu và bán sản
phẩm OCOP"; Bến Tre planned five, one per district). Content pages, listed under one index."""

from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Page, PagePermissionTester
from wagtail.search import index

from places.codes import parse_code
from places.collation import sort_by_name, vietnamese_key
from places.mixins import AddressMixin

from . import tree
from .folded_search import FoldedTitleMixin
from .forms import StorePageForm
from .models import IndexPage, ProducerPage, ProductPage
from .phone import phone_field
from .privacy import publicly_listed
from .slugs import VietnameseSlugMixin
from .structured_data import as_script_json, store_json_ld


class StoreIndexPage(IndexPage):
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["catalogue.StorePage"]
    menu_label = _("Cửa hàng OCOP")

    class Meta:
        verbose_name = _("danh sách cửa hàng OCOP")
        verbose_name_plural = pgettext_lazy("plural", "danh sách cửa hàng OCOP")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stores = publicly_listed(StorePage.objects.child_of(self)).select_related("province", "commune")
        context["stores"] = sort_by_name(stores, name=lambda store: store.title)
        return context


class StorePagePermissionTester(PagePermissionTester):
    """A store's own account edits and publishes its page (address, hours, what it carries); taking the
    page down, unpublishing it, putting a password on it or copying it (a new store in the list, which
    it cannot add to) is for those who manage the stores' list (superusers, or a group with publishing
    rights on the index), not for the store itself."""

    def manages_stores(self) -> bool:
        parent = self.page.get_parent()
        return self.user.is_superuser or (
            parent is not None and "publish" in parent.permissions_for_user(self.user).permissions
        )

    def can_delete(self, ignore_bulk=False):
        return super().can_delete(ignore_bulk) and self.manages_stores()

    def can_unpublish(self):
        return super().can_unpublish() and self.manages_stores()

    def can_set_view_restrictions(self):
        return super().can_set_view_restrictions() and self.manages_stores()

    def can_copy(self):
        return super().can_copy() and self.manages_stores()


class StorePage(FoldedTitleMixin, VietnameseSlugMixin, AddressMixin, Page):
    # Required, unlike a producer's: shoppers walk to a store.
    street_address = models.CharField(_("địa chỉ (số nhà, đường)"), max_length=200)
    phone = phone_field(_("điện thoại"), max_length=30)
    opening_hours = models.CharField(
        _("giờ mở cửa"), max_length=120, blank=True, help_text=_("Ví dụ: 7:00–21:00 hằng ngày")
    )
    map_url = models.URLField(_("đường dẫn bản đồ"), blank=True)
    description = models.TextField(_("giới thiệu"), blank=True)
    producers = ParentalManyToManyField(
        "catalogue.ProducerPage",
        verbose_name=_("chủ thể có hàng tại cửa hàng"),
        blank=True,
        related_name="stores",
    )
    products = ParentalManyToManyField(
        "catalogue.ProductPage",
        verbose_name=_("sản phẩm có bán tại cửa hàng"),
        blank=True,
        related_name="stores",
        help_text=_("Ngoài toàn bộ sản phẩm của các chủ thể đã chọn ở trên"),
    )
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)

    content_panels = [
        *Page.content_panels,
        AddressMixin.address_panel(FieldPanel("map_url")),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("opening_hours")]),
        FieldPanel("description"),
        FieldPanel("producers"),
        FieldPanel("products"),
        FieldPanel("is_demo"),
    ]
    search_fields = [
        *FoldedTitleMixin.search_fields,
        index.SearchField("street_address"),
        index.SearchField("description"),
    ]
    parent_page_types = ["catalogue.StoreIndexPage"]
    subpage_types = []
    base_form_class = StorePageForm

    class Meta:
        verbose_name = _("cửa hàng OCOP")
        verbose_name_plural = pgettext_lazy("plural", "cửa hàng OCOP")

    def permissions_for_user(self, user):
        return StorePagePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Chosen as the page being shown has them (a preview's choices are not saved yet).
        chosen = ProducerPage.objects.filter(pk__in=self.producers.values_list("pk", flat=True))
        producers = sort_by_name(publicly_listed(chosen), name=lambda producer: producer.title)
        context["producers"] = producers
        context["products"] = self.products_for_listing()
        context["meta_description"] = self.share_description(producers)  # see cms.seo.SaidInContext
        context["json_ld"] = as_script_json(store_json_ld(self, request))
        return context

    def products_for_listing(self):
        """The products it chose one by one (beyond its producers' whole range) as cards, live public
        ones only (`ProductPage.objects.cards`), as chosen on the page being shown (a preview's too)."""
        return ProductPage.objects.cards().filter(pk__in=self.products.values_list("pk", flat=True))

    def share_description(self, producers) -> str:
        """What the store's page says when shared or found: its name, where it is and whose goods it
        carries (the editor's search description, when written, is said instead)."""
        said = gettext("%(store)s, %(address)s.") % {"store": self.title, "address": self.address_line}
        if producers:
            carried = gettext("Có sản phẩm OCOP của %(producers)s.")
            said += " " + carried % {"producers": ", ".join(producer.title for producer in producers)}
        return said


def stores_carrying(product, province_code=None):
    """Live public stores that carry a product (it, or everything of its producer), the visitor's chosen
    province first, then by name in Vietnamese order; one query."""
    return nearest_first(
        publicly_listed(StorePage.objects).filter(
            models.Q(products=product) | models.Q(producers=product.producer_id)
        ),
        province_code,
    )


def stores_carrying_producer(producer, province_code=None):
    """Live public stores that carry a producer's goods (all of them, or one of its public products chosen
    on its own: not one under a password, whose page shoppers cannot open), ordered as `stores_carrying`;
    one query."""
    public_products = publicly_listed(ProductPage.objects.filter(producer=producer)).values("pk")
    carried = models.Q(producers=producer) | models.Q(products__in=public_products)
    return nearest_first(publicly_listed(StorePage.objects).filter(carried), province_code)


def nearest_first(stores, province_code):
    """Each store once (carried two ways, it joins twice), the chosen province first, then by name."""
    stores = stores.distinct().select_related("province", "commune")
    return sorted(stores, key=lambda store: (store.province_id != province_code, vietnamese_key(store.title)))


def stores_nearby(page, request, carrying):
    """The stores `carrying(page, province)` finds, as "Mua tại cửa hàng" lists them (a product's page,
    a producer's), the visitor's province first: one query per version of the page tree (stores,
    producers and products are all pages) and province."""
    province = chosen_province(request)

    def stores():
        return [
            {
                "title": store.title,
                "url": store.get_url(request),
                "address_line": store.address_line,
                "former_address": store.former_address,
                "opening_hours": store.opening_hours,
            }
            for store in carrying(page, province)
        ]

    if not page.pk:
        return stores()
    return tree.remember_for(request, f"stores:{carrying.__name__}", f"{page.pk}:{province or ''}", stores)


def chosen_province(request):
    """The province the visitor chose: `?province=<code>` (as in search) or the one kept in its session."""
    return parse_code(request.GET.get("province") or request.session.get("province"))
