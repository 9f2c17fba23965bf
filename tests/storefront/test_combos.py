"""Buying gift combos: in the cart beside single packs, one guarded transaction for every component,
the order keeps the combo and its goods, cancelling gives exactly the components back."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from catalogue.combos import GiftComboPage
from catalogue.factories import PackSizeFactory
from storefront import fulfilment, orders
from storefront.cart import SESSION_KEY
from storefront.checkout import place_order
from storefront.combos import price_shares
from storefront.errors import ItemUnavailable, OutOfStock, PriceChanged
from storefront.models import Order, OrderCombo, OrderLine
from storefront.payments import get_provider
from tests.combos import make_combo
from tests.page_tree import independent_of_the_page_tree
from tests.storefront.checkout_pages import send_checkout

pytestmark = pytest.mark.django_db


def texts(response, selector=".messages .message"):
    soup = BeautifulSoup(response.content, "html.parser")
    return [node.get_text(" ", strip=True) for node in soup.select(selector)]


@pytest.fixture
@independent_of_the_page_tree
def buy(details, shipping):
    """place_order with single packs ({pack: q}) and combos ({combo: q}) at the prices the buyer saw."""

    def _buy(packs=None, combos=None):
        packs, combos = packs or {}, combos or {}
        return place_order(
            quantities={p.pk: q for p, q in packs.items()},
            seen_prices={p.pk: p.price for p in packs},
            combos={c.pk: q for c, q in combos.items()},
            combo_prices={c.pk: c.price for c in combos},
            details=details,
            provider=get_provider("cod"),
            shipping=shipping,
        )

    return _buy


def stock_of(*packs):
    return [type(p).objects.get(pk=p.pk).stock for p in packs]


def add_combo(client, combo, quantity=1):
    return client.post(
        reverse("storefront:combo_add"), {"combo": combo.pk, "quantity": quantity}, follow=True
    )


# --- The cart -------------------------------------------------------------------------------------------


def test_a_combo_goes_into_the_cart_beside_a_single_pack(client, gift_box, pack, add_to_cart, shipping):
    add_to_cart(pack, 1)
    page = add_combo(client, gift_box, 2)
    # As a pack's, the message links to the cart.
    assert texts(page) == ["Đã thêm 2 × “Hộp quà kẹo dừa Bến Tre” vào giỏ hàng. Xem giỏ hàng →"]
    assert client.session[SESSION_KEY] == {
        str(pack.pk): {"q": 1, "p": 45_000},
        f"c{gift_box.pk}": {"q": 2, "p": 99_000},
    }
    assert client.session["cart_count"] == 3
    assert texts(page, ".combo-line .cart-line-main") == ["Gói quà Hộp quà kẹo dừa Bến Tre 99.000\u00a0₫"]
    assert texts(page, ".combo-line .combo-contents li") == [
        "2 × Kẹo dừa sầu riêng – Hộp 400g",
        "1 × Trà hoa vàng – Hộp 50g",
    ]
    assert texts(page, ".grand-total") == ["273.000\u00a0₫"]  # 45.000 + 2 × 99.000 + 30.000 shipping


def test_more_combos_than_the_stock_makes_are_refused_with_a_message(client, gift_box):
    page = add_combo(client, gift_box, 7)  # 12 candy boxes make 6 combos
    assert texts(page) == ["“Hộp quà kẹo dừa Bến Tre” chỉ còn đủ hàng cho 6 gói."]
    assert SESSION_KEY not in client.session or client.session[SESSION_KEY] == {}


@pytest.mark.parametrize(
    "junk", [{"combo": "x", "quantity": 1}, {"combo": 999999, "quantity": 1}, {"quantity": 1}]
)
def test_junk_combo_posts_get_a_message_never_an_error(client, gift_box, junk):
    page = client.post(reverse("storefront:combo_add"), junk, follow=True)
    assert page.status_code == 200
    assert texts(page) in (["Gói quà không hợp lệ."], ["Gói quà này hiện không bán."])


def test_the_cart_rechecks_a_combos_price_and_drops_it_when_a_component_sells_out(
    client, gift_box, product, shipping
):
    add_combo(client, gift_box, 1)
    GiftComboPage.objects.filter(pk=gift_box.pk).update(price=95_000)
    page = client.get(reverse("storefront:cart"))
    assert texts(page) == ["Giá của “Hộp quà kẹo dừa Bến Tre” đã đổi từ 99.000\u00a0₫ thành 95.000\u00a0₫."]
    product.pack_sizes.update(stock=1)
    page = client.get(reverse("storefront:cart"))
    assert texts(page) == ["“Hộp quà kẹo dừa Bến Tre” hiện không bán và đã được bỏ khỏi giỏ."]
    assert client.session[SESSION_KEY] == {}


def test_changing_and_removing_a_combo_in_the_cart(client, gift_box, shipping):
    add_combo(client, gift_box, 1)
    page = client.post(reverse("storefront:combo_update"), {"combo": gift_box.pk, "quantity": 3}, follow=True)
    assert texts(page) == ["Đã đổi số lượng “Hộp quà kẹo dừa Bến Tre” thành 3."]
    assert client.session[SESSION_KEY][f"c{gift_box.pk}"]["q"] == 3
    page = client.post(reverse("storefront:combo_remove"), {"combo": gift_box.pk}, follow=True)
    assert texts(page) == ["Đã bỏ “Hộp quà kẹo dừa Bến Tre” khỏi giỏ hàng."]
    assert client.session[SESSION_KEY] == {}


@pytest.mark.parametrize("quantity", ["1.5", "-1", "100"])
def test_a_combo_quantity_the_cart_cannot_take_names_the_combo_and_the_range(
    client, gift_box, pack, add_to_cart, shipping, quantity
):
    add_to_cart(pack, 1)
    add_combo(client, gift_box, 1)
    page = client.post(
        reverse("storefront:combo_update"), {"combo": gift_box.pk, "quantity": quantity}, follow=True
    )
    assert texts(page) == ["Số lượng của “Hộp quà kẹo dừa Bến Tre” phải là số nguyên từ 0 đến 99."]
    assert client.session[SESSION_KEY][f"c{gift_box.pk}"]["q"] == 1


def test_adding_combos_beyond_the_stock_counts_the_boxes_already_in_the_cart(client, gift_box):
    add_combo(client, gift_box, 4)  # 12 candy boxes make 6 combos
    page = add_combo(client, gift_box, 3)
    assert texts(page) == [
        "Giỏ hàng đã có 4 “Hộp quà kẹo dừa Bến Tre”; chỉ thêm được 2 nữa. Cửa hàng chỉ còn đủ hàng cho 6 gói."
    ]
    assert client.session[SESSION_KEY][f"c{gift_box.pk}"]["q"] == 4


def test_a_pack_short_for_its_single_line_and_the_combos_gets_one_message_with_its_final_state(
    client, gift_box, pack, add_to_cart
):
    add_to_cart(pack, 3)
    add_combo(client, gift_box, 2)  # 2 candy boxes each: 7 of the 12 in the cart
    pack.stock = 2  # one gift box's worth
    pack.save()
    page = client.get(reverse("storefront:cart"))
    assert texts(page) == [
        "“Kẹo dừa sầu riêng – Hộp 400g” chỉ còn đủ cho gói quà trong giỏ; phần mua lẻ đã được bỏ ra.",
        "“Hộp quà kẹo dừa Bến Tre” chỉ còn đủ hàng cho 1 gói; số lượng trong giỏ đã giảm còn 1.",
    ]
    assert client.session[SESSION_KEY] == {f"c{gift_box.pk}": {"q": 1, "p": 99_000}}


# --- Placing the order ------------------------------------------------------------------------------------


def test_a_combo_order_takes_every_components_stock_and_records_the_combo(buy, gift_box, pack, tea_pack):
    order = buy(combos={gift_box: 2})
    assert stock_of(pack, tea_pack) == [12 - 4, 8 - 2]
    assert (order.subtotal, order.shipping_fee, order.total) == (198_000, 30_000, 228_000)
    combo = order.combos.get()
    assert (combo.title, combo.unit_price, combo.quantity, combo.combo_id) == (
        "Hộp quà kẹo dừa Bến Tre",
        99_000,
        2,
        gift_box.pk,
    )
    lines = list(combo.components.order_by("pk").values_list("product_title", "quantity", "producer_id"))
    assert lines == [
        ("Kẹo dừa sầu riêng", 4, pack.product.producer_id),
        ("Trà hoa vàng", 2, tea_pack.product.producer_id),
    ]
    # The goods' shares of the price add up to what the buyer pays for the combos.
    assert sum(line.line_total for line in order.lines.all()) == order.subtotal


def test_a_pack_shared_by_a_combo_and_a_single_purchase_is_taken_once_for_both(buy, gift_box, pack, tea_pack):
    order = buy(packs={pack: 3}, combos={gift_box: 1})
    assert stock_of(pack, tea_pack) == [12 - 3 - 2, 8 - 1]
    assert order.subtotal == 3 * 45_000 + 99_000


def test_a_combo_and_single_packs_that_together_exceed_the_stock_are_refused_with_nothing_changed(
    buy, gift_box, pack, tea_pack
):
    # 11 single boxes + 1 combo needing 2 more = 13 of 12 (each alone would fit).
    with pytest.raises(OutOfStock) as refused:
        buy(packs={pack: 11, tea_pack: 1}, combos={gift_box: 1})
    assert refused.value.pack_size_id == pack.pk
    assert (
        refused.value.message
        == "“Kẹo dừa sầu riêng – Hộp 400g” không còn đủ 13 sản phẩm. Giỏ hàng đã được cập nhật."
    )
    assert stock_of(pack, tea_pack) == [12, 8]
    assert (Order.objects.count(), OrderLine.objects.count(), OrderCombo.objects.count()) == (0, 0, 0)


def test_a_combo_whose_price_changed_or_component_went_is_refused(buy, gift_box, tea_pack, pack):
    seen = GiftComboPage.objects.get(pk=gift_box.pk)
    GiftComboPage.objects.filter(pk=gift_box.pk).update(price=90_000)
    with pytest.raises(PriceChanged):
        buy(combos={seen: 1})
    tea_pack.product.unpublish()
    with pytest.raises(ItemUnavailable):
        buy(combos={GiftComboPage.objects.get(pk=gift_box.pk): 1})
    assert stock_of(pack, tea_pack) == [12, 8]
    assert not Order.objects.exists()


def test_cancelling_gives_back_exactly_the_components_stock(buy, gift_box, pack, tea_pack):
    order = buy(packs={pack: 1}, combos={gift_box: 2})
    assert stock_of(pack, tea_pack) == [7, 6]
    assert orders.cancel(order)
    assert stock_of(pack, tea_pack) == [12, 8]


def test_each_producer_sees_and_ships_its_own_component_lines(buy, gift_box, pack, tea_pack):
    order = buy(combos={gift_box: 1})
    parts = {part.producer_title: part for part in fulfilment.parts(order)}
    assert [line.quantity for line in parts["Công ty TNHH Đông Á"].lines] == [2]
    assert [line.quantity for line in parts["HTX dược liệu Trường Sơn"].lines] == [1]
    # The kẹo dừa is 90.000 of the 120.000 list price: its share of 99.000 is 74.250, the tea 24.750.
    assert parts["Công ty TNHH Đông Á"].subtotal + parts["HTX dược liệu Trường Sơn"].subtotal == 99_000
    assert parts["Công ty TNHH Đông Á"].subtotal == 74_250


def test_price_shares_add_up_to_the_combo_price():
    class Row:
        def __init__(self, pk, price, quantity):
            self.pk, self.quantity = pk, quantity
            self.pack_size = type("Pack", (), {"price": price})()

    rows = [Row(1, 45_000, 2), Row(2, 30_000, 1), Row(3, 19_000, 3)]
    shares = price_shares(150_001, rows)
    assert sum(shares[r.pk] * r.quantity for r in rows) == 150_001
    assert all(shares[r.pk] <= r.pack_size.price for r in rows)


# --- What the buyer sees after ordering -------------------------------------------------------------------


def test_checkout_order_page_and_email_show_the_combo(
    client, gift_box, pack, add_to_cart, checkout_data, django_capture_on_commit_callbacks
):
    add_to_cart(pack, 1)
    add_combo(client, gift_box, 1)
    checkout = client.get(reverse("storefront:checkout"))
    assert "1 × Hộp quà kẹo dừa Bến Tre 99.000\u00a0₫" in texts(checkout, ".summary-lines li")
    with django_capture_on_commit_callbacks(execute=True):
        page = send_checkout(client, checkout_data, page=checkout)
    order = Order.objects.get()
    assert texts(page, ".order-combo > .combo-contents li") == [
        "2 × Kẹo dừa sầu riêng – Hộp 400g",
        "1 × Trà hoa vàng – Hộp 50g",
    ]
    assert texts(page, ".summary-lines > li")[0] == "1 × Kẹo dừa sầu riêng – Hộp 400g 45.000\u00a0₫"
    assert texts(page, ".order-combo")[0].startswith("1 × Gói quà “Hộp quà kẹo dừa Bến Tre” 99.000\u00a0₫")
    assert texts(page, "#order-total") == ["174.000\u00a0₫"]
    [email] = mail.outbox
    assert (
        "- 1 × Hộp quà kẹo dừa Bến Tre: 99.000\u00a0₫\n    · 2 × Kẹo dừa sầu riêng – Hộp 400g\n" in email.body
    )
    assert order.combos.count() == 1


def test_a_combo_built_with_a_second_pack_of_the_same_product(buy, combo_index, product, pack):
    bag = PackSizeFactory(product=product, label="Túi 250g", price=30_000, stock=3)
    combo = make_combo(combo_index, {pack: 1, bag: 1}, price=70_000, title="Đôi kẹo dừa", slug="doi-keo-dua")
    buy(combos={combo: 3})
    assert stock_of(pack, bag) == [9, 0]
    assert not GiftComboPage.objects.get(pk=combo.pk).is_available


def test_the_cart_leaves_single_packs_only_what_its_combos_do_not_need(client, gift_box, pack, add_to_cart):
    add_to_cart(pack, 10)
    page = add_combo(client, gift_box, 2)  # 4 of the 12 kẹo dừa boxes; then the cart page
    assert texts(page) == [
        "Đã thêm 2 × “Hộp quà kẹo dừa Bến Tre” vào giỏ hàng. Xem giỏ hàng →",
        "“Kẹo dừa sầu riêng – Hộp 400g” còn 8 sản phẩm ngoài phần trong gói quà; số lượng mua lẻ đã giảm còn 8.",
    ]
    assert client.session[SESSION_KEY][str(pack.pk)]["q"] == 8


def test_a_single_pack_the_cart_combos_took_every_unit_of_is_refused_without_saying_it_was_added(
    client, gift_box, pack, add_to_cart
):
    add_combo(client, gift_box, 6)  # 6 boxes × 2: all 12 kẹo dừa boxes
    page = add_to_cart(pack, 1)
    assert texts(page) == ["“Kẹo dừa sầu riêng – Hộp 400g” chỉ còn đủ cho gói quà trong giỏ."]
    assert str(pack.pk) not in client.session[SESSION_KEY]


def test_a_single_pack_is_refused_beyond_what_the_cart_combos_leave(client, gift_box, pack, add_to_cart):
    add_combo(client, gift_box, 2)  # 4 of the 12
    page = add_to_cart(pack, 9)
    assert texts(page) == ["“Kẹo dừa sầu riêng – Hộp 400g” còn 8 sản phẩm ngoài phần trong gói quà."]
    assert str(pack.pk) not in client.session[SESSION_KEY]
    add_to_cart(pack, 8)
    page = client.post(reverse("storefront:cart_update"), {"pack_size": pack.pk, "quantity": 9}, follow=True)
    assert texts(page) == ["“Kẹo dừa sầu riêng – Hộp 400g” còn 8 sản phẩm ngoài phần trong gói quà."]
    assert client.session[SESSION_KEY][str(pack.pk)]["q"] == 8


def test_staff_add_a_combo_in_the_admin_with_the_pack_size_chooser(client, combo_index):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("staff", "staff@example.vn", "pw"))
    response = client.get(f"/admin/pages/add/catalogue/giftcombopage/{combo_index.pk}/")
    assert response.status_code == 200
    assert (
        b"Ch\xe1\xbb\x8dn quy c\xc3\xa1ch \xc4\x91\xc3\xb3ng g\xc3\xb3i" in response.content
    )  # "Chọn quy cách đóng gói"
    assert client.get("/admin/pack_size_chooser/").status_code == 200


def test_a_producer_sees_its_component_lines_marked_with_the_combo_in_the_admin(
    client, buy, gift_box, tea_pack
):
    from django.contrib.auth import get_user_model

    from catalogue.permissions import grant_producer_access

    order = buy(combos={gift_box: 1})
    user = get_user_model().objects.create_user("truong-son", "ts@example.vn", "pw")
    grant_producer_access(user, tea_pack.product.get_parent())
    client.force_login(user)
    response = client.get(reverse("storefront_order:inspect", args=[order.pk]))
    assert texts(response, "#order-lines tbody tr td:first-child") == [
        "Trà hoa vàng – Hộp 50g (trong gói quà “Hộp quà kẹo dừa Bến Tre”)"
    ]
    assert texts(response, "#own-subtotal") == ["Tiền hàng của bạn: 24.750\u00a0₫"]
