"""Stock moves: guarded decrements that can never oversell, and giving stock back.

Taking stock is one conditional UPDATE per line (`stock = stock - q WHERE stock >= q`), rows touched
in primary-key order so that two orders sharing pack sizes lock them in the same order (no deadlock).
No read-then-write arithmetic (django-oscar #4524), and the CheckConstraint stock >= 0 backs it up.
`QuerySet.update` sends no model signal, so each move announces `catalogue.signals.stock_changed`
after commit (search drops a sold-out pack from the in-stock facet).
"""

from django.db.models import F

from catalogue import stock as stock_log
from catalogue.models import PackSize
from catalogue.signals import RESTOCK, SALE, announce_stock_change

from .errors import OutOfStock

__all__ = ["OutOfStock", "give_back", "take"]


def take(quantities: dict[int, int], labels: dict[int, str], order_code: str = "") -> None:
    """Decrement stock for every pack size; raise OutOfStock naming the first short line. The stock
    log's rows name `order_code`, the order taking the stock.

    Must run inside the caller's transaction, which rolls back the earlier lines on failure.
    """
    for pk in sorted(quantities):
        quantity = quantities[pk]
        taken = PackSize.objects.filter(pk=pk, stock__gte=quantity).update(stock=F("stock") - quantity)
        if taken != 1:
            raise OutOfStock(pk, labels.get(pk, str(pk)), quantity)
    stock_log.record_sale(quantities, note=order_code)
    # Only if the whole order commits: a rolled-back checkout announces nothing.
    announce_stock_change(quantities.keys(), reason=SALE)


def give_back(order, lines=None, *, returned: bool = False) -> None:
    """Return an order's quantities (or those of `lines`, some of its lines) to the shelf; the
    caller guarantees once (state transition). `returned`: the customer sent the goods back (the
    stock log says so), rather than the order being called off before they left."""
    lines = order.lines.all() if lines is None else lines
    lines = sorted(lines.exclude(pack_size=None).values_list("pack_size_id", "quantity"))
    if not lines:
        return
    for pk, quantity in lines:
        PackSize.objects.filter(pk=pk).update(stock=F("stock") + quantity)
    record = stock_log.record_return if returned else stock_log.record_cancellation
    record(lines, note=order.code)
    announce_stock_change((pk for pk, _quantity in lines), reason=RESTOCK)
