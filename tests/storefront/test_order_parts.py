"""An order holding two producers' goods: each producer sees, confirms and ships only its own part;
staff see the whole; the order is shipped when every part has shipped."""

import unicodedata

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory
from catalogue.permissions import grant_producer_access
from places.models import Commune
from storefront import orders
from storefront.models import Order, OrderLine, OrderState, PartState
from tests.page_tree import independent_of_the_page_tree

pytestmark = pytest.mark.django_db
S, P = OrderState, PartState


def admin_url(name, *args):
    return reverse(f"storefront_order:{name}", args=args)


@pytest.fixture
def tea_pack(producer_index):
    tea = ProducerPageFactory(parent=producer_index, title="HTX Chè Tân Cương", slug="che-tan-cuong")
    product = ProductPageFactory(parent=tea, title="Trà xanh Tân Cương", slug="tra-xanh")
    return PackSizeFactory(product=product, label="Gói 200g", price=30_000, stock=8)


@pytest.fixture
def shared_order(place, pack, tea_pack):
    """2 × Kẹo dừa sầu riêng (Đông Á, 45.000) and 1 × Trà xanh (Tân Cương, 30.000), cash on delivery."""
    return place({pack: 2, tea_pack: 1})


def producer_client(username, producer_page):
    user = get_user_model().objects.create_user(username, f"{username}@example.vn", "pw")
    grant_producer_access(user, producer_page)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
@independent_of_the_page_tree
def dong_a(producer):
    return producer_client("dong-a", producer)


@pytest.fixture
def tan_cuong(tea_pack):
    return producer_client("tan-cuong", tea_pack.product.get_parent())


@pytest.fixture
@independent_of_the_page_tree
def staff(home):
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("staff", "staff@example.vn", "pw"))
    return client


def page_text(response, selector):
    return [
        el.get_text(" ", strip=True) for el in BeautifulSoup(response.content, "html.parser").select(selector)
    ]


def part_state(order, pack):
    return order.lines.get(pack_size=pack).fulfilment


def test_each_line_remembers_its_producer_at_checkout(shared_order, pack, tea_pack):
    producers = dict(shared_order.lines.values_list("pack_size_id", "producer_id"))
    assert producers == {pack.pk: pack.product.producer_id, tea_pack.pk: tea_pack.product.producer_id}
    assert set(shared_order.lines.values_list("fulfilment", flat=True)) == {P.WAITING}


def test_a_producer_sees_only_its_own_lines_its_subtotal_and_the_delivery_details(dong_a, shared_order):
    response = dong_a.get(admin_url("inspect", shared_order.pk))
    assert response.status_code == 200
    html = response.content.decode()
    lines = page_text(response, "#order-lines tbody tr")
    assert len(lines) == 1 and lines[0].startswith("Kẹo dừa sầu riêng – Hộp 400g")
    assert "Trà xanh" not in html and "Tân Cương" not in html
    assert page_text(response, "#own-subtotal") == ["Tiền hàng của bạn: 90.000\u00a0₫"]
    assert "120.000" not in html and "Sổ thanh toán" not in html  # the order's total, the ledger
    assert shared_order.token not in html  # the buyer's secret page
    assert "Trần Văn Nam" in html and "0912 345 678" in html and "5 Lê Lợi" in html


def test_the_listing_shows_a_producer_its_own_subtotal_and_staff_the_total(
    dong_a, tan_cuong, staff, shared_order
):
    def amount(client):
        rows = client.get(admin_url("index")).context["object_list"]
        return [row.own_subtotal if hasattr(row, "own_subtotal") else row.total for row in rows]

    assert amount(dong_a) == [90_000]
    assert amount(tan_cuong) == [30_000]
    assert amount(staff) == [shared_order.total]
    assert "90.000\u00a0₫" in dong_a.get(admin_url("index")).content.decode()


@pytest.mark.parametrize("ordering", ["total", "-total", "buyer_pays", "-buyer_pays"])
def test_sorting_by_what_the_buyer_pays_tells_a_producer_nothing_of_a_shared_orders_total(
    dong_a, shared_order, place, pack, ordering
):
    cheaper, dearer = place({pack: 1}), place({pack: 4})  # 75.000 ₫ and 210.000 ₫; the shared one 150.000 ₫
    rows = list(dong_a.get(admin_url("index"), {"ordering": ordering}).context["object_list"])
    assert {row.pk for row in rows} == {shared_order.pk, cheaper.pk, dearer.pk}
    assert [row.pk for row in rows].index(shared_order.pk) in (0, 2)  # never between the two it may see


def test_staff_see_the_whole_order_with_each_producers_part(staff, shared_order, producer):
    response = staff.get(admin_url("inspect", shared_order.pk))
    assert len(page_text(response, "#order-lines tbody tr")) == 2
    assert page_text(response, "#order-parts tbody tr") == [
        f"{producer.title} 90.000\u00a0₫ Chờ chủ thể xác nhận Xác nhận phần hàng của mình",
        "HTX Chè Tân Cương 30.000\u00a0₫ Chờ chủ thể xác nhận Xác nhận phần hàng của mình",
    ]
    assert "Sổ thanh toán" in response.content.decode()


def test_the_cod_order_is_confirmed_once_both_producers_have_confirmed_their_parts(
    dong_a, tan_cuong, shared_order, pack, tea_pack
):
    dong_a.post(admin_url("move_part", shared_order.pk, pack.product.producer_id, P.CONFIRMED))
    shared_order.refresh_from_db()
    assert (part_state(shared_order, pack), part_state(shared_order, tea_pack)) == (P.CONFIRMED, P.WAITING)
    assert shared_order.state == S.PLACED

    tan_cuong.post(admin_url("move_part", shared_order.pk, tea_pack.product.producer_id, P.CONFIRMED))
    shared_order.refresh_from_db()
    assert shared_order.state == S.CONFIRMED


def test_the_order_ships_when_every_part_has_shipped(dong_a, tan_cuong, shared_order, pack, tea_pack):
    mine, theirs = pack.product.producer_id, tea_pack.product.producer_id
    dong_a.post(admin_url("move_part", shared_order.pk, mine, P.CONFIRMED))
    tan_cuong.post(admin_url("move_part", shared_order.pk, theirs, P.CONFIRMED))

    dong_a.post(admin_url("move_part", shared_order.pk, mine, P.SHIPPED))
    shared_order.refresh_from_db()
    assert shared_order.state == S.PREPARING
    assert (part_state(shared_order, pack), part_state(shared_order, tea_pack)) == (P.SHIPPED, P.CONFIRMED)

    page = tan_cuong.post(admin_url("move_part", shared_order.pk, theirs, P.SHIPPED), follow=True)
    shared_order.refresh_from_db()
    assert shared_order.state == S.SHIPPED
    assert f"Đơn {shared_order.code}: đã cập nhật phần hàng (đơn: Đang giao)." in page.content.decode()


def test_calling_off_a_partly_shipped_order_restocks_only_the_goods_still_in_the_shop(
    dong_a, tan_cuong, staff, shared_order, pack, tea_pack
):
    mine, theirs = pack.product.producer_id, tea_pack.product.producer_id
    dong_a.post(admin_url("move_part", shared_order.pk, mine, P.CONFIRMED))
    tan_cuong.post(admin_url("move_part", shared_order.pk, theirs, P.CONFIRMED))
    dong_a.post(admin_url("move_part", shared_order.pk, mine, P.SHIPPED))  # 2 packs with the carrier
    pack.refresh_from_db()
    tea_pack.refresh_from_db()
    shelf = (pack.stock, tea_pack.stock)

    staff.post(admin_url("cancel", shared_order.pk))
    shared_order.refresh_from_db()
    pack.refresh_from_db()
    tea_pack.refresh_from_db()
    assert shared_order.state == S.CANCELLED
    # The tea never left: back on the shelf. The shipped sweets are not (selling them again would
    # oversell); they come back, if ever, as a return.
    assert (pack.stock, tea_pack.stock) == (shelf[0], shelf[1] + 1)
    # The part still in the shop is called off with the order; the one with the carrier stays shipped.
    assert (part_state(shared_order, pack), part_state(shared_order, tea_pack)) == (P.SHIPPED, P.CANCELLED)


def test_a_cancelled_order_shows_each_producers_part_as_cancelled(dong_a, staff, shared_order, producer):
    orders.cancel(shared_order)
    assert page_text(staff.get(admin_url("inspect", shared_order.pk)), "#order-parts tbody tr") == [
        f"{producer.title} 90.000\u00a0₫ Đã huỷ",
        "HTX Chè Tân Cương 30.000\u00a0₫ Đã huỷ",
    ]
    assert page_text(dong_a.get(admin_url("inspect", shared_order.pk)), "#order-parts tbody tr") == [
        f"{producer.title} 90.000\u00a0₫ Đã huỷ"
    ]


def test_orders_cancelled_before_parts_could_be_cancelled_show_their_parts_cancelled(
    place, pack, tea_pack, shared_order
):
    """The migration: an order cancelled earlier kept its parts "waiting" (or "confirmed")."""
    import importlib

    from django.apps import apps

    confirmed_then_cancelled, going_ahead = place({pack: 1}), place({pack: 1})
    orders.move(confirmed_then_cancelled, S.CONFIRMED)
    Order.objects.filter(pk__in=[shared_order.pk, confirmed_then_cancelled.pk]).update(state=S.CANCELLED)
    OrderLine.objects.filter(order=shared_order, pack_size=tea_pack).update(fulfilment=P.SHIPPED)
    migration = importlib.import_module("storefront.migrations.0010_part_cancelled")
    migration.cancel_parts_of_cancelled_orders(apps, None)
    assert part_state(shared_order, pack) == P.CANCELLED
    assert part_state(shared_order, tea_pack) == P.SHIPPED  # with the carrier: history, kept
    assert part_state(confirmed_then_cancelled, pack) == P.CANCELLED
    assert part_state(going_ahead, pack) == P.WAITING


def test_a_producer_cannot_move_another_producers_part(dong_a, shared_order, tea_pack):
    response = dong_a.post(admin_url("move_part", shared_order.pk, tea_pack.product.producer_id, P.CONFIRMED))
    assert response.status_code == 404
    assert part_state(shared_order, tea_pack) == P.WAITING


def test_a_producer_cannot_move_a_shared_order_as_a_whole(dong_a, shared_order):
    for url in (admin_url("cancel", shared_order.pk), admin_url("move", shared_order.pk, S.CONFIRMED)):
        assert "có hàng của chủ thể khác" in dong_a.post(url, follow=True).content.decode()
    assert (
        "có hàng của chủ thể khác"
        in dong_a.get(admin_url("cancel", shared_order.pk), follow=True).content.decode()
    )
    shared_order.refresh_from_db()
    assert shared_order.state == S.PLACED
    inspect = dong_a.get(admin_url("inspect", shared_order.pk))
    assert inspect.context["actions"] == []


def test_a_part_is_not_shipped_before_it_is_confirmed_nor_while_payment_is_awaited(
    dong_a, place, pack, shared_order, vietqr_on
):
    mine = pack.product.producer_id
    page = dong_a.post(admin_url("move_part", shared_order.pk, mine, P.SHIPPED), follow=True)
    assert "chưa chuyển được" in page.content.decode()
    assert part_state(shared_order, pack) == P.WAITING

    unpaid = place({pack: 1}, "vietqr")
    page = dong_a.post(admin_url("move_part", unpaid.pk, mine, P.CONFIRMED), follow=True)
    assert "chưa chuyển được" in page.content.decode()
    assert part_state(unpaid, pack) == P.WAITING


def test_a_part_confirmed_twice_is_refused_the_second_time(dong_a, shared_order, pack):
    mine = pack.product.producer_id
    dong_a.post(admin_url("move_part", shared_order.pk, mine, P.CONFIRMED))
    page = dong_a.post(admin_url("move_part", shared_order.pk, mine, P.CONFIRMED), follow=True)
    assert f"Phần hàng của đơn {shared_order.code} đã được cập nhật trước đó." in page.content.decode()
    assert part_state(shared_order, pack) == P.CONFIRMED


def test_staff_shipping_the_whole_order_ships_every_part(shared_order, pack, tea_pack):
    orders.move(shared_order, S.CONFIRMED)
    orders.move(shared_order, S.PREPARING)
    orders.move(shared_order, S.SHIPPED)
    assert set(shared_order.lines.values_list("fulfilment", flat=True)) == {P.SHIPPED}


BUYER_REWRITE = {
    "full_name": "Kẻ Mạo Danh",
    "phone": "0987 654 321",
    "email": "khac@example.vn",
    "street": "99 Đường Khác",
    "note": "Giao cho người khác",
}


def buyer_details(order):
    order.refresh_from_db()
    return (order.full_name, order.phone.as_e164, order.email, order.street, order.note, order.commune_id)


def moved_to_another_province(order, **changes):
    """The buyer's details rewritten, with a commune of another province than the order's."""
    commune = Commune.objects.exclude(province=order.province).order_by("code").first()
    return {**BUYER_REWRITE, "province": commune.province_id, "commune": commune.pk, **changes}


def test_a_producer_reads_the_buyers_details_but_cannot_change_them(client, dong_a, shared_order):
    before = buyer_details(shared_order)
    form = dong_a.get(admin_url("edit", shared_order.pk))
    assert form.status_code == 200
    page = BeautifulSoup(form.content, "html.parser")
    assert "chỉ nhân viên cửa hàng sửa được" in page.select_one("#buyer-details-read-only").text
    fields = page.select("#w-editor-form :is(input, textarea, select)[name]")
    named = {field["name"]: field for field in fields if field["name"] != "csrfmiddlewaretoken"}
    assert set(named) == {"full_name", "phone", "email", "province", "commune", "street", "note"}
    assert all(field.has_attr("disabled") for field in named.values())
    assert named["full_name"]["value"] == "Trần Văn Nam"
    assert page.select("#w-editor-form button[type=submit]") == []

    forged = dong_a.post(
        admin_url("edit", shared_order.pk), moved_to_another_province(shared_order), follow=True
    )
    assert forged.redirect_chain[-1][0] == admin_url("inspect", shared_order.pk)
    assert "chỉ nhân viên cửa hàng sửa được" in forged.content.decode()
    assert buyer_details(shared_order) == before
    # The buyer still finds the order with the phone they placed it with.
    found = client.post(
        reverse("storefront:order_lookup"), {"code": shared_order.code, "phone": "0912 345 678"}
    )
    assert found["Location"] == shared_order.get_absolute_url()


def test_a_producer_whose_goods_are_the_whole_order_cannot_change_the_buyers_details_either(
    dong_a, place, pack
):
    order = place({pack: 1})
    before = buyer_details(order)
    dong_a.post(admin_url("edit", order.pk), moved_to_another_province(order))
    assert buyer_details(order) == before
    inspect = BeautifulSoup(dong_a.get(admin_url("inspect", order.pk)).content, "html.parser")
    assert inspect.find("a", href=admin_url("edit", order.pk)) is None


def test_the_order_list_offers_the_buyer_details_form_to_staff_and_no_edit_to_a_producer(
    dong_a, staff, shared_order
):
    def menu(client):
        page = BeautifulSoup(client.get(admin_url("index")).content, "html.parser")
        return {
            " ".join(a.text.split()): a["href"] for a in page.select("[data-w-dropdown-target='content'] a")
        }

    assert menu(dong_a) == {"Xem chi tiết": admin_url("inspect", shared_order.pk)}
    assert menu(staff) == {
        "Sửa thông tin người mua": admin_url("edit", shared_order.pk),
        "Xem chi tiết": admin_url("inspect", shared_order.pk),
    }


def test_staff_correct_the_buyers_details(staff, shared_order):
    assert BeautifulSoup(staff.get(admin_url("inspect", shared_order.pk)).content, "html.parser").find(
        "a", href=admin_url("edit", shared_order.pk)
    )
    form = BeautifulSoup(staff.get(admin_url("edit", shared_order.pk)).content, "html.parser")
    province = form.select_one("select[name=province]")
    # The order's own province is chosen and only its communes are offered; choosing another
    # province lists that one's (communes.js asks this endpoint).
    assert province.select_one("option[selected]")["value"] == str(shared_order.province_id)
    offered = {option["value"] for option in form.select("select[name=commune] option") if option["value"]}
    assert offered == {
        str(pk) for pk in Commune.objects.filter(province=shared_order.province).values_list("pk", flat=True)
    }
    assert province["data-communes-url"] == reverse("storefront:communes")
    assert form.select_one(f"#{province['data-commune-select']}")["name"] == "commune"

    rewrite = moved_to_another_province(shared_order)
    response = staff.post(admin_url("edit", shared_order.pk), rewrite)
    assert response.status_code == 302
    assert buyer_details(shared_order) == (
        "Kẻ Mạo Danh",
        "+84987654321",
        "khac@example.vn",
        "99 Đường Khác",
        "Giao cho người khác",
        rewrite["commune"],
    )
    assert shared_order.province_id == rewrite["province"]


def test_an_order_with_a_foreign_phone_is_shown_in_international_form_and_saves_again(staff, shared_order):
    Order.objects.filter(pk=shared_order.pk).update(phone="+12025550100")
    form = BeautifulSoup(staff.get(admin_url("edit", shared_order.pk)).content, "html.parser")
    shown = form.select_one("input[name=phone]")["value"]
    assert shown == "+1 202-555-0100"
    data = {
        **BUYER_REWRITE,
        "phone": shown,
        "province": shared_order.province_id,
        "commune": shared_order.commune_id,
    }
    assert staff.post(admin_url("edit", shared_order.pk), data).status_code == 302
    shared_order.refresh_from_db()
    assert shared_order.phone.as_e164 == "+12025550100"


@pytest.mark.search_index  # the search box also looks up product names in Wagtail's index
def test_staff_corrections_are_read_as_the_checkout_reads_them_and_found_by_search(staff, shared_order):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hoà")
    data = {**moved_to_another_province(shared_order), "full_name": decomposed}
    assert staff.post(admin_url("edit", shared_order.pk), data).status_code == 302
    shared_order.refresh_from_db()
    assert shared_order.full_name == unicodedata.normalize("NFC", "Nguyễn Thị Hoà")
    found = staff.get(admin_url("index"), {"q": unicodedata.normalize("NFD", "Nguyễn")}).context[
        "object_list"
    ]
    assert [order.pk for order in found] == [shared_order.pk]

    # The admin drops direction controls from what it is sent (config/admin_input.py): saved as it reads.
    reversed_name = {**data, "full_name": "\u202eNam"}
    assert staff.post(admin_url("edit", shared_order.pk), reversed_name).status_code == 302
    shared_order.refresh_from_db()
    assert shared_order.full_name == "Nam"


@pytest.mark.parametrize(
    ("field", "typed", "refused_with"),
    [
        ("note", "9" * 100_000, "Ghi chú dài tối đa 500 ký tự (bạn đã nhập 100000)."),
        ("note", "Gọi trước " * 50 + "!", "Ghi chú dài tối đa 500 ký tự (bạn đã nhập 501)."),
        ("full_name", "Hoa" * 41, "Họ và tên dài tối đa 120 ký tự (bạn đã nhập 123)."),
        ("street", "Số 9 " * 41, "Địa chỉ dài tối đa 200 ký tự (bạn đã nhập 204)."),
        ("email", "hoa@", "Email chưa đúng, ví dụ: hoa@example.vn."),
        ("phone", "0912", "Số điện thoại chưa đúng, ví dụ: 0912 345 678."),
        ("phone", "1900 545 415", "Số tổng đài (1800, 1900…) không nhận cuộc gọi xác nhận đơn"),
        ("phone", "+1 202-555-0100", "Vui lòng nhập số điện thoại Việt Nam (di động hoặc cố định)"),
        ("full_name", "\u200b", "Vui lòng nhập họ và tên."),
    ],
)
def test_staff_corrections_are_held_to_the_limits_and_rules_of_the_checkout(
    staff, shared_order, field, typed, refused_with
):
    before = buyer_details(shared_order)
    data = {**BUYER_REWRITE, "province": shared_order.province_id, "commune": shared_order.commune_id}
    response = staff.post(admin_url("edit", shared_order.pk), {**data, field: typed})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    said_at_the_field = " ".join(
        page.select_one(f"[data-field-input] [name={field}]")
        .find_parent(attrs={"data-field-wrapper": True})
        .get_text(" ", strip=True)
        .split()
    )
    assert refused_with in said_at_the_field
    assert buyer_details(shared_order) == before


def test_staff_cannot_put_an_order_in_a_commune_of_another_province(staff, shared_order):
    before = buyer_details(shared_order)
    wrong = moved_to_another_province(shared_order, province=shared_order.province_id)
    response = staff.post(admin_url("edit", shared_order.pk), wrong)
    assert response.status_code == 200
    assert f"Xã/phường đã chọn không thuộc {shared_order.province.name}." in response.content.decode()
    assert buyer_details(shared_order) == before
    for junk in ("", "abc", "99999999999999999999999999"):
        response = staff.post(admin_url("edit", shared_order.pk), {**wrong, "commune": junk})
        assert response.status_code == 200
        assert buyer_details(shared_order) == before


def test_another_producer_cannot_open_the_buyers_details_at_all(shared_order, producer_index):
    other = ProducerPageFactory(parent=producer_index, title="HTX khác", slug="htx-khac")
    stranger = producer_client("khac", other)
    assert stranger.get(admin_url("edit", shared_order.pk)).status_code == 404
    assert (
        stranger.post(admin_url("edit", shared_order.pk), moved_to_another_province(shared_order)).status_code
        == 404
    )


def buttons(response) -> list[str]:
    return page_text(response, "main form button[type=submit], main a.button")


def test_a_producer_whose_goods_are_the_whole_order_is_offered_one_confirm_button(dong_a, place, pack):
    order = place({pack: 1})
    offered = buttons(dong_a.get(admin_url("inspect", order.pk)))
    assert [label for label in offered if label.startswith("Xác nhận")] == ["Xác nhận qua điện thoại"]

    dong_a.post(admin_url("move", order.pk, S.CONFIRMED))
    order.refresh_from_db()
    assert (order.state, part_state(order, pack)) == (S.CONFIRMED, P.CONFIRMED)
    # Confirmed: preparing is the order's step, handing over its one part the producer's.
    offered = buttons(dong_a.get(admin_url("inspect", order.pk)))
    assert "Chuẩn bị hàng" in offered and "Đã giao phần hàng cho vận chuyển" in offered


def test_a_shared_order_still_offers_each_producer_its_own_confirm_button(staff, shared_order):
    offered = buttons(staff.get(admin_url("inspect", shared_order.pk)))
    assert offered.count("Xác nhận phần hàng của mình") == 2 and "Xác nhận qua điện thoại" in offered


def listing_rows(client) -> tuple[list[str], dict[str, list[str]]]:
    """The order list's headings, and each row's cells by order code."""
    page = BeautifulSoup(client.get(admin_url("index")).content, "html.parser")
    headings = [
        " ".join(th.get_text(" ", strip=True).split()) for th in page.select("table.listing thead th")
    ]
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in page.select("table tbody tr")]
    return headings, {cells[0].split()[0]: cells for cells in rows}


def test_a_producer_reads_its_own_goods_amount_and_what_the_buyer_pays_for_an_order_of_its_goods_alone(
    dong_a, staff, place, pack, shared_order
):
    alone = place({pack: 1})  # 45.000 ₫ of goods, 30.000 ₫ shipping: the buyer pays 75.000 ₫
    headings, rows = listing_rows(dong_a)
    assert "Tiền hàng của bạn" in headings and "Tổng cộng khách trả" in headings
    assert "Tổng cộng" not in headings
    mine, pays = headings.index("Tiền hàng của bạn"), headings.index("Tổng cộng khách trả")
    assert (rows[alone.code][mine], rows[alone.code][pays]) == ("45.000\u00a0₫", "75.000\u00a0₫")
    # A shared order's total would tell a producer the other producers' sales.
    assert (rows[shared_order.code][mine], rows[shared_order.code][pays]) == ("90.000\u00a0₫", "—")

    headings, rows = listing_rows(staff)
    assert "Tiền hàng của bạn" not in headings
    assert rows[shared_order.code][headings.index("Tổng cộng")] == "150.000\u00a0₫"
