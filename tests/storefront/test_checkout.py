"""Checkout: the Vietnamese address form, phone numbers, server-side prices, stock taken once."""

import json

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.urls import reverse
from freezegun import freeze_time

from storefront.cart import SESSION_KEY
from storefront.forms import CheckoutForm
from storefront.models import Order, OrderState
from storefront.phone import display_phone
from tests.storefront.checkout_pages import CHECKOUT, send_checkout

pytestmark = pytest.mark.django_db


def texts(response, selector=".messages .message"):
    return [
        p.get_text(" ", strip=True) for p in BeautifulSoup(response.content, "html.parser").select(selector)
    ]


def field_errors(response, name):
    soup = BeautifulSoup(response.content, "html.parser")
    return [li.get_text(strip=True) for li in soup.select(f"#field-{name} .errorlist li")]


@pytest.fixture
def filled_cart(client, pack, shipping, add_to_cart):
    add_to_cart(pack, 2)
    return pack


def submit(client, data, *, page=None, **extra):
    """Send the checkout form of `page` (else of the page opened now) with `data` typed in."""
    return send_checkout(client, {**data, **extra}, page=page)


def test_cash_on_delivery_order_is_placed_with_database_prices(
    client, filled_cart, checkout_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = submit(client, checkout_data)
    order = Order.objects.get()
    assert page.redirect_chain == [(order.get_absolute_url(), 302)]
    assert order.state == OrderState.PLACED
    assert order.payment_method == "cod"
    assert (order.subtotal, order.shipping_fee, order.total) == (90_000, 30_000, 120_000)
    assert Order.objects.values_list("phone", flat=True).get() == "+84912345678"
    line = order.lines.get()
    assert (line.product_title, line.pack_label, line.unit_price, line.quantity, line.gtin) == (
        "Kẹo dừa sầu riêng",
        "Hộp 400g",
        45_000,
        2,
        filled_cart.gtin,
    )
    filled_cart.refresh_from_db()
    assert filled_cart.stock == 10
    assert client.session[SESSION_KEY] == {}
    assert texts(page) == [f"Đặt hàng thành công. Mã đơn của bạn là {order.code}."]
    assert texts(page, ".order-code") == [order.code]
    assert texts(page, "#order-total") == ["120.000\u00a0₫"]
    assert "0912 345 678" in page.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hoa@example.vn"]
    assert mail.outbox[0].subject == f"Đơn hàng {order.code} đã được ghi nhận"
    assert f"http://127.0.0.1:8000/don-hang/{order.token}/" in mail.outbox[0].body
    assert "120.000\u00a0₫" in mail.outbox[0].body


def test_a_tampered_price_or_total_in_the_form_is_ignored(client, filled_cart, checkout_data):
    submit(client, checkout_data, price="1", unit_price="1", total="1000", subtotal="1", shipping_fee="0")
    order = Order.objects.get()
    assert order.total == 120_000
    assert order.lines.get().unit_price == 45_000


def test_a_tampered_quantity_in_the_form_is_ignored(client, filled_cart, checkout_data):
    submit(client, checkout_data, quantity="500", **{f"quantity_{filled_cart.pk}": "500"})
    assert Order.objects.get().lines.get().quantity == 2
    filled_cart.refresh_from_db()
    assert filled_cart.stock == 10


def test_an_unknown_payment_method_is_refused(client, filled_cart, checkout_data):
    page = submit(client, checkout_data, payment_method="stripe")  # Stripe is not configured
    assert page.status_code == 200
    assert texts(page, ".payment-methods .errorlist li") == [
        "Cách thanh toán này hiện không dùng được; vui lòng chọn cách khác."
    ]
    assert Order.objects.count() == 0


def test_a_commune_of_another_province_is_rejected(
    client, filled_cart, checkout_data, foreign_commune, province
):
    page = submit(client, checkout_data, commune=foreign_commune.pk)
    assert field_errors(page, "commune") == [f"Xã/phường đã chọn không thuộc {province.name}."]
    assert Order.objects.count() == 0
    filled_cart.refresh_from_db()
    assert filled_cart.stock == 12


def test_a_missing_commune_asks_for_one(client, filled_cart, checkout_data):
    page = submit(client, checkout_data, commune="")
    assert field_errors(page, "commune") == ["Vui lòng chọn xã/phường."]
    assert Order.objects.count() == 0


def test_without_javascript_choosing_a_province_lists_only_its_communes(client, filled_cart, province):
    page = client.post(reverse("storefront:checkout"), {"province": province.pk, "choose_province": "1"})
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    options = [o["value"] for o in soup.select("#id_commune option") if o["value"]]
    assert len(options) == province.communes.count()
    assert soup.select(".errorlist li") == []
    assert Order.objects.count() == 0


def test_the_first_visit_lists_no_commune_until_a_province_is_chosen(client, filled_cart):
    soup = BeautifulSoup(client.get(reverse("storefront:checkout")).content, "html.parser")
    provinces = [option.text for option in soup.select("#id_province option")]
    assert len(provinces) == 35  # 34 provinces and the prompt
    # By name, not by "Thành phố" before "Tỉnh": where a buyer looks for Cần Thơ.
    assert provinces[1:4] == ["An Giang (tỉnh)", "Bắc Ninh (thành phố)", "Cà Mau (tỉnh)"]
    assert provinces.index("Cần Thơ (thành phố)") == provinces.index("Cao Bằng (tỉnh)") + 1
    assert len(soup.select("#id_commune option")) == 1


def test_communes_json_lists_one_provinces_communes(client, province):
    data = client.get(reverse("storefront:communes"), {"province": province.pk}).json()
    assert len(data["communes"]) == province.communes.count()
    assert set(province.communes.values_list("code", flat=True)) == {c["code"] for c in data["communes"]}


def test_the_communes_json_example_in_the_readme_and_the_script_is_what_the_view_answers(client, province):
    """A developer reading the README (or the script's comment) sees the answer's real first communes."""
    first = client.get(reverse("storefront:communes"), {"province": province.pk}).json()["communes"][:2]
    example = json.dumps({"communes": first}, ensure_ascii=False).removesuffix("]}") + ", …]}"
    readme = (settings.BASE_DIR / "README.md").read_text()
    assert f"`/thanh-toan/xa-phuong/?province={province.pk}` |" in readme
    assert f"(JSON, `places/views.py`: `{example}`)" in readme
    script = (settings.BASE_DIR / "places/static/places/communes.js").read_text()
    assert first[0]["label"] in script


@pytest.mark.parametrize(("value", "status"), [("abc", 400), ("", 400), ("9999", 404)])
def test_communes_json_answers_bad_province_codes_with_an_error(client, db, value, status):
    response = client.get(reverse("storefront:communes"), {"province": value})
    assert response.status_code == status
    assert "error" in response.json()


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("0912 345 678", "+84912345678", "0912 345 678"),
        ("0912.345.678", "+84912345678", "0912 345 678"),
        ("+84 912 345 678", "+84912345678", "0912 345 678"),
        ("84912345678", "+84912345678", "0912 345 678"),
        ("028 3822 1234", "+842838221234", "028 3822 1234"),
    ],
)
def test_phone_numbers_are_stored_e164_and_shown_the_vietnamese_way(checkout_data, typed, stored, shown):
    form = CheckoutForm({**checkout_data, "phone": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"].as_e164 == stored
    assert display_phone(form.cleaned_data["phone"]) == shown


@pytest.mark.parametrize("typed", ["0912", "091234567890123", "abc", "0000000000", ""])
def test_invalid_phone_numbers_are_rejected(checkout_data, typed):
    form = CheckoutForm({**checkout_data, "phone": typed})
    assert not form.is_valid()
    assert "phone" in form.errors


def test_stock_that_fell_below_the_cart_stops_the_order_with_a_message(client, filled_cart, checkout_data):
    shown = client.get(CHECKOUT)
    filled_cart.stock = 1
    filled_cart.save()
    page = submit(client, checkout_data, page=shown)
    assert texts(page) == [
        "Chưa đặt hàng: “Kẹo dừa sầu riêng – Hộp 400g” chỉ còn 1 sản phẩm; số lượng trong giỏ đã giảm còn 1. "
        "Vui lòng xem lại tổng tiền và bấm “Đặt hàng” lần nữa."
    ]
    assert Order.objects.count() == 0
    filled_cart.refresh_from_db()
    assert filled_cart.stock == 1
    # The buyer sees the adjusted cart and can place it.
    submit(client, checkout_data, page=page)
    assert Order.objects.get().lines.get().quantity == 1


def test_a_price_change_before_submitting_shows_the_new_price_and_places_nothing(
    client, filled_cart, checkout_data
):
    shown = client.get(CHECKOUT)
    filled_cart.price = 50_000
    filled_cart.save()
    page = submit(client, checkout_data, page=shown)
    assert texts(page) == [
        "Chưa đặt hàng: Giá của “Kẹo dừa sầu riêng – Hộp 400g” đã đổi từ 45.000\u00a0₫ thành 50.000\u00a0₫. "
        "Vui lòng xem lại tổng tiền và bấm “Đặt hàng” lần nữa."
    ]
    assert Order.objects.count() == 0
    submit(client, checkout_data, page=page)
    assert Order.objects.get().total == 130_000


def test_checkout_with_an_empty_cart_goes_back_to_the_cart(client, home):
    page = client.get(reverse("storefront:checkout"), follow=True)
    assert page.redirect_chain == [(reverse("storefront:cart"), 302)]
    assert texts(page) == ["Giỏ hàng đang trống."]


def test_the_order_page_needs_the_secret_token(client, place, pack):
    order = place({pack: 1})
    assert client.get(reverse("storefront:order", args=[order.token])).status_code == 200
    response = client.get(reverse("storefront:order", args=["x" * 32]))
    assert response.status_code == 404
    assert "Không tìm thấy đơn hàng" in response.content.decode()
    assert len(order.token) >= 32


def test_order_codes_are_short_unique_and_unambiguous(place, pack):
    codes = {place({pack: 1}).code for _ in range(5)}
    assert len(codes) == 5
    for code in codes:
        assert len(code) == 10 and code.startswith("OC")
        assert not set(code[2:]) & set("01IO")


def test_placing_an_order_takes_one_read_and_one_guarded_update_per_line(
    place, make_products, django_assert_num_queries
):
    packs = [p.pack_sizes.get() for p in make_products(5)]
    place({packs[0]: 1})  # warm the caches the first request of a process fills
    # savepoint, read packs, savepoint, INSERT order (claims the checkout page's token), release,
    # 1 UPDATE, INSERT the stock log, INSERT lines, release
    with django_assert_num_queries(9):
        place({packs[0]: 1})
    with django_assert_num_queries(9 + 4):  # four more lines: four more guarded UPDATEs, nothing else
        place(dict.fromkeys(packs, 1))


def test_the_buyer_can_cancel_a_placed_order_and_the_stock_comes_back(client, place, pack):
    order = place({pack: 3})
    pack.refresh_from_db()
    assert pack.stock == 9
    page = client.post(reverse("storefront:order_cancel", args=[order.token]), {"confirm": "1"}, follow=True)
    assert texts(page) == [f"Đơn hàng {order.code} đã được huỷ."]
    pack.refresh_from_db()
    assert pack.stock == 12
    page = client.post(reverse("storefront:order_cancel", args=[order.token]), {"confirm": "1"}, follow=True)
    assert texts(page) == ["Đơn hàng đã được huỷ."]  # a second tap: done already, not an error
    pack.refresh_from_db()
    assert pack.stock == 12


def test_without_email_no_mail_is_sent(
    client, filled_cart, checkout_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, checkout_data, email="")
    assert Order.objects.count() == 1
    assert mail.outbox == []


def test_the_checkout_post_adds_only_one_guarded_update_per_extra_line(
    client, make_products, shipping, checkout_data, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    packs = [p.pack_sizes.get() for p in make_products(5)]

    def checkout_queries(basket):
        for pack in basket:
            client.post(reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": 1}, follow=True)
        shown = client.get(CHECKOUT)
        with CaptureQueriesContext(connection) as ctx:
            response = send_checkout(client, checkout_data, page=shown, follow=False)
        assert response.status_code == 302
        return len(ctx.captured_queries)

    checkout_queries(packs[:1])  # warm-up
    one = checkout_queries(packs[:1])
    five = checkout_queries(packs)
    assert five - one == 4
    # 20 with database sessions (SQLite default), fewer with Redis sessions; one of them looks the
    # page's token up (a page that placed its order already leads to that order).
    assert one <= 20


def test_the_shipping_fee_follows_the_site_setting_editors_change(
    client, filled_cart, shipping, checkout_data
):
    shipping.flat_fee, shipping.free_above = 20_000, 80_000
    shipping.save()
    submit(client, checkout_data)
    order = Order.objects.get()
    assert (order.subtotal, order.shipping_fee, order.total) == (90_000, 0, 90_000)


@pytest.mark.parametrize(
    ("price", "quantity", "total"),
    [
        (1_000_000_000, 3, "3.000.000.000\u00a0₫"),  # the highest price a pack may have, three times
        # Saved before prices had a cap: the largest a PostgreSQL integer column holds.
        (2_147_483_647, 2, "4.294.967.294\u00a0₫"),
    ],
)
def test_an_order_above_two_billion_dong_is_refused_with_a_message_and_nothing_changes(
    client, pack, shipping, add_to_cart, checkout_data, price, quantity, total
):
    type(pack).objects.filter(pk=pack.pk).update(price=price)
    add_to_cart(pack, quantity)

    page = submit(client, checkout_data)

    assert page.status_code == 200
    assert (
        f"Tổng đơn hàng {total} vượt quá mức tối đa 2.000.000.000\u00a0₫ của một đơn. "
        "Vui lòng giảm số lượng hoặc chia thành nhiều đơn."
    ) in texts(page)
    assert Order.objects.count() == 0
    pack.refresh_from_db()
    assert pack.stock == 12


def test_a_buyer_who_orders_in_english_gets_the_email_in_english(
    client, filled_cart, checkout_data, django_capture_on_commit_callbacks, mailoutbox
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # chosen in the footer
    with django_capture_on_commit_callbacks(execute=True):  # the email is sent by the worker, later
        submit(client, checkout_data)
    order = Order.objects.get()
    assert order.language == "en"
    (message,) = mailoutbox
    assert message.subject == f"Order {order.code} received"
    assert "Total" in message.body and "Tổng cộng" not in message.body


def test_a_checkout_left_open_in_another_tab_says_the_order_was_placed_and_links_to_it(
    client, filled_cart, checkout_data
):
    """Two tabs of the same checkout: the first places the order; the second, sent after, finds the
    cart empty, and says which order took it rather than leaving the buyer to order again."""
    with freeze_time("2026-12-04T03:05:00Z") as clock:  # 10:05 in Việt Nam
        second_tab = client.get(CHECKOUT)
        submit(client, checkout_data)
        order = Order.objects.get()

        page = submit(client, checkout_data, page=second_tab)
        assert "Giỏ hàng đang trống nên chưa đặt được hàng." in texts(page)[0]
        (notice,) = BeautifulSoup(page.content, "html.parser").select(".just-placed")
        assert notice.get_text(" ", strip=True) == (
            f"Đơn {order.code} đã được đặt từ trình duyệt này lúc 10:05 (có thể ở một thẻ khác). "
            f"Xem đơn {order.code} →"
        )
        assert notice.a["href"] == order.get_absolute_url()
        assert Order.objects.count() == 1

        cart = client.get(reverse("storefront:cart"))
        assert texts(cart, ".just-placed a") == [f"Xem đơn {order.code} →"]
        clock.move_to("2026-12-04T04:06:00Z")  # an hour later the cart is only empty
        assert texts(client.get(reverse("storefront:cart")), ".just-placed") == []


def test_another_browser_is_not_told_of_the_order(client, filled_cart, checkout_data):
    from django.test import Client

    submit(client, checkout_data)
    assert texts(Client().get(reverse("storefront:cart")), ".just-placed") == []
