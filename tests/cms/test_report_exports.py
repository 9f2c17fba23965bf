"""Spreadsheets exported from the admin's reports and listings open in Excel as they read in the admin:
UTF-8 that Excel recognises (a byte order mark, `charset=utf-8`), Vietnamese column headings, and
times in Vietnam's local time as dd/mm/yyyy hh:mm."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import PageLogEntry

from catalogue.moderation import moderation_workflow
from catalogue.permissions import programme_staff_group

pytestmark = pytest.mark.django_db

BOM = b"\xef\xbb\xbf"
WHEN = datetime.datetime(2026, 11, 29, 22, 43, 12, 444972, tzinfo=datetime.UTC)  # 30/11/2026 05:43 in Vietnam


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(BOM), body[:20]
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


@pytest.fixture
def edited_product(product, admin_user):
    log(instance=product, action="wagtail.edit", user=admin_user)
    PageLogEntry.objects.update(timestamp=WHEN)  # and the product's creation
    return product


def test_the_site_history_csv_is_utf8_for_excel_with_vietnamese_local_times(admin_client, edited_product):
    response = admin_client.get("/admin/reports/site-history/?export=csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    assert rows[0][-1] == "Ngày/Giờ" and {row[-1] for row in rows[1:]} == {"30/11/2026 05:43"}
    assert "Kẹo dừa sầu riêng" in [row[1] for row in rows]


def test_the_site_history_xlsx_shows_vietnamese_local_times(admin_client, edited_product):
    response = admin_client.get("/admin/reports/site-history/?export=xlsx")

    assert {row[-1] for row in xlsx_rows(response)[1:]} == {"30/11/2026 05:43"}


@pytest.fixture
def awaiting_review(product, admin_user):
    product.save_revision(user=admin_user)
    moderation_workflow(programme_staff_group()).start(product, admin_user)
    return product


@pytest.mark.parametrize("report", ["workflow", "workflow_tasks"])
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_workflow_reports_export_vietnamese_headings(admin_client, awaiting_review, report, export):
    response = admin_client.get(f"/admin/reports/{report}/?export={export}")

    rows = csv_rows(response) if export == "csv" else xlsx_rows(response)
    headings = rows[0]
    assert not {"workflow", "requested_by", "task", "started_at", "finished_at", "finished_by"} & set(
        headings
    )
    assert "Người gửi duyệt" in headings
    started = headings.index("Bắt đầu lúc")
    local = timezone.localtime(awaiting_review.workflow_states.get().created_at).strftime("%d/%m/%Y %H:%M")
    assert rows[1][started] == local


def test_a_listings_csv_is_utf8_for_excel(admin_client, product):
    response = admin_client.get("/admin/pack_sizes/?export=csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "Hộp 400g" in csv_rows(response)[1]


@pytest.mark.parametrize("report", ["site-history", "workflow", "workflow_tasks"])
def test_the_reports_still_open_in_the_admin_and_stay_closed_to_visitors(client, admin_client, report):
    page = admin_client.get(f"/admin/reports/{report}/")
    assert page.status_code == 200
    assert f'href="/admin/reports/{report}/?export=csv' in page.content.decode().replace("&amp;", "&")
    assert client.get(f"/admin/reports/{report}/?export=csv").status_code == 302  # to the login page
