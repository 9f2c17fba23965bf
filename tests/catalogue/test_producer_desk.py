"""A producer's corner of the admin: its dashboard, its stock and prices, the stock log; only its own."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from catalogue.certification import Certification
from catalogue.factories import PackSizeFactory, ProductPageFactory
from catalogue.models import PackSize
from catalogue.stock import Reason, StockMovement
from storefront import stock
from tests.admin_forms import form_data


def since_opening():
    """The stock log's rows after each pack's opening stock (logged when the fixtures add the packs)."""
    return StockMovement.objects.exclude(reason=Reason.OPENING)


def panel(html, heading):
    soup = BeautifulSoup(html, "html.parser")
    section = next(s for s in soup.select("section.ocop-dashboard-panel") if heading in s.h2.text)
    return section


def test_the_dashboard_lists_only_its_own_low_stock_and_expiring_certificates(
    client,
    product,
    other_product,
    producer_user,
):
    PackSize.objects.filter(product=product).update(stock=2, low_stock_threshold=5)
    PackSize.objects.filter(product=other_product).update(stock=0)
    soon = timezone.localdate() + datetime.timedelta(days=30)
    Certification.objects.filter(product__in=[product, other_product]).update(valid_until=soon)
    client.force_login(producer_user)
    html = client.get("/admin/").content.decode()
    stock_panel = panel(html, "Tồn kho")
    assert "Kẹo dừa sầu riêng – Hộp 400g" in stock_panel.text and "Trà hoa vàng" not in stock_panel.text
    assert stock_panel.a["href"] == "/admin/ton-kho-va-gia/"
    expiring = panel(html, "Chứng nhận sắp hết hạn")
    assert soon.strftime("%d/%m/%Y") in expiring.text and "Trà hoa vàng" not in expiring.text
    assert expiring.a["href"] == f"/admin/chung-nhan-ocop/inspect/{product.certification_id}/"
    assert panel(html, "Trang chờ duyệt")


def test_programme_staff_get_no_producer_panels(client, product, staff):
    client.force_login(staff)
    assert "ocop-dashboard-panel" not in client.get("/admin/").content.decode()


def test_the_stock_listing_lists_the_products_in_vietnamese_order(client, product, producer, producer_user):
    for title in ("Đông trùng hạ thảo", "Trà mãng cầu", "Dầu dừa"):
        PackSizeFactory(product=ProductPageFactory(parent=producer, title=title))
    client.force_login(producer_user)
    soup = BeautifulSoup(client.get("/admin/ton-kho-va-gia/").content, "html.parser")
    listed = [row.strong.get_text(strip=True) for row in soup.select("tbody tr")]
    assert listed == ["Dầu dừa", "Đông trùng hạ thảo", "Kẹo dừa sầu riêng", "Trà mãng cầu"]  # đ after d


def test_the_stock_listing_saves_many_rows_at_once_and_logs_each_change(
    client, product, other_product, producer_user
):
    second = PackSizeFactory(product=product, label="Túi 250g", stock=8, price=30_000)
    client.force_login(producer_user)
    html = client.get("/admin/ton-kho-va-gia/").content.decode()
    assert "Kẹo dừa sầu riêng" in html and "Trà hoa vàng" not in html
    first = product.pack_sizes.get(label="Hộp 400g")
    data = form_data(html)
    for pack, price, stock_count in [(first, 47_000, 30), (second, 30_000, 3)]:
        data.update(
            {f"{row_prefix(data, pack)}-price": price, f"{row_prefix(data, pack)}-stock": stock_count}
        )
    response = client.post("/admin/ton-kho-va-gia/", data, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Đã lưu 2 quy cách."]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.price, first.stock, second.stock) == (47_000, 30, 3)
    moves = {(m.pack_size_id, m.old_stock, m.new_stock, m.reason, m.user_id) for m in since_opening()}
    assert moves == {
        (first.pk, 12, 30, Reason.MANUAL_COUNT, producer_user.pk),
        (second.pk, 8, 3, Reason.MANUAL_COUNT, producer_user.pk),
    }


def test_another_producers_pack_cannot_be_slipped_into_the_stock_form(
    client, product, other_product, producer_user
):
    foreign = other_product.pack_sizes.get()
    client.force_login(producer_user)
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": foreign.pk,
        "form-0-price": 1000,
        "form-0-stock": 0,
        "form-0-low_stock_threshold": 5,
    }
    response = client.post("/admin/ton-kho-va-gia/", data)
    assert response.status_code == 200
    foreign.refresh_from_db()
    assert (foreign.price, foreign.stock) == (45_000, 20)


def test_sales_and_returns_are_logged_with_the_stock_before_and_after(product):
    pack = product.pack_sizes.get()
    stock.take({pack.pk: 3}, {pack.pk: "Hộp"})
    sale = since_opening().get()
    assert (sale.old_stock, sale.new_stock, sale.reason) == (12, 9, Reason.SALE)


def test_the_stock_log_shows_a_producer_only_its_own_packs(client, product, other_product, producer_user):
    own, foreign = product.pack_sizes.get(), other_product.pack_sizes.get()
    StockMovement.objects.create(pack_size=own, old_stock=12, new_stock=9, reason=Reason.SALE, note="OWN-1")
    StockMovement.objects.create(
        pack_size=foreign, old_stock=20, new_stock=19, reason=Reason.SALE, note="FOREIGN-1"
    )
    client.force_login(producer_user)
    html = client.get("/admin/nhat-ky-ton-kho/").content.decode()
    assert "OWN-1" in html and "FOREIGN-1" not in html
    assert "Bán hàng" in html


def test_programme_staff_do_not_read_producers_stock_log(
    client, product, other_product, producer_user, staff
):
    # producer_user: a producer with staff puts every producer page under programme staff's moderation
    pack = other_product.pack_sizes.get()
    StockMovement.objects.create(
        pack_size=pack, old_stock=20, new_stock=19, reason=Reason.SALE, note="SOLD-1"
    )
    client.force_login(staff)
    for url in ("/admin/nhat-ky-ton-kho/", "/admin/nhat-ky-ton-kho/?export=csv"):
        refused = client.get(url)
        assert (refused.status_code, refused.url) == (302, "/admin/")  # Wagtail's "no permission" redirect
    assert 'href="/admin/nhat-ky-ton-kho/"' not in client.get("/admin/").content.decode()


def test_a_superuser_reads_every_producers_stock_log(client, product, other_product, django_user_model):
    for pack, note in [(product.pack_sizes.get(), "OWN-1"), (other_product.pack_sizes.get(), "FOREIGN-1")]:
        StockMovement.objects.create(
            pack_size=pack, old_stock=20, new_stock=19, reason=Reason.SALE, note=note
        )
    client.force_login(django_user_model.objects.create_superuser("admin", password="x"))
    html = client.get("/admin/nhat-ky-ton-kho/").content.decode()
    assert "OWN-1" in html and "FOREIGN-1" in html


def stock_form_data(client, query=""):
    """The stock and price screen's form as the browser posts it: every row with the values shown."""
    return form_data(client.get(f"/admin/ton-kho-va-gia/{query}").content.decode())


def row_prefix(data, pack):
    return next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.endswith("-id") and value == str(pack.pk)
    )


def test_saving_one_rows_price_leaves_stock_sold_meanwhile_on_every_row(client, product, producer_user):
    first = product.pack_sizes.get()  # 12 in stock
    second = PackSizeFactory(product=product, label="Túi 250g", stock=177, price=30_000)
    client.force_login(producer_user)
    data = stock_form_data(client)
    stock.take({second.pk: 5}, {second.pk: "Túi"})  # a shopper buys 5 while the page is open: 172
    data[f"{row_prefix(data, first)}-price"] = "47000"

    response = client.post("/admin/ton-kho-va-gia/", data, follow=True)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.price, first.stock, second.stock, second.price) == (47_000, 12, 172, 30_000)
    assert [str(m) for m in response.context["messages"]] == ["Đã lưu 1 quy cách."]
    assert list(since_opening().values_list("reason", flat=True)) == [Reason.SALE]


def test_an_edited_stock_that_sold_meanwhile_is_refused_with_todays_count_and_other_rows_save(
    client, product, producer_user
):
    first = product.pack_sizes.get()
    second = PackSizeFactory(product=product, label="Túi 250g", stock=177, price=30_000)
    client.force_login(producer_user)
    data = stock_form_data(client)
    stock.take({second.pk: 5}, {second.pk: "Túi"})  # 172 left
    data[f"{row_prefix(data, second)}-stock"] = "200"  # counted on the shelf before the sale
    data[f"{row_prefix(data, second)}-price"] = "31000"
    data[f"{row_prefix(data, first)}-price"] = "47000"

    response = client.post("/admin/ton-kho-va-gia/", data)

    assert response.status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.price, second.stock, second.price) == (47_000, 172, 30_000)  # the refused row: nothing
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "Đã lưu 1 quy cách.",
        "1 quy cách chưa được lưu vì tồn kho đã thay đổi từ lúc bạn mở trang; xem các dòng được đánh dấu.",
    ]
    html = response.content.decode()
    assert "Tồn kho vừa thay đổi thành 172 từ lúc bạn mở trang (có thể do đơn hàng mới)" in html
    # The user's figures stay in the row; saving again (after checking) writes them, and nothing else.
    again = form_data(html)
    assert (again[f"{row_prefix(again, second)}-stock"], again[f"{row_prefix(again, second)}-price"]) == (
        "200",
        "31000",
    )
    assert client.post("/admin/ton-kho-va-gia/", again).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.price, second.stock, second.price) == (47_000, 200, 31_000)


def test_the_stock_screen_and_the_product_editor_show_prices_grouped_and_save_them_unchanged(
    client, product, producer_user
):
    pack = product.pack_sizes.get()
    PackSizeFactory(product=product, label="Túi 250g", stock=1500, price=1_250_000)
    client.force_login(producer_user)
    data = stock_form_data(client)
    shown = {p.label: data[f"{row_prefix(data, p)}-price"] for p in PackSize.objects.filter(product=product)}
    assert shown == {"Hộp 400g": "45.000", "Túi 250g": "1.250.000"}
    assert data[f"{row_prefix(data, pack)}-stock"] == "12"  # counts stay plain
    assert client.post("/admin/ton-kho-va-gia/", data).status_code == 302

    editor = form_data(client.get(f"/admin/pages/{product.pk}/edit/").content.decode())
    assert sorted(v for k, v in editor.items() if k.startswith("pack_sizes-") and k.endswith("-price")) == [
        "1.250.000",
        "45.000",
    ]
    assert client.post(f"/admin/pages/{product.pk}/edit/", editor).status_code == 302
    assert sorted(PackSize.objects.filter(product=product).values_list("price", flat=True)) == [
        45_000,
        1_250_000,
    ]


def test_the_stock_screen_refuses_a_price_above_one_billion_dong(client, product, producer_user):
    pack = product.pack_sizes.get()
    client.force_login(producer_user)
    data = stock_form_data(client)
    data[f"{row_prefix(data, pack)}-price"] = "9223372036854775807"
    data[f"{row_prefix(data, pack)}-stock"] = "5000000"

    response = client.post("/admin/ton-kho-va-gia/", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Giá tối đa là 1.000.000.000\u00a0₫. Hãy kiểm tra lại số đã nhập." in html
    assert "Số lượng tối đa là 1.000.000. Hãy kiểm tra lại số đã nhập." in html
    pack.refresh_from_db()
    assert (pack.price, pack.stock) == (45_000, 12)


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("48.000", 48_000),
        ("48 000", 48_000),
        ("1.250.000", 1_250_000),
        ("48 000 ₫", 48_000),
        ("48.000đ", 48_000),
        ("48.000 VNĐ", 48_000),
        ("đ 48.000", 48_000),
        ("48\u202f000\u00a0₫", 48_000),
    ],
)
def test_a_price_typed_the_vietnamese_way_is_saved_as_typed(client, product, producer_user, typed, saved):
    # Django's own field read "48.000" as 48: a price a thousand times too small, said to be saved.
    pack = product.pack_sizes.get()
    client.force_login(producer_user)
    data = stock_form_data(client)
    data[f"{row_prefix(data, pack)}-price"] = typed
    client.post("/admin/ton-kho-va-gia/", data)
    pack.refresh_from_db()
    assert pack.price == saved


@pytest.mark.parametrize("typed", ["48,5", "4.80", "48.0", "30k", "1e3"])
def test_a_price_that_is_no_whole_number_is_refused_not_guessed(client, product, producer_user, typed):
    pack = product.pack_sizes.get()
    price = pack.price
    client.force_login(producer_user)
    data = stock_form_data(client)
    data[f"{row_prefix(data, pack)}-price"] = typed
    response = client.post("/admin/ton-kho-va-gia/", data)
    assert "Hãy nhập một số nguyên bằng chữ số, ví dụ 45000 hoặc 45.000" in response.content.decode()
    pack.refresh_from_db()
    assert pack.price == price


def test_the_pack_size_admin_reads_a_price_typed_the_vietnamese_way(admin_client, product):
    pack = product.pack_sizes.get()
    url = f"/admin/pack_sizes/edit/{pack.pk}/"
    data = form_data(admin_client.get(url).content.decode())
    assert admin_client.post(url, {**data, "price": "34.000"}).status_code == 302
    pack.refresh_from_db()
    assert pack.price == 34_000


def test_programme_staff_do_not_edit_producers_stock_and_prices(client, product, staff):
    client.force_login(staff)
    refused = client.get("/admin/ton-kho-va-gia/")
    assert (refused.status_code, refused.url) == (302, "/admin/")  # Wagtail's "no permission" redirect
    pack = product.pack_sizes.get()
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": pack.pk, "form-0-price": "1000"}
    assert client.post("/admin/ton-kho-va-gia/", data).status_code == 302
    assert 'href="/admin/ton-kho-va-gia/"' not in client.get("/admin/").content.decode()
    assert PackSize.objects.get(pk=pack.pk).price == pack.price


@pytest.mark.parametrize("typed", ["9" * 5000, "9223372036854775808"])
def test_a_number_too_large_for_any_column_gets_one_message_and_the_form_again(
    client, product, producer_user, typed
):
    pack = product.pack_sizes.get()
    client.force_login(producer_user)
    data = stock_form_data(client)
    data[f"{row_prefix(data, pack)}-stock"] = typed
    data[f"{row_prefix(data, pack)}-low_stock_threshold"] = "3"  # typed too, and shown again

    response = client.post("/admin/ton-kho-va-gia/", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Số quá lớn. Hãy kiểm tra lại số đã nhập.") == 1
    assert "9223372036854775807" not in html
    assert 'value="3"' in html
    pack.refresh_from_db()
    assert pack.stock == 12


def test_a_count_with_thousands_of_leading_zeros_is_read_as_typed(client, product, producer_user):
    pack = product.pack_sizes.get()
    client.force_login(producer_user)
    data = stock_form_data(client)
    data[f"{row_prefix(data, pack)}-stock"] = "0" * 4999 + "7"

    assert client.post("/admin/ton-kho-va-gia/", data).status_code == 302
    pack.refresh_from_db()
    assert pack.stock == 7


@pytest.mark.parametrize("typed", ["0", "-1", "-45.000 ₫"])
def test_a_price_of_zero_or_below_is_refused_in_words(client, product, producer_user, typed):
    pack = product.pack_sizes.get()
    client.force_login(producer_user)
    data = stock_form_data(client)
    data[f"{row_prefix(data, pack)}-price"] = typed

    html = client.post("/admin/ton-kho-va-gia/", data).content.decode()

    assert "Giá phải lớn hơn 0 ₫." in html and "Giá trị phải lớn hơn" not in html
    assert "Constraint" not in html and "pack_size_price_positive" not in html
    pack.refresh_from_db()
    assert pack.price == 45_000


def test_a_save_with_an_invalid_row_says_at_the_top_that_nothing_was_saved_and_links_the_first_error(
    client, product, producer_user
):
    first = product.pack_sizes.get()
    second = PackSizeFactory(product=product, label="Túi 250g", stock=177, price=30_000)
    third = PackSizeFactory(product=product, label="Túi 500g", stock=50, price=55_000)
    client.force_login(producer_user)
    data = stock_form_data(client)
    data[f"{row_prefix(data, first)}-price"] = "49.000"  # valid, but not saved with the others refused
    data[f"{row_prefix(data, second)}-price"] = "-1"
    data[f"{row_prefix(data, third)}-stock"] = "nhiều"

    response = client.post("/admin/ton-kho-va-gia/", data)

    assert response.status_code == 200
    assert len(response.context["messages"]) == 1
    soup = BeautifulSoup(response.content, "html.parser")
    said = " ".join(soup.select_one(".messages").get_text(" ", strip=True).split())
    assert said.startswith("Chưa lưu: 2 dòng có lỗi")
    assert "chưa thay đổi nào được lưu" in said
    link = soup.select_one(".messages a[href^='#']")
    assert link["href"] == f"#id_{row_prefix(data, second)}-price"
    assert soup.select_one(link["href"])  # the box it leads to
    first.refresh_from_db()
    assert first.price == 45_000


def test_the_dashboard_lists_a_sold_out_pack_even_with_no_threshold(client, product, producer_user):
    PackSize.objects.filter(product=product).update(stock=0, low_stock_threshold=0)
    client.force_login(producer_user)
    stock_panel = panel(client.get("/admin/").content.decode(), "Tồn kho")
    text = " ".join(stock_panel.get_text(" ", strip=True).split())
    assert "Kẹo dừa sầu riêng – Hộp 400g" in text and "hết hàng" in text
    assert "Mọi quy cách đều còn đủ hàng." not in text
