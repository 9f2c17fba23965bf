"""Producers see, per lot on their dashboard: serials issued, checked, checked more than once, reports."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory
from catalogue.permissions import grant_producer_access
from traceability import serials
from traceability.factories import LotFactory
from traceability.models import CopyReport, Serial
from traceability.serial_admin import lot_stats

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_lot(producer_index):
    other = ProducerPageFactory(parent=producer_index, title="HTX Mỹ Lồng", slug="my-long")
    product = ProductPageFactory(parent=other, title="Bánh tráng sữa", slug="banh-trang-sua")
    lot = LotFactory(pack_size=PackSizeFactory(product=product), code="MYLONG-01")
    serials.issue(lot, 3)
    return lot


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
    soup = BeautifulSoup(client.get("/admin/").content.decode(), "html.parser")
    panel = soup.find("h2", string="Tem theo gói: kiểm tra và báo sao chép").parent
    rows = [[td.text.strip() for td in tr.select("td")] for tr in panel.select("tbody tr")]
    assert rows == [["L2406-01 · Kẹo dừa sầu riêng", "10", "4", "1", "1"]]


def test_programme_staff_see_every_lot_in_a_fixed_number_of_queries(
    lot, other_lot, django_assert_num_queries
):
    serials.issue(lot, 2)
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    with django_assert_num_queries(1):
        stats = list(lot_stats(admin))
    assert {(s.code, s.issued, s.checked, s.repeated, s.reports) for s in stats} == {
        ("L2406-01", 2, 0, 0, 0),
        ("MYLONG-01", 3, 0, 0, 0),
    }
