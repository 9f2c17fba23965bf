"""The admin speaks Vietnamese with local times: no stray English ("5 minutes trước"), no raw values."""

import datetime

from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import PageLogEntry, Revision

from catalogue.certification import Certification
from traceability.factories import CertificateFactory, LotFactory
from traceability.models import CertificateKind


def test_the_dashboard_says_how_long_ago_in_vietnamese(client, product, staff):
    """Django's "%(num)d minutes" (timesince) has no Vietnamese in Django's own catalogue."""
    revision = product.save_revision(user=staff)
    log(instance=product, action="wagtail.edit", user=staff, revision=revision)
    five_minutes_ago = timezone.now() - datetime.timedelta(minutes=5, seconds=10)
    Revision.objects.filter(pk=revision.pk).update(created_at=five_minutes_ago)
    PageLogEntry.objects.filter(page=product).update(timestamp=five_minutes_ago)
    client.force_login(staff)

    html = client.get("/admin/").content.decode()

    assert "5\u00a0phút trước" in html
    assert "minutes" not in html


def inspected(html):
    """The inspect view's fields as label → shown value."""
    soup = BeautifulSoup(html, "html.parser")
    return {
        dt.get_text(" ", strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in soup.select("dl dt")
        if dt.find_next_sibling("dd")
    }


def test_a_certifications_record_reads_in_words_and_local_time(client, product, staff):
    record = product.certification
    noon_utc = datetime.datetime(2026, 3, 1, 5, 0, tzinfo=datetime.UTC)  # 12:00 in Vietnam
    Certification.objects.filter(pk=record.pk).update(recorded_at=noon_utc, potential_five=False)
    client.force_login(staff)

    fields = inspected(client.get(f"/admin/chung-nhan-ocop/inspect/{record.pk}/").content.decode())

    assert fields["Tiềm năng 5 sao"] == "Không"
    assert fields["Thay cho"] == "—"
    assert fields["Người thu hồi"] == "—"
    assert fields["Ghi nhận lúc"] == "01/03/2026 12:00"
    assert "None" not in fields.values() and "False" not in fields.values()


def test_a_lots_record_reads_in_vietnamese_and_local_time(client, product, producer_user):
    lot = LotFactory(pack_size=product.pack_sizes.get(), code="LO0301")
    noon_utc = datetime.datetime(2026, 3, 1, 5, 0, tzinfo=datetime.UTC)
    type(lot).objects.filter(pk=lot.pk).update(created_at=noon_utc)
    client.force_login(producer_user)

    fields = inspected(client.get(f"/admin/lots/inspect/{lot.pk}/").content.decode())

    assert fields["Tạo lúc"] == "01/03/2026 12:00"
    assert "Created at" not in fields
    assert not {"None", "True", "False"} & set(fields.values())


def visible_text(html):
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup.select("script, style, template"):
        hidden.decompose()
    return soup.get_text(" ", strip=True)


def test_headers_of_listings_and_edit_pages_show_no_none(admin_client, product):
    """Wagtail's status toggle wrote its error count, None on a listing or an unbound form, as "None"."""
    pack = product.pack_sizes.get()
    for url in (
        f"/admin/pages/{product.get_parent().pk}/",
        f"/admin/pages/{product.pk}/edit/",
        f"/admin/pack_sizes/edit/{pack.pk}/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert "None" not in visible_text(response.content.decode()).split(), url


def test_the_pack_sizes_screen_shows_prices_in_dong_and_vietnamese_labels(admin_client, product):
    pack = product.pack_sizes.get()  # 45.000 ₫
    listing = visible_text(admin_client.get("/admin/pack_sizes/").content.decode())
    inspect = admin_client.get(f"/admin/pack_sizes/inspect/{pack.pk}/").content.decode()

    assert "45.000\u00a0₫" in listing and "45000" not in listing
    fields = inspected(inspect)
    assert fields["Giá (đồng)"] == "45.000\u00a0₫"
    assert "Sort order" not in visible_text(inspect)


def test_a_listings_csv_export_reads_in_labels_and_vietnamese_dates(admin_client, producer):
    CertificateFactory(
        producer=producer,
        kind=CertificateKind.TEST_REPORT,
        valid_from=datetime.date(2026, 3, 1),
        valid_until=datetime.date(2027, 3, 1),
    )

    response = admin_client.get("/admin/certificates/?export=csv")

    csv = b"".join(response.streaming_content).decode()
    assert "Phiếu kết quả kiểm nghiệm" in csv and "test_report" not in csv
    assert "01/03/2026" in csv and "2026-03-01" not in csv


def test_a_listing_without_an_export_shows_the_listing_not_a_file_of_blank_lines(
    admin_client, product, staff
):
    response = admin_client.get("/admin/chung-nhan-ocop/?export=csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_a_certifications_record_offers_no_copy_form(client, product, staff):
    # Renewed, upgraded or revoked, never copied: the copy form could never be saved.
    client.force_login(staff)
    record = product.certification
    assert client.get(f"/admin/chung-nhan-ocop/copy/{record.pk}/").status_code == 404
    listing = client.get("/admin/chung-nhan-ocop/").content.decode()
    assert f"/admin/chung-nhan-ocop/copy/{record.pk}/" not in listing
