"""Admin for the catalogue: pack sizes across all products, with filters, searchable by SKU and GTIN."""

from django.contrib import messages
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .admin_fields import use_own_files_in_admin_forms, use_vietnamese_slugs_in_admin_forms
from .admin_views import ReadableExportMixin, ReadableInspectMixin, ScrollingListingMixin
from .certification import Certification
from .certification_admin import CertificationViewSet, permission_policy
from .dashboard import producer_panels
from .image_operations import DrawableFillOperation
from .models import PackSize, ProducerPage, ProductPage
from .money import format_vnd
from .permissions import producer_editors
from .stock import StockMovement
from .stock_admin import (
    StockMovementViewSet,
    may_count_stock,
    stock_movement_policy,
    stock_prices_view,
)


class PackSizeFilterSet(WagtailFilterSet):
    class Meta:
        model = PackSize
        fields = ["is_demo"]


class PackSizePermissionPolicy(ModelPermissionPolicy):
    """Pack sizes are made and removed in their product's editor (its moderation, its check of the
    lots printed with a GTIN); this screen edits a price and a threshold, so it offers no add, copy or
    delete, to anyone."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class PackSizeIndexView(ScrollingListingMixin, ReadableExportMixin, IndexView):
    pass


class PackSizeInspectView(ReadableInspectMixin, InspectView):
    def get_price_display_value(self):
        return format_vnd(self.object.price)  # "48.000 ₫", not 48000


class PackSizeViewSet(ModelViewSet):
    model = PackSize
    icon = "tag"
    menu_label = _("Quy cách & tồn kho")
    menu_order = 210
    add_to_admin_menu = True
    list_display = [
        "label",
        "product",
        "sku",
        "gtin",
        Column("price", label=_("giá (đồng)"), accessor=lambda pack: format_vnd(pack.price)),
        "stock",
    ]
    list_export = ["product", "label", "sku", "gtin", "price", "stock"]
    search_fields = ["sku", "gtin", "label"]
    filterset_class = PackSizeFilterSet
    inspect_view_enabled = True
    inspect_view_class = PackSizeInspectView
    index_view_class = PackSizeIndexView
    # What an editor knows a pack by (not Orderable's "Sort order", nor the raw product id).
    inspect_view_fields = [
        "product",
        "label",
        "sku",
        "gtin",
        "price",
        "stock",
        "low_stock_threshold",
        "is_demo",
    ]
    copy_view_enabled = False
    # Price and threshold only (not the model's panels, which the product editor's inline uses): stock
    # is counted on "Tồn kho và giá" (stock_admin.py), which writes a count only where the user changed
    # it and refuses one that sales changed since the page was opened, while a form here would post the
    # whole, possibly stale, stock back over sales made meanwhile; label, SKU and GTIN are the product
    # page's content, changed through its editor (and its moderation, and its GTIN-with-lots check).
    panels = [
        HelpPanel(
            content=_(
                "Tồn kho được đếm và sửa ở trang “Tồn kho và giá”; tên quy cách, SKU và mã GTIN được sửa "
                "trong trang sản phẩm."
            )
        ),
        FieldRowPanel([FieldPanel("price"), FieldPanel("low_stock_threshold")]),
    ]


@hooks.register("register_admin_viewset")
def register_pack_size_viewset():
    return PackSizeViewSet("pack_sizes")


@hooks.register("construct_admin_api", order=100)  # after Wagtail's own registrations, to replace them
def admin_api_on_the_catalogues_terms(router):
    """The admin API lists only the user's own files, and copies products as the copy form does."""
    from .admin_api import (
        CataloguePagesAdminAPIViewSet,
        OwnDocumentsAdminAPIViewSet,
        OwnImagesAdminAPIViewSet,
    )

    router.register_endpoint("pages", CataloguePagesAdminAPIViewSet)
    router.register_endpoint("images", OwnImagesAdminAPIViewSet)
    router.register_endpoint("documents", OwnDocumentsAdminAPIViewSet)


@hooks.register("register_admin_viewset")
def register_pack_size_chooser():
    from .choosers import pack_size_chooser_viewset

    return pack_size_chooser_viewset


register_permission_policy(PackSize, PackSizePermissionPolicy(PackSize))
register_permission_policy(Certification, permission_policy)
register_permission_policy(StockMovement, stock_movement_policy)


@hooks.register("register_admin_viewset")
def register_certification_viewset():
    return CertificationViewSet("ocop_certifications")


@hooks.register("register_admin_viewset")
def register_stock_movement_viewset():
    return StockMovementViewSet("stock_movements")


use_vietnamese_slugs_in_admin_forms()


# Among the admin's viewsets, after all others (order 1): Wagtail's document chooser viewset, when
# registered, puts back a plain chooser widget for every document key, and model viewsets (lots,
# certificates) build their form classes right after every viewset is registered. Before that, a
# forged document id (another producer's private test report) was saved on a certificate or a lot
# event. Not at import either: Wagtail's snippets app imports every wagtail_hooks module in its
# ready(), before the images app registers its own field options (see use_own_files_in_admin_forms).
@hooks.register("register_admin_viewset", order=1)
def own_files_in_admin_forms():
    use_own_files_in_admin_forms()
    return []  # no viewset of its own


@hooks.register("register_admin_urls")
def register_stock_prices_url():
    return [path("ton-kho-va-gia/", stock_prices_view, name="stock_prices")]


class StockPricesMenuItem(MenuItem):
    def is_shown(self, request):
        return may_count_stock(request.user)


@hooks.register("register_admin_menu_item")
def register_stock_prices_menu_item():
    return StockPricesMenuItem(_("Tồn kho và giá"), reverse("stock_prices"), icon_name="tag", order=205)


@hooks.register("construct_homepage_panels")
def add_producer_panels(request, panels):
    panels.extend(producer_panels(request))


@hooks.register("after_create_page")
def give_a_new_producer_its_group_and_collection(request, page):
    """A producer page made in the admin gets its staff group and file collection at once (as
    `grant_producer_access` would make them), so the Users screen offers the group to tick."""
    if isinstance(page.specific, ProducerPage):
        producer_editors(page.specific)


@hooks.register("after_copy_page")
def say_a_copied_product_waits_for_its_pack_sizes(request, page, new_page):
    """A product's copy is a draft without pack sizes (ProductCopyForm): say what it needs to go live."""
    if isinstance(new_page.specific, ProductPage):
        messages.info(
            request,
            _(
                "Bản sao chưa có quy cách đóng gói (mã SKU và GTIN là của bản gốc) nên được lưu dưới dạng "
                "bản nháp: hãy thêm quy cách rồi xuất bản."
            ),
        )


@hooks.register("register_image_operations", order=1)  # after Wagtail's own, to replace its "fill"
def register_drawable_fill():
    return [("fill", DrawableFillOperation)]


@hooks.register("insert_global_admin_css")
def phone_friendly_listings():
    """The project's admin screens on a phone, on every admin page: listings (orders, lots, stock log…)
    scroll sideways, and the dashboard panels, stock screen, order and ship-lots pages fit the width."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-phone.css"))
