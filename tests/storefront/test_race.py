"""Buyers racing for the last units, on PostgreSQL with real threads: never oversold, never negative."""

import fcntl
import os
import threading

import pytest
from django.conf import settings
from django.db import connection, connections

from catalogue.factories import PackSizeFactory
from storefront.checkout import place_order
from storefront.errors import TransitionError
from storefront.models import Order, OrderLine, OrderState
from storefront.payments import get_provider
from storefront.stock import OutOfStock
from tests.threads import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs DATABASE_URL to point at PostgreSQL",
    ),
]


@pytest.fixture(autouse=True)
def one_race_at_a_time(tmp_path_factory):
    """Under xdist, a race waits for another worker's race to end: thirty threads each are enough
    for PostgreSQL's connections and this machine's cores. (The workers share basetemp's parent.)"""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        yield
        return
    lock_path = tmp_path_factory.getbasetemp().parent / "postgres-race.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def race(buyers: int, basket, details, shipping):
    """Start `buyers` threads at once, each placing `basket` ({pack: quantity}); count the outcomes."""
    barrier = threading.Barrier(buyers)
    outcomes, lock = [], threading.Lock()

    def buy():
        try:
            barrier.wait()
            place_order(
                quantities={p.pk: q for p, q in basket.items()},
                seen_prices={p.pk: p.price for p in basket},
                details=details,
                provider=get_provider("cod"),
                shipping=shipping,
            )
            result = "sold"
        except OutOfStock:
            result = "out of stock"
        except Exception as error:  # anything else (a deadlock, a constraint) fails the test below
            result = repr(error)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    run_together([buy] * buyers, timeout=60)
    return outcomes


def test_thirty_buyers_for_five_units_sell_exactly_five(product, details, shipping):
    pack = PackSizeFactory(product=product, label="Hộp quà", price=120_000, stock=5)
    outcomes = race(30, {pack: 1}, details, shipping)
    assert sorted(set(outcomes)) == ["out of stock", "sold"]
    assert outcomes.count("sold") == 5
    pack.refresh_from_db()
    assert pack.stock == 0
    assert OrderLine.objects.filter(pack_size=pack).count() == 5
    assert Order.objects.filter(state=OrderState.PLACED).count() == 5


def test_buyers_of_two_units_never_take_more_than_there_is(product, details, shipping):
    pack = PackSizeFactory(product=product, label="Túi 1kg", price=90_000, stock=7)
    outcomes = race(20, {pack: 2}, details, shipping)
    assert outcomes.count("sold") == 3
    assert outcomes.count("out of stock") == 17
    pack.refresh_from_db()
    assert pack.stock == 1


def test_baskets_sharing_two_packs_neither_deadlock_nor_oversell(product, details, shipping):
    first = PackSizeFactory(product=product, label="A", price=10_000, stock=4)
    second = PackSizeFactory(product=product, label="B", price=20_000, stock=10)
    # The dict order differs between buyers; stock is always taken in primary-key order.
    outcomes = race(12, {second: 1, first: 1}, details, shipping)
    outcomes += race(12, {first: 1, second: 1}, details, shipping)
    assert outcomes.count("sold") == 4
    assert set(outcomes) == {"sold", "out of stock"}
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.stock, second.stock) == (0, 6)  # failed baskets took nothing from B


def test_cancelling_from_many_threads_gives_stock_back_once(product, details, shipping):
    pack = PackSizeFactory(product=product, label="Hộp 200g", price=50_000, stock=10)
    [outcome] = race(1, {pack: 4}, details, shipping)
    assert outcome == "sold"
    order = Order.objects.get()
    barrier = threading.Barrier(10)
    moved = []

    def cancel():
        from storefront import orders

        try:
            barrier.wait()
            try:
                moved.append(orders.cancel(Order.objects.get(pk=order.pk)))
            except TransitionError:  # loaded after another thread's cancel committed: nothing to move
                moved.append(False)
        finally:
            connection.close()  # also when it raised: an open one keeps the test database from being dropped

    run_together([cancel] * 10, timeout=60)
    assert len(moved) == 10  # every thread answered
    assert moved.count(True) == 1
    pack.refresh_from_db()
    assert pack.stock == 10
