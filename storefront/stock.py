"""Stock moves: guarded decrements that can never oversell, and giving stock back.

Taking stock is one conditional UPDATE per line (`stock = stock - q WHERE stock >= q`), rows touched
in primary-key order so that two orders sharing pack sizes lock them in the same order (no deadlock).
No read-then-write arithmetic (django-oscar #4524), and the CheckConstraint stock >= 0 backs it up.
"""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from catalogue.models import PackSize
from pagecache.purges import purge_for_pack_sizes


class OutOfStock(Exception):
    def __init__(self, pack_size_id: int, label: str, requested: int):
        self.pack_size_id = pack_size_id
        self.label = label
        self.requested = requested
        self.message = _("“%(label)s” không còn đủ %(count)s sản phẩm. Giỏ hàng đã được cập nhật.") % {
            "label": label,
            "count": requested,
        }
        super().__init__(self.message)


def take(quantities: dict[int, int], labels: dict[int, str]) -> None:
    """Decrement stock for every pack size; raise OutOfStock naming the first short line.

    Must run inside the caller's transaction, which rolls back the earlier lines on failure.
    """
    for pk in sorted(quantities):
        quantity = quantities[pk]
        taken = PackSize.objects.filter(pk=pk, stock__gte=quantity).update(stock=F("stock") - quantity)
        if taken != 1:
            raise OutOfStock(pk, labels.get(pk, str(pk)), quantity)
    _purge_after_commit(quantities)


def give_back(order) -> None:
    """Return an order's quantities to the shelf; the caller guarantees once (state transition)."""
    lines = sorted(order.lines.exclude(pack_size=None).values_list("pack_size_id", "quantity"))
    for pk, quantity in lines:
        PackSize.objects.filter(pk=pk).update(stock=F("stock") + quantity)
    _purge_after_commit(dict(lines))


def _purge_after_commit(quantities) -> None:
    # The pages show the stock (and "Hết hàng" when the last unit sold): purge them once it is final.
    # TODO(lead): when catalogue.signals.stock_changed lands, connect purge_for_pack_sizes to it instead.
    ids = sorted(quantities)
    transaction.on_commit(lambda: purge_for_pack_sizes(ids))
