"""The stock log's rows: a new pack's opening stock, and who changed stock named as a person."""

import datetime

import pytest
from bs4 import BeautifulSoup

from catalogue.factories import PackSizeFactory
from catalogue.stock import Reason, StockMovement
from tests.admin_forms import form_data

STOCK_SCREEN = "/admin/ton-kho-va-gia/"
STOCK_LOG = "/admin/nhat-ky-ton-kho/"


def test_a_new_packs_first_stock_is_logged_as_the_opening_stock(client, product, producer_user):
    pack = PackSizeFactory(product=product, label="Túi 250g", stock=30)
    PackSizeFactory(product=product, label="Túi 100g", stock=0)  # nothing to log: no stock yet

    opening = StockMovement.objects.get(pack_size=pack)
    assert (opening.old_stock, opening.new_stock, opening.reason) == (0, 30, Reason.OPENING)
    assert not StockMovement.objects.filter(pack_size__label="Túi 100g").exists()
    client.force_login(producer_user)
    log = BeautifulSoup(client.get(STOCK_LOG).content, "html.parser")
    assert "Tồn kho ban đầu" in log.select("tbody tr")[0].get_text()


@pytest.mark.parametrize(
    ("first_name", "last_name", "shown"),
    [("Lan", "Nguyễn Thị", "Lan Nguyễn Thị"), ("", "", "dong-a")],
)
def test_the_stock_log_names_who_counted_by_full_name_else_username(
    client, product, producer_user, first_name, last_name, shown
):
    producer_user.first_name, producer_user.last_name = first_name, last_name
    producer_user.save()
    client.force_login(producer_user)
    data = form_data(client.get(STOCK_SCREEN).content.decode())
    prefix = next(key.removesuffix("-id") for key in data if key.endswith("-id"))
    data[f"{prefix}-stock"] = "40"
    client.post(STOCK_SCREEN, data)

    log = BeautifulSoup(client.get(STOCK_LOG).content, "html.parser")
    count_row = log.select("tbody tr")[0].get_text(" ", strip=True)
    assert "Kiểm kho" in count_row and shown in count_row
    if first_name:
        assert "dong-a" not in count_row


def test_the_stock_log_tells_when_in_vietnam_time_day_first(client, product, producer_user):
    """23:30 UTC on 30/11 is 06:30 on 01/12 in Vietnam; Django's default would say "Nov. 30, 2026, 11:30 p.m."."""
    pack = PackSizeFactory(product=product, label="Túi 250g", stock=30)
    StockMovement.objects.filter(pack_size=pack).update(
        created_at=datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
    )
    client.force_login(producer_user)
    log = BeautifulSoup(client.get(STOCK_LOG).content, "html.parser")
    row = next(row for row in log.select("tbody tr") if "Túi 250g" in row.get_text())
    assert "01/12/2026 06:30" in row.get_text(" ", strip=True)
