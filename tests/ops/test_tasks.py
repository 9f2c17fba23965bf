"""Work off the request path: an order email survives an SMTP outage, failures stay visible to staff."""

import datetime
import email
import logging

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from storefront.models import Order
from tests.ops.conftest import checkout, smtp_mailer
from tests.servers import free_port

pytestmark = pytest.mark.django_db


def make_retry_due():
    """Let the backoff pass: what waits in the queue becomes due now."""
    DBTaskResult.objects.filter(status="READY").update(
        run_after=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_an_order_placed_while_smtp_is_down_gets_its_email_once_smtp_is_back(
    client, filled_cart, settings, database_tasks, run_worker, smtp_server, django_capture_on_commit_callbacks
):
    settings.MAILERS = smtp_mailer(free_port())  # nothing listens there: SMTP is down
    with django_capture_on_commit_callbacks(execute=True):
        response = checkout(client)
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    # the order also queues other work (the search index learns the new stock); the email is queued once
    queued = DBTaskResult.objects.get(task_path="storefront.tasks.send_order_confirmation")
    assert queued.args_kwargs == {"args": [order.pk], "kwargs": {}}

    run_worker()  # SMTP refuses: the email waits for a second attempt, a minute later
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs == {"args": [order.pk], "kwargs": {"attempt": 2}}
    assert retry.run_after > timezone.now() + datetime.timedelta(seconds=50)
    run_worker()  # not due yet: nothing happens
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert smtp_server.inbox.messages == []

    settings.MAILERS = smtp_mailer(smtp_server.port)  # SMTP is back
    make_retry_due()
    run_worker()
    assert not DBTaskResult.objects.filter(status__in=["READY", "FAILED"]).exists()
    [received] = smtp_server.inbox.messages
    assert received.rcpt_tos == ["hoa@example.vn"]
    message = email.message_from_bytes(received.content, policy=email.policy.default)
    assert message["Subject"] == f"Đơn hàng {order.code} đã được ghi nhận"
    assert f"/don-hang/{order.token}/" in message.get_body().get_content()


def test_the_wait_between_attempts_doubles(
    client, filled_cart, settings, database_tasks, run_worker, django_capture_on_commit_callbacks
):
    settings.MAILERS = smtp_mailer(free_port())
    with django_capture_on_commit_callbacks(execute=True):
        checkout(client)
    waits = []
    for _ in range(2):
        before = timezone.now()
        run_worker()
        retry = DBTaskResult.objects.get(status="READY")
        waits.append(round((retry.run_after - before).total_seconds() / 60))
        make_retry_due()
    assert waits == [1, 2]


def test_an_email_that_never_goes_out_stays_failed_in_the_queue_for_staff(
    client, filled_cart, settings, database_tasks, run_worker, django_capture_on_commit_callbacks
):
    settings.MAILERS = smtp_mailer(free_port())
    with django_capture_on_commit_callbacks(execute=True):
        checkout(client)
    for _ in range(settings.TASK_MAX_ATTEMPTS):
        run_worker()
        make_retry_due()
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.task_path == "storefront.tasks.send_order_confirmation"
    assert failed.args_kwargs["kwargs"] == {"attempt": 3}
    assert "ConnectionRefusedError" in failed.exception_class_path
    assert Order.objects.count() == 1


def test_staff_see_the_failed_email_in_the_admin_and_run_it_again(
    client,
    admin_client,
    filled_cart,
    settings,
    database_tasks,
    run_worker,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    settings.TASK_MAX_ATTEMPTS = 1
    settings.MAILERS = smtp_mailer(free_port())
    with django_capture_on_commit_callbacks(execute=True):
        checkout(client)
    run_worker()
    order = Order.objects.get()
    page = admin_client.get(reverse("ops_failed_tasks"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "storefront.tasks.send_order_confirmation" in html
    assert f"[{order.pk}]" in html
    assert "ConnectionRefusedError" in html

    settings.MAILERS = smtp_mailer(smtp_server.port)
    failed = DBTaskResult.objects.get(status="FAILED")
    response = admin_client.post(reverse("ops_failed_tasks"), {"task": str(failed.pk)}, follow=True)
    assert "Đã đưa tác vụ vào hàng đợi để chạy lại." in response.content.decode()
    run_worker()
    assert [m.rcpt_tos for m in smtp_server.inbox.messages] == [["hoa@example.vn"]]
    assert "Không có tác vụ nào bị lỗi." in admin_client.get(reverse("ops_failed_tasks")).content.decode()


def test_the_failed_tasks_page_is_for_superusers_only(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw-editor-123", is_staff=True)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("ops_failed_tasks"))
    assert response.status_code == 302, response.status_code


def test_when_the_queue_itself_is_down_the_email_is_left_to_the_sweep_not_sent_in_the_request(
    client, filled_cart, settings, django_capture_on_commit_callbacks
):
    """Sent in the request, a hung SMTP server would hold the buyer, and a failure's retry could not be
    queued on the dead Redis: the order keeps its confirmation owed and the worker's sweep sends it."""
    from django.core import mail
    from freezegun import freeze_time

    from storefront.tasks import send_unsent_order_emails

    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    }
    settings.RQ_QUEUES = {
        "default": {"URL": f"redis://127.0.0.1:{free_port()}/0", "SOCKET_CONNECT_TIMEOUT": 0.5}
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = checkout(client)
    order = Order.objects.get()
    assert response.status_code == 302
    assert mail.outbox == []

    with freeze_time(timezone.now() + datetime.timedelta(minutes=6)):  # Redis is back: the clock runs
        assert send_unsent_order_emails.call() == 1
    assert [m.subject for m in mail.outbox] == [f"Đơn hàng {order.code} đã được ghi nhận"]


def test_the_worker_leaves_its_task_lines_to_log_level(settings, database_tasks, run_worker):
    """django-tasks-db's worker turns its loggers up to INFO whatever the settings say: with the default
    LOG_LEVEL (WARNING) every task's RUNNING/SUCCESSFUL line and every idle poll filled the log."""
    level = logging.getLevelName(settings.LOG_LEVEL)
    run_worker()
    assert logging.getLogger("django.tasks").getEffectiveLevel() == level
    assert logging.getLogger("django_tasks_db").getEffectiveLevel() == level
