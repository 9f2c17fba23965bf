"""The producer's dashboard lines that belong to the storefront: orders waiting for its action."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.dashboard import ListPanel, is_producer_staff, own_producers

from .fulfilment import ORDER_STATES_FOR
from .models import Order, OrderLine, OrderState, PartState


class OrdersToHandlePanel(ListPanel):
    title = _("Đơn hàng chờ xác nhận")
    empty = _("Không có đơn nào đang chờ bạn xử lý.")
    order = 30

    def orders(self):
        """Orders in which this producer's own part waits for it: to confirm, or to hand to the
        carrier. A part it already moved is not its work any more, whatever the other producers of
        the order still have to do."""
        mine = OrderLine.objects.filter(order=OuterRef("pk"), producer__in=own_producers(self.user))
        return (
            Order.objects.annotate(
                to_confirm=Exists(mine.filter(fulfilment=PartState.WAITING)),
                to_ship=Exists(mine.filter(fulfilment=PartState.CONFIRMED)),
            )
            .filter(
                Q(to_confirm=True, state__in=ORDER_STATES_FOR[PartState.CONFIRMED])
                | Q(to_ship=True, state__in=ORDER_STATES_FOR[PartState.SHIPPED])
            )
            .order_by("created_at")[:20]
        )

    @staticmethod
    def action(order) -> str:
        if order.to_confirm:
            if order.state == OrderState.PLACED and order.payment_method == "cod":
                return _("gọi điện xác nhận (COD)")
            return _("xác nhận phần hàng")
        return _("cần giao hàng")

    def lines(self):
        return [
            (
                order.code,
                _("%(action)s · đặt lúc %(time)s")
                % {
                    "action": self.action(order),
                    "time": timezone.localtime(order.created_at).strftime("%d/%m/%Y %H:%M"),
                },
                reverse("storefront_order:inspect", args=[order.pk]),
            )
            for order in self.orders()
        ]


def order_panels(request):
    return [OrdersToHandlePanel(request.user)] if is_producer_staff(request.user) else []
