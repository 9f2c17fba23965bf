"""Admin for traceability: lots with their events in one form, and certificates.

Staff search lots by lot code or GTIN, filter them by warning and dates, and open a lot's printable
label sheet and QR images from the listing. A producer's staff see, open and choose only their own
producer's lots and certificates (one producer-scoped permission policy per model, in
`permissions.py`, registered with Wagtail below); pages whose products have lots are not
deleted.
"""

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.models import Page
from wagtail.permissions import register_permission_policy

from catalogue.admin_fields import list_in_vietnamese_order
from catalogue.admin_views import (
    FoldedProductSearchMixin,
    ProducerScopedCopyView,
    ProducerScopedDeleteView,
    ProducerScopedEditView,
    ProducerScopedIndexView,
    ProducerScopedInspectView,
    ProducerScopedViewSet,
)
from catalogue.money import group_thousands
from cms.middleware import in_screen_language

from . import permissions, serial_admin
from .models import Certificate, CopyReport, Lot, NoticeLevel, codes_in_circulation

# Registered before any view asks the registry (Wagtail 8 would otherwise make a fallback policy).
register_permission_policy(Lot, permissions.lot_policy)
register_permission_policy(Certificate, permissions.certificate_policy)
register_permission_policy(CopyReport, permissions.report_policy)


# The lot filter's value for "Không có": that level is stored as "", which a filter takes for "Tất cả".
NO_NOTICE = "none"


class LotFilterSet(WagtailFilterSet):
    class Meta:
        model = Lot
        fields = {
            "notice_level": ["exact"],
            "is_demo": ["exact"],
            "production_date": ["gte", "lte"],
            "expiry_date": ["gte", "lte"],
        }

    @classmethod
    def filter_for_lookup(cls, field, lookup_type):
        """Wagtail's radio filter for the notice level, its "Không có" sent as NO_NOTICE."""
        filter_class, params = super().filter_for_lookup(field, lookup_type)
        if field.name == "notice_level":
            params["choices"] = [(value or NO_NOTICE, label) for value, label in NoticeLevel.choices]
            params["method"] = "filter_notice_level"
        return filter_class, params

    def filter_notice_level(self, queryset, name, value):
        return queryset.filter(notice_level="" if value == NO_NOTICE else value)


class LabelsColumn(Column):
    """Links to the lot's label sheet, QR image and public page, and to its per-package labels and its
    recall or warning: a producer looking for how to recall a lot finds it on the lot's row, not only
    in its edit page's "more" menu. Programme staff, who recall any lot but change none, get no link
    to the per-package labels (its producer's to issue and void)."""

    def links(self, instance, user):
        links = format_html(
            '<a href="{}">{}</a> · <a href="{}">QR</a> · <a href="{}" target="_blank" rel="noopener">{}</a>',
            in_screen_language(reverse("traceability:label_sheet", args=[instance.pk])),
            _("In tem"),
            reverse("traceability:lot_qr_svg", args=[instance.pk]),
            in_screen_language(instance.get_absolute_url()),
            _("Xem trang"),
        )
        actions = []
        if user.has_perm("traceability.change_lot"):
            actions.append((reverse("traceability_serials:lot", args=[instance.pk]), _("Tem theo gói")))
        # Every lot listed is one the user sees, so one they recall if they recall at all: no query a row.
        if permissions.lot_policy.user_has_permission(user, permissions.RECALL):
            actions.append(
                (reverse("traceability_serials:notice", args=[instance.pk]), _("Thu hồi / cảnh báo"))
            )
        if not actions:
            return links
        return format_html("{}<br>{}", links, format_html_join(" · ", '<a href="{}">{}</a>', actions))

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = self.links(instance, context["request"].user)
        return context


class ScopedFormMixin:
    """Choices in the add/edit form are limited to the user's own pack sizes, producers and lots; a
    forged id then fails the form's own validation ("Select a valid choice")."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        user = self.request.user
        if "pack_size" in form.fields:
            field = form.fields["pack_size"]
            field.queryset = permissions.selectable_pack_sizes(user, field.queryset)
        if "lot" in form.fields:
            field = form.fields["lot"]
            lots = field.queryset.select_related("pack_size__product").order_by(
                "code", "pack_size__product__title"
            )
            field.queryset = permissions.visible_lots(user, lots)
        if "producer" in form.fields and not permissions.sees_everything(user):
            # A short list of their own producer(s) instead of a chooser browsing the whole site.
            field = form.fields["producer"]
            field.widget = forms.Select()
            field.queryset = permissions.selectable_producers(user, field.queryset)
            list_in_vietnamese_order(field)
        return form


class ScopedCreateView(ScopedFormMixin, CreateView):
    pass


class ScopedEditView(ScopedFormMixin, ProducerScopedEditView):
    pass


class ScopedCopyView(ScopedFormMixin, ProducerScopedCopyView):
    pass


class LotEditView(ScopedEditView):
    """The lot's edit page links its printable label sheet, its QR code and its public page."""

    @cached_property
    def header_more_buttons(self):
        pk = self.object.pk
        return [
            *super().header_more_buttons,
            Button(
                _("In tem truy xuất"),
                url=in_screen_language(reverse("traceability:label_sheet", args=[pk])),
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
                _("Xem trang truy xuất"),
                url=in_screen_language(self.object.get_absolute_url()),
                icon_name="view",
                priority=32,
            ),
            Button(
                _("Tem theo gói"),
                url=reverse("traceability_serials:lot", args=[pk]),
                icon_name="list-ol",
                priority=33,
            ),
            Button(
                _("Thu hồi / cảnh báo"),
                url=reverse("traceability_serials:notice", args=[pk]),
                icon_name="warning",
                priority=34,
            ),
        ]


class LotInspectView(ProducerScopedInspectView):
    """A lot read by one who may not change it (programme staff) still leads to its recall or warning."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if permissions.may_recall(self.request.user, self.object):
            buttons.append(
                Button(
                    _("Thu hồi / cảnh báo"),
                    url=reverse("traceability_serials:notice", args=[self.object.pk]),
                    icon_name="warning",
                    priority=34,
                )
            )
        return buttons


class LotIndexView(FoldedProductSearchMixin, ProducerScopedIndexView):
    codes_first = True
    product_lookup = "pack_size__product"


class LotDeleteView(ProducerScopedDeleteView):
    """A lot made by mistake (a wrong pack, 0 packages) is deleted by its producer's staff, as long as
    nothing of it is out in the world: once serials are issued, a scan recorded or packages shipped,
    its QR codes are on packages and deleting it would make every one of them read "not genuine"."""

    in_circulation_message = _(
        "Lô %(code)s đã có tem in ra (tem theo gói, lượt quét hoặc hàng đã giao) nên không thể xoá: mọi "
        "mã QR đã in sẽ bị báo là không chính hãng. Nếu lô có sai sót, hãy sửa lô hoặc đặt cảnh báo."
    )

    edit_url_name = None  # given by the viewset, as to its other views: where a refusal sends back

    def get(self, request, *args, **kwargs):
        return self.refusal() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refusal() or super().post(request, *args, **kwargs)

    def refusal(self):
        if not codes_in_circulation(self.object):
            return None
        messages.error(self.request, self.in_circulation_message % {"code": self.object.code})
        return redirect(self.edit_url_name, self.object.pk)


def pack_with_gtin(lot) -> str:
    """ "Kẹo dừa sầu riêng – Hộp 400g (8930000000012)": the pack by name, for the producer, and by the
    GTIN its QR codes carry, for whoever matches a printed label to its lot."""
    pack = lot.pack_size
    return f"{pack.full_label} ({pack.gtin})" if pack.gtin else pack.full_label


class LotViewSet(ProducerScopedViewSet):
    model = Lot
    listing_queryset = Lot.objects.select_related("pack_size__product")
    index_view_class = LotIndexView
    add_view_class = ScopedCreateView
    edit_view_class = LotEditView
    delete_view_class = LotDeleteView
    inspect_view_class = LotInspectView
    icon = "list-ol"
    menu_label = _("Lô sản xuất")
    list_display = [
        "code",
        Column(
            "pack_size",
            label=capfirst(Lot._meta.get_field("pack_size").verbose_name),
            accessor=pack_with_gtin,
        ),
        "production_date",
        "expiry_date",
        Column(
            "quantity",
            label=capfirst(Lot._meta.get_field("quantity").verbose_name),
            sort_key="quantity",
            accessor=lambda lot: group_thousands(lot.quantity),  # "3.500", as the serial page says it
        ),
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
    # A lot code names one run of packages and is printed on them: a copy would be a second run under
    # the same code, and the events copied with it would be another lot's story.
    copy_view_enabled = False


class CertificateFilterSet(WagtailFilterSet):
    class Meta:
        model = Certificate
        fields = {"kind": ["exact"], "is_demo": ["exact"], "valid_until": ["gte", "lte"]}


OCOP_DECISION_READ_ONLY = _(
    "Quyết định công nhận OCOP nay được ghi ở mục “Chứng nhận OCOP” cho từng sản phẩm: bản ghi cũ này "
    "chỉ để xem, không sửa hay sao chép được, và không còn hiện trên trang truy xuất của lô. Nếu "
    "quyết định cần sửa, hãy liên hệ cán bộ chương trình OCOP."
)


class CertificateIndexView(ProducerScopedIndexView):
    """No edit or copy in the row's menu where the user may not change the certificate."""

    def get_edit_url(self, instance):
        if permissions.may_change_certificate(self.request.user, instance):
            return super().get_edit_url(instance)
        return None

    def get_copy_url(self, instance):
        if permissions.may_change_certificate(self.request.user, instance):
            return super().get_copy_url(instance)
        return None


class CertificateInspectView(ProducerScopedInspectView):
    def get_edit_url(self):
        if permissions.may_change_certificate(self.request.user, self.object):
            return super().get_edit_url()
        return None


class ChangeableCertificateOnly:
    """Edit and copy of a certificate the user may not change (an old OCOP decision): back to the
    certificate's page with the reason, rather than a form that cannot be saved."""

    inspect_url_name = None  # the copy view is not given one by Wagtail: CertificateViewSet gives it

    def dispatch(self, request, *args, **kwargs):
        certificate = self.get_object()
        if not self.permission_policy.user_has_permission_for_instance(request.user, "change", certificate):
            messages.error(request, OCOP_DECISION_READ_ONLY)
            return redirect(self.inspect_url_name, certificate.pk)
        return super().dispatch(request, *args, **kwargs)


class CertificateEditView(ChangeableCertificateOnly, ScopedEditView):
    pass


class CertificateCopyView(ChangeableCertificateOnly, ScopedCopyView):
    pass


class CertificateViewSet(ProducerScopedViewSet):
    model = Certificate
    listing_queryset = Certificate.objects.select_related("producer", "lot__pack_size__product")
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    add_view_class = ScopedCreateView
    edit_view_class = CertificateEditView
    # Scoped as the add form is: the copy's producer and lot are chosen among the user's own.
    copy_view_class = CertificateCopyView

    def get_copy_view_kwargs(self, **kwargs):
        return super().get_copy_view_kwargs(inspect_url_name=self.get_url_name("inspect"), **kwargs)

    icon = "doc-full"
    menu_label = _("Giấy chứng nhận")
    list_display = ["kind", "number", "issuer", "valid_from", "valid_until", "producer", "lot"]
    list_export = ["kind", "number", "issuer", "valid_from", "valid_until", "producer", "lot"]
    search_fields = ["number", "issuer", "producer__title", "lot__code"]
    filterset_class = CertificateFilterSet
    inspect_view_enabled = True


# Apps above traceability add their viewsets to its menu with `menu_hook = MENU_HOOK` (storefront's log
# of the buyers told of a lot's recall), as Wagtail's groups take them, never named here.
MENU_HOOK = "register_traceability_menu_item"


class TraceabilityGroup(ViewSetGroup):
    menu_label = _("Truy xuất nguồn gốc")
    menu_icon = "site"
    menu_order = 220
    submenu_hook = MENU_HOOK
    items = (
        LotViewSet("lots"),
        CertificateViewSet("certificates"),
        serial_admin.CopyReportViewSet("copyreports"),
    )


@hooks.register("register_admin_viewset")
def register_traceability_viewsets():
    return TraceabilityGroup()


@hooks.register("register_admin_urls")
def register_serial_admin_urls():
    return [path("", include((serial_admin.admin_urls(), "traceability_serials")))]


@hooks.register("construct_homepage_panels")
def add_serial_stats_panel(request, panels):
    if request.user.has_perm("traceability.view_lot"):
        panels.append(serial_admin.SerialStatsPanel(request.user))


def pages_holding_lots(pages):
    """Which of these pages (or pages below them) have pack sizes with lots, in one query."""
    paths = Q()
    for page in pages:
        paths |= Q(pack_size__product__path__startswith=page.path)
    return Lot.objects.filter(paths).exists() if paths else False


def _refuse_deleting_pages_with_lots(request, pages, back_url):
    """Lots protect their pack size (the printed QR codes must keep working), so a product or
    producer page with lots is not deleted: the editor is told why instead of a server error."""
    if not pages_holding_lots(pages):
        return None
    messages.error(
        request,
        _(
            "Không thể xoá: sản phẩm của trang này đã có lô sản xuất (mã QR đã in vẫn trỏ tới). "
            "Hãy gỡ xuất bản trang hoặc đặt tồn kho về 0."
        ),
    )
    return redirect(back_url)


@hooks.register("before_delete_page")
def keep_pages_with_lots(request, page):
    return _refuse_deleting_pages_with_lots(
        request, [page], reverse("wagtailadmin_pages:edit", args=[page.pk])
    )


@hooks.register("before_bulk_action")
def keep_pages_with_lots_in_bulk(request, action_type, objects, action_class_instance):
    if action_type != "delete" or not objects or not isinstance(objects[0], Page):
        return None
    parent = objects[0].get_parent()
    return _refuse_deleting_pages_with_lots(
        request, objects, reverse("wagtailadmin_explore", args=[parent.pk])
    )


@hooks.register("register_producer_permissions")
def producer_traceability_permissions():
    """A producer's staff record its lots and certificates and read the copied-label reports on its
    lots: the admin shows them only their own (`permissions.visible_lots`, `visible_certificates`,
    `visible_reports`). They delete a lot made by mistake while none of its codes is out
    (`LotDeleteView`); certificates and reports are never deleted."""
    return [
        "traceability.add_lot",
        "traceability.change_lot",
        "traceability.delete_lot",
        "traceability.view_lot",
        "traceability.add_certificate",
        "traceability.change_certificate",
        "traceability.view_certificate",
        "traceability.view_copyreport",
    ]


@hooks.register("register_programme_staff_permissions")
def programme_staff_traceability_permissions():
    """Programme staff read every copied-label report (those about no known lot too): they are
    emailed each one, with a link to it in the admin. They find and read every lot, and set or lift
    a recall or warning on any of them; they change no lot, event, serial or label sheet."""
    return [
        "traceability.view_copyreport",
        "traceability.view_all_lots",
        "traceability.view_lot",
        "traceability.recall_any_lot",
    ]
