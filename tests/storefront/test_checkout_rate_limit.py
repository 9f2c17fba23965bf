"""The checkout's rate limit stops a script placing order after order, not a buyer correcting the form:
only attempts to place an order count, and over the limit the form comes back as typed."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from storefront.models import Order
from tests.storefront.checkout_pages import CHECKOUT, send_checkout

pytestmark = pytest.mark.django_db


@pytest.fixture
def limit_of_two(settings):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "checkout": 2}


@pytest.fixture
def buy(client, pack, shipping, add_to_cart, checkout_data):
    """Fill the cart and submit the checkout page, following the redirects."""

    def _buy(**typed):
        add_to_cart(pack, 1)
        return send_checkout(client, {**checkout_data, **typed})

    return _buy


def test_mistakes_in_the_form_and_choosing_a_province_do_not_count_towards_the_limit(
    client, buy, checkout_data, province, limit_of_two
):
    for _ in range(5):
        assert buy(phone="12").status_code == 200  # "Số điện thoại chưa đúng…"
        no_javascript = client.post(CHECKOUT, {"province": province.pk, "choose_province": "1"})
        assert no_javascript.status_code == 200
    assert Order.objects.count() == 0
    for _ in range(2):
        placed = buy()
        assert placed.redirect_chain[-1][0].startswith("/don-hang/")
    assert Order.objects.count() == 2


def test_one_order_too_many_shows_the_form_again_as_typed_with_how_long_to_wait(
    client, buy, pack, checkout_data, limit_of_two
):
    buy()
    buy()
    page = buy(note="Giao giờ hành chính")

    assert page.status_code == 429
    assert 1 <= int(page["Retry-After"]) <= 60
    soup = BeautifulSoup(page.content, "html.parser")
    [message] = [p.get_text(strip=True) for p in soup.select(".messages .message")]
    assert message == (
        f"Bạn đặt hàng quá nhanh. Vui lòng đợi {page['Retry-After']} giây rồi bấm “Đặt hàng” lần nữa; "
        "thông tin bạn đã nhập vẫn được giữ."
    )
    assert soup.select_one("#id_full_name")["value"] == checkout_data["full_name"]
    assert soup.select_one("#id_phone")["value"] == checkout_data["phone"]
    assert soup.select_one("#id_street")["value"] == checkout_data["street"]
    assert soup.select_one("#id_note").get_text(strip=True) == "Giao giờ hành chính"
    assert soup.select_one("#id_commune option[selected]")["value"] == str(checkout_data["commune"])
    assert Order.objects.count() == 2
    pack.refresh_from_db()
    assert pack.stock == 10
    assert client.get(reverse("storefront:checkout")).status_code == 200  # looking is never limited
