"""The order page's timeline tells a screen reader what colour tells the eye: the steps done and the one
the order is at."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from storefront.models import Order, OrderState

pytestmark = pytest.mark.django_db
S = OrderState


def timeline(client, order, **query):
    page = BeautifulSoup(client.get(order.get_absolute_url(), query).content, "html.parser")
    return [
        (
            step.get_text(" ", strip=True),
            step.get("aria-current"),
            step.select_one(".visually-hidden") is not None,
        )
        for step in page.select("ol.timeline li")
    ]


def test_the_steps_done_say_so_and_the_current_one_is_marked(client, place, pack):
    order = place({pack: 1}, "cod")
    Order.objects.filter(pk=order.pk).update(state=S.PREPARING)
    assert timeline(client, order) == [
        ("Đã đặt, chờ xác nhận (đã xong)", None, True),
        ("Đã xác nhận qua điện thoại (đã xong)", None, True),
        ("Đang chuẩn bị hàng", "step", False),
        ("Đang giao", None, False),
        ("Đã giao", None, False),
    ]


def test_the_english_timeline_says_done_in_english(client, place, pack):
    order = place({pack: 1}, "cod")
    Order.objects.filter(pk=order.pk).update(state=S.CONFIRMED)
    with translation.override("en"):
        placed, confirmed = str(S.PLACED.label), str(S.CONFIRMED.label)
    assert timeline(client, order, lang="en")[:2] == [
        (f"{placed} (done)", None, True),
        (confirmed, "step", False),
    ]
