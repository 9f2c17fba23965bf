"""A lot is named with its pack ("L2406-01 · Kẹo dừa sầu riêng – Hộp 400g") wherever a producer picks it
out: two packs of one product may both have lots, and a code alone does not say which."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from catalogue.factories import PackSizeFactory
from traceability import serials
from traceability.factories import LotFactory

pytestmark = pytest.mark.django_db

NAMED = "L2406-01 · Kẹo dừa sầu riêng – Hộp 400g"


@pytest.fixture
def second_lot(product):
    """The same product's other pack, with a lot of its own."""
    return LotFactory(pack_size=PackSizeFactory(product=product, label="Túi 250g"), code="L2406-02")


def test_the_dashboard_panel_names_each_lot_with_its_pack(producer_client, lot, second_lot):
    serials.issue(lot, 2)
    serials.issue(second_lot, 2)
    soup = BeautifulSoup(producer_client.get("/admin/").content, "html.parser")
    panel = soup.find("h2", string="Tem theo gói: kiểm tra và báo sao chép").parent
    named = {tr.td.get_text(strip=True) for tr in panel.select("tbody tr")}
    assert named == {NAMED, "L2406-02 · Kẹo dừa sầu riêng – Túi 250g"}


def test_the_label_sheet_names_its_lot_with_the_pack(producer_client, lot):
    soup = BeautifulSoup(producer_client.get(f"/lots/{lot.pk}/labels/").content, "html.parser")
    assert soup.title.get_text(strip=True) == f"Tem truy xuất lô {NAMED}"
    assert NAMED in soup.select_one(".screen-only").get_text(" ", strip=True)


def test_the_serial_label_sheet_names_its_lot_with_the_pack(producer_client, sheet):
    soup = BeautifulSoup(producer_client.get(f"/lots/sheets/{sheet.pk}/labels/").content, "html.parser")
    assert NAMED in soup.title.get_text(strip=True)
    assert NAMED in soup.select_one(".screen-only").get_text(" ", strip=True)


def test_the_lot_listing_shows_the_packs_gtin_in_its_pack_column(client, lot, pack):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "pw"))
    soup = BeautifulSoup(client.get("/admin/lots/").content, "html.parser")
    headings = [th.get_text(strip=True) for th in soup.select("thead th")]
    column = headings.index("Quy cách (GTIN)")
    cell = soup.select("tbody tr")[0].select("td, th")[column].get_text(" ", strip=True)
    assert cell == f"Kẹo dừa sầu riêng – Hộp 400g ({pack.gtin})"
