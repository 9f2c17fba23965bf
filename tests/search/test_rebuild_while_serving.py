"""`manage.py search_reindex` (and `restore`, which calls the same rebuild) on a running shop: the
database engine rebuilds in short batches, so a shopper's write between two batches is not kept
waiting behind the whole rebuild (SQLite's one write lock; "database is locked" after the 20 s busy
timeout), and searches made meanwhile still find every product."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connections

from search import indexing
from search.engines import get_engines
from search.engines.database import DatabaseEngine
from search.query import SearchQuery
from tests.threads import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def a_shopper_adds_to_the_cart() -> str:
    """What add-to-cart writes (the session row), on its own connection as a web worker would."""
    outcome = []

    def write():
        try:
            session = SessionStore()
            session["cart"] = {"1": 1}
            session.save()
            outcome.append("saved")
        except Exception as error:  # "database table is locked" while a rebuild holds the write lock
            outcome.append(repr(error))
        finally:
            connections.close_all()

    run_together([write], timeout=60)
    return outcome[0] if outcome else "still waiting"


def test_a_shopper_can_write_between_the_batches_of_a_rebuild_and_search_finds_every_product(catalogue):
    engine = DatabaseEngine()
    everything = {p.pk for p in catalogue.values()}
    writes, found = [], []

    def between_batches(done):
        writes.append(a_shopper_adds_to_the_cart())
        found.append(set(engine.search(SearchQuery(page_size=50)).ids))

    indexing.rebuild([engine], progress=between_batches, chunk_size=2)

    assert writes == ["saved", "saved", "saved"]  # 5 products in batches of 2
    assert found == [everything] * 3
    assert set(engine.search(SearchQuery(page_size=50)).ids) == everything


def test_a_rebuild_removes_the_documents_of_products_no_longer_live(catalogue):
    engine = get_engines()[0]
    gone = catalogue["mat_ong"]
    type(gone).objects.filter(pk=gone.pk).update(live=False)  # unpublished, no signal to remove it
    indexing.rebuild([engine], chunk_size=2)
    assert set(engine.search(SearchQuery(page_size=50)).ids) == {p.pk for p in catalogue.values()} - {gone.pk}
