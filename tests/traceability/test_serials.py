"""Serialised packages as a buyer scanning a package and a producer printing labels see them."""

import datetime
import io
import os
import zoneinfo

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone
from PIL import Image

from catalogue.factories import PackSizeFactory
from catalogue.permissions import grant_producer_access
from places.models import Province
from traceability import checks, gs1, qr, scans, serials
from traceability.factories import LotFactory
from traceability.models import CopyReport, Lot, Serial

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def soup_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def check_line(response):
    return soup_of(response).select_one(".trace-check h2").text.strip()


def test_issued_serials_are_unique_unpredictable_and_from_gs1_character_set_82(lot):
    Lot.objects.filter(pk=lot.pk).update(quantity=2000)
    sheet = serials.issue(lot, 2000)
    codes = list(sheet.serials.order_by("pk").values_list("serial", flat=True))
    assert len(set(codes)) == 2000
    assert all(len(code) == 11 and serials.SERIAL_RE.match(code) for code in codes)
    assert all(set(code) <= set(serials.SERIAL_ALPHABET) for code in codes)
    # Not sequential: neighbours share no more prefix than chance (1/57 a character) would give.
    shared = sum(len(os.path.commonprefix(pair)) for pair in zip(codes, codes[1:], strict=False))
    assert shared / len(codes) < 0.2
    # Every character appears in every position: nothing fixed a counterfeiter could learn.
    for position in range(11):
        assert len({code[position] for code in codes}) > 45
    check_codes = sheet.serials.values_list("check_code", flat=True)
    assert all(len(code) == 4 and set(code) <= set(serials.CHECK_ALPHABET) for code in check_codes)


def test_issue_serials_command_issues_ten_thousand_with_a_progress_bar(lot, capsys):
    Lot.objects.filter(pk=lot.pk).update(quantity=10_000)
    call_command("issue_serials", lot.code, "10000")
    assert Serial.objects.filter(lot=lot).count() == 10000
    out, err = capsys.readouterr()
    assert "Đợt 1: 10000 mã cho lô L2406-01." in out
    assert "10000/10000" in err  # tqdm's bar


def test_issue_serials_names_the_packs_of_a_shared_lot_code_and_takes_the_gtin_as_printed(lot, pack):
    other_pack = PackSizeFactory(product=pack.product, label="Túi 250g")
    LotFactory(pack_size=other_pack, code=lot.code)

    with pytest.raises(CommandError) as ambiguous:
        call_command("issue_serials", lot.code, "5", verbosity=0)
    assert pack.gtin in str(ambiguous.value) and other_pack.gtin in str(ambiguous.value)
    assert "Túi 250g" in str(ambiguous.value)

    printed = pack.gtin.lstrip("0")  # "GTIN 8930101001014" on the product page, 13 digits
    call_command("issue_serials", lot.code, "5", "--gtin", printed, verbosity=0)
    assert Serial.objects.filter(lot=lot).count() == 5


@pytest.mark.parametrize("count", ["0", "-3", "99999999"])
def test_issue_serials_refuses_a_count_out_of_range_before_drawing_a_progress_bar(lot, capsys, count):
    with pytest.raises(CommandError, match=r"^Số tem mỗi lần phát hành từ 1 đến 100.000.$"):
        call_command("issue_serials", lot.code, count)
    assert capsys.readouterr().err == ""  # no bar at 0%
    assert not Serial.objects.filter(lot=lot).exists()


def test_issue_serials_refuses_more_than_the_lots_packages_before_drawing_a_progress_bar(lot, capsys):
    with pytest.raises(CommandError, match="lô L2406-01 có 1.200 gói"):
        call_command("issue_serials", lot.code, "1201")
    assert capsys.readouterr().err == ""
    assert not Serial.objects.filter(lot=lot).exists()


def test_no_route_issues_more_serials_than_the_lots_packages(lot):
    # The admin form says so first; the command, the demo and any later caller meet the same rule
    # where the serials are written, under the lot's lock.
    serials.issue(lot, 1000)
    with pytest.raises(serials.IssueError, match="chỉ còn phát hành được 200 mã"):
        serials.issue(lot, 201)
    with pytest.raises(CommandError, match="lô L2406-01 có 1.200 gói và đã có 1.000 mã đang dùng"):
        call_command("issue_serials", lot.code, "500", verbosity=0)
    serials.issue(lot, 200)
    assert Serial.objects.filter(lot=lot).count() == 1200


def test_the_first_check_says_genuine_then_later_checks_say_when_it_was_first(client, serial, serial_url):
    first = client.get(serial_url, HTTP_ACCEPT=BROWSER)
    assert first.status_code == 200
    assert check_line(first) == "Sản phẩm chính hãng – lần kiểm tra đầu tiên"
    assert serial.check_code in soup_of(first).select_one(".trace-check").text
    serial.refresh_from_db()
    when = serial.first_checked_at.astimezone(HCM).strftime("%H:%M %d/%m/%Y")
    # Later checks come from other phones (the first one's returns are not checks).
    Client().get(serial_url, HTTP_ACCEPT=BROWSER)
    third = Client().get(serial_url, HTTP_ACCEPT=BROWSER)
    assert check_line(third) == f"Mã này đã được kiểm tra 3 lần, lần đầu lúc {when}"
    Client().head(serial_url)  # counts nothing
    fourth = Client().get(serial_url, HTTP_ACCEPT=BROWSER)
    assert check_line(fourth) == f"Mã này đã được kiểm tra 4 lần, lần đầu lúc {when}"
    # The second check is written at once; later ones are counted in the cache and written to the
    # row with the lot's scans.
    serial.refresh_from_db()
    assert serial.check_count == 2
    scans.flush_all()
    serial.refresh_from_db()
    assert serial.check_count == 4


def test_the_first_scanner_may_share_a_coarse_place_once(serial, serial_url):
    # A browser that enforces CSRF as a real one does: the signed token in the form is what
    # authorises sharing, so the scanned page needs to set no cookie for it (its one cookie only
    # lets it say so when this browser comes back, see test_returning_first_checker.py).
    client = Client(enforce_csrf_checks=True)
    province = Province.objects.order_by("code").first()
    first_response = client.get(serial_url, HTTP_ACCEPT=BROWSER)
    assert list(first_response.cookies) == ["ocop_first_checks"]
    first = soup_of(first_response)
    form = first.select_one("form.trace-share")
    token = form.select_one("input[name=token]")["value"]
    assert form.select_one("select[name=province]") is not None  # no JavaScript needed
    for not_a_code in ("²", "99999999999999999999", ""):
        refused = client.post(form["action"], {"token": token, "province": not_a_code})
        assert refused.status_code == 400  # and the offer stands
    shared = client.post(form["action"], {"token": token, "province": province.code}, follow=True)
    assert shared.status_code == 200
    again = client.post(form["action"], {"token": token, "province": province.code + 1})
    assert again.status_code == 400  # asked once
    later = Client().get(serial_url, HTTP_ACCEPT=BROWSER)  # another phone
    assert check_line(later).endswith(f"tại {province.name}")
    assert soup_of(later).select_one("form.trace-share") is None
    back = soup_of(client.get(serial_url, HTTP_ACCEPT=BROWSER)).select_one(".trace-check")
    assert f"Nơi kiểm tra lần đầu: {province.name}." in back.text
    assert back.select_one("form.trace-share") is None


def test_sharing_is_never_required_and_a_forged_token_is_refused(client, serial, serial_url):
    client.get(serial_url, HTTP_ACCEPT=BROWSER)
    response = client.post("/truy-xuat/noi-kiem-tra/", {"token": "forged", "province": "1"})
    assert response.status_code == 400
    later = Client().get(serial_url, HTTP_ACCEPT=BROWSER)  # another phone
    assert check_line(later).startswith("Mã này đã được kiểm tra 2 lần")
    assert " tại " not in check_line(later)


@pytest.mark.parametrize("kind", ["unknown", "voided"])
def test_an_unknown_or_voided_serial_warns_it_is_not_genuine_and_still_shows_the_product(
    client, kind, sheet, serial, pack, product
):
    if kind == "voided":
        assert serials.void(sheet, "thất lạc cuộn tem")
        url = f"/01/{pack.gtin}/10/L2406-01/21/{serial.serial}"
    else:
        url = f"/01/{pack.gtin}/10/L2406-01/21/NOTOURS1234"
    response = client.get(url, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200  # walked up to the lot's record, with the warning on top
    soup = soup_of(response)
    warning = soup.select_one(".trace-notice-recall")
    assert warning["role"] == "alert"
    assert warning.h2.text == "Mã này không phải của một gói hàng chính hãng"
    assert warning.find("a", string="trên cửa hàng này")["href"] == product.get_full_url()
    assert warning.find("a", string="Báo tem nghi sao chép")["href"].startswith(
        "/truy-xuat/bao-tem-sao-chep/?"
    )
    assert soup.h1.text == "Kẹo dừa sầu riêng"
    assert soup.select_one(".trace-check") is None
    serial.refresh_from_db()
    assert serial.check_count == 0


def test_a_malformed_serial_is_a_400_and_an_unknown_one_walks_up_to_a_not_genuine_warning(
    client, pack, product
):
    assert client.get(f"/01/{pack.gtin}/10/L2406-01/21/a%20b").status_code == 400
    assert client.get(f"/01/{pack.gtin}/10/L2406-01/21/" + "x" * 21).status_code == 400
    assert client.get(f"/01/{pack.gtin}/10/L2406-01?21=ABCdef23456").status_code == 400  # not in the path
    for scanned in ("/10/NOPE/21/ABCdef23456", "/21/ABCdef23456"):  # an unknown lot; no lot at all
        response = client.get(f"/01/{pack.gtin}{scanned}", HTTP_ACCEPT=BROWSER)
        assert response.status_code == 307
        assert (
            response["Location"] == product.get_full_url() + f"?unknown_serial=ABCdef23456&gtin={pack.gtin}"
        )
        page = client.get(response["Location"], HTTP_ACCEPT=BROWSER).content.decode()
        assert page.index("trace-notice-recall") < page.index("<h1")  # said first, before the product
        warning = BeautifulSoup(page, "html.parser").select_one(".trace-notice-recall")
        assert warning.strong.text == "Mã ABCdef23456 không phải của một gói hàng chính hãng"
        report = warning.find("a", string="Báo tem nghi sao chép")["href"]
        assert report == f"/truy-xuat/bao-tem-sao-chep/?gtin={pack.gtin}&serial=ABCdef23456&status=unknown"
        assert client.head(report).status_code == 200  # link checkers and previews ask with HEAD
        assert "không có hồ sơ của lô" not in soup_of(client.get(response["Location"])).text


def test_an_app_reading_a_packages_data_does_not_spend_its_first_check(client, serial, serial_url):
    def status():
        data = client.get(serial_url, HTTP_ACCEPT="application/ld+json").json()
        return {p["propertyID"]: p["value"] for p in data["additionalProperty"]}

    assert status()["serialStatus"] == "unchecked"
    assert status()["checkCount"] == 0
    assert (
        check_line(client.get(serial_url, HTTP_ACCEPT=BROWSER))
        == "Sản phẩm chính hãng – lần kiểm tra đầu tiên"
    )
    assert (status()["serialStatus"], status()["checkCount"]) == ("checked", 1)
    serial.refresh_from_db()
    assert serial.check_count == 1


def test_an_app_tells_a_package_checked_once_from_one_checked_again(client, serial, serial_url):
    """An app reads "checked" for a package scanned once (its buyer opened it), "repeat" once it was
    scanned again (maybe a copied label); the page's wording is unchanged."""

    def status():
        data = client.get(serial_url, HTTP_ACCEPT="application/ld+json").json()
        values = {p["propertyID"]: p["value"] for p in data["additionalProperty"]}
        return values["serialStatus"], values["checkCount"]

    Client().get(serial_url, HTTP_ACCEPT=BROWSER)
    assert status() == ("checked", 1)
    second_phone = Client().get(serial_url, HTTP_ACCEPT=BROWSER)
    assert check_line(second_phone).startswith("Mã này đã được kiểm tra 2 lần, lần đầu lúc")
    assert status() == ("repeat", 2)


def test_a_serial_has_json_ld_and_a_linkset(client, serial, serial_url, pack, lot_url):
    data = client.get(serial_url, HTTP_ACCEPT="application/ld+json").json()
    assert data["serialNumber"] == serial.serial
    assert data["@id"] == "http://127.0.0.1:8000" + serial_url
    status = {p["propertyID"]: p["value"] for p in data["additionalProperty"]}
    assert status["serialStatus"] == "unchecked"
    linkset = client.get(serial_url + "?linkType=linkset").json()["linkset"]
    assert [entry["anchor"] for entry in linkset] == [
        "http://127.0.0.1:8000" + serial_url,
        "http://127.0.0.1:8000" + lot_url,
        f"http://127.0.0.1:8000/01/{pack.gtin}",
    ]


@override_settings(SITE_URL="https://ocop.example")
def test_each_serial_label_has_its_own_qr_that_decodes_to_its_digital_link(client, sheet, pack):
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    response = client.get(f"/lots/sheets/{sheet.pk}/labels/")
    assert response.status_code == 200
    labels = soup_of(response).select(".label")
    assert len(labels) == 5
    expected = {
        f"https://ocop.example/01/{pack.gtin}/10/L2406-01/21/{s.serial}": s.check_code
        for s in sheet.serials.all()
    }
    for label in labels:
        uri = label["data-uri"]
        assert label.select_one("svg title").text == uri
        assert label.select_one(".check-code").text == expected[uri]
        decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.png(uri))))
        assert [result.text for result in decoded] == [uri]
    assert len(expected) == 5


def test_a_voided_sheets_labels_page_says_why_it_cannot_be_printed_and_has_no_qr_code(client, sheet):
    serials.void(sheet, "thất lạc cuộn tem")
    sheet.refresh_from_db()
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "pw"))
    response = client.get(f"/lots/sheets/{sheet.pk}/labels/")
    assert response.status_code == 200
    page = soup_of(response)
    assert page.select(".label, svg") == []
    assert page.find("button") is None
    voided_at = timezone.localtime(sheet.voided_at).strftime("%H:%M %d/%m/%Y")
    assert page.select_one(".voided").text == (
        f"Đợt tem này đã bị huỷ lúc {voided_at} nên không in được: các mã của đợt "
        'này báo "không phải hàng chính hãng", gói hàng thật mang chúng sẽ bị coi là hàng giả. '
        "Hãy phát hành đợt tem mới cho các gói này."
    )


def test_another_producers_staff_cannot_print_or_void_a_lots_serials(client, sheet, producer_index):
    from catalogue.factories import ProducerPageFactory

    other = ProducerPageFactory(parent=producer_index, title="HTX khác", slug="htx-khac")
    user = get_user_model().objects.create_user("khac", "khac@example.com", "pw")
    grant_producer_access(user, other)
    client.force_login(user)
    assert client.get(f"/lots/sheets/{sheet.pk}/labels/").status_code == 404
    assert client.post(f"/admin/traceability/sheets/{sheet.pk}/void/").status_code == 404
    sheet.refresh_from_db()
    assert sheet.voided_at is None


def test_a_producer_issues_prints_and_voids_sheets_in_the_admin(client, lot, producer):
    user = get_user_model().objects.create_user("dong-a", "dong-a@example.com", "pw")
    grant_producer_access(user, producer)
    client.force_login(user)
    response = client.post(f"/admin/traceability/lots/{lot.pk}/serials/", {"count": "25"})
    assert response.status_code == 302
    sheet = lot.label_sheets.get()
    assert sheet.serials.count() == 25
    page = soup_of(client.get(f"/admin/traceability/lots/{lot.pk}/serials/"))
    assert page.find("a", string="In tem")["href"] == f"/lots/sheets/{sheet.pk}/labels/"
    client.post(f"/admin/traceability/sheets/{sheet.pk}/void/", {"reason": "thất lạc"})
    sheet.refresh_from_db()
    assert sheet.voided_at is not None and sheet.void_reason == "thất lạc"
    bad = client.post(f"/admin/traceability/lots/{lot.pk}/serials/", {"count": "0"})
    assert bad.status_code == 200 and lot.label_sheets.count() == 1


def test_a_copied_label_report_is_stored_and_emailed_to_producer_and_programme_staff(
    client, lot, pack, producer, serial, django_capture_on_commit_callbacks
):
    producer_user = get_user_model().objects.create_user("dong-a", "dong-a@example.com", "pw")
    grant_producer_access(producer_user, producer)
    get_user_model().objects.create_superuser("admin", "ocop@example.com", "pw")
    get_user_model().objects.create_user("shopper", "shopper@example.com", "pw")
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    photo = SimpleUploadedFile("tem.jpg", buffer.getvalue(), content_type="image/jpeg")
    form_url = (
        f"/truy-xuat/bao-tem-sao-chep/?gtin={pack.gtin}&lot=L2406-01&serial={serial.serial}&status=repeat"
    )
    assert client.get(form_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/truy-xuat/bao-tem-sao-chep/",
            {
                "gtin": pack.gtin,
                "lot": "L2406-01",
                "serial": serial.serial,
                "status": "repeat",
                "details": "Tem mờ, mã đã được kiểm tra 40 lần",
                "where_bought": "Chợ Bến Thành",
                "photo": photo,
            },
        )
    assert response.status_code == 200
    report = CopyReport.objects.get()
    assert (report.lot, report.serial_code, report.page_status) == (lot, serial.serial, "repeat")
    assert report.photo.name.startswith("copy-reports/")
    # A message each: neither reader sees the other's address.
    assert sorted(message.to for message in mail.outbox) == [["dong-a@example.com"], ["ocop@example.com"]]
    assert all("Chợ Bến Thành" in message.body and serial.serial in message.body for message in mail.outbox)
    report.refresh_from_db()
    assert report.emailed_at is not None
    report.photo.delete()


def test_a_report_without_details_is_refused_with_a_message(client, lot, pack):
    response = client.post(
        "/truy-xuat/bao-tem-sao-chep/", {"gtin": pack.gtin, "lot": "L2406-01", "details": ""}
    )
    assert response.status_code == 400
    assert CopyReport.objects.count() == 0
    assert "errorlist" in response.content.decode()


def test_a_lot_page_says_how_many_packages_the_lot_holds_and_never_warns_about_scans(client, lot, lot_url):
    for _ in range(30):
        response = client.get(lot_url, HTTP_ACCEPT=BROWSER)
    soup = soup_of(response)
    assert "1.200 gói" in soup.select_one(".trace-scans").text
    assert soup.select_one(".trace-notice") is None
    assert "sao chép" not in soup.select_one(".trace-scans").text


def test_a_recall_shows_on_lot_serial_and_product_pages_while_it_lasts(
    client, lot, lot_url, serial_url, product
):
    Lot.objects.filter(pk=lot.pk).update(
        notice_level="recall",
        notice="Phát hiện dị vật trong một số gói",
        notice_action="Ngừng sử dụng, mang tới nơi mua để được hoàn tiền",
        notice_from=timezone.now() - datetime.timedelta(hours=1),
        notice_until=timezone.localdate() + datetime.timedelta(days=30),
    )
    for url in (lot_url, serial_url):
        banner = soup_of(client.get(url, HTTP_ACCEPT=BROWSER)).select_one(".trace-notice-recall")
        assert banner.strong.text == "Lô này đang bị thu hồi"
        assert "Ngừng sử dụng" in banner.text
    product_notice = soup_of(client.get(product.url)).select_one(".trace-notice-recall")
    assert product_notice.strong.text == "Lô L2406-01 đang bị thu hồi"
    Lot.objects.filter(pk=lot.pk).update(notice_until=timezone.localdate() - datetime.timedelta(days=1))
    assert soup_of(client.get(product.url)).select_one(".trace-notice-recall") is None
    assert soup_of(client.get(lot_url, HTTP_ACCEPT=BROWSER)).select_one(".trace-notice-recall") is None


def test_peek_and_a_busy_database_never_fail_the_page(client, serial, serial_url, monkeypatch):
    from django.db import DatabaseError

    def busy(*args, **kwargs):
        raise DatabaseError("database is locked")

    monkeypatch.setattr(checks, "short_lock_wait", busy)
    response = client.get(serial_url, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200
    assert check_line(response) == "Mã của một gói chính hãng"
    serial.refresh_from_db()
    assert serial.check_count == 0
    assert gs1.serial_path(serial.lot.gtin, "L2406-01", serial.serial) == serial_url


def test_the_serial_page_adds_only_the_check_to_the_lot_pages_queries(
    client, sheet, pack, lot_url, django_assert_num_queries
):
    from django.db import connection

    codes = list(sheet.serials.order_by("pk"))
    client.get(lot_url, HTTP_ACCEPT=BROWSER)  # site root paths, settings and provinces get cached
    client.get(codes[0].get_absolute_url(), HTTP_ACCEPT=BROWSER)
    # The lot with its product, producer and certification, its events, its certificates (the site and
    # its settings come from the page cache's routing cache, for serial pages too).
    lot_page = 3
    with django_assert_num_queries(lot_page):
        client.get(lot_url, HTTP_ACCEPT=BROWSER)
    # The serial comes with its lot in one query; each of the first two checks is one UPDATE (on
    # SQLite inside BEGIN IMMEDIATE … COMMIT with the busy timeout shortened and restored around it; on
    # PostgreSQL in a transaction of its own, here a savepoint, with a lock timeout and a commit that
    # skips the fsync).
    check = 5 if connection.vendor == "sqlite" else 4
    url = codes[1].get_absolute_url()
    phones = [Client() for _ in range(3)]  # each check its own phone's
    for phone in phones[:2]:  # the first two checks
        with django_assert_num_queries(lot_page + check):
            phone.get(url, HTTP_ACCEPT=BROWSER)
    # A later check decides nothing: it is counted in the cache, as the lot's scans are.
    with django_assert_num_queries(lot_page):
        phones[2].get(url, HTTP_ACCEPT=BROWSER)
    # Nor does the first phone coming back: its cookie is read, not the database.
    with django_assert_num_queries(lot_page):
        phones[0].get(url, HTTP_ACCEPT=BROWSER)


def headings(soup):
    return [(h.name, h.get_text(" ", strip=True)) for h in soup.select("h1, h2, h3")]


def test_the_checks_verdict_is_the_heading_under_the_products_name(client, serial, serial_url, pack):
    # A screen reader moving by headings meets the product, then what the check found.
    first = soup_of(client.get(serial_url, HTTP_ACCEPT=BROWSER))
    assert headings(first)[:2] == [
        ("h1", "Kẹo dừa sầu riêng"),
        ("h2", "Sản phẩm chính hãng – lần kiểm tra đầu tiên"),
    ]
    assert first.select_one(".trace-check-title").find_parent(role="status") is not None
    again = soup_of(Client().get(serial_url, HTTP_ACCEPT=BROWSER))
    assert headings(again)[1][1].startswith("Mã này đã được kiểm tra 2 lần")
    unknown = soup_of(client.get(f"/01/{pack.gtin}/10/L2406-01/21/NOTOURS1234", HTTP_ACCEPT=BROWSER))
    assert headings(unknown)[:2] == [
        ("h1", "Kẹo dừa sầu riêng"),
        ("h2", "Mã này không phải của một gói hàng chính hãng"),
    ]
    assert unknown.select_one(".trace-check-title").find_parent(role="alert") is not None
