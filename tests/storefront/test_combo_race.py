"""Combo buyers and single buyers racing for a shared pack, on PostgreSQL with real threads: the
shared pack is never oversold and a failed basket takes nothing from any other pack."""

import threading
from functools import partial

import pytest
from django.conf import settings
from django.db import connections

from catalogue.factories import PackSizeFactory
from storefront.checkout import place_order
from storefront.models import Order, OrderCombo, OrderLine
from storefront.payments import get_provider
from storefront.stock import OutOfStock
from tests.combos import make_combo
from tests.threads import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.xdist_group("postgres-race"),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs DATABASE_URL to point at PostgreSQL",
    ),
]


def race(baskets, details, shipping):
    """One thread per basket ({"packs": {pack: q}, "combos": {combo: q}}), all released at once."""
    barrier = threading.Barrier(len(baskets))
    outcomes, lock = [], threading.Lock()

    def buy(basket):
        packs, combos = basket.get("packs", {}), basket.get("combos", {})
        try:
            barrier.wait()
            place_order(
                quantities={p.pk: q for p, q in packs.items()},
                seen_prices={p.pk: p.price for p in packs},
                combos={c.pk: q for c, q in combos.items()},
                combo_prices={c.pk: c.price for c in combos},
                details=details,
                provider=get_provider("cod"),
                shipping=shipping,
            )
            result = "combo" if combos else "single"
        except OutOfStock:
            result = "out of stock"
        except Exception as error:  # a deadlock or a constraint fails the test below
            result = repr(error)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    run_together([partial(buy, basket) for basket in baskets], timeout=60)
    return outcomes


def test_combo_and_single_buyers_of_a_shared_pack_never_oversell_it(
    product, tea_pack, combo_index, details, shipping
):
    shared = PackSizeFactory(product=product, label="Hộp quà", price=50_000, stock=9)
    tea_pack.stock = 100
    tea_pack.save()
    combo = make_combo(combo_index, {shared: 2, tea_pack: 1}, price=120_000)
    # 10 combo buyers want 2 each, 10 single buyers 1 each: 30 wanted, 9 on the shelf.
    baskets = [{"combos": {combo: 1}}] * 10 + [{"packs": {shared: 1}}] * 10
    outcomes = race(baskets, details, shipping)
    assert set(outcomes) <= {"combo", "single", "out of stock"}, outcomes
    combos_sold, singles_sold = outcomes.count("combo"), outcomes.count("single")
    shared.refresh_from_db()
    tea_pack.refresh_from_db()
    assert 2 * combos_sold + singles_sold == 9 - shared.stock
    assert shared.stock in (0, 1)  # 1 left only when the last buyers all wanted a combo (2 units)
    assert tea_pack.stock == 100 - combos_sold  # refused combos took no tea
    assert OrderCombo.objects.count() == combos_sold
    assert OrderLine.objects.filter(pack_size=shared).count() == combos_sold + singles_sold
    assert Order.objects.count() == combos_sold + singles_sold


def test_combos_sharing_packs_in_different_orders_neither_deadlock_nor_oversell(
    product, tea_pack, combo_index, details, shipping
):
    first = PackSizeFactory(product=product, label="A", price=10_000, stock=4)
    tea_pack.stock = 10
    tea_pack.save()
    # Rows are written in opposite orders; stock is still taken in primary-key order.
    one = make_combo(combo_index, {tea_pack: 1, first: 1}, price=35_000, title="Một", slug="mot")
    two = make_combo(combo_index, {first: 1, tea_pack: 1}, price=36_000, title="Hai", slug="hai")
    outcomes = race([{"combos": {one: 1}}] * 6 + [{"combos": {two: 1}}] * 6, details, shipping)
    assert outcomes.count("combo") == 4
    assert set(outcomes) == {"combo", "out of stock"}
    first.refresh_from_db()
    tea_pack.refresh_from_db()
    assert (first.stock, tea_pack.stock) == (0, 6)
