"""After the order: finding it again by code and phone, cancelling only after confirming, shopping on."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.urls import reverse

from storefront.lookup import LOOKUP_ATTEMPTS
from storefront.models import OrderState
from tests.page_tree import independent_of_the_page_tree

pytestmark = pytest.mark.django_db
LOOKUP = reverse("storefront:order_lookup")
NOT_FOUND = "Không tìm thấy đơn hàng với mã và số điện thoại này. Vui lòng kiểm tra lại."


@pytest.fixture(autouse=True)
@independent_of_the_page_tree
def fresh_attempts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def order(place, pack):
    return place({pack: 2})  # placed with +84912345678 (the `details` fixture)


def alert(response):
    found = BeautifulSoup(response.content, "html.parser").select_one("[role=alert]")
    return found.get_text(strip=True) if found else None


def test_the_code_and_the_phone_as_people_type_them_open_the_order(client, order):
    response = client.post(LOOKUP, {"code": order.code.lower(), "phone": "0912 345 678"})
    assert response.status_code == 302
    assert response["Location"] == order.get_absolute_url()


def test_a_wrong_code_and_a_wrong_phone_get_the_same_answer(client, order):
    wrong_code = client.post(LOOKUP, {"code": "OC00000000", "phone": "0912 345 678"})
    wrong_phone = client.post(LOOKUP, {"code": order.code, "phone": "0987 654 321"})
    assert wrong_code.status_code == wrong_phone.status_code == 200
    assert alert(wrong_code) == alert(wrong_phone) == NOT_FOUND


def test_a_malformed_phone_is_explained_without_revealing_anything(client, order):
    response = client.post(LOOKUP, {"code": order.code, "phone": "abc"})
    assert response.status_code == 200
    assert "Số điện thoại chưa đúng, ví dụ: 0912 345 678." in response.content.decode()


def test_guessing_is_stopped_after_the_allowed_attempts_even_with_the_right_answer(client, order):
    for _ in range(LOOKUP_ATTEMPTS):
        assert client.post(LOOKUP, {"code": "OC00000000", "phone": "0912 345 678"}).status_code == 200
    response = client.post(LOOKUP, {"code": order.code, "phone": "0912 345 678"})
    assert response.status_code == 429
    assert alert(response).startswith("Bạn đã thử quá nhiều lần.")


def test_the_lookup_page_is_linked_from_every_page(client, home):
    html = client.get("/").content.decode()
    assert f'href="{LOOKUP}"' in html
    assert client.get(LOOKUP).status_code == 200


def test_cancelling_asks_for_confirmation_first_and_works_without_javascript(client, order, pack):
    url = reverse("storefront:order_cancel", args=[order.token])
    order_page = BeautifulSoup(client.get(order.get_absolute_url()).content, "html.parser")
    assert order_page.find("a", string="Huỷ đơn hàng")["href"] == url

    confirmation = client.get(url)
    assert (
        "Huỷ đơn hàng" in confirmation.content.decode()
        and "Không, giữ đơn hàng" in confirmation.content.decode()
    )
    assert client.post(url).status_code == 200  # a POST without the confirmation only asks again
    order.refresh_from_db()
    pack.refresh_from_db()
    assert (order.state, pack.stock) == (OrderState.PLACED, 10)

    client.post(url, {"confirm": "1"})
    order.refresh_from_db()
    pack.refresh_from_db()
    assert (order.state, pack.stock) == (OrderState.CANCELLED, 12)


def test_the_order_page_offers_to_continue_shopping(client, order):
    page = BeautifulSoup(client.get(order.get_absolute_url()).content, "html.parser")
    assert page.find("a", string="Tiếp tục mua sắm")["href"] == "/"
