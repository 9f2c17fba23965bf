"""The phone typed at checkout is one the shop can call back to confirm the order: a Vietnamese mobile or
landline, without an extension. Orders placed with other numbers are still found by their phone."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from storefront.forms import CheckoutForm
from storefront.models import Order
from tests.storefront.checkout_pages import send_checkout

pytestmark = pytest.mark.django_db

NO_EXTENSION = "Vui lòng nhập số điện thoại không kèm số máy lẻ, để cửa hàng gọi thẳng cho bạn."
NOT_VIETNAMESE = "Vui lòng nhập số điện thoại Việt Nam (di động hoặc cố định) để cửa hàng gọi xác nhận đơn."
NOT_CALLABLE = (
    "Số tổng đài (1800, 1900…) không nhận cuộc gọi xác nhận đơn; vui lòng nhập số di động hoặc số cố định."
)


def phone_errors(checkout_data, typed):
    form = CheckoutForm({**checkout_data, "phone": typed})
    form.is_valid()
    return form.errors.get("phone", [])


REFUSED = [
    ("1800 0000", NOT_CALLABLE),  # toll-free
    ("1800 1234", NOT_CALLABLE),
    ("1900 545 415", NOT_CALLABLE),  # premium rate
    ("+84 1900 1234", NOT_CALLABLE),
    ("+1 202 555 0100", NOT_VIETNAMESE),
    ("+44 20 7946 0958", NOT_VIETNAMESE),
    ("0912-345-678 ext. 9", NO_EXTENSION),
    ("0912 345 678 x9", NO_EXTENSION),
    ("028 3822 1234;ext=12", NO_EXTENSION),
]


@pytest.mark.parametrize(("typed", "message"), REFUSED, ids=[typed for typed, _message in REFUSED])
def test_a_number_the_shop_cannot_call_back_is_refused_with_a_message(checkout_data, typed, message):
    assert phone_errors(checkout_data, typed) == [message]


@pytest.mark.parametrize(
    "typed", ["0912 345 678", "+84 912 345 678", "84912345678", "028 3822 1234", "0243 826 1234"]
)
def test_vietnamese_mobiles_and_landlines_are_accepted(checkout_data, typed):
    assert phone_errors(checkout_data, typed) == []


INVALID = "Số điện thoại chưa đúng, ví dụ: 0912 345 678."
# phonenumbers reads letters as a phone's keypad does (abc → 2, O → 6) or drops them: each of these was
# once an order placed with a number the buyer never typed.
WITH_LETTERS = ["09123abc78", "0912345678x", "O912345678", "0912 345 67O", "1800abcd", "0912 345 678 gọi"]


@pytest.mark.parametrize("typed", WITH_LETTERS)
def test_a_phone_with_letters_is_refused_not_read_as_keypad_digits(checkout_data, typed):
    assert phone_errors(checkout_data, typed) == [INVALID]


@pytest.mark.parametrize("typed", ["(091) 234-5678", "0912.345.678", "+84 912-345-678", "84 (912) 345 678"])
def test_spaces_dots_hyphens_and_parentheses_are_still_accepted(checkout_data, typed):
    assert phone_errors(checkout_data, typed) == []


def test_a_phone_with_letters_at_checkout_places_nothing_and_keeps_what_was_typed(
    client, pack, shipping, add_to_cart, checkout_data
):
    add_to_cart(pack, 1)
    page = send_checkout(client, {**checkout_data, "phone": "09123abc78"})
    soup = BeautifulSoup(page.content, "html.parser")
    assert [li.get_text(strip=True) for li in soup.select("#field-phone .errorlist li")] == [INVALID]
    assert soup.select_one("#id_phone")["value"] == "09123abc78"
    assert Order.objects.count() == 0
    pack.refresh_from_db()
    assert pack.stock == 12


def test_an_empty_phone_asks_for_one(checkout_data):
    assert phone_errors(checkout_data, "") == ["Vui lòng nhập số điện thoại."]


def test_a_toll_free_number_at_checkout_places_nothing_and_says_why(
    client, pack, shipping, add_to_cart, checkout_data
):
    add_to_cart(pack, 1)
    page = send_checkout(client, {**checkout_data, "phone": "1800 0000"})
    soup = BeautifulSoup(page.content, "html.parser")
    assert [li.get_text(strip=True) for li in soup.select("#field-phone .errorlist li")] == [NOT_CALLABLE]
    assert soup.select_one("#id_phone")["value"] == "1800 0000"  # as typed, to correct
    assert Order.objects.count() == 0
    pack.refresh_from_db()
    assert pack.stock == 12


def test_an_order_placed_with_a_foreign_number_before_the_rule_is_still_found(client, place, pack, details):
    details["phone"] = "+12025550100"
    order = place({pack: 1})
    response = client.post(
        reverse("storefront:order_lookup"), {"code": order.code, "phone": "+1 202 555 0100"}
    )
    assert response.status_code == 302
    assert response["Location"] == order.get_absolute_url()


def test_an_empty_form_asks_for_each_field_in_its_own_words(checkout_data):
    form = CheckoutForm({"payment_method": checkout_data["payment_method"]})
    assert not form.is_valid()
    assert form.errors["province"] == ["Vui lòng chọn tỉnh/thành phố."]
    assert form.errors["full_name"] == ["Vui lòng nhập họ và tên."]
    assert form.errors["phone"] == ["Vui lòng nhập số điện thoại."]
