"""A producer's dashboard in the Wagtail admin: only its own data, in the words a producer uses.

Each panel is a short list of lines, each linking to where the matter is handled. Panels show only to
a producer's staff (users who may edit a producer page and are not programme staff or superusers).
Storefront panels (orders to confirm and ship) are registered by the storefront's own hooks.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

from .certification import Certification, may_certify
from .models import PackSize, ProducerPage, ProductPage

EXPIRY_WARNING_DAYS = 90


def own_producers(user):
    """The producer pages this user may edit (a subquery)."""
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return ProducerPage.objects.filter(pk__in=pages.values("pk"))


def is_producer_staff(user) -> bool:
    """A producer's own staff; programme staff (who may edit every producer to moderate) are not."""
    return user.is_active and not user.is_superuser and not may_certify(user) and own_producers(user).exists()


class ListPanel(Component):
    """A titled list of (text, detail, url) lines; `empty` when there is nothing to do."""

    template_name = "catalogue/admin/dashboard_panel.html"
    title = ""
    empty = ""
    order = 50

    def __init__(self, user):
        self.user = user

    @property
    def name(self):
        return type(self).__name__.lower()

    def lines(self):
        return []

    def get_context_data(self, parent_context=None):
        return {"title": self.title, "empty": self.empty, "lines": self.lines(), "name": self.name}


class LowStockPanel(ListPanel):
    title = _("Tồn kho sắp hết")
    empty = _("Mọi quy cách đều còn đủ hàng.")
    order = 40

    def lines(self):
        packs = (
            PackSize.objects.filter(product__producer__in=own_producers(self.user))
            .low_stock()
            .select_related("product")
            .by_product("stock")[:20]
        )
        return [
            (f"{pack.product.title} – {pack.label}", self.left(pack), reverse("stock_prices"))
            for pack in packs
        ]

    @staticmethod
    def left(pack) -> str:
        if pack.stock == 0:
            return _("hết hàng")
        return _("còn %(stock)s (báo khi dưới %(threshold)s)") % {
            "stock": pack.stock,
            "threshold": pack.low_stock_threshold,
        }


class ExpiringCertificatesPanel(ListPanel):
    title = _("Chứng nhận sắp hết hạn")
    empty = _("Không có chứng nhận OCOP nào hết hạn trong 90 ngày tới.")
    order = 45

    def lines(self):
        records = Certification.objects.expiring_within(EXPIRY_WARNING_DAYS).filter(
            product__producer__in=own_producers(self.user)
        )
        return [
            (
                f"{record.product_title} – {record.get_stars_display()}",
                _("hết hạn ngày %(date)s") % {"date": record.valid_until.strftime("%d/%m/%Y")},
                reverse("ocop_certifications:inspect", args=[record.pk]),
            )
            for record in records.order_by("valid_until")[:20]
        ]


class AwaitingModerationPanel(ListPanel):
    """The producer's pages in moderation: those waiting for programme staff, and those staff sent back
    (a task rejected: Wagtail's "needs changes"), which wait for the producer and say why."""

    title = _("Trang chờ duyệt")
    empty = _("Không có trang nào đang chờ cán bộ OCOP duyệt.")
    order = 48

    def lines(self):
        producers = own_producers(self.user)
        product_ids = ProductPage.objects.filter(producer__in=producers).values_list("pk", flat=True)
        ids = [str(pk) for pk in [*product_ids, *producers.values_list("pk", flat=True)]]
        states = (
            WorkflowState.objects.active()
            .filter(object_id__in=ids)
            .select_related("current_task_state__task")
            .order_by("-created_at")[:20]
        )
        return [
            (
                state.content_object.get_admin_display_title(),
                self.detail(state),
                reverse("wagtailadmin_pages:edit", args=[state.content_object.pk]),
            )
            for state in states
        ]

    @staticmethod
    def detail(state) -> str:
        if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            comment = state.current_task_state.comment if state.current_task_state else ""
            if comment:
                return _("cán bộ OCOP trả lại để sửa: “%(comment)s”") % {"comment": comment}
            return _("cán bộ OCOP trả lại để sửa")
        since = timezone.localtime(state.created_at).strftime("%d/%m/%Y %H:%M")
        return _("gửi duyệt lúc %(time)s") % {"time": since}


def producer_panels(request):
    """The catalogue's panels for a producer's staff, in the order they are usually acted on."""
    if not is_producer_staff(request.user):
        return []
    return [
        LowStockPanel(request.user),
        ExpiringCertificatesPanel(request.user),
        AwaitingModerationPanel(request.user),
    ]
