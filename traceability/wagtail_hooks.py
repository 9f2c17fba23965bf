"""Admin for traceability: lots with their events in one form, and certificates.

Staff search lots by lot code or GTIN, filter them by warning and dates, and open a lot's printable
label sheet and QR images from the listing.
"""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from .models import Certificate, Lot


class LotFilterSet(WagtailFilterSet):
    class Meta:
        model = Lot
        fields = {
            "notice_level": ["exact"],
            "is_demo": ["exact"],
            "production_date": ["gte", "lte"],
            "expiry_date": ["gte", "lte"],
        }


class LabelsColumn(Column):
    """Links to the lot's label sheet, QR image and public page."""

    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">QR</a> · <a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("traceability:label_sheet", args=[instance.pk]),
            _("In tem"),
            reverse("traceability:lot_qr_svg", args=[instance.pk]),
            instance.get_absolute_url(),
            _("Xem trang"),
        )

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = self.get_value(instance)
        return context


class LotEditView(EditView):
    """The lot's edit page links its printable label sheet, its QR code and its public page."""

    @cached_property
    def header_more_buttons(self):
        pk = self.object.pk
        return [
            *super().header_more_buttons,
            Button(
                _("In tem truy xuất"),
                url=reverse("traceability:label_sheet", args=[pk]),
                icon_name="doc-full",
                priority=30,
            ),
            Button(
                _("Mã QR (SVG)"),
                url=reverse("traceability:lot_qr_svg", args=[pk]),
                icon_name="image",
                priority=31,
            ),
            Button(
                _("Xem trang truy xuất"), url=self.object.get_absolute_url(), icon_name="view", priority=32
            ),
        ]


class LotViewSet(ModelViewSet):
    model = Lot
    edit_view_class = LotEditView
    icon = "list-ol"
    menu_label = _("Lô sản xuất")
    list_display = [
        "code",
        "pack_size",
        "production_date",
        "expiry_date",
        "quantity",
        "notice_level",
        LabelsColumn("labels", label=_("Tem & QR")),
    ]
    list_export = [
        "code",
        "pack_size",
        "production_date",
        "expiry_date",
        "quantity",
        "scan_count",
        "notice_level",
    ]
    search_fields = ["code", "pack_size__gtin", "pack_size__sku", "pack_size__product__title"]
    filterset_class = LotFilterSet
    inspect_view_enabled = True
    copy_view_enabled = True

    def get_queryset(self, request):
        return Lot.objects.select_related("pack_size__product")


class CertificateFilterSet(WagtailFilterSet):
    class Meta:
        model = Certificate
        fields = {"kind": ["exact"], "is_demo": ["exact"], "valid_until": ["gte", "lte"]}


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("Giấy chứng nhận")
    list_display = ["kind", "number", "issuer", "valid_from", "valid_until", "producer", "lot"]
    list_export = ["kind", "number", "issuer", "valid_from", "valid_until", "producer", "lot"]
    search_fields = ["number", "issuer", "producer__title", "lot__code"]
    filterset_class = CertificateFilterSet
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Certificate.objects.select_related("producer", "lot__pack_size")


class TraceabilityGroup(ViewSetGroup):
    menu_label = _("Truy xuất nguồn gốc")
    menu_icon = "site"
    menu_order = 220
    items = (LotViewSet("lots"), CertificateViewSet("certificates"))


@hooks.register("register_admin_viewset")
def register_traceability_viewsets():
    return TraceabilityGroup()
