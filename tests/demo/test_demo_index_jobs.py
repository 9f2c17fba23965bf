"""`make run` loads the demo and reindexes: the worker is not left a queue of index updates (7 to 11 a
product before, each purging the search pages, which kept search uncached for minutes)."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from ops.tasks import BACKEND

# Committed for real, as `manage.py load_demo` commits: what runs after its commit runs then.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

INDEX_TASKS = ("search.tasks.update_products", "search.tasks.remove_products")


@pytest.fixture
def database_tasks(settings):
    """Tasks wait in the database for the worker, as with `make run` (see tests/ops)."""
    if settings.TASKS_BACKEND == "rq":
        pytest.skip("the tasks were built for RQ (REDIS_URL); the database backend cannot load them")
    settings.TASKS = {
        **settings.TASKS,
        BACKEND: {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    }


def test_after_load_demo_no_index_update_waits_for_the_worker_and_search_finds_the_demo_at_once(
    client, database_tasks
):
    call_command("load_demo", verbosity=0)
    call_command("load_demo_lots", verbosity=0)
    assert DBTaskResult.objects.filter(task_path__in=INDEX_TASKS).count() == 0
    page = client.get("/search/?q=keo+dua+ca+cao").content.decode()
    assert "Kẹo dừa ca cao" in page
