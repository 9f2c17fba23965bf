"""Stripe that accepts the connection and never answers (a hung gateway, a black-holed route): the
order page answers within a few seconds with "the card gateway is not connected", and for a while
after that the order pages do not ask Stripe again, so a few such pages cannot hold every thread."""

import logging

import pytest

from storefront.models import OrderState
from storefront.payments import stripe as stripe_payments
from tests.servers import hung_server

UNREACHABLE = "Chưa kết nối được cổng thanh toán thẻ. Đơn hàng vẫn được giữ"
# The hung Stripe drops a connection after this long (ten STRIPE_TIMEOUTs), so a call without a timeout
# fails its test (the connection closed, not "Read timed out") rather than hanging it.
GIVE_UP_AFTER = 10


@pytest.fixture
def stripe_hung(settings):
    """Stripe that takes connections and never answers, counting them (`.connections`)."""
    with hung_server(give_up_after=GIVE_UP_AFTER) as stripe_server:
        settings.STRIPE_SECRET_KEY = "sk_test_hung"
        settings.STRIPE_PUBLISHABLE_KEY = "pk_test_hung"
        settings.STRIPE_WEBHOOK_SECRET = "whsec_hung"
        settings.STRIPE_API_BASE = f"http://127.0.0.1:{stripe_server.port}"
        settings.STRIPE_TIMEOUT = 1.0
        yield stripe_server


@pytest.mark.django_db
def test_a_hung_stripe_costs_the_order_page_one_timeout_and_says_the_gateway_is_not_connected(
    client, place, pack, stripe_hung, caplog
):
    order = place({pack: 1}, "stripe")

    page = client.get(order.get_absolute_url())
    assert page.status_code == 200
    assert UNREACHABLE in page.content.decode()
    assert stripe_hung.connections == 1  # not retried
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert "Read timed out" in said[0]  # given up after STRIPE_TIMEOUT
    assert "not asked again" in said[1]

    for _ in range(3):  # the next views within DOWN_SECONDS do not ask Stripe at all
        page = client.get(order.get_absolute_url())
        assert UNREACHABLE in page.content.decode()
    assert stripe_hung.connections == 1
    order.refresh_from_db()
    assert (order.state, order.provider_reference) == (OrderState.PENDING_PAYMENT, "")


@pytest.mark.django_db
def test_stripe_is_asked_again_once_the_pause_after_a_hang_is_over(client, place, pack, stripe_hung):
    from django.core.cache import cache

    order = place({pack: 1}, "stripe")
    client.get(order.get_absolute_url())
    assert cache.get(stripe_payments.DOWN_KEY)
    cache.delete(stripe_payments.DOWN_KEY)  # DOWN_SECONDS later

    page = client.get(order.get_absolute_url())
    assert UNREACHABLE in page.content.decode()
    assert stripe_hung.connections == 2  # it asked again
