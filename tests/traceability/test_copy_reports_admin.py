"""Copied-label reports in the admin: a producer's staff read the reports on their own lots, programme
staff read them all, and a buyer's photo is never at a public address."""

import datetime
import importlib
import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory
from catalogue.permissions import grant_producer_access, programme_staff_group
from ops.private_media import private_storage
from tests.page_tree import independent_of_the_page_tree
from traceability import serials
from traceability.factories import LotFactory
from traceability.models import CopyReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_lot(producer_index):
    other = ProducerPageFactory(parent=producer_index, title="HTX Mỹ Lồng", slug="my-long")
    product = ProductPageFactory(parent=other, title="Bánh tráng sữa", slug="banh-trang-sua")
    return LotFactory(pack_size=PackSizeFactory(product=product), code="MYLONG-01")


@pytest.fixture
def reports(lot, other_lot):
    """One report on the producer's lot, one on another producer's, one about no known lot."""
    return {
        "own": CopyReport.objects.create(lot=lot, serial_code="ABC", details="Tem của Đông Á bị mờ"),
        "other": CopyReport.objects.create(lot=other_lot, details="Tem Mỹ Lồng in lệch"),
        "unknown": CopyReport.objects.create(details="Không rõ lô, tem lạ"),
    }


@pytest.fixture
@independent_of_the_page_tree
def staff_client(client):
    user = get_user_model().objects.create_user("canbo-ocop", "canbo@example.com", "pw")
    user.groups.add(programme_staff_group())
    client.force_login(user)
    return client


def _listed(response):
    return {report.details for report in response.context["object_list"]}


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    return buffer.getvalue()


def _send_report(client, pack, photo_name="IMG_0001.jpg"):
    return client.post(
        "/truy-xuat/bao-tem-sao-chep/",
        {
            "gtin": pack.gtin,
            "lot": "L2406-01",
            "details": "Tem mờ, mã đã được kiểm tra 40 lần",
            "photo": SimpleUploadedFile(photo_name, _jpeg(), content_type="image/jpeg"),
        },
    )


# Who reads which reports


def test_a_producers_staff_list_and_open_the_reports_on_their_own_lots_only(producer_client, reports):
    listing = producer_client.get("/admin/copyreports/")
    assert listing.status_code == 200
    assert _listed(listing) == {"Tem của Đông Á bị mờ"}
    assert "Mỹ Lồng" not in listing.content.decode()
    own = producer_client.get(f"/admin/copyreports/inspect/{reports['own'].pk}/")
    assert own.status_code == 200 and "Tem của Đông Á bị mờ" in own.content.decode()


@pytest.mark.parametrize("which", ["other", "unknown"])
def test_a_producer_cannot_open_another_producers_report_or_one_about_no_lot_by_its_id(
    producer_client, reports, which
):
    assert producer_client.get(f"/admin/copyreports/inspect/{reports[which].pk}/").status_code == 404


def test_programme_staff_list_and_open_every_report(staff_client, reports):
    listing = staff_client.get("/admin/copyreports/")
    assert listing.status_code == 200
    assert _listed(listing) == {"Tem của Đông Á bị mờ", "Tem Mỹ Lồng in lệch", "Không rõ lô, tem lạ"}
    for report in reports.values():
        assert staff_client.get(f"/admin/copyreports/inspect/{report.pk}/").status_code == 200


def test_the_groups_receive_the_permission_to_read_reports(producer):
    from catalogue.permissions import producer_editors

    staff = set(programme_staff_group().permissions.values_list("codename", flat=True))
    assert {"view_copyreport", "view_all_lots"} <= staff
    assert "view_copyreport" in producer_editors(producer).permissions.values_list("codename", flat=True)


def test_the_dashboards_report_count_opens_the_reports_of_that_lot(producer_client, lot, reports):
    serials.issue(lot, 3)
    CopyReport.objects.create(lot=lot, details="Tem thứ hai")
    soup = BeautifulSoup(producer_client.get("/admin/").content.decode(), "html.parser")
    panel = soup.find("h2", string="Tem theo gói: kiểm tra và báo sao chép").parent
    link = panel.select("tbody tr")[0].select("td")[-1].a
    assert link.text == "2"
    listing = producer_client.get(link["href"])
    assert listing.status_code == 200
    assert _listed(listing) == {"Tem của Đông Á bị mờ", "Tem thứ hai"}
    # The lot filter offers the producer's own lots only.
    assert "MYLONG-01" not in listing.content.decode()


def test_filtering_by_another_producers_lot_shows_nothing_of_it(producer_client, other_lot, reports):
    listing = producer_client.get("/admin/copyreports/", {"lot": other_lot.pk})
    assert "Tem Mỹ Lồng in lệch" not in listing.content.decode()


# The buyer's photo


def test_a_reports_photo_is_kept_privately_under_a_name_nobody_can_guess(
    client, lot, pack, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _send_report(client, pack).status_code == 200
    report = CopyReport.objects.get()
    name = report.photo.name
    assert name.startswith("copy-reports/") and name.endswith(".jpg") and "IMG_0001" not in name
    assert len(Path(name).stem) == 32  # a uuid
    assert private_storage().exists(name)
    assert not default_storage.exists(name) and not list(
        Path(settings.MEDIA_ROOT).glob("copy-reports/**/*.*")
    )
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get("/media/copy-reports/").status_code == 404


def test_the_photo_is_shown_to_the_lots_producer_and_programme_staff_and_to_nobody_else(
    client, lot, pack, producer, other_lot, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _send_report(client, pack)
    report = CopyReport.objects.get()
    url = f"/admin/copyreports/photo/{report.pk}/"
    assert client.get(url).status_code == 302  # to the admin's login

    users = get_user_model().objects
    producer_user = users.create_user("dong-a", "dong-a@example.com", "pw")
    grant_producer_access(producer_user, producer)
    staff_user = users.create_user("canbo-ocop", "canbo@example.com", "pw")
    staff_user.groups.add(programme_staff_group())
    for user in (producer_user, staff_user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert b"".join(response.streaming_content) == _jpeg()
        assert "no-store" in response["Cache-Control"]
        inspect = BeautifulSoup(client.get(f"/admin/copyreports/inspect/{report.pk}/").content, "html.parser")
        assert inspect.find("img", src=url) is not None

    other_user = users.create_user("my-long", "my-long@example.com", "pw")
    grant_producer_access(other_user, other_lot.pack_size.product.get_parent().specific)
    client.force_login(other_user)
    assert client.get(url).status_code == 404


def test_the_report_email_links_the_photo_in_the_admin(client, lot, pack, django_capture_on_commit_callbacks):
    get_user_model().objects.create_superuser("admin", "ocop@example.com", "pw")
    with django_capture_on_commit_callbacks(execute=True):
        _send_report(client, pack)
    report = CopyReport.objects.get()
    (message,) = mail.outbox
    assert f"{settings.SITE_URL}/admin/copyreports/photo/{report.pk}/" in message.body.split()
    assert "/media/" not in message.body


def test_photos_sent_before_the_change_leave_the_public_media_for_the_private_storage(lot):
    old = default_storage.save("copy-reports/2026/11/ok.jpg", ContentFile(_jpeg()))
    report = CopyReport.objects.create(lot=lot, details="Báo cũ")
    CopyReport.objects.filter(pk=report.pk).update(photo=old)
    migration = importlib.import_module("traceability.migrations.0004_copy_report_photos_private")

    migration.photos_out_of_public_media(apps, None)

    report.refresh_from_db()
    assert report.photo.name != old and "ok" not in Path(report.photo.name).stem
    assert not default_storage.exists(old)
    with report.photo.open("rb") as photo:
        assert photo.read() == _jpeg()
    report.photo.delete(save=False)


def test_a_report_shows_when_it_came_in_vietnams_time_and_what_the_page_said_in_words(staff_client, lot):
    sent = datetime.datetime(2026, 11, 29, 17, 32, tzinfo=datetime.UTC)  # 00:32 on the 30th in Vietnam
    report = CopyReport.objects.create(lot=lot, details="Tem lạ", page_status="unknown", emailed_at=sent)
    CopyReport.objects.filter(pk=report.pk).update(created_at=sent)
    page = staff_client.get(f"/admin/copyreports/inspect/{report.pk}/").content.decode()
    text = BeautifulSoup(page, "html.parser").get_text(" ", strip=True)
    assert text.count("30/11/2026 00:32") == 2  # sent, and emailed: written as the list writes them
    assert "17:32" not in text
    assert "Mã không có trong hồ sơ" in text
    listing = BeautifulSoup(staff_client.get("/admin/copyreports/").content.decode(), "html.parser")
    assert "Mã không có trong hồ sơ" in listing.get_text(" ", strip=True)
    assert "30/11/2026 00:32" in listing.get_text(" ", strip=True)


def test_a_report_on_a_code_under_no_lot_names_the_product_pack_and_gtin_in_the_list_and_on_its_page(
    staff_client, pack
):
    # A counterfeiter's invented code: the commonest report, named by the GTIN its label carried.
    report = CopyReport.objects.create(pack_size=pack, serial_code="ZZZZFAKE123", details="Tem lạ")
    named = f"{pack.product.title} – {pack.label} (GTIN {pack.gtin})"
    listing = BeautifulSoup(staff_client.get("/admin/copyreports/").content.decode(), "html.parser")
    assert named in listing.get_text(" ", strip=True)
    page = BeautifulSoup(
        staff_client.get(f"/admin/copyreports/inspect/{report.pk}/").content.decode(), "html.parser"
    )
    text = page.get_text(" ", strip=True)
    assert named in text
    assert "?" not in page.find("h1").get_text() and pack.product.title in page.title.get_text()


def test_text_that_would_reverse_on_screen_is_kept_without_its_direction_controls(client, pack):
    reversing = "\u202eTem mờ\u202c, mua ở \u2067chợ\u2069"
    response = client.post(
        "/truy-xuat/bao-tem-sao-chep/",
        {"gtin": pack.gtin, "details": reversing, "where_bought": reversing, "contact": "\u202e0912345678"},
    )
    assert response.status_code == 200
    report = CopyReport.objects.get()
    assert (report.details, report.where_bought, report.contact) == (
        "Tem mờ, mua ở chợ",
        "Tem mờ, mua ở chợ",
        "0912345678",
    )


def test_a_report_on_a_code_under_no_known_lot_reaches_the_producer_of_the_scanned_product(
    client, producer_client, pack, product, django_capture_on_commit_callbacks
):
    # A counterfeiter's invented code: the resolver walks up to the product, whose warning offers the report.
    walked = client.get(f"/01/{pack.gtin}/21/ZZZZ9999")
    assert walked["Location"].endswith(f"?unknown_serial=ZZZZ9999&gtin={pack.gtin}")
    warning = BeautifulSoup(client.get(walked["Location"]).content.decode(), "html.parser")
    report_url = warning.select_one(".trace-notice-recall").find("a", string="Báo tem nghi sao chép")["href"]
    form = BeautifulSoup(client.get(report_url).content.decode(), "html.parser")
    assert form.select_one("input[name=gtin]")["value"] == pack.gtin
    assert product.title in form.select_one(".facts").get_text()
    data = {
        field["name"]: field.get("value", "") for field in form.select("form.copy-report input[type=hidden]")
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(report_url.split("?")[0], {**data, "details": "Tem không quét ra sản phẩm"})
    report = CopyReport.objects.get()
    assert (report.lot, report.pack_size, report.serial_code) == (None, pack, "ZZZZ9999")
    assert "dong-a@example.com" in mail.outbox[0].to  # the producer's staff, not programme staff alone
    assert _listed(producer_client.get("/admin/copyreports/")) == {"Tem không quét ra sản phẩm"}
