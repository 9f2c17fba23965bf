"""Cash on delivery: always on, the embedded default. The carrier collects; staff record the cash."""

from django.utils.translation import gettext_lazy as _

from .base import PaymentProvider


class CashOnDelivery(PaymentProvider):
    identifier = "cod"
    label = _("Thanh toán khi nhận hàng (COD)")
    description = _("Trả tiền mặt cho người giao hàng. Chúng tôi gọi điện xác nhận trước khi gửi.")
