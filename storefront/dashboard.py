"""The producer's dashboard lines that belong to the storefront: orders waiting for its action."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.dashboard import ListPanel, is_producer_staff, own_producers

from .models import Order, OrderState

TO_SHIP = (OrderState.CONFIRMED, OrderState.PAID, OrderState.PREPARING)


class OrdersToHandlePanel(ListPanel):
    title = _("Đơn hàng chờ xác nhận")
    empty = _("Không có đơn nào đang chờ bạn xử lý.")
    order = 30

    def lines(self):
        orders = (
            Order.objects.filter(lines__pack_size__product__producer__in=own_producers(self.user))
            .filter(Q(state=OrderState.PLACED, payment_method="cod") | Q(state__in=TO_SHIP))
            .distinct()
            .order_by("created_at")[:20]
        )
        return [
            (
                order.code,
                _("%(action)s · đặt lúc %(time)s")
                % {
                    "action": _("gọi điện xác nhận (COD)")
                    if order.state == OrderState.PLACED
                    else _("cần giao hàng"),
                    "time": timezone.localtime(order.created_at).strftime("%d/%m/%Y %H:%M"),
                },
                reverse("storefront_order:inspect", args=[order.pk]),
            )
            for order in orders
        ]


def order_panels(request):
    return [OrdersToHandlePanel(request.user)] if is_producer_staff(request.user) else []
