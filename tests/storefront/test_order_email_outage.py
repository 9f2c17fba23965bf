"""The queue (Redis) and SMTP down at once: the buyer gets the order page at once, never waiting on
SMTP, and the emails they are owed (the confirmation, a shipment, a cancellation) are sent by the
worker's sweep once SMTP is back, each once."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone
from freezegun import freeze_time
from redis.exceptions import ConnectionError as RedisConnectionError

from ops.tasks import BACKEND
from storefront import orders, tasks
from storefront.models import Order, OrderState
from tests.servers import closed_port, smtp
from tests.storefront.checkout_pages import send_checkout

pytestmark = pytest.mark.django_db
S = OrderState


class DeadQueue(ImmediateBackend):
    """RQ with Redis down: nothing can be enqueued."""

    def enqueue(self, task, args, kwargs):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6391. Connection refused.")


@pytest.fixture
def queue_down(settings):
    settings.TASKS = {**settings.TASKS, BACKEND: {"BACKEND": f"{__name__}.DeadQueue"}}


@pytest.fixture
def cart(client, pack, shipping):
    client.post("/gio-hang/them/", {"pack_size": pack.pk, "quantity": 2})
    return pack


def later(minutes=6):
    """Past the sweep's wait: an email this old is no longer its own task's to send."""
    return freeze_time(timezone.now() + datetime.timedelta(minutes=minutes))


def test_with_the_queue_and_smtp_down_the_buyer_waits_for_neither_and_the_sweep_sends_the_confirmation_once(
    client, settings, cart, checkout_data, queue_down, silent_smtp, django_capture_on_commit_callbacks
):
    locmem = settings.MAILERS
    settings.MAILERS = smtp(silent_smtp.port, timeout=10)  # SMTP takes the connection and never answers

    with django_capture_on_commit_callbacks(execute=True):
        response = send_checkout(client, checkout_data, follow=False)
    assert silent_smtp.connections == 0  # left to the sweep: the request never waited on SMTP's 10 s
    order = Order.objects.get()
    assert response["Location"] == order.get_absolute_url()

    settings.MAILERS = locmem  # SMTP is back (and Redis, so the worker's clock runs the sweep)
    assert tasks.send_unsent_order_emails.call() == 0  # too fresh: its own task may still be at it
    with later():
        assert tasks.send_unsent_order_emails.call() == 1
        assert tasks.send_unsent_order_emails.call() == 0  # never twice
    [email] = mail.outbox
    assert email.to == ["hoa@example.vn"]
    assert email.subject == f"Đơn hàng {order.code} đã được ghi nhận"


def test_a_confirmation_whose_smtp_refused_every_try_is_sent_by_the_sweep(
    client, settings, cart, checkout_data, django_capture_on_commit_callbacks
):
    """The queue takes the email but SMTP is down until its retries are spent (or the retry could not be
    queued): the order says its confirmation is unsent, and the sweep sends it."""
    locmem = settings.MAILERS
    settings.MAILERS = smtp(closed_port())
    settings.TASK_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        send_checkout(client, checkout_data, follow=False)
    assert mail.outbox == []

    settings.MAILERS = locmem
    with later():
        assert tasks.send_unsent_order_emails.call() == 1
    assert [email.subject for email in mail.outbox] == [
        f"Đơn hàng {Order.objects.get().code} đã được ghi nhận"
    ]


def test_a_cancellation_made_while_the_queue_and_smtp_are_down_reaches_the_buyer_once_smtp_is_back(
    settings, place, pack, details, queue_down, django_capture_on_commit_callbacks
):
    locmem = settings.MAILERS
    details["email"] = "nam@example.vn"
    settings.MAILERS = smtp(closed_port())
    with django_capture_on_commit_callbacks(execute=True):
        order = place({pack: 2}, "cod")
    with django_capture_on_commit_callbacks(execute=True):
        orders.move(order, S.CANCELLED)  # by the shop
    assert mail.outbox == []

    settings.MAILERS = locmem
    with later():
        assert tasks.send_unsent_order_emails.call() == 2  # the confirmation, then the cancellation
        assert tasks.send_unsent_order_emails.call() == 0
    confirmation, cancellation = mail.outbox
    assert cancellation.subject == f"Đơn hàng {order.code} đã được huỷ"
    assert f"Cửa hàng đã huỷ đơn hàng {order.code}." in cancellation.body


def test_an_update_overtaken_by_a_later_move_is_not_sent_by_the_sweep(
    settings, place, pack, details, queue_down, django_capture_on_commit_callbacks
):
    """Shipped, then delivered before SMTP came back: the buyer is not told it is on its way."""
    locmem = settings.MAILERS
    details["email"] = "nam@example.vn"
    settings.MAILERS = smtp(closed_port())
    with django_capture_on_commit_callbacks(execute=True):
        order = place({pack: 2}, "cod")
        for target in (S.CONFIRMED, S.PREPARING, S.SHIPPED, S.DELIVERED):
            orders.move(order, target)

    settings.MAILERS = locmem
    with later():
        assert tasks.send_unsent_order_emails.call() == 1
    assert [email.subject for email in mail.outbox] == [f"Đơn hàng {order.code} đã được ghi nhận"]


def test_an_order_emailed_at_once_is_not_sent_again_by_the_sweep(
    client, cart, checkout_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_checkout(client, checkout_data, follow=False)
    assert len(mail.outbox) == 1
    with later():
        assert tasks.send_unsent_order_emails.call() == 0
    assert len(mail.outbox) == 1


def test_the_sweep_is_on_the_workers_schedule():
    assert django_settings.TASK_SCHEDULE["storefront.tasks.send_unsent_order_emails"] <= 600
