"""The stock screen tells a producer which new prices still wait for approval, beside the live ones."""

from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.factories import PackSizeFactory, ProductPageFactory
from tests.catalogue.test_revisions_keep_live_stock import approve, submit_for_moderation

STOCK_SCREEN = "/admin/ton-kho-va-gia/"


def rows(client):
    soup = BeautifulSoup(client.get(STOCK_SCREEN).content, "html.parser")
    return {row.strong.get_text(strip=True): row for row in soup.select("tbody tr")}


def test_a_price_waiting_for_approval_is_shown_beside_the_live_one(client, product, producer_user):
    client.force_login(producer_user)
    submit_for_moderation(client, product, pack_price="52.000")

    row = rows(client)["Kẹo dừa sầu riêng"]

    assert "Giá mới 52.000\u00a0₫ đang chờ duyệt" in row.get_text(" ", strip=True)
    assert row.select_one("input[name$='-price']")["value"] == "45.000"  # the live price, still sold at


def test_a_draft_that_changes_no_price_and_an_approved_price_are_not_marked(
    client, product, producer_user, staff
):
    client.force_login(producer_user)
    submit_for_moderation(client, product, summary="Vị mới")
    assert "chờ duyệt" not in rows(client)["Kẹo dừa sầu riêng"].get_text()

    approve(client, staff, product)
    client.force_login(producer_user)
    submit_for_moderation(client, product, pack_price="52.000")
    approve(client, staff, product)
    client.force_login(producer_user)

    row = rows(client)["Kẹo dừa sầu riêng"]
    assert "chờ duyệt" not in row.get_text()
    assert row.select_one("input[name$='-price']")["value"] == "52.000"


def test_the_stock_screen_reads_pending_prices_in_a_fixed_number_of_queries(
    client, product, producer, category, producer_user
):
    client.force_login(producer_user)
    submit_for_moderation(client, product, pack_price="52.000")
    with CaptureQueriesContext(connection) as one:
        assert client.get(STOCK_SCREEN).status_code == 200
    for title in ("Dầu dừa", "Trà mãng cầu"):
        other = ProductPageFactory(parent=producer, title=title, categories=[category])
        PackSizeFactory(product=other, label="Chai 250ml", price=60_000)
        submit_for_moderation(client, other, pack_price="61.000")

    with CaptureQueriesContext(connection) as three:
        html = client.get(STOCK_SCREEN).content.decode()

    assert html.count("đang chờ duyệt") == 3
    # One of them reads every pending revision; one more reads the session where it lives in the
    # database alone (without REDIS_URL the session cache is not there to answer it).
    session_read = 1 if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db" else 0
    assert len(three) == len(one) == 16 + session_read
