"""The cart: add, change, remove; bad input gets a message and changes nothing; prices and stock
re-checked at each step."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from storefront.cart import COUNT_KEY, SESSION_KEY

pytestmark = pytest.mark.django_db


def session_cart(client):
    return dict(client.session.get(SESSION_KEY, {}))


def texts(response, selector=".messages .message"):
    return [
        p.get_text(" ", strip=True) for p in BeautifulSoup(response.content, "html.parser").select(selector)
    ]


def test_adding_a_pack_puts_it_in_the_cart_and_the_header_shows_the_count(client, pack, add_to_cart):
    page = add_to_cart(pack, 2)
    assert page.redirect_chain == [(reverse("storefront:cart"), 302)]
    assert session_cart(client) == {str(pack.pk): {"q": 2, "p": 45_000}}
    assert client.session[COUNT_KEY] == 2
    # The header's badge is filled by static/js/cart-count.js from this cookie (pages are cached).
    assert client.cookies["cart_count"].value == "2"
    assert len(BeautifulSoup(page.content, "html.parser").select(".cart-link [data-cart-count]")) == 1
    assert texts(page) == ["Đã thêm 2 × “Kẹo dừa sầu riêng – Hộp 400g” vào giỏ hàng. Xem giỏ hàng →"]
    links = BeautifulSoup(page.content, "html.parser").select(".messages a")
    assert [link["href"] for link in links] == [reverse("storefront:cart")]
    assert texts(page, ".grand-total") == ["120.000\u00a0₫"]  # 90.000 + 30.000 shipping


def test_adding_twice_adds_up(client, pack, add_to_cart):
    add_to_cart(pack, 2)
    add_to_cart(pack, 3)
    assert session_cart(client)[str(pack.pk)]["q"] == 5


@pytest.mark.parametrize(
    ("pack_size", "quantity", "message"),
    [
        ("999999", "1", "Sản phẩm này không còn bán."),
        ("abc", "1", "Sản phẩm không hợp lệ."),
        ("-1", "1", "Sản phẩm không hợp lệ."),
        ("99999999999999999999", "1", "Sản phẩm không hợp lệ."),
        ("", "1", "Sản phẩm không hợp lệ."),
        ("{pk}", "-3", "Số lượng ít nhất là 1."),
        ("{pk}", "0", "Số lượng ít nhất là 1."),
        ("{pk}", "100000000000000000000", "Mỗi sản phẩm đặt tối đa 99 đơn vị."),
        ("{pk}", "hai", "Số lượng phải là số nguyên dương."),
        ("{pk}", "1.5", "Số lượng phải là số nguyên dương."),
        ("{pk}", "", "Vui lòng nhập số lượng."),
    ],
)
def test_tampered_or_silly_input_gets_a_message_and_changes_nothing(
    client, pack, pack_size, quantity, message
):
    client.post(reverse("storefront:cart_add"), {"pack_size": str(pack.pk), "quantity": "1"}, follow=True)
    before = session_cart(client)
    response = client.post(
        reverse("storefront:cart_add"),
        {"pack_size": pack_size.format(pk=pack.pk), "quantity": quantity},
        follow=True,
    )
    assert response.status_code == 200
    assert texts(response) == [message]
    assert session_cart(client) == before
    pack.refresh_from_db()
    assert pack.stock == 12


def test_more_than_the_stock_is_refused_with_the_stock_left(client, pack, add_to_cart):
    page = add_to_cart(pack, 13)
    assert texts(page) == ["“Kẹo dừa sầu riêng – Hộp 400g” chỉ còn 12 sản phẩm."]
    assert session_cart(client) == {}


def test_an_out_of_stock_pack_cannot_be_added(client, pack, add_to_cart):
    pack.stock = 0
    pack.save()
    page = add_to_cart(pack, 1)
    assert session_cart(client) == {}
    assert texts(page) == ["“Kẹo dừa sầu riêng – Hộp 400g” đã hết hàng."]


def test_a_pack_of_an_unpublished_product_cannot_be_added(client, pack, product, add_to_cart):
    product.unpublish()
    page = add_to_cart(pack, 1)
    assert session_cart(client) == {}
    assert texts(page) == ["Sản phẩm này không còn bán."]


def test_changing_the_quantity_and_removing_a_line(client, pack, second_pack, add_to_cart):
    add_to_cart(pack, 1)
    add_to_cart(second_pack, 1)
    client.post(reverse("storefront:cart_update"), {"pack_size": pack.pk, "quantity": 4})
    assert session_cart(client)[str(pack.pk)]["q"] == 4
    client.post(reverse("storefront:cart_update"), {"pack_size": pack.pk, "quantity": 0})
    assert list(session_cart(client)) == [str(second_pack.pk)]
    client.post(reverse("storefront:cart_remove"), {"pack_size": second_pack.pk})
    assert session_cart(client) == {}
    assert client.session[COUNT_KEY] == 0


def test_updating_above_stock_or_a_line_not_in_the_cart_changes_nothing(
    client, pack, second_pack, add_to_cart
):
    add_to_cart(pack, 2)
    response = client.post(
        reverse("storefront:cart_update"), {"pack_size": pack.pk, "quantity": 50}, follow=True
    )
    assert texts(response) == ["“Kẹo dừa sầu riêng – Hộp 400g” chỉ còn 12 sản phẩm."]
    response = client.post(
        reverse("storefront:cart_update"), {"pack_size": second_pack.pk, "quantity": 1}, follow=True
    )
    assert texts(response) == ["Sản phẩm này không có trong giỏ hàng."]
    response = client.post(
        reverse("storefront:cart_update"), {"pack_size": pack.pk, "quantity": "-1"}, follow=True
    )
    assert texts(response) == ["Số lượng của “Kẹo dừa sầu riêng – Hộp 400g” phải là số nguyên từ 0 đến 99."]
    response = client.post(reverse("storefront:cart_remove"), {"pack_size": "x"}, follow=True)
    assert texts(response) == ["Sản phẩm này không có trong giỏ hàng."]
    assert session_cart(client) == {str(pack.pk): {"q": 2, "p": 45_000}}


@pytest.mark.parametrize("quantity", ["1.5", "abc", "-1", "100", ""])
def test_a_quantity_the_cart_cannot_take_names_the_line_and_the_range(
    client, pack, second_pack, add_to_cart, quantity
):
    add_to_cart(pack, 2)
    add_to_cart(second_pack, 1)
    response = client.post(
        reverse("storefront:cart_update"), {"pack_size": second_pack.pk, "quantity": quantity}, follow=True
    )
    assert texts(response) == ["Số lượng của “Kẹo dừa sầu riêng – Túi 250g” phải là số nguyên từ 0 đến 99."]
    assert session_cart(client) == {
        str(pack.pk): {"q": 2, "p": 45_000},
        str(second_pack.pk): {"q": 1, "p": 30_000},
    }


def test_changing_or_removing_a_line_says_which_line(client, pack, second_pack, add_to_cart):
    add_to_cart(pack, 2)
    add_to_cart(second_pack, 1)
    update = reverse("storefront:cart_update")
    page = client.post(update, {"pack_size": second_pack.pk, "quantity": 3}, follow=True)
    assert texts(page) == ["Đã đổi số lượng “Kẹo dừa sầu riêng – Túi 250g” thành 3."]
    page = client.post(update, {"pack_size": second_pack.pk, "quantity": 0}, follow=True)
    assert texts(page) == ["Đã bỏ “Kẹo dừa sầu riêng – Túi 250g” khỏi giỏ hàng."]
    page = client.post(reverse("storefront:cart_remove"), {"pack_size": pack.pk}, follow=True)
    assert texts(page) == ["Đã bỏ “Kẹo dừa sầu riêng – Hộp 400g” khỏi giỏ hàng."]
    assert session_cart(client) == {}


@pytest.mark.parametrize(
    ("stock", "limit", "why"),
    [
        (12, 12, "Cửa hàng chỉ còn 12 sản phẩm này."),  # the stock is the limit
        (500, 99, "Mỗi sản phẩm đặt tối đa 99 đơn vị."),  # the most one order line takes
    ],
)
def test_adding_beyond_the_limit_counts_what_the_cart_already_holds(
    client, pack, add_to_cart, stock, limit, why
):
    pack.stock = stock
    pack.save()
    held = limit - 2
    add_to_cart(pack, held)
    page = add_to_cart(pack, 5)
    assert texts(page) == [
        f"Giỏ hàng đã có {held} “Kẹo dừa sầu riêng – Hộp 400g”; chỉ thêm được 2 nữa. {why}"
    ]
    add_to_cart(pack, 2)
    page = add_to_cart(pack, 1)
    assert texts(page) == [
        f"Giỏ hàng đã có {limit} “Kẹo dừa sầu riêng – Hộp 400g”; không thêm được nữa. {why}"
    ]
    assert session_cart(client) == {str(pack.pk): {"q": limit, "p": 45_000}}


def test_a_product_no_longer_sold_is_named_when_the_cart_drops_it(client, pack, tea_pack, add_to_cart):
    add_to_cart(pack, 1)
    add_to_cart(tea_pack, 2)
    tea_pack.product.unpublish()
    page = client.get(reverse("storefront:cart"))
    assert texts(page) == ["“Trà hoa vàng – Hộp 50g” không còn bán và đã được bỏ khỏi giỏ."]
    assert session_cart(client) == {str(pack.pk): {"q": 1, "p": 45_000}}


def test_a_pack_deleted_from_the_catalogue_is_dropped_with_a_message(client, pack, tea_pack, add_to_cart):
    add_to_cart(pack, 1)
    add_to_cart(tea_pack, 2)
    tea_pack.delete()  # nothing left to name it by
    page = client.get(reverse("storefront:cart"))
    assert texts(page) == ["Một sản phẩm trong giỏ không còn bán và đã được bỏ ra."]
    assert session_cart(client) == {str(pack.pk): {"q": 1, "p": 45_000}}


def test_the_cart_page_says_when_a_price_changed(client, pack, add_to_cart):
    add_to_cart(pack, 2)
    pack.price = 50_000
    pack.save()
    page = client.get(reverse("storefront:cart"))
    assert "Giá của “Kẹo dừa sầu riêng – Hộp 400g” đã đổi từ 45.000\u00a0₫ thành 50.000\u00a0₫." in texts(
        page
    )
    assert texts(page, ".line-total") == ["100.000\u00a0₫"]
    assert session_cart(client)[str(pack.pk)]["p"] == 50_000
    assert "đã đổi" not in " ".join(texts(client.get(reverse("storefront:cart"))))  # said once


def test_the_cart_shrinks_to_the_stock_left_and_drops_sold_out_lines(client, pack, second_pack, add_to_cart):
    add_to_cart(pack, 10)
    add_to_cart(second_pack, 2)
    pack.stock = 3
    pack.save()
    second_pack.stock = 0
    second_pack.save()
    page = client.get(reverse("storefront:cart"))
    assert texts(page) == [
        "“Kẹo dừa sầu riêng – Hộp 400g” chỉ còn 3 sản phẩm; số lượng trong giỏ đã giảm còn 3.",
        "“Kẹo dừa sầu riêng – Túi 250g” đã hết hàng và được bỏ khỏi giỏ.",
    ]
    assert session_cart(client) == {str(pack.pk): {"q": 3, "p": 45_000}}
    assert client.session[COUNT_KEY] == 3


def test_free_shipping_above_the_threshold(client, pack, shipping, add_to_cart):
    add_to_cart(pack, 12)  # 540.000 ≥ 500.000
    page = client.get(reverse("storefront:cart"))
    assert texts(page, ".totals dd") == ["540.000\u00a0₫", "Miễn phí", "540.000\u00a0₫"]


def test_cart_page_queries_stay_constant_as_lines_grow(client, make_products, django_assert_max_num_queries):
    products = make_products(6)
    packs = [p.pack_sizes.get() for p in products]

    def count_queries(batch):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for pack in batch:
            pack.stock = 50
            pack.save()
            client.post(reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": 1}, follow=True)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("storefront:cart")).status_code == 200
        return len(ctx.captured_queries)

    one = count_queries(packs[:1])
    six = count_queries(packs[1:])  # adds five more lines: six in all
    assert len(client.session["cart"]) == 6
    assert one == six


def test_the_empty_cart_page_offers_to_browse(client, home):
    page = client.get(reverse("storefront:cart"))
    assert page.status_code == 200
    assert "Giỏ hàng đang trống." in page.content.decode()


def test_product_page_has_an_add_to_cart_form_disabled_when_out_of_stock(client, product, pack, second_pack):
    second_pack.stock = 0
    second_pack.save()
    soup = BeautifulSoup(client.get(product.url).content, "html.parser")
    forms = soup.select("form.add-to-cart")
    assert len(forms) == 2
    assert forms[0].select_one("button").get("disabled") is None
    assert forms[0].select_one("input[name=quantity]")["max"] == "12"
    assert forms[1].select_one("button").has_attr("disabled")
    assert forms[1].select_one("button").get_text(" ", strip=True) == "Hết hàng Kẹo dừa sầu riêng – Túi 250g"


def test_get_on_an_action_url_shows_the_cart_not_a_500(client, home):
    # A reload of the page a POST answered: nothing is added (see test_http_methods.py).
    response = client.get(reverse("storefront:cart_add"))
    assert (response.status_code, response["Location"]) == (302, reverse("storefront:cart"))


def test_the_header_count_comes_from_the_session_without_a_query(rf, django_assert_num_queries):
    from django.contrib.sessions.backends.cache import SessionStore

    from storefront.context_processors import cart

    request = rf.get("/")
    request.session = SessionStore()
    request.session[COUNT_KEY] = 7
    with django_assert_num_queries(0):
        assert cart(request)["cart_count"]() == 7


def test_a_malformed_cart_in_the_session_is_dropped_not_a_500(client, pack):
    session = client.session
    session[SESSION_KEY] = {"x": {"q": 1, "p": 1}, str(pack.pk): {"q": "lots", "p": 45_000}, "7": [1, 2]}
    session.save()
    page = client.get(reverse("storefront:cart"))
    assert page.status_code == 200
    assert "Giỏ hàng đang trống." in page.content.decode()


def test_the_badge_cookie_lasts_as_long_as_the_cart_in_the_session(client, pack, add_to_cart, settings):
    add_to_cart(pack, 2)
    badge, session = client.cookies["cart_count"], client.cookies[settings.SESSION_COOKIE_NAME]
    # Not a browser-session cookie: after a browser restart the badge still counts the kept cart.
    assert badge["max-age"] == session["max-age"] == settings.SESSION_COOKIE_AGE
    assert badge["expires"] and session["expires"]

    client.post(reverse("storefront:cart_remove"), {"pack_size": pack.pk})
    assert client.cookies["cart_count"].value == ""  # emptied: the badge goes
    assert client.cookies["cart_count"]["max-age"] == 0
