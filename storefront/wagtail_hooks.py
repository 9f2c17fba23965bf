"""Orders in the Wagtail admin: list with filters, search by code or phone, an inspect view with the
lines and the payment ledger, and buttons that move an order through the state machine."""

import datetime

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from . import orders
from .models import Order, OrderState
from .payments.ledger import cash_collected, staff_marked_paid
from .phone import search_form


class OrderPermissionPolicy(ModelPermissionPolicy):
    """Orders come only from the checkout (prices, stock) and are never deleted (the ledger points at
    them): nobody adds or deletes them in the admin, whatever their Django permissions say."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Order, OrderPermissionPolicy(Order))


def visible_orders(user):
    """Staff with `view_all_orders` (and superusers) see every order; a producer's account sees the
    orders holding products under the pages it may edit (its own ProducerPage subtree)."""
    orders_qs = Order.objects.select_related("province", "commune")
    if user.is_superuser or user.has_perm("storefront.view_all_orders"):
        return orders_qs
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change").values("pk")
    return orders_qs.filter(lines__pack_size__product__producer__in=pages).distinct()


class ScopedObjectMixin:
    def get_object(self, queryset=None):
        return get_object_or_404(visible_orders(self.request.user), pk=self.kwargs[self.pk_url_kwarg])


class OrderIndexView(IndexView):
    def get_base_queryset(self):
        return visible_orders(self.request.user)

    def get_edit_url(self, instance):
        """The order's code opens the inspect view: lines, ledger and the buttons that move it on."""
        return self.get_inspect_url(instance)

    def search_queryset(self, queryset):
        """Staff type phones as they hear them (0912 345 678); orders store +84912345678."""
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        lookup = Q(code__iexact=query) | Q(full_name__icontains=query)
        if phone := search_form(query):
            lookup |= Q(phone=phone)
        return queryset.filter(lookup)


class OrderEditView(ScopedObjectMixin, EditView):
    pass


class OrderInspectView(ScopedObjectMixin, InspectView):
    template_name = "storefront/admin/order_inspect.html"

    def get_field_display_value(self, field_name, field):
        """Labels, not raw values ("Thanh toán khi nhận hàng", not "cod"; "—", not "None"), and times
        in Asia/Ho_Chi_Minh as dd/mm/yyyy hh:mm."""
        if field_name == "payment_method":
            return self.object.payment_label
        value = getattr(self.object, field_name, None)
        if value is None or value == "":
            return "—"
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value), "d/m/Y H:i")
        return super().get_field_display_value(field_name, field)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object
        actions = [
            {"target": target, "label": orders.ACTION_LABELS[target]}
            for target in orders.allowed_targets(order.state)
        ]
        if order.state == OrderState.DELIVERED and order.payment_method == "cod" and not order.paid_at:
            actions.insert(0, {"target": "cash", "label": _("Đã thu tiền COD")})
        context.update(
            order=order,
            lines=order.lines.all(),
            events=order.payment_events.all(),
            actions=actions,
            move_url_name="storefront_order:move",
        )
        return context


class OrderViewSet(ModelViewSet):
    model = Order
    icon = "list-ul"
    menu_label = gettext_lazy("Đơn hàng")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "don-hang"
    url_namespace = "storefront_order"
    index_view_class = OrderIndexView
    inspect_view_class = OrderInspectView
    edit_view_class = OrderEditView
    inspect_view_enabled = True
    # The secret token stays out of the listing of fields (a link to the buyer's page is shown instead).
    inspect_view_fields = [
        "code",
        "state",
        "payment_method",
        "full_name",
        "email",
        "note",
        "created_at",
        "paid_at",
        "provider_reference",
    ]
    copy_view_enabled = False
    # Orders are not content: indexing their province/commune references would add five queries to
    # every checkout transaction for nothing.
    add_to_reference_index = False
    list_display = [
        "code",
        "full_name",
        Column("phone_display", label=gettext_lazy("Điện thoại")),
        Column("total_display", label=gettext_lazy("Tổng cộng"), sort_key="total"),
        "state",
        Column("payment_label", label=gettext_lazy("Thanh toán")),
        "created_at",
    ]
    list_filter = ["state", "payment_method", "created_at"]
    search_fields = ["code", "full_name", "phone"]
    ordering = ["-created_at"]
    # Staff may correct the contact details; money, lines and state only move through the actions.
    form_fields = ["full_name", "phone", "email", "street", "note"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("move/<int:pk>/<str:target>/", require_POST(self.move_view), name="move"),
        ]

    def move_view(self, request, pk, target):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            messages.error(request, _("Bạn không có quyền cập nhật đơn hàng."))
            return redirect("wagtailadmin_home")
        order = get_object_or_404(visible_orders(request.user), pk=pk)
        back = redirect(reverse(self.get_url_name("inspect"), args=[order.pk]))
        if target == "cash":
            done = cash_collected(order, request.user)
        elif target == OrderState.PAID:
            done = order.state == OrderState.PENDING_PAYMENT and staff_marked_paid(order, request.user)
        elif target in OrderState.values:
            try:
                orders.move(order, target)
                done = True
            except orders.TransitionError as error:
                messages.error(request, error.message)
                return back
        else:
            done = False
        if done:
            order.refresh_from_db()
            messages.success(
                request,
                _("Đơn %(code)s: %(state)s.") % {"code": order.code, "state": order.get_state_display()},
            )
        else:
            messages.error(request, _("Không cập nhật được đơn %(code)s.") % {"code": order.code})
        return back


order_viewset = OrderViewSet("storefront_order")


@hooks.register("register_admin_viewset")
def register_order_viewset():
    return order_viewset


@hooks.register("construct_homepage_panels")
def add_producer_order_panel(request, panels):
    from .dashboard import order_panels

    panels.extend(order_panels(request))
