"""Gift combos in the cart and in orders: loading the combos still for sale, and splitting a combo's
price over its goods.

An order keeps a combo as an `OrderCombo` (title and price as bought) and its goods as ordinary
order lines pointing to it. Each such line carries the pack's share of the combo's price, so that a
producer's part of the order, its subtotal and the stock given back on cancelling all work on lines
as they do for single purchases.
"""

from catalogue.combos import GiftComboPage, components_prefetch


def sellable_combos(ids):
    """Live combos with their components (pack, product, producer), in two queries."""
    return (
        GiftComboPage.objects.live()
        .filter(pk__in=list(ids))
        .prefetch_related(components_prefetch())
        .order_by("pk")
    )


def price_shares(price: int, components) -> dict[int, int]:
    """Split a combo's price over its components: component pk → whole đồng per unit of its pack.

    Shares follow the packs' list prices (rounded down); the few đồng left are handed out one per
    unit to the components with the fewest units that still fit, so the shares add up to the price
    unless no such component is left (then the remainder, less than the number of units, stays
    with the shop: never more than a few đồng).
    """
    rows = [(c.pk, c.pack_size.price, c.quantity) for c in components]
    list_total = sum(unit * quantity for _pk, unit, quantity in rows)
    if not list_total:
        return {pk: 0 for pk, _unit, _quantity in rows}
    shares = {pk: unit * price // list_total for pk, unit, _quantity in rows}
    left = price - sum(shares[pk] * quantity for pk, _unit, quantity in rows)
    for pk, _unit, quantity in sorted(rows, key=lambda row: (row[2], -row[1])):
        while quantity <= left:
            shares[pk] += 1
            left -= quantity
    return shares
