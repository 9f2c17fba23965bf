"""Placing an order: one short transaction, prices from the database, stock taken per line.

Inside the transaction: read the pack sizes (price, label, GTIN), check the buyer saw today's prices,
take the stock with guarded updates in primary-key order, write the order and its lines. After the
commit: the confirmation email. The payment provider starts from the order page, after the commit,
so no transaction or row lock is ever held while a provider is called over HTTP.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ops.tasks import enqueue_after_commit

from . import stock, tasks
from .cart import sellable_packs
from .errors import EmptyCart, ItemUnavailable, PriceChanged
from .models import Order, OrderLine
from .orders import initial_state

logger = logging.getLogger(__name__)


def place_order(
    *, quantities: dict[int, int], seen_prices: dict[int, int], details: dict, provider, shipping
) -> Order:
    """Create the order or raise a CheckoutError (OutOfStock included) with nothing changed.

    `quantities` and `seen_prices` come from the session cart; `details` is the checkout form's
    cleaned data (name, phone, email, province, commune, street, note). Nothing about money comes
    from the form.
    """
    if not quantities:
        raise EmptyCart(_("Giỏ hàng đang trống."))
    with transaction.atomic():
        packs = {pack.pk: pack for pack in sellable_packs(quantities.keys())}
        for pk in quantities:
            pack = packs.get(pk)
            if pack is None:
                raise ItemUnavailable(
                    _("Một sản phẩm trong giỏ không còn bán. Giỏ hàng đã được cập nhật."), pack_size_id=pk
                )
            if seen_prices.get(pk) != pack.price:
                raise PriceChanged(
                    _("Giá của “%(name)s” vừa thay đổi. Vui lòng xem lại giỏ hàng trước khi đặt.")
                    % {"name": pack.full_label},
                    pack_size_id=pk,
                )
        labels = {pk: pack.full_label for pk, pack in packs.items()}
        stock.take(quantities, labels)

        subtotal = sum(packs[pk].price * q for pk, q in quantities.items())
        fee = shipping.fee_for(subtotal)
        order = _create_order(
            state=initial_state(provider),
            payment_method=provider.identifier,
            subtotal=subtotal,
            shipping_fee=fee,
            total=subtotal + fee,
            **details,
        )
        OrderLine.objects.bulk_create(
            OrderLine(
                order=order,
                pack_size=packs[pk],
                product_title=packs[pk].product.title,
                pack_label=packs[pk].label,
                gtin=packs[pk].gtin,
                unit_price=packs[pk].price,
                quantity=quantities[pk],
                producer_id=packs[pk].product.producer_id,
            )
            for pk in sorted(quantities)
        )
        # The email goes out from the worker, retried while SMTP is down; the order stands regardless.
        enqueue_after_commit(tasks.send_order_confirmation, order.pk)
    logger.info("Order %s placed: %s đ by %s", order.code, order.total, provider.identifier)
    return order


def _create_order(**fields) -> Order:
    """Insert with a fresh random code; a (very unlikely) clash retries with another code."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                return Order.objects.create(**fields)
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")
