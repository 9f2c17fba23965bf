"""Placing an order: one short transaction, prices from the database, stock taken per line.

Inside the transaction: read the pack sizes (price, label, GTIN) and the gift combos (price,
components), check the buyer saw today's prices, write the order (claiming the checkout page's token:
a second submission of the page stops there, before any stock is taken, and learns which order
stands), take the stock with guarded updates in primary-key order, write the order's lines. A combo's
components are added to the single purchases of the same pack before the stock is taken, so one
guarded update per pack covers both: a pack shared by a combo and a single purchase is never oversold.
After the commit: the confirmation email. The payment provider starts from the order page, after the
commit, so no transaction or row lock is ever held while a provider is called over HTTP.
"""

import logging
from collections import Counter

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from catalogue.money import format_vnd
from ops.tasks import enqueue_after_commit_or_leave_to_sweep

from . import stock, tasks
from .cart import sellable_packs
from .combos import price_shares, sellable_combos
from .errors import AlreadyPlaced, EmptyCart, ItemUnavailable, OrderTooLarge, PriceChanged
from .models import Order, OrderCombo, OrderLine
from .orders import initial_state

logger = logging.getLogger(__name__)

# The order's money columns are 32-bit integers on PostgreSQL (at most 2.147.483.647): a larger total
# (30 lines of 99 packs at up to 1.000.000.000 ₫ each are possible) is refused with a message, before
# any stock is taken, rather than failing in the database.
MAX_ORDER_TOTAL = 2_000_000_000


def place_order(
    *,
    quantities: dict[int, int],
    seen_prices: dict[int, int],
    details: dict,
    provider,
    shipping,
    combos: dict[int, int] | None = None,
    combo_prices: dict[int, int] | None = None,
    checkout_token: str | None = None,
) -> Order:
    """Create the order or raise a CheckoutError (OutOfStock included) with nothing changed.

    `quantities` and `seen_prices` (pack sizes bought singly), `combos` and `combo_prices` (gift
    combos) come from the session cart; `details` is the checkout form's cleaned data (name, phone,
    email, province, commune, street, note). Nothing about money comes from the form.
    `checkout_token` is the checkout page's (storefront.confirmation): AlreadyPlaced, carrying the
    order, if that page placed one already.
    """
    combos, combo_prices = combos or {}, combo_prices or {}
    if not quantities and not combos:
        raise EmptyCart(_("Giỏ hàng đang trống."))
    with transaction.atomic():
        bought = _checked_combos(combos, combo_prices)
        needed = Counter(quantities)
        for combo in bought:
            for component in combo.component_list:
                needed[component.pack_size_id] += component.quantity * combos[combo.pk]
        packs = {pack.pk: pack for pack in sellable_packs(needed.keys())}
        _check_packs(quantities, seen_prices, packs)
        for combo in bought:
            if any(c.pack_size_id not in packs for c in combo.component_list):
                raise _combo_unavailable(combo)
        subtotal = sum(packs[pk].price * q for pk, q in quantities.items())
        subtotal += sum(combo.price * combos[combo.pk] for combo in bought)
        fee = shipping.fee_for(subtotal)
        _check_total(subtotal + fee)
        # The order first: on PostgreSQL a concurrent submission of the same page waits here on the
        # token's unique index, then fails, having taken no stock (SQLite runs one write at a time).
        order = _create_order(
            checkout_token=checkout_token,
            state=initial_state(provider),
            payment_method=provider.identifier,
            subtotal=subtotal,
            shipping_fee=fee,
            total=subtotal + fee,
            language=_buyers_language(),
            **details,
        )
        stock.take(dict(needed), {pk: pack.full_label for pk, pack in packs.items()}, order.code)
        OrderLine.objects.bulk_create(
            _line(order, packs[pk], quantities[pk], packs[pk].price) for pk in sorted(quantities)
        )
        for combo in bought:
            _write_combo(order, combo, combos[combo.pk], packs)
        # The email goes out from the worker, retried while SMTP is down, else swept from the order (the
        # queue down too); the order stands regardless, and the buyer never waits on SMTP.
        enqueue_after_commit_or_leave_to_sweep(tasks.send_order_confirmation, order.pk)
    logger.info("Order %s placed: %s đ by %s", order.code, order.total, provider.identifier)
    return order


def _buyers_language() -> str:
    """The language the checkout page spoke, for the emails that follow the order."""
    try:
        return translation.get_supported_language_variant(translation.get_language() or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def _check_total(total: int) -> None:
    if total > MAX_ORDER_TOTAL:
        raise OrderTooLarge(
            _(
                "Tổng đơn hàng %(total)s vượt quá mức tối đa %(max)s của một đơn. "
                "Vui lòng giảm số lượng hoặc chia thành nhiều đơn."
            )
            % {"total": format_vnd(total), "max": format_vnd(MAX_ORDER_TOTAL)},
            field="quantity",
        )


def _check_packs(quantities, seen_prices, packs) -> None:
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


def _checked_combos(combos, combo_prices) -> list:
    """The combos asked for, live, complete and at the price the buyer saw (stock is taken later)."""
    found = {combo.pk: combo for combo in sellable_combos(combos.keys())}
    for pk in sorted(combos):
        combo = found.get(pk)
        if combo is None or not combo.component_list or any(not c.pack_size_id for c in combo.component_list):
            raise _combo_unavailable(combo)
        if combo_prices.get(pk) != combo.price:
            raise PriceChanged(
                _("Giá của “%(name)s” vừa thay đổi. Vui lòng xem lại giỏ hàng trước khi đặt.")
                % {"name": combo.title},
                field="combo",
            )
    return [found[pk] for pk in sorted(combos)]


def _combo_unavailable(combo) -> ItemUnavailable:
    name = combo.title if combo else _("Một gói quà")
    return ItemUnavailable(
        _("“%(name)s” hiện không bán. Giỏ hàng đã được cập nhật.") % {"name": name}, field="combo"
    )


def _line(order, pack, quantity, unit_price, combo=None) -> OrderLine:
    return OrderLine(
        order=order,
        pack_size=pack,
        product_title=pack.product.title,
        pack_label=pack.label,
        gtin=pack.gtin,
        unit_price=unit_price,
        quantity=quantity,
        producer_id=pack.product.producer_id,
        combo=combo,
    )


def _write_combo(order, combo, quantity, packs) -> None:
    """The combo as bought, and its goods as lines carrying their share of its price."""
    row = OrderCombo.objects.create(
        order=order, combo=combo, title=combo.title, unit_price=combo.price, quantity=quantity
    )
    shares = price_shares(combo.price, combo.component_list)
    OrderLine.objects.bulk_create(
        _line(order, packs[c.pack_size_id], c.quantity * quantity, shares[c.pk], combo=row)
        for c in combo.component_list
    )


def _create_order(*, checkout_token: str | None, **fields) -> Order:
    """Insert with a fresh random code; a (very unlikely) clash of codes retries with another code, a
    checkout token already taken raises AlreadyPlaced."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                return Order.objects.create(checkout_token=checkout_token, **fields)
        except IntegrityError:
            # Read after the savepoint's rollback: on PostgreSQL the statement sees the competitor's commit.
            placed = checkout_token and Order.objects.filter(checkout_token=checkout_token).first()
            if placed:
                raise AlreadyPlaced(placed) from None
            if attempt == 4:
                raise
    raise AssertionError("unreachable")
