"""A producer's corner of the admin: its dashboard, its stock and prices, the stock log; only its own."""

import datetime

from bs4 import BeautifulSoup
from django.utils import timezone

from catalogue.certification import Certification
from catalogue.factories import PackSizeFactory
from catalogue.models import PackSize
from catalogue.stock import Reason, StockMovement
from storefront import stock


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


def test_the_stock_listing_saves_many_rows_at_once_and_logs_each_change(
    client, product, other_product, producer_user
):
    second = PackSizeFactory(product=product, label="Túi 250g", stock=8, price=30_000)
    client.force_login(producer_user)
    html = client.get("/admin/ton-kho-va-gia/").content.decode()
    assert "Kẹo dừa sầu riêng" in html and "Trà hoa vàng" not in html
    first = product.pack_sizes.get(label="Hộp 400g")
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2"}
    for i, (pack, price, stock_count) in enumerate([(first, 47_000, 30), (second, 30_000, 3)]):
        data.update(
            {
                f"form-{i}-id": pack.pk,
                f"form-{i}-price": price,
                f"form-{i}-stock": stock_count,
                f"form-{i}-low_stock_threshold": 5,
            }
        )
    assert client.post("/admin/ton-kho-va-gia/", data).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.price, first.stock, second.stock) == (47_000, 30, 3)
    moves = {
        (m.pack_size_id, m.old_stock, m.new_stock, m.reason, m.user_id) for m in StockMovement.objects.all()
    }
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
    sale = StockMovement.objects.get()
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
