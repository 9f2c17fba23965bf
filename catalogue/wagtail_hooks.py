"""Admin for the catalogue: pack sizes across all products, with filters, searchable by SKU and GTIN."""

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet

from .models import PackSize


class PackSizeFilterSet(WagtailFilterSet):
    class Meta:
        model = PackSize
        fields = ["is_demo"]


class PackSizeViewSet(ModelViewSet):
    model = PackSize
    icon = "tag"
    menu_label = "Quy cách & tồn kho"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["label", "product", "sku", "gtin", "price", "stock"]
    list_export = ["product", "label", "sku", "gtin", "price", "stock"]
    search_fields = ["sku", "gtin", "label"]
    filterset_class = PackSizeFilterSet
    inspect_view_enabled = True
    form_fields = ["stock", "price"]


@hooks.register("register_admin_viewset")
def register_pack_size_viewset():
    return PackSizeViewSet("pack_sizes")


@hooks.register("construct_admin_api", order=100)  # after Wagtail's own registrations, to replace them
def admin_api_lists_only_the_users_own_files(router):
    from .admin_api import OwnDocumentsAdminAPIViewSet, OwnImagesAdminAPIViewSet

    router.register_endpoint("images", OwnImagesAdminAPIViewSet)
    router.register_endpoint("documents", OwnDocumentsAdminAPIViewSet)


@hooks.register("register_admin_viewset")
def register_pack_size_chooser():
    from .choosers import pack_size_chooser_viewset

    return pack_size_chooser_viewset
