"""Redis hangs (takes connections, never answers) while the task queue lives there (RQ): once the cache
or the queue has found it down, no request waits for it again until the retry time, and the queue's
outage is said once, without a traceback per request. Each piece of work still happens: the search
update runs in the request, the buyer's email and a copied-label report's are left to their sweeps."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from config.environment import with_socket_timeouts
from ops.tasks import BACKEND
from storefront.models import Order
from tests.config.test_redis_outage import use_redis
from tests.ops.conftest import checkout
from tests.servers import hung_server
from traceability.factories import LotFactory
from traceability.models import CopyReport

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 0.3  # the tests' cache timeout (use_redis)
# The hung Redis drops a connection after this long, so a client without a timeout fails its test (the
# connection closed, not timed out) rather than hanging it.
GIVE_UP_AFTER = 10


@pytest.fixture(autouse=True)
def no_queue_outage_known_yet():
    """The queue's outage is said once per process: each test starts afresh."""
    from ops.tasks import queue_outage

    queue_outage.down = False


@pytest.fixture
def hung_redis(settings):
    """The cache and the task queue in one Redis that hangs, configured as config/settings.py does."""
    with hung_server(give_up_after=GIVE_UP_AFTER) as redis:
        use_redis(settings, redis.port, retry_seconds=60)
        settings.TASKS = {
            **settings.TASKS,
            BACKEND: {"BACKEND": "ops.rq_backend.GuardedRQBackend", "QUEUES": ["default"]},
        }
        url = f"redis://127.0.0.1:{redis.port}/0"
        settings.RQ_QUEUES = {"default": {"URL": with_socket_timeouts(url, TIMEOUT), "DEFAULT_TIMEOUT": 300}}
        yield redis


def buy(pack, capture_on_commit):
    """A guest's checkout, with what runs after its commit (the enqueues)."""
    buyer = Client()
    buyer.post(reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": 1})
    with capture_on_commit(execute=True):
        return checkout(buyer)


def test_while_redis_hangs_each_checkout_is_placed_without_waiting_for_it_and_the_outage_is_said_once(
    product, hung_redis, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO)
    pack = product.pack_sizes.get()
    for _ in range(4):
        assert buy(pack, django_capture_on_commit_callbacks).status_code == 302
    assert Order.objects.count() == 4
    # The cache's first look found it down; nothing asked it again, though each checkout enqueues two
    # tasks (the search update, the email), each of which waited 5 s for it before.
    assert hung_redis.connections == 1
    assert mail.outbox == []  # the confirmations wait for the sweep
    said = [(r.levelname, r.getMessage().split(":")[0]) for r in caplog.records if r.name == "ops.tasks"]
    assert said == [("WARNING", "the task queue is unreachable")]
    assert not [r for r in caplog.records if r.name == "ops.tasks" and r.exc_info]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_when_the_queue_is_first_to_find_redis_hung_the_cache_and_the_next_tasks_leave_it_alone(
    product, hung_redis, caplog, django_capture_on_commit_callbacks
):
    """A task enqueued before anything asked the cache (a command, the worker): its one timeout is
    the outage's only one."""
    import django_rq

    from search.indexing import schedule_update

    caplog.set_level(logging.WARNING)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            schedule_update([product.pk])
    assert hung_redis.connections == 1  # one timeout, not one per task
    [said] = [r.getMessage() for r in caplog.records if r.name == "ops.tasks"]
    assert "Timeout" in said  # given up on its socket timeout: the cache's short one, not redis-py's 5 s
    queue = django_rq.get_queue("default").connection.connection_pool.connection_kwargs
    assert (queue.get("socket_timeout"), queue.get("socket_connect_timeout")) == (TIMEOUT, TIMEOUT)
    from django.core.cache import cache

    assert cache.get("anything") is None
    assert hung_redis.connections == 1  # the cache knew it from the queue
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_while_redis_hangs_copied_label_reports_are_kept_without_waiting_and_said_once(
    hung_redis, caplog, django_capture_on_commit_callbacks
):
    lot = LotFactory(code="L-HUNG-1")
    form = {"gtin": lot.pack_size.gtin, "lot": lot.code, "serial": "ABCD1234", "status": "repeat"}
    caplog.set_level(logging.INFO)
    Client().get("/")  # the cache finds Redis hung
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            response = Client().post("/truy-xuat/bao-tem-sao-chep/", {**form, "details": f"Tem lạ {number}"})
            assert response.status_code == 200
    assert CopyReport.objects.count() == 3
    assert hung_redis.connections == 1
    assert [r.getMessage().split(":")[0] for r in caplog.records if r.name == "ops.tasks"] == [
        "the task queue is unreachable"
    ]
    assert not [r for r in caplog.records if r.name.startswith(("ops", "traceability")) and r.exc_info]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_with_redis_url_the_task_queue_shares_the_caches_breaker_and_its_short_timeouts():
    shown = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.TASKS['background']['BACKEND'], s.RQ_QUEUES['default']['URL'])",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "REDIS_URL": "redis://:pw@redis:6379/2",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()
    assert shown == [
        "ops.rq_backend.GuardedRQBackend",
        "redis://:pw@redis:6379/2?socket_connect_timeout=0.5&socket_timeout=0.5",
    ]
    assert with_socket_timeouts("redis://r/0?socket_timeout=2", 0.5).endswith("socket_timeout=2")
