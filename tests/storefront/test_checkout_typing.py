"""What a buyer types at checkout is stored as staff will read and search it: within its column's
length, in NFC, without direction controls, and never an invisible name."""

import unicodedata

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
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


@pytest.mark.parametrize(
    ("field", "typed", "limit"),
    [
        ("full_name", "Nguyễn Thị Hoa " * 9 + "Nam", 120),
        ("street", ", ".join(["12 Đồng Khởi, ấp 3"] * 12), 200),
        ("note", "Gọi trước khi giao, cổng màu xanh. " * 17 + "Cảm ơn!", 500),
    ],
    ids=["name", "street", "note"],
)
def test_a_pasted_text_too_long_is_said_to_be_too_long_and_kept_whole_to_shorten(
    client, filled_cart, checkout_data, field, typed, limit
):
    # No maxlength on the box: a browser would cut a paste there without a word, and send the cut text.
    box = BeautifulSoup(client.get(reverse("storefront:checkout")).content, "html.parser").select_one(
        f"form.checkout-form [name={field}]"
    )
    assert not box.has_attr("maxlength")
    page = send_checkout(client, {**checkout_data, field: typed})
    assert len(field_errors(page, field)) == 1
    assert field_errors(page, field)[0].endswith(f"dài tối đa {limit} ký tự (bạn đã nhập {len(typed)}).")
    box = BeautifulSoup(page.content, "html.parser").select_one(f"form.checkout-form [name={field}]")
    shown = box.get_text().lstrip("\n") if box.name == "textarea" else box["value"]
    assert shown == typed  # all of it, to shorten
    assert Order.objects.count() == 0


@pytest.mark.search_index  # the search box also looks up product names in Wagtail's index
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


# (VT and NEL are control characters, dropped with the others before the line is joined.)
@pytest.mark.parametrize("line_break", ["\r\n", "\n", "\r", "\u2028", "\u2029", " \r\n\t "], ids=code_points)
@pytest.mark.parametrize("field", ["full_name", "street"])
def test_a_line_break_in_a_single_line_field_becomes_a_space(checkout_data, field, line_break):
    # Only a hand-made POST can send one (the box is an <input type=text>); kept, it would split the
    # confirmation email's "Chào …" and "Giao đến: …" lines into lines of the buyer's own text.
    form = CheckoutForm({**checkout_data, field: f"Hoa{line_break}Bcc: x@y.z \r\n  Nam"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data[field] == "Hoa Bcc: x@y.z Nam"


def test_the_confirmation_email_greets_a_name_sent_with_line_breaks_on_one_line(
    client, filled_cart, checkout_data, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_checkout(client, {**checkout_data, "full_name": "Hoa\r\nBcc: x@y.z"})
    assert Order.objects.get().full_name == "Hoa Bcc: x@y.z"
    lines = mailoutbox[0].body.splitlines()
    assert lines[0] == "Chào Hoa Bcc: x@y.z,"
    assert not any(line.startswith("Bcc:") for line in lines)


def test_a_note_keeps_its_lines(checkout_data):
    form = CheckoutForm({**checkout_data, "note": "Gọi trước khi giao\r\nĐể ở cổng sau"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"].splitlines() == ["Gọi trước khi giao", "Để ở cổng sau"]


def test_the_notes_lines_show_on_the_order_page_and_in_the_admin(client, filled_cart, checkout_data):
    send_checkout(client, {**checkout_data, "note": "Gọi trước khi giao\r\nCổng màu xanh 🚪"})
    order = Order.objects.get()
    page = BeautifulSoup(client.get(order.get_absolute_url()).content, "html.parser")
    note = next(dt.find_next_sibling("dd") for dt in page.select("dl.facts dt") if dt.get_text() == "Ghi chú")
    assert list(note.stripped_strings) == ["Gọi trước khi giao", "Cổng màu xanh 🚪"]  # a <br> between

    client.force_login(get_user_model().objects.create_superuser("staff", "staff@example.vn", "pw"))
    admin = BeautifulSoup(
        client.get(reverse("storefront_order:inspect", args=[order.pk])).content, "html.parser"
    )
    shown = [element for element in admin.select("#order-note, dd") if "Cổng màu xanh" in element.get_text()]
    assert [list(element.stripped_strings) for element in shown] == [
        ["Ghi chú:", "Gọi trước khi giao", "Cổng màu xanh 🚪"],  # under the address
        ["Gọi trước khi giao", "Cổng màu xanh 🚪"],  # in the order's fields
    ]
