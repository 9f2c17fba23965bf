"""Which lot (or which serialised packages) each order line shipped from, and which buyers were told
of a recall. They live in storefront because traceability never knows about orders: it sends
`lot_recalled`, and `storefront.recalls` finds the orders and tells each buyer once."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ShippedLot(models.Model):
    line = models.ForeignKey(
        "storefront.OrderLine",
        verbose_name=_("dòng đơn hàng"),
        on_delete=models.CASCADE,
        related_name="shipped_lots",
    )
    lot = models.ForeignKey(
        "traceability.Lot", verbose_name=_("lô"), on_delete=models.PROTECT, related_name="shipped_lines"
    )
    serial = models.ForeignKey(
        "traceability.Serial",
        verbose_name=_("mã gói"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shipped_lines",
    )
    quantity = models.PositiveIntegerField(_("số lượng"), default=1)
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lô đã giao")
        verbose_name_plural = pgettext_lazy("plural", "lô đã giao")
        constraints = [
            models.UniqueConstraint(
                fields=["line", "lot"],
                condition=models.Q(serial__isnull=True),
                name="shipped_lot_once_per_line",
            ),
            models.UniqueConstraint(fields=["serial"], name="shipped_serial_once"),
        ]

    def __str__(self):
        return f"{self.line} ← {self.lot}"


class RecallNotice(models.Model):
    """One buyer told of one notice (a recall or warning) of one lot: the row is the claim, so never told
    twice of the same notice. When the lot's notice is lifted or replaced (a warning become a recall,
    a new notice after the last one ended), its rows are marked ended and stay as the log of what each
    buyer was sent; the next notice gets rows of its own."""

    order = models.ForeignKey(
        "storefront.Order",
        verbose_name=_("đơn hàng"),
        on_delete=models.CASCADE,
        related_name="recall_notices",
    )
    lot = models.ForeignKey(
        "traceability.Lot", verbose_name=_("lô"), on_delete=models.CASCADE, related_name="recall_notices"
    )
    level = models.CharField(_("loại"), max_length=10)
    email = models.EmailField(_("email"), blank=True)
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("đã gửi email lúc"), null=True, blank=True)
    ended_at = models.DateTimeField(
        _("hết hiệu lực lúc"),
        null=True,
        blank=True,
        help_text=_(
            "Khi thông báo này được gỡ hoặc thay bằng thông báo mới (ví dụ cảnh báo chuyển thành thu hồi)"
        ),
    )

    class Meta:
        verbose_name = _("thông báo thu hồi đã gửi")
        verbose_name_plural = pgettext_lazy("plural", "thông báo thu hồi đã gửi")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "lot"],
                condition=models.Q(ended_at__isnull=True),
                name="recall_notice_once_per_notice",
            )
        ]

    def __str__(self):
        return f"{self.order} · {self.lot}"
