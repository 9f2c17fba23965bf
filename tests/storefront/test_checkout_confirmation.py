"""The order placed is the one the buyer confirmed, once: what the checkout page showed is what is
ordered, a second submission of the page leads to its order, and a lost race for stock keeps what the
buyer typed."""

import threading

import pytest
from bs4 import BeautifulSoup
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from storefront import checkout as checkout_module
from storefront.cart import SESSION_KEY
from storefront.models import Order
from tests.storefront.checkout_pages import CHECKOUT, hidden_fields, send_checkout
from tests.threads import run_together

pytestmark = pytest.mark.django_db


def texts(response, selector=".messages .message"):
    soup = BeautifulSoup(response.content, "html.parser")
    return [element.get_text(" ", strip=True) for element in soup.select(selector)]


def typed_values(response) -> dict:
    """What the form shows in each field, as the buyer would see it."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("form.checkout-form")
    values = {
        field["name"]: field.get("value", "") for field in form.select("input[type=text], input[type=email]")
    }
    values["note"] = form.select_one("textarea[name=note]").get_text().lstrip("\n")  # as a browser reads it
    for select in form.select("select"):
        chosen = select.select_one("option[selected]")
        values[select["name"]] = chosen["value"] if chosen else ""
    values["payment_method"] = form.select_one("input[name=payment_method][checked]")["value"]
    return values


def as_shown(checkout_data) -> dict:
    return {key: str(value) for key, value in checkout_data.items()}


@pytest.fixture
def filled_cart(client, pack, shipping, add_to_cart):
    add_to_cart(pack, 2)
    return pack


# --- A lost race for stock --------------------------------------------------------------------------


def test_losing_the_last_units_to_another_buyer_shows_the_form_again_as_typed(
    client, filled_cart, checkout_data, monkeypatch
):
    place_for_real = checkout_module.place_order

    def another_buyer_first(**kwargs):
        # Between the form's checks and the order: another buyer takes all but one.
        type(filled_cart).objects.filter(pk=filled_cart.pk).update(stock=1)
        return place_for_real(**kwargs)

    monkeypatch.setattr("storefront.views.place_order", another_buyer_first)
    page = send_checkout(client, checkout_data)

    assert page.redirect_chain == []  # the page itself, not an empty checkout after a redirect
    assert texts(page) == [  # one line: nothing was ordered, what changed, what to do
        "Chưa đặt hàng: “Kẹo dừa sầu riêng – Hộp 400g” chỉ còn 1 sản phẩm; số lượng trong giỏ đã giảm còn 1. "
        "Vui lòng xem lại tổng tiền và bấm “Đặt hàng” lần nữa."
    ]
    assert typed_values(page) == as_shown(checkout_data)
    assert texts(page, ".summary-lines li") == ["1 × Kẹo dừa sầu riêng – Hộp 400g 45.000\u00a0₫"]
    assert texts(page, ".grand-total") == ["75.000\u00a0₫"]
    assert Order.objects.count() == 0
    filled_cart.refresh_from_db()
    assert filled_cart.stock == 1

    monkeypatch.setattr("storefront.views.place_order", place_for_real)
    again = send_checkout(client, checkout_data, page=page)  # the page as shown again
    order = Order.objects.get()
    assert again.redirect_chain == [(order.get_absolute_url(), 302)]
    assert order.lines.get().quantity == 1


def test_losing_every_unit_shows_the_form_as_typed_saying_why(
    client, filled_cart, checkout_data, monkeypatch
):
    place_for_real = checkout_module.place_order

    def another_buyer_takes_all(**kwargs):
        type(filled_cart).objects.filter(pk=filled_cart.pk).update(stock=0)
        return place_for_real(**kwargs)

    monkeypatch.setattr("storefront.views.place_order", another_buyer_takes_all)
    page = send_checkout(client, checkout_data)
    assert page.redirect_chain == []
    assert texts(page) == [
        "“Kẹo dừa sầu riêng – Hộp 400g” đã hết hàng và được bỏ khỏi giỏ.",
        "Giỏ hàng đang trống nên chưa đặt được hàng. Thông tin bạn đã nhập vẫn còn bên dưới.",
    ]
    assert page.context["form"]["full_name"].value() == checkout_data["full_name"]
    assert Order.objects.count() == 0


def test_losing_one_line_to_another_buyer_says_in_one_line_that_nothing_was_ordered(
    client, filled_cart, tea_pack, add_to_cart, checkout_data, monkeypatch
):
    add_to_cart(tea_pack, 1)
    place_for_real = checkout_module.place_order

    def another_buyer_takes_the_candy(**kwargs):
        type(filled_cart).objects.filter(pk=filled_cart.pk).update(stock=0)
        return place_for_real(**kwargs)

    monkeypatch.setattr("storefront.views.place_order", another_buyer_takes_the_candy)
    page = send_checkout(client, checkout_data)
    assert texts(page) == [
        "Chưa đặt hàng: “Kẹo dừa sầu riêng – Hộp 400g” đã hết hàng và được bỏ khỏi giỏ. "
        "Vui lòng xem lại tổng tiền và bấm “Đặt hàng” lần nữa."
    ]
    assert texts(page, ".summary-lines li") == ["1 × Trà hoa vàng – Hộp 50g 30.000\u00a0₫"]
    assert Order.objects.count() == 0


# --- The order placed is the cart the page showed ---------------------------------------------------


CART_CHANGED = (
    "Giỏ hàng đã thay đổi kể từ khi bạn mở trang này (có thể ở một thẻ khác). "
    "Vui lòng xem lại đơn hàng và tổng tiền bên dưới, rồi bấm “Đặt hàng” lần nữa."
)


def another_tab_adds(client, in_cart, other, shipping):
    client.post(reverse("storefront:cart_add"), {"pack_size": other.pk, "quantity": 5}, follow=True)


def another_tab_changes_the_quantity(client, in_cart, other, shipping):
    client.post(reverse("storefront:cart_update"), {"pack_size": in_cart.pk, "quantity": 9}, follow=True)


def editors_change_the_shipping_fee(client, in_cart, other, shipping):
    shipping.flat_fee = 40_000
    shipping.save()


@pytest.mark.parametrize(
    ("change", "lines", "total"),
    [
        (
            another_tab_adds,
            [
                "2 × Kẹo dừa sầu riêng – Hộp 400g 90.000\u00a0₫",
                "5 × Kẹo dừa sầu riêng – Túi 250g 150.000\u00a0₫",
            ],
            "270.000\u00a0₫",
        ),
        (
            another_tab_changes_the_quantity,
            ["9 × Kẹo dừa sầu riêng – Hộp 400g 405.000\u00a0₫"],
            "435.000\u00a0₫",
        ),
        (
            editors_change_the_shipping_fee,
            ["2 × Kẹo dừa sầu riêng – Hộp 400g 90.000\u00a0₫"],
            "130.000\u00a0₫",
        ),
    ],
    ids=["another tab adds a pack", "another tab changes a quantity", "the shipping fee changes"],
)
def test_a_cart_changed_since_the_page_was_shown_is_shown_again_and_nothing_is_placed(
    client, filled_cart, second_pack, shipping, checkout_data, change, lines, total
):
    shown = client.get(CHECKOUT)
    assert texts(shown, "button.button-primary") == ["Đặt hàng – 120.000\u00a0₫"]
    change(client, filled_cart, second_pack, shipping)

    page = send_checkout(client, checkout_data, page=shown)

    assert page.redirect_chain == []
    assert texts(page) == [CART_CHANGED]
    assert texts(page, ".summary-lines li") == lines
    assert texts(page, "button.button-primary") == [f"Đặt hàng – {total}"]
    assert typed_values(page) == as_shown(checkout_data)
    assert Order.objects.count() == 0
    filled_cart.refresh_from_db()
    second_pack.refresh_from_db()
    assert (filled_cart.stock, second_pack.stock) == (12, 5)

    placed = send_checkout(client, checkout_data, page=page)  # the buyer confirms the new cart
    order = Order.objects.get()
    assert placed.redirect_chain == [(order.get_absolute_url(), 302)]
    assert texts(placed, "#order-total") == [total]


def test_a_form_that_does_not_say_which_cart_it_showed_places_nothing(client, filled_cart, checkout_data):
    page = client.post(CHECKOUT, checkout_data)  # no token, no digest: not sent from a checkout page
    assert page.status_code == 200
    assert texts(page) == ["Vui lòng xem lại đơn hàng và tổng tiền bên dưới, rồi bấm “Đặt hàng”."]
    assert typed_values(page) == as_shown(checkout_data)
    assert Order.objects.count() == 0
    send_checkout(client, checkout_data, page=page)
    assert Order.objects.count() == 1


@pytest.mark.parametrize(
    "forged",
    [
        {"cart_digest": "đ" * 32},
        {"cart_digest": "0" * 10_000},
        {"checkout_token": "ngắn"},
        {"checkout_token": "A" * 23},
        {"checkout_token": "A" * 21 + "\n"},
    ],
    ids=["non-ASCII digest", "long digest", "non-ASCII token", "long token", "token with a newline"],
)
def test_a_forged_token_or_digest_places_nothing_and_breaks_nothing(
    client, filled_cart, checkout_data, forged
):
    page = send_checkout(client, {**checkout_data, **forged})
    assert page.status_code == 200
    assert page.redirect_chain == []
    assert Order.objects.count() == 0


# --- One page, one order ------------------------------------------------------------------------------


def test_a_second_tap_after_the_first_order_leads_to_that_order(
    client, filled_cart, checkout_data, mailoutbox, django_capture_on_commit_callbacks
):
    shown = client.get(CHECKOUT)
    with django_capture_on_commit_callbacks(execute=True):
        first = send_checkout(client, checkout_data, page=shown)
        second = send_checkout(client, checkout_data, page=shown)  # the same page, sent again
    order = Order.objects.get()
    assert first.redirect_chain == second.redirect_chain == [(order.get_absolute_url(), 302)]
    assert texts(second) == [
        f"Đơn hàng {order.code} đã được đặt từ trang này; không có đơn trùng nào được tạo."
    ]
    assert texts(second, ".order-code") == [order.code]
    filled_cart.refresh_from_db()
    assert filled_cart.stock == 10
    assert len(mailoutbox) == 1


def test_the_old_page_sent_again_after_shopping_on_leaves_the_new_cart_alone(
    client, filled_cart, second_pack, checkout_data, add_to_cart
):
    shown = client.get(CHECKOUT)
    send_checkout(client, checkout_data, page=shown)
    add_to_cart(second_pack, 1)  # shopping on
    again = send_checkout(client, checkout_data, page=shown)  # the browser's back button, and "Đặt hàng"
    order = Order.objects.get()
    assert again.redirect_chain == [(order.get_absolute_url(), 302)]
    assert client.session[SESSION_KEY] == {str(second_pack.pk): {"q": 1, "p": 30_000}}


def test_a_second_submission_that_overtakes_the_check_is_led_to_the_order_the_first_placed(
    client, filled_cart, checkout_data, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    """Two requests from one page at the same moment: both loaded the session with the cart and found no
    order for the page; the first commits its order just before the second's reaches the database."""
    shown = client.get(CHECKOUT)
    place_for_real = checkout_module.place_order
    first = {}

    def the_first_tap_commits_just_before(**kwargs):
        if not first:
            monkeypatch.setattr("storefront.views.place_order", place_for_real)
            first["response"] = send_checkout(client, checkout_data, page=shown, follow=False)
        return place_for_real(**kwargs)

    monkeypatch.setattr("storefront.views.place_order", the_first_tap_commits_just_before)
    with django_capture_on_commit_callbacks(execute=True):
        second = send_checkout(client, checkout_data, page=shown)

    order = Order.objects.get()
    assert first["response"]["Location"] == order.get_absolute_url()
    assert second.redirect_chain == [(order.get_absolute_url(), 302)]
    assert texts(second) == [
        f"Đơn hàng {order.code} đã được đặt từ trang này; không có đơn trùng nào được tạo."
    ]
    filled_cart.refresh_from_db()
    assert filled_cart.stock == 10
    assert len(mailoutbox) == 1
    # The second request's copy of the session held the cart just ordered: it does not come back.
    assert client.session[SESSION_KEY] == {}


@pytest.mark.django_db(transaction=True)
def test_three_taps_on_one_page_at_the_same_moment_place_one_order(
    client, filled_cart, checkout_data, mailoutbox
):
    """Real threads, each its own connection, one session: on PostgreSQL, or on a SQLite file in WAL mode
    (SQLITE_TEST_NAME=/tmp/x.sqlite3) as deployed; shared-cache memory databases lock whole tables."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs a database file (SQLITE_TEST_NAME) or PostgreSQL")
    form = {**hidden_fields(client.get(CHECKOUT)), **checkout_data}
    barrier = threading.Barrier(3)
    answers, lock = [], threading.Lock()

    def tap():
        tab = Client()
        tab.cookies.load(client.cookies.output(header="", sep=";"))  # the same session
        try:
            barrier.wait()
            response = tab.post(CHECKOUT, form)
            with lock:
                answers.append((response.status_code, response.get("Location")))
        finally:
            connections.close_all()

    run_together([tap] * 3, timeout=60)

    order = Order.objects.get()
    assert answers == [(302, order.get_absolute_url())] * 3
    assert order.lines.get().quantity == 2
    filled_cart.refresh_from_db()
    assert filled_cart.stock == 10
    assert len(mailoutbox) == 1
    assert client.session[SESSION_KEY] == {}
