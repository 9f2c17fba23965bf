"""Every change of a pack size's stock, kept: who, when, old → new, and why (a new pack's opening
stock, a sale, a cancelled order's goods back on the shelf, goods a customer returned, a count in the
stock listing, an edit in the pack-size admin).

Sales, cancellations and returns call `record_sale`/`record_cancellation`/`record_return` from the
storefront inside the order's own transaction (the guarded UPDATE has already run, so the stock read
here is the new one), with the order's code as the row's note. Saves of a pack size (pack-size admin,
stock listing, a product page published with a new pack) are logged by signals; the stock listing
names its reason with `stock_reason`. Publishing a product page never writes an existing pack's stock
(catalogue.pack_revisions); a new pack's first stock is its opening stock, logged from 0.
"""

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, models
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import get_active_log_context


class Reason(models.TextChoices):
    OPENING = "opening", _("Tồn kho ban đầu")
    SALE = "sale", _("Bán hàng")
    CANCELLATION = "cancellation", _("Huỷ đơn, hàng về kho")
    RETURN = "return", _("Khách trả hàng")
    MANUAL_COUNT = "manual_count", _("Kiểm kho")
    # The pack-size admin (and any save outside `stock_reason`); the product editor no longer edits stock.
    ADMIN_EDIT = "admin_edit", _("Sửa trong trang quản trị")


class StockMovement(models.Model):
    pack_size = models.ForeignKey(
        "catalogue.PackSize",
        verbose_name=_("quy cách"),
        on_delete=models.CASCADE,
        related_name="stock_movements",
    )
    old_stock = models.PositiveIntegerField(_("tồn kho trước"))
    new_stock = models.PositiveIntegerField(_("tồn kho sau"))
    reason = models.CharField(_("lý do"), max_length=20, choices=Reason.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thay đổi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("lúc"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("thay đổi tồn kho")
        verbose_name_plural = _("nhật ký tồn kho")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.pack_size_id}: {self.old_stock} → {self.new_stock}"

    @property
    def change(self) -> int:
        return self.new_stock - self.old_stock


_context = contextvars.ContextVar("stock_reason", default=None)


@contextmanager
def stock_reason(reason, user=None, note=""):
    """Saves of pack sizes inside this block are logged with this reason and user."""
    token = _context.set((reason, user, note))
    try:
        yield
    finally:
        _context.reset(token)


def _log_after_update(moves, sign: int, reason, note=""):
    """One INSERT … SELECT for all lines: the stock after is read from the row just updated, the stock
    before is derived from it, so the order's transaction gains a single query."""
    quantities = {}
    for pk, quantity in moves.items() if isinstance(moves, dict) else moves:
        quantities[int(pk)] = quantities.get(int(pk), 0) + int(quantity)
    if not quantities:
        return
    from .models import PackSize

    table, packs = (
        connection.ops.quote_name(StockMovement._meta.db_table),
        connection.ops.quote_name(PackSize._meta.db_table),
    )
    cases = " ".join("WHEN %s THEN %s" for _ in quantities)
    # Only quoted table names and placeholders are interpolated; every value is a parameter.
    sql = (
        f"INSERT INTO {table} (pack_size_id, old_stock, new_stock, reason, note, created_at, user_id) "  # noqa: S608
        f"SELECT id, stock - (CASE id {cases} END), stock, %s, %s, %s, NULL FROM {packs} "
        f"WHERE id IN ({', '.join('%s' for _ in quantities)})"
    )
    params = [value for pk, quantity in quantities.items() for value in (pk, sign * quantity)]
    params += [str(reason), note[:200], timezone.now(), *quantities]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def record_sale(quantities: dict[int, int], note="") -> None:
    """Log the stock an order has just taken ({pack size id: quantity})."""
    _log_after_update(quantities, -1, Reason.SALE, note)


def record_cancellation(quantities, note="") -> None:
    """Log the stock a cancelled order has just given back ((pack size id, quantity) pairs)."""
    _log_after_update(quantities, +1, Reason.CANCELLATION, note)


def record_return(quantities, note="") -> None:
    """Log the stock of goods a customer has sent back ((pack size id, quantity) pairs)."""
    _log_after_update(quantities, +1, Reason.RETURN, note)


def _writes_stock(update_fields) -> bool:
    return update_fields is None or "stock" in update_fields


@receiver(pre_save, sender="catalogue.PackSize")
def remember_old_stock(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or not _writes_stock(update_fields):
        instance._stock_before = None
        return
    instance._stock_before = sender.objects.filter(pk=instance.pk).values_list("stock", flat=True).first()


@receiver(post_save, sender="catalogue.PackSize")
def log_saved_stock(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if created:
        if instance.stock:  # a pack added with no stock has nothing to log yet: its first count will
            _log(instance, 0, Reason.OPENING)
        return
    before = getattr(instance, "_stock_before", None)
    if before is None or before == instance.stock or not _writes_stock(update_fields):
        return
    _log(instance, before)


def _log(instance, before: int, reason=None) -> None:
    """One row for a saved pack: the reason, user and note of `stock_reason`, else an admin edit by the
    admin's current user; `reason`, when given, names the row whatever the context says."""
    context_reason, user, note = _context.get() or (Reason.ADMIN_EDIT, None, "")
    reason = reason or context_reason
    if user is None:
        user = get_active_log_context().user
    StockMovement.objects.create(
        pack_size=instance,
        old_stock=before,
        new_stock=instance.stock,
        reason=reason,
        user=user if getattr(user, "pk", None) else None,
        note=note,
    )
