"""What a buyer types at checkout is stored as staff will read and search it: within its column's
length, in NFC, without direction controls, and never an invisible name."""

import unicodedata

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from storefront.forms import CheckoutForm
from storefront.models import Order
from tests.storefront.checkout_pages import send_checkout

pytestmark = pytest.mark.django_db


def code_points(text: str) -> str:
    return " ".join(f"U+{ord(ch):04X}" for ch in text)


@pytest.fixture
def filled_cart(client, pack, shipping, add_to_cart):
    add_to_cart(pack, 1)
    return pack


def field_errors(response, name):
    soup = BeautifulSoup(response.content, "html.parser")
    return [li.get_text(strip=True) for li in soup.select(f"#field-{name} .errorlist li")]


def errors_for(checkout_data, **typed):
    form = CheckoutForm({**checkout_data, **typed})
    form.is_valid()
    return {name: list(errors) for name, errors in form.errors.items()}


def test_an_email_longer_than_its_column_is_refused_with_a_message_not_a_server_error(
    client, filled_cart, checkout_data
):
    too_long = "a" * 244 + "@example.vn"  # 255 characters: a valid address, one more than Order.email holds
    page = send_checkout(client, {**checkout_data, "email": too_long})
    assert page.status_code == 200
    assert field_errors(page, "email") == ["Email dài tối đa 254 ký tự (bạn đã nhập 255)."]
    assert Order.objects.count() == 0
    filled_cart.refresh_from_db()
    assert filled_cart.stock == 12


def test_an_email_of_exactly_254_characters_is_ordered_with(client, filled_cart, checkout_data):
    longest = "a" * 243 + "@example.vn"
    page = send_checkout(client, {**checkout_data, "email": longest})
    order = Order.objects.get()  # on PostgreSQL too: the column holds it
    assert page.redirect_chain == [(order.get_absolute_url(), 302)]
    assert order.email == longest


@pytest.mark.parametrize(
    ("field", "limit", "message"),
    [
        ("full_name", 120, "Họ và tên dài tối đa 120 ký tự (bạn đã nhập 121)."),
        ("street", 200, "Địa chỉ dài tối đa 200 ký tự (bạn đã nhập 201)."),
        ("note", 500, "Ghi chú dài tối đa 500 ký tự (bạn đã nhập 501)."),
    ],
    ids=["name", "street", "note"],
)
def test_a_text_longer_than_its_column_gets_a_vietnamese_message(checkout_data, field, limit, message):
    assert Order._meta.get_field(field).max_length in (limit, None)  # None: the note is a TextField
    assert errors_for(checkout_data, **{field: "ô" * (limit + 1)}) == {field: [message]}
    assert errors_for(checkout_data, **{field: "ô" * limit}) == {}


def test_a_name_typed_in_decomposed_unicode_is_stored_composed_and_staff_find_it(
    client, filled_cart, checkout_data, admin_user
):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hoa")
    street = unicodedata.normalize("NFD", "12 Đồng Khởi, ấp Phú Lợi")
    note = unicodedata.normalize("NFD", "Gọi trước khi giao")
    assert decomposed != "Nguyễn Thị Hoa"
    send_checkout(client, {**checkout_data, "full_name": decomposed, "street": street, "note": note})
    order = Order.objects.get()
    assert (order.full_name, order.street, order.note) == (
        "Nguyễn Thị Hoa",
        "12 Đồng Khởi, ấp Phú Lợi",
        "Gọi trước khi giao",
    )
    client.force_login(admin_user)
    listing = client.get(reverse("storefront_order:index"), {"q": "Nguyễn"})
    assert order.code in listing.content.decode()


@pytest.mark.parametrize(
    "control", ["\u202e", "\u202a", "\u200e", "\u200f", "\u2066", "\u2067", "\u2069"], ids=code_points
)
@pytest.mark.parametrize("field", ["full_name", "street", "note"])
def test_direction_controls_are_refused_with_a_message(checkout_data, field, control):
    typed = f"Hoa {control}Nam"
    assert errors_for(checkout_data, **{field: typed}) == {
        field: ["Ô này có ký tự ẩn làm đảo chiều chữ; vui lòng xoá và gõ lại."]
    }


def test_a_reversed_name_never_reaches_an_order_or_its_email(
    client, filled_cart, checkout_data, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = send_checkout(client, {**checkout_data, "full_name": "Hoa \u202eNam"})
    assert field_errors(page, "full_name") == ["Ô này có ký tự ẩn làm đảo chiều chữ; vui lòng xoá và gõ lại."]
    assert Order.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("field", "message"),
    [("full_name", "Vui lòng nhập họ và tên."), ("street", "Vui lòng nhập số nhà, tên đường, thôn/ấp.")],
    ids=["name", "street"],
)
@pytest.mark.parametrize(
    "invisible",
    [
        "\u200b",
        "\u202e",
        "\u200e\u200f",
        "\ufeff \u2066\u2069",
        "\u00ad\u2060",
        "\u3164",
        "\u2800\u2800",
        "\x1b\t\x07",
    ],
    ids=code_points,
)
def test_a_value_of_invisible_characters_only_is_empty(checkout_data, field, message, invisible):
    assert errors_for(checkout_data, **{field: invisible}) == {field: [message]}


def test_a_note_of_invisible_characters_only_is_no_note(checkout_data):
    form = CheckoutForm({**checkout_data, "note": "\u200b\ufeff"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"] == ""


def test_control_characters_from_a_paste_are_dropped_and_a_tab_is_a_space(checkout_data):
    form = CheckoutForm(
        {**checkout_data, "full_name": "Nguyễn\tThị\x1b Hoa\x07", "street": "12\u3164 Đồng Khởi"}
    )
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["full_name"], form.cleaned_data["street"]) == ("Nguyễn Thị Hoa", "12 Đồng Khởi")


def test_zero_width_spaces_inside_a_name_are_dropped_so_staff_search_finds_it(checkout_data):
    form = CheckoutForm({**checkout_data, "full_name": "\ufeffNguy\u200bễn Thị Hoa\u200b"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["full_name"] == "Nguyễn Thị Hoa"


def test_the_phones_autofill_can_fill_the_name_address_and_email_at_checkout(client, filled_cart):
    # Tokens from the HTML autofill list: a phone offers the buyer's saved details instead of the keyboard.
    form = BeautifulSoup(client.get(reverse("storefront:checkout")).content, "html.parser")
    tokens = {
        name: form.select_one(f"form.checkout-form [name={name}]").get("autocomplete") for name in AUTOFILLED
    }
    assert tokens == AUTOFILLED


AUTOFILLED = {
    "full_name": "name",
    "phone": "tel",
    "email": "email",
    "province": "address-level1",
    "commune": "address-level2",
    "street": "street-address",
}
