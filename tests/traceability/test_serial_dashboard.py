"""Producers see, per lot on their dashboard: serials issued, checked, checked more than once, reports."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory
from catalogue.permissions import grant_producer_access
from traceability import serials
from traceability.factories import LotFactory
from traceability.models import CopyReport, Lot, Serial
from traceability.serial_admin import lot_stats

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_lot(producer_index):
    other = ProducerPageFactory(parent=producer_index, title="HTX Mỹ Lồng", slug="my-long")
    product = ProductPageFactory(parent=other, title="Bánh tráng sữa", slug="banh-trang-sua")
    lot = LotFactory(pack_size=PackSizeFactory(product=product), code="MYLONG-01")
    serials.issue(lot, 3)
    return lot


def panel_rows(client, part="tbody"):
    soup = BeautifulSoup(client.get("/admin/").content.decode(), "html.parser")
    panel = soup.find("h2", string="Tem theo gói: kiểm tra và báo sao chép").parent
    return [[cell.text.strip() for cell in tr.select("td, th")] for tr in panel.select(f"{part} tr")]


def test_the_home_panel_shows_only_the_producers_own_lots_with_their_figures(
    client, lot, producer, other_lot
):
    serials.issue(lot, 10)
    codes = list(Serial.objects.filter(lot=lot).order_by("pk"))
    Serial.objects.filter(pk__in=[s.pk for s in codes[:4]]).update(
        check_count=1, first_checked_at="2026-11-01T08:00Z"
    )
    Serial.objects.filter(pk=codes[0].pk).update(check_count=7)
    CopyReport.objects.create(lot=lot, serial_code=codes[0].serial, details="Tem mờ")
    user = get_user_model().objects.create_user("dong-a", "dong-a@example.com", "pw")
    grant_producer_access(user, producer)
    client.force_login(user)
    assert panel_rows(client) == [["L2406-01 · Kẹo dừa sầu riêng – Hộp 400g", "10", "0", "4", "1", "1"]]


def test_programme_staff_see_every_lot_in_a_fixed_number_of_queries(
    lot, other_lot, django_assert_num_queries
):
    serials.issue(lot, 2)
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    with django_assert_num_queries(3):  # the lots, their serials' figures, their reports
        stats = list(lot_stats(admin))
    assert {(s.code, s.in_use, s.voided, s.checked, s.repeated, s.reports) for s in stats} == {
        ("L2406-01", 2, 0, 0, 0, 0),
        ("MYLONG-01", 3, 0, 0, 0, 0),
    }


MANY = 2_000


def test_a_lot_with_thousands_of_serials_costs_the_dashboard_the_same_queries_and_no_join_over_them(
    lot, other_lot
):
    """A lot's serials are counted once each, in one grouped count: the lots themselves are found with
    EXISTS, never by joining every serial (a join with counts per joined row took the home page 138 s
    for one lot of 20,000 codes)."""
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    Lot.objects.filter(pk=lot.pk).update(quantity=MANY)
    serials.issue(lot, MANY)  # in bulk_create batches, as the admin's issue does
    with CaptureQueriesContext(connection) as queries:
        stats = list(lot_stats(admin))
    assert [q["sql"] for q in queries if 'JOIN "traceability_serial"' in q["sql"]] == []
    assert len(queries) == 3
    assert {s.code: (s.in_use, s.checked) for s in stats} == {"L2406-01": (MANY, 0), "MYLONG-01": (3, 0)}


def test_voided_codes_are_not_counted_in_use_and_figures_are_grouped_by_thousands(client, lot, producer):
    Lot.objects.filter(pk=lot.pk).update(quantity=MANY + 10)
    lost = serials.issue(lot, 10)
    serials.void(lost, "thất lạc cuộn tem")
    serials.issue(lot, MANY)
    Serial.objects.filter(sheet=lost).update(check_count=2, first_checked_at="2026-11-01T08:00Z")
    user = get_user_model().objects.create_user("dong-a", "dong-a@example.com", "pw")
    grant_producer_access(user, producer)
    client.force_login(user)
    # In use as on the lot's own page (the voided issue's codes apart, and its checks not counted).
    assert panel_rows(client, "thead") == [
        ["Lô", "Mã đang dùng", "Mã đã huỷ", "Đã kiểm tra", "Kiểm tra nhiều lần", "Báo sao chép"]
    ]
    assert panel_rows(client) == [["L2406-01 · Kẹo dừa sầu riêng – Hộp 400g", "2.000", "10", "0", "0", "0"]]
