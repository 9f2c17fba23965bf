"""With REDIS_URL the background backend is RQ: an order email is retried there while SMTP is down.

Runs when the settings chose RQ (REDIS_URL set); empties the RQ queue it used before and after.
"""

import time

import django_rq
import pytest
from django.conf import settings

from ops.tasks import BACKEND
from storefront.models import Order
from tests.ops.conftest import checkout, smtp_mailer
from tests.servers import free_port

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(settings.TASKS_BACKEND != "rq", reason="needs REDIS_URL (the RQ backend)"),
]


def empty_queue():
    queue = django_rq.get_queue("default")
    queue.empty()
    for registry in (queue.scheduled_job_registry, queue.failed_job_registry, queue.finished_job_registry):
        for job_id in registry.get_job_ids():
            registry.remove(job_id, delete_job=True)
    return queue


@pytest.fixture
def rq_tasks(settings):
    settings.TASKS = {
        **settings.TASKS,
        BACKEND: {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    }
    settings.TASK_RETRY_SECONDS = 1
    queue = empty_queue()
    yield queue
    empty_queue()


def test_on_rq_an_order_email_waits_out_an_smtp_outage(
    client, filled_cart, settings, rq_tasks, run_worker, smtp_server, django_capture_on_commit_callbacks
):
    settings.MAILERS = smtp_mailer(free_port())  # SMTP down
    with django_capture_on_commit_callbacks(execute=True):
        checkout(client)
    order = Order.objects.get()
    # the order also queues other work (the search index learns the new stock); the email is queued once
    [email] = [
        job for job in rq_tasks.get_jobs() if job.func_name == "storefront.tasks.send_order_confirmation"
    ]
    assert (list(email.args), email.kwargs) == ([order.pk], {})

    run_worker()  # fails, and schedules attempt 2 a second later
    [retry_id] = rq_tasks.scheduled_job_registry.get_job_ids()
    retry = rq_tasks.fetch_job(retry_id)
    assert (list(retry.args), retry.kwargs) == ([order.pk], {"attempt": 2})
    assert smtp_server.inbox.messages == []

    settings.MAILERS = smtp_mailer(smtp_server.port)  # SMTP back
    time.sleep(1.2)
    run_worker()
    [received] = smtp_server.inbox.messages
    assert received.rcpt_tos == ["hoa@example.vn"]
    assert rq_tasks.failed_job_registry.get_job_ids() == []


def test_on_rq_an_email_that_never_goes_out_is_listed_for_staff(
    client, admin_client, filled_cart, settings, rq_tasks, run_worker, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    settings.TASK_MAX_ATTEMPTS = 1
    settings.MAILERS = smtp_mailer(free_port())
    with django_capture_on_commit_callbacks(execute=True):
        checkout(client)
    run_worker()
    order = Order.objects.get()
    assert len(rq_tasks.failed_job_registry.get_job_ids()) == 1
    html = admin_client.get(reverse("ops_failed_tasks")).content.decode()
    assert "storefront.tasks.send_order_confirmation" in html
    assert f"[{order.pk}]" in html
    assert "ConnectionRefusedError" in html
