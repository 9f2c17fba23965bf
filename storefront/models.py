"""Orders, their lines, the payment ledger and the shipping fee rule.

Orders are plain models, not pages (DESIGN.md): many of them, never edited as content. Money is whole
đồng. An order's state only ever moves through `storefront.orders.transition` (a conditional update
from the expected state), so concurrent staff actions, webhooks and the expiry job cannot both win.
"""

import re
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from phonenumber_field.modelfields import PhoneNumberField
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from catalogue.text import words
from places.models import Commune, Province

from .phone import display_phone

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud over the phone
CODE_PREFIX = "OC"
CODE_LENGTH = len(CODE_PREFIX) + 8


def new_order_code() -> str:
    """`OC` + 8 unambiguous characters: short enough for a bank transfer message, ~10^12 values."""
    return CODE_PREFIX + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH - len(CODE_PREFIX)))


# Fewer characters of a code than this would find orders by chance ("A2" is in many codes).
CODE_PART_AT_LEAST = 4
_NOT_CODE_CHARACTERS = re.compile(r"[^0-9A-Z]")


def code_part(typed: str) -> str:
    """The part of an order code that staff typed or a buyer read out: "oc-x7k2mp" is "X7K2MP" (case,
    spaces, hyphens and the "OC" prefix, which no code's own characters can hold, dropped); "" when
    fewer than `CODE_PART_AT_LEAST` characters are left."""
    compact = _NOT_CODE_CHARACTERS.sub("", typed.upper()).removeprefix(CODE_PREFIX)
    return compact if len(compact) >= CODE_PART_AT_LEAST else ""


def folded_name(name: str) -> str:
    """A buyer's name as staff may type it into the order list's search box: without tone marks, in lower
    case, words separated by one space ("Nguyễn  Văn A" is "nguyen van a")."""
    return " ".join(words(name))


def new_token() -> str:
    return secrets.token_urlsafe(24)


@register_setting(icon="tag")
class ShippingSettings(BaseSiteSetting):
    flat_fee = models.PositiveIntegerField(_("phí giao hàng (đồng)"), default=30_000)
    free_above = models.PositiveIntegerField(
        _("miễn phí giao hàng từ (đồng)"),
        default=500_000,
        help_text=_("Đơn có tiền hàng từ mức này trở lên được miễn phí giao hàng. 0: luôn tính phí."),
    )

    panels = [FieldPanel("flat_fee"), FieldPanel("free_above")]

    class Meta:
        verbose_name = _("phí giao hàng")
        verbose_name_plural = pgettext_lazy("plural", "phí giao hàng")

    def fee_for(self, subtotal: int) -> int:
        if self.free_above and subtotal >= self.free_above:
            return 0
        return self.flat_fee


class OrderState(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Chờ thanh toán")
    PLACED = "placed", _("Đã đặt, chờ xác nhận")
    CONFIRMED = "confirmed", _("Đã xác nhận qua điện thoại")
    PAID = "paid", _("Đã thanh toán")
    PREPARING = "preparing", _("Đang chuẩn bị hàng")
    SHIPPED = "shipped", _("Đang giao")
    DELIVERED = "delivered", _("Đã giao")
    RETURNED = "returned", _("Bị hoàn trả")
    CANCELLED = "cancelled", _("Đã huỷ")
    REFUNDED = "refunded", _("Đã hoàn tiền")


class PartState(models.TextChoices):
    """How far one producer's part of an order got (an order may hold several producers' goods)."""

    WAITING = "waiting", _("Chờ chủ thể xác nhận")
    CONFIRMED = "confirmed", _("Chủ thể đã xác nhận")
    SHIPPED = "shipped", _("Đã giao cho vận chuyển")
    # Called off with its order before it reached the carrier (a part already shipped stays shipped).
    CANCELLED = "cancelled", _("Đã huỷ")


class Order(models.Model):
    code = models.CharField(_("mã đơn"), max_length=12, unique=True, default=new_order_code, editable=False)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    state = models.CharField(_("trạng thái"), max_length=20, choices=OrderState.choices, db_index=True)
    payment_method = models.CharField(_("thanh toán"), max_length=20, db_index=True)
    full_name = models.CharField(_("họ và tên"), max_length=120)
    # The name folded (`folded_name`), kept on save: orders are in no search index, and neither
    # SQLite's nor PostgreSQL's `icontains` finds "Nguyễn Văn A" typed "nguyen van a". A text column,
    # as folding may lengthen a name (a ligature is two letters).
    folded_name = models.TextField(blank=True, editable=False)
    phone = PhoneNumberField(_("điện thoại"), region="VN", db_index=True)
    email = models.EmailField(_("email"), blank=True)
    province = models.ForeignKey(Province, verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT)
    commune = models.ForeignKey(Commune, verbose_name=_("xã/phường"), on_delete=models.PROTECT)
    street = models.CharField(_("số nhà, đường"), max_length=200)
    note = models.TextField(_("ghi chú giao hàng"), blank=True)
    subtotal = models.PositiveIntegerField(_("tiền hàng"))
    shipping_fee = models.PositiveIntegerField(_("phí giao hàng"))
    total = models.PositiveIntegerField(_("tổng cộng"))
    provider_reference = models.CharField(_("mã giao dịch"), max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(_("đặt lúc"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    # The language the buyer ordered in: the emails that follow (confirmation, recall) speak it too.
    language = models.CharField(_("ngôn ngữ"), max_length=8, choices=settings.LANGUAGES, default="vi")
    # The one-time token of the checkout page the order was placed from (storefront.confirmation),
    # unique: the same page submitted twice, even at the same moment, places one order. Empty (NULL)
    # for orders placed otherwise (the demo, tests, before this column).
    checkout_token = models.CharField(max_length=32, null=True, blank=True, editable=False)
    # The buyer's emails still owed, for the worker's sweep (storefront.emails.send_unsent) when SMTP or
    # the queue was down as they fell due: when the confirmation went out (empty: not yet), and the move
    # the buyer is still to be told of (shipped, cancelled, refunded; empty: none) with who made it.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    update_unsent = models.CharField(max_length=20, blank=True, editable=False)
    update_unsent_by = models.CharField(max_length=10, blank=True, editable=False)
    # Why the shop called the order off, if it said (`orders.shop_cancel`): the buyer reads it on the
    # order page and in the cancellation email.
    cancel_reason = models.CharField(_("lý do huỷ"), max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("đơn hàng")
        verbose_name_plural = pgettext_lazy("plural", "đơn hàng")
        permissions = [("view_all_orders", _("Xem mọi đơn hàng (không chỉ đơn có sản phẩm của mình)"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(total=models.F("subtotal") + models.F("shipping_fee")), name="order_total_adds_up"
            ),
            models.CheckConstraint(condition=Q(state__in=OrderState.values), name="order_state_known"),
            models.UniqueConstraint(fields=["checkout_token"], name="order_once_per_checkout_page"),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        self.folded_name = folded_name(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "folded_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("storefront:order", args=[self.token])

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)

    @property
    def address_display(self) -> str:
        return f"{self.street}, {self.commune.name}, {self.province.name}"

    @property
    def provider(self):
        from .payments import get_provider

        return get_provider(self.payment_method)

    @property
    def payment_label(self) -> str:
        provider = self.provider
        return str(provider.label) if provider else self.payment_method


class OrderCombo(models.Model):
    """A gift combo as bought: its title and price then. Its goods are the order lines that point to
    it (`components`), each carrying its share of the combo's price, so that stock given back, each
    producer's part and its subtotal work on lines alone (storefront.combos)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="combos")
    combo = models.ForeignKey(
        "catalogue.GiftComboPage", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("gói quà"), max_length=255)
    unit_price = models.PositiveIntegerField(_("giá gói"))
    quantity = models.PositiveIntegerField(_("số lượng"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("gói quà trong đơn")
        verbose_name_plural = pgettext_lazy("plural", "gói quà trong đơn")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_combo_quantity_positive")
        ]

    def __str__(self):
        return f"{self.quantity} × {self.title}"

    @property
    def line_total(self) -> int:
        return self.unit_price * self.quantity


class OrderLine(models.Model):
    """What was bought, as it was when bought: the product page may change or go later."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    pack_size = models.ForeignKey(
        "catalogue.PackSize", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    product_title = models.CharField(_("sản phẩm"), max_length=255)
    pack_label = models.CharField(_("quy cách"), max_length=80)
    gtin = models.CharField(_("GTIN"), max_length=14)
    unit_price = models.PositiveIntegerField(_("đơn giá"))
    quantity = models.PositiveIntegerField(_("số lượng"))
    # Whose goods these are, as when bought (the pack size may go, the product may move): each
    # producer sees, confirms and ships only its own lines (`storefront.fulfilment`).
    producer = models.ForeignKey(
        "catalogue.ProducerPage",
        verbose_name=_("chủ thể"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    fulfilment = models.CharField(
        _("phần của chủ thể"), max_length=12, choices=PartState.choices, default=PartState.WAITING
    )
    # Set on the goods of a gift combo: `unit_price` is then this pack's share of the combo's price.
    combo = models.ForeignKey(
        OrderCombo,
        verbose_name=_("thuộc gói quà"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="components",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("dòng đơn hàng")
        verbose_name_plural = pgettext_lazy("plural", "dòng đơn hàng")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_line_quantity_positive")
        ]

    def __str__(self):
        return f"{self.quantity} × {self.full_label}"

    @property
    def full_label(self) -> str:
        """The pack's `full_label` as it was when bought (the page may have changed since)."""
        return f"{self.product_title} – {self.pack_label}"

    @property
    def line_total(self) -> int:
        return self.unit_price * self.quantity


class PaymentEvent(models.Model):
    """The payment ledger: one row per provider event, its id unique, so a retried webhook is a no-op."""

    provider = models.CharField(_("cổng thanh toán"), max_length=20)
    event_id = models.CharField(_("mã sự kiện"), max_length=255)
    kind = models.CharField(_("loại"), max_length=80)
    order = models.ForeignKey(
        Order, on_delete=models.SET_NULL, null=True, blank=True, related_name="payment_events"
    )
    amount = models.BigIntegerField(_("số tiền"), null=True, blank=True)
    reference = models.CharField(_("mã giao dịch"), max_length=100, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sự kiện thanh toán")
        verbose_name_plural = _("sổ thanh toán")
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="payment_event_once")]

    def __str__(self):
        return f"{self.provider} {self.kind} {self.event_id}"


# Shipments by lot and recall notices: in their own module, registered with the app's models here.
from .shipment_models import RecallNotice, ShippedLot  # noqa: E402, F401
