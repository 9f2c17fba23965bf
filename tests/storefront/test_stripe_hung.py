"""Stripe that accepts the connection and never answers (a hung gateway, a black-holed route): the
order page answers within a few seconds with "the card gateway is not connected", and for a while
after that the order pages do not ask Stripe again, so a few such pages cannot hold every thread."""

import socket
import time

import pytest
import stripe

from storefront.models import OrderState
from storefront.payments import stripe as stripe_payments

UNREACHABLE = "Chưa kết nối được cổng thanh toán thẻ. Đơn hàng vẫn được giữ"


@pytest.fixture
def hung_stripe():
    """A listener whose connections are accepted by the kernel and never read from or answered."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


@pytest.fixture
def stripe_hung(settings, hung_stripe):
    settings.STRIPE_SECRET_KEY = "sk_test_hung"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_hung"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_hung"
    settings.STRIPE_API_BASE = hung_stripe
    settings.STRIPE_TIMEOUT = 1.0


def timed_get(client, url):
    started = time.monotonic()
    page = client.get(url)
    return page, time.monotonic() - started


@pytest.mark.django_db
def test_a_hung_stripe_costs_the_order_page_one_timeout_and_says_the_gateway_is_not_connected(
    client, place, pack, stripe_hung, monkeypatch
):
    calls = []
    real_request = stripe.RequestsClient.request

    def counting(self, *args, **kwargs):
        calls.append(args[1])
        return real_request(self, *args, **kwargs)

    monkeypatch.setattr(stripe.RequestsClient, "request", counting)
    order = place({pack: 1}, "stripe")

    page, seconds = timed_get(client, order.get_absolute_url())
    assert page.status_code == 200
    assert UNREACHABLE in page.content.decode()
    assert 1.0 <= seconds < 3.0  # one STRIPE_TIMEOUT, not retried
    assert len(calls) == 1

    for _ in range(3):  # the next views within DOWN_SECONDS do not ask Stripe at all
        page, seconds = timed_get(client, order.get_absolute_url())
        assert UNREACHABLE in page.content.decode()
        assert seconds < 0.5
    assert len(calls) == 1
    order.refresh_from_db()
    assert (order.state, order.provider_reference) == (OrderState.PENDING_PAYMENT, "")


@pytest.mark.django_db
def test_stripe_is_asked_again_once_the_pause_after_a_hang_is_over(client, place, pack, stripe_hung):
    from django.core.cache import cache

    order = place({pack: 1}, "stripe")
    client.get(order.get_absolute_url())
    assert cache.get(stripe_payments.DOWN_KEY)
    cache.delete(stripe_payments.DOWN_KEY)  # DOWN_SECONDS later

    page, seconds = timed_get(client, order.get_absolute_url())
    assert UNREACHABLE in page.content.decode()
    assert seconds >= 1.0  # it asked (and waited) again
