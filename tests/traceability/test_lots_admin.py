"""The lots and certificates screens as a producer's staff use them: copying, editing a lot once its
labels are printed, and what the lot editor may change."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.utils import timezone

from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory
from tests.admin_forms import form_data
from tests.page_tree import independent_of_the_page_tree
from tests.traceability.test_admin import _event, _lot_form
from traceability import serials
from traceability.factories import CertificateFactory, LotFactory
from traceability.models import Certificate, CopyReport, Lot

pytestmark = [pytest.mark.django_db, pytest.mark.reference_index]


@pytest.fixture
def other_lot(producer_index):
    other = ProducerPageFactory(parent=producer_index, title="HTX Vĩnh Tiến", slug="vinh-tien")
    product = ProductPageFactory(parent=other, title="Kẹo dừa sáp", slug="keo-dua-sap")
    return LotFactory(pack_size=PackSizeFactory(product=product, label="Hộp 300g"), code="VT-01")


@pytest.fixture
def own_certificate(producer):
    return CertificateFactory(producer=producer, number="123/2024/ATTP-CNĐK")


@pytest.fixture
@independent_of_the_page_tree
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "pw"))
    return client


def certificate_copy_form(**changes):
    return {
        "kind": "food_safety",
        "number": "GIA-MAO-999/QĐ",
        "issuer": "Sở Y tế tỉnh Vĩnh Long",
        "valid_from": "2025-01-10",
        "valid_until": "2028-01-10",
        "document": "",
        "producer": "",
        "lot": "",
        **changes,
    }


def field_error(response, name):
    """The errors the Wagtail editor shows beside the field (its `data-field-errors` box)."""
    soup = BeautifulSoup(response.content, "html.parser")
    errors = soup.select_one(f'[data-contentpath="{name}"] [data-field-errors]')
    return " ".join(errors.get_text(" ", strip=True).split()) if errors else ""


def post_lot_edit(client, lot, **changes):
    url = f"/admin/lots/edit/{lot.pk}/"
    return client.post(url, {**form_data(client.get(url).content), **changes})


def option_values(response, name):
    select = BeautifulSoup(response.content, "html.parser").select_one(f"select[name={name}]")
    return {option["value"] for option in select.select("option") if option["value"]}


# Copying


def test_copying_a_certificate_onto_another_producers_lot_is_refused_and_changes_nothing(
    producer_client, own_certificate, other_lot
):
    before = list(Certificate.objects.values().order_by("pk"))
    response = producer_client.post(
        f"/admin/certificates/copy/{own_certificate.pk}/", certificate_copy_form(lot=other_lot.pk)
    )
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in str(response.context["form"].errors["lot"])
    assert list(Certificate.objects.values().order_by("pk")) == before
    assert "GIA-MAO-999" not in producer_client.get(other_lot.get_absolute_url()).content.decode()


def test_saving_a_certificate_copy_adds_a_certificate_and_keeps_the_original(
    producer_client, own_certificate, lot
):
    original = Certificate.objects.values().get(pk=own_certificate.pk)
    response = producer_client.post(
        f"/admin/certificates/copy/{own_certificate.pk}/", certificate_copy_form(lot=lot.pk)
    )
    assert response.status_code == 302
    assert Certificate.objects.values().get(pk=own_certificate.pk) == original
    copy = Certificate.objects.get(number="GIA-MAO-999/QĐ")
    assert copy.pk != own_certificate.pk and (copy.lot, copy.producer) == (lot, None)


def test_the_certificate_copy_page_lists_only_the_producers_own_lots(
    producer_client, own_certificate, lot, other_lot
):
    response = producer_client.get(f"/admin/certificates/copy/{own_certificate.pk}/")
    assert response.status_code == 200
    assert option_values(response, "lot") == {str(lot.pk)}


def test_lots_cannot_be_copied_and_posting_to_a_copy_url_changes_nothing(producer_client, lot):
    before = Lot.objects.values().get(pk=lot.pk)
    assert producer_client.get(f"/admin/lots/copy/{lot.pk}/").status_code == 404
    response = producer_client.post(f"/admin/lots/copy/{lot.pk}/", {"code": "LCOPYTEST"})
    assert response.status_code == 404
    assert Lot.objects.values().get(pk=lot.pk) == before
    assert f"/admin/lots/copy/{lot.pk}/" not in producer_client.get("/admin/lots/").content.decode()


def test_a_buyers_copied_label_report_cannot_be_copied(superuser_client, lot):
    report = CopyReport.objects.create(lot=lot, details="Tem mờ, mã in lệch")
    response = superuser_client.post(f"/admin/copyreports/copy/{report.pk}/", {"details": "Đã sửa"})
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.details == "Tem mờ, mã in lệch"


# A lot whose codes are printed


def test_a_lot_with_serials_issued_keeps_its_code_and_its_printed_codes_stay_genuine(
    producer_client, lot, serial, serial_url
):
    before = Lot.objects.values().get(pk=lot.pk)
    response = post_lot_edit(producer_client, lot, code="L2406-99")
    assert response.status_code == 200
    assert "không thể đổi số lô" in field_error(response, "code")
    assert "Hãy giữ số lô L2406-01" in field_error(response, "code")
    assert Lot.objects.values().get(pk=lot.pk) == before
    page = producer_client.get(serial_url).content.decode()
    assert "không phải của một gói hàng chính hãng" not in page


def test_a_lot_with_serials_issued_keeps_its_pack_size(producer_client, lot, serial, product, pack):
    second = PackSizeFactory(product=product, label="Túi 200g")
    before = Lot.objects.values().get(pk=lot.pk)
    response = post_lot_edit(producer_client, lot, pack_size=second.pk)
    assert response.status_code == 200
    assert "không thể đổi quy cách" in field_error(response, "pack_size")
    assert Lot.objects.values().get(pk=lot.pk) == before


def test_a_lot_that_has_been_scanned_keeps_its_code(producer_client, lot):
    Lot.objects.filter(pk=lot.pk).update(scan_count=3)
    response = post_lot_edit(producer_client, lot, code="L2406-99")
    assert response.status_code == 200
    assert "không thể đổi số lô" in field_error(response, "code")
    assert Lot.objects.get(pk=lot.pk).code == "L2406-01"


def test_a_lot_with_nothing_printed_yet_may_still_have_its_code_corrected(producer_client, lot):
    response = post_lot_edit(producer_client, lot, code="L2406-02", quantity="900")
    assert response.status_code == 302
    lot.refresh_from_db()
    assert (lot.code, lot.quantity) == ("L2406-02", 900)


def test_a_lot_with_serials_issued_may_still_have_its_other_fields_edited(producer_client, lot, serial):
    response = post_lot_edit(producer_client, lot, quantity="900")
    assert response.status_code == 302
    lot.refresh_from_db()
    assert (lot.code, lot.quantity) == ("L2406-01", 900)


def test_a_lot_with_serials_issued_cannot_say_it_holds_fewer_packages_than_its_codes(
    producer_client, lot, sheet, serial_url
):
    before = Lot.objects.values().get(pk=lot.pk)
    for quantity in ("0", "4"):
        response = post_lot_edit(producer_client, lot, quantity=quantity)
        assert response.status_code == 200
        assert "đã có 5 mã đang dùng" in field_error(response, "quantity")
        assert "không thể ít hơn 5" in field_error(response, "quantity")
    assert Lot.objects.values().get(pk=lot.pk) == before
    assert "1.200 gói hàng" in producer_client.get(serial_url).content.decode()


def test_the_quantity_refusal_groups_thousands_the_vietnamese_way(producer_client, lot):
    serials.issue(lot, 1_000)
    response = post_lot_edit(producer_client, lot, quantity="999")
    assert "đã có 1.000 mã đang dùng" in field_error(response, "quantity")
    assert Lot.objects.get(pk=lot.pk).quantity == 1200


def test_a_lot_may_be_lowered_to_its_codes_in_use_once_a_lost_sheet_is_voided(producer_client, lot, sheet):
    serials.issue(lot, 3)
    serials.void(sheet, "thất lạc cuộn tem")
    response = post_lot_edit(producer_client, lot, quantity="3")
    assert response.status_code == 302
    assert Lot.objects.get(pk=lot.pk).quantity == 3


# The recall belongs to its own screen


def test_a_lot_form_opened_before_a_recall_keeps_the_recall_when_saved(
    producer_client, lot, django_capture_on_commit_callbacks
):
    stale = form_data(producer_client.get(f"/admin/lots/edit/{lot.pk}/").content)
    notice = {
        "notice_level": "recall",
        "notice": "Phát hiện dị vật trong một số gói",
        "notice_action": "Ngừng sử dụng, mang tới nơi mua để được hoàn tiền",
        "notice_from": "",
        "notice_until": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        producer_client.post(f"/admin/traceability/lots/{lot.pk}/notice/", notice)

    response = producer_client.post(f"/admin/lots/edit/{lot.pk}/", {**stale, "quantity": "900"})
    assert response.status_code == 302
    lot.refresh_from_db()
    assert (lot.quantity, lot.notice_level, lot.notice) == (
        900,
        "recall",
        "Phát hiện dị vật trong một số gói",
    )
    page = producer_client.get(lot.get_absolute_url()).content.decode()
    assert "Phát hiện dị vật trong một số gói" in page


def test_the_lot_editor_has_no_notice_fields_and_links_the_notice_screen(producer_client, lot):
    response = producer_client.get(f"/admin/lots/edit/{lot.pk}/")
    data = form_data(response.content)
    assert not {"notice_level", "notice", "notice_action", "notice_from", "notice_until"} & set(data)
    assert f"/admin/traceability/lots/{lot.pk}/notice/" in response.content.decode()


def test_a_recall_posted_to_the_lot_editor_is_ignored(producer_client, lot):
    url = f"/admin/lots/edit/{lot.pk}/"
    data = form_data(producer_client.get(url).content)
    response = producer_client.post(
        url, {**data, "notice_level": "recall", "notice": "Tự đặt ở trình sửa lô"}
    )
    assert response.status_code == 302
    lot.refresh_from_db()
    assert (lot.notice_level, lot.notice) == ("", "")


# OCOP recognition is the product's "Chứng nhận OCOP" record, not a certificate recorded here


@pytest.mark.parametrize("who", ["producer_client", "superuser_client"])
def test_no_one_records_an_ocop_decision_here_and_is_told_to_use_chung_nhan_ocop(request, who, producer, lot):
    before = Certificate.objects.count()
    response = request.getfixturevalue(who).post(
        "/admin/certificates/new/",
        certificate_copy_form(kind="ocop", issuer="Thủ tướng Chính phủ (tự khai)", producer=producer.pk),
    )
    assert response.status_code == 200
    assert "được ghi ở mục “Chứng nhận OCOP”" in str(response.context["form"].errors["kind"])
    assert Certificate.objects.count() == before
    assert "tự khai" not in request.getfixturevalue("client").get(lot.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("holders", "says"),
    [
        ({}, "Chọn đúng một nơi giữ giấy chứng nhận: chủ thể hoặc lô."),
        ({"valid_until": "2025-01-10"}, None),  # said on its field, once
    ],
)
def test_a_certificate_refused_by_a_rule_says_it_once_in_vietnamese(producer_client, producer, holders, says):
    data = certificate_copy_form(producer="" if not holders else producer.pk, **holders)
    response = producer_client.post("/admin/certificates/new/", data)
    assert response.status_code == 200 and Certificate.objects.count() == 0
    form = response.context["form"]
    assert "Constraint" not in response.content.decode()
    if says:
        assert form.non_field_errors() == [says]
    else:
        assert form.errors == {"valid_until": ["Ngày hết hiệu lực phải sau ngày cấp."]}


@pytest.mark.parametrize("who", ["producer_client", "superuser_client"])
def test_the_certificate_form_does_not_offer_the_ocop_decision(request, who):
    response = request.getfixturevalue(who).get("/admin/certificates/new/")
    assert "ocop" not in option_values(response, "kind")
    assert "food_safety" in option_values(response, "kind")


@pytest.fixture
def ocop_decision(producer):
    return CertificateFactory(producer=producer, kind="ocop", number="4/QĐ-UBND", issuer="UBND tỉnh")


def certificate_links(response, certificate):
    """Which of the certificate's edit and copy pages the page links to."""
    hrefs = {a["href"] for a in BeautifulSoup(response.content, "html.parser").select("a[href]")}
    return {
        action for action in ("edit", "copy") if f"/admin/certificates/{action}/{certificate.pk}/" in hrefs
    }


@pytest.mark.parametrize("who", ["producer_client", "superuser_client"])
def test_an_old_ocop_decision_is_offered_no_edit_or_copy(request, who, ocop_decision, own_certificate):
    client = request.getfixturevalue(who)
    listing = client.get("/admin/certificates/")
    assert certificate_links(listing, ocop_decision) == set()
    assert certificate_links(listing, own_certificate) == {"edit", "copy"}
    inspect = client.get(f"/admin/certificates/inspect/{ocop_decision.pk}/")
    assert inspect.status_code == 200
    assert certificate_links(inspect, ocop_decision) == set()


@pytest.mark.parametrize("who", ["producer_client", "superuser_client"])
@pytest.mark.parametrize("action", ["edit", "copy"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_opening_an_old_ocop_decisions_edit_or_copy_page_sends_back_and_says_why(
    request, who, ocop_decision, action, method
):
    client = request.getfixturevalue(who)
    before = list(Certificate.objects.values())
    url = f"/admin/certificates/{action}/{ocop_decision.pk}/"
    form = certificate_copy_form(kind="ocop", number="5/QĐ", producer=ocop_decision.producer_id)
    response = getattr(client, method)(url, form if method == "post" else None, follow=True)
    assert response.redirect_chain == [(f"/admin/certificates/inspect/{ocop_decision.pk}/", 302)]
    messages = [str(message) for message in response.context["messages"]]
    assert any("nay được ghi ở mục “Chứng nhận OCOP”" in message for message in messages)
    assert list(Certificate.objects.values()) == before


def test_a_superuser_may_delete_an_old_ocop_decision(superuser_client, ocop_decision):
    response = superuser_client.post(f"/admin/certificates/delete/{ocop_decision.pk}/")
    assert response.status_code == 302
    assert not Certificate.objects.filter(pk=ocop_decision.pk).exists()


# Dates a real lot can have


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"production_date": "01/01/0001"}, "production_date", "Ngày sản xuất phải từ 01/01/2000 trở đi"),
        ({"production_date": "31/12/1999"}, "production_date", "Ngày sản xuất phải từ 01/01/2000 trở đi"),
        ({"expiry_date": "31/12/9999"}, "expiry_date", "Hạn sử dụng không thể quá 10 năm sau ngày sản xuất"),
    ],
)
def test_the_lot_editor_refuses_dates_no_real_lot_has_and_saves_nothing(
    producer_client, lot, changes, field, message
):
    before = Lot.objects.values().get(pk=lot.pk)
    response = post_lot_edit(producer_client, lot, **changes)
    assert response.status_code == 200
    assert message in field_error(response, field)
    assert Lot.objects.values().get(pk=lot.pk) == before


def test_an_expiry_exactly_ten_years_after_production_is_accepted(producer_client, lot):
    response = post_lot_edit(
        producer_client, lot, production_date="29/02/2024", expiry_date="28/02/2034", harvest_date=""
    )
    assert response.status_code == 302
    lot.refresh_from_db()
    assert (str(lot.production_date), str(lot.expiry_date)) == ("2024-02-29", "2034-02-28")


def test_the_lot_editor_refuses_an_expiry_one_day_past_ten_years(producer_client, lot):
    response = post_lot_edit(
        producer_client, lot, production_date="29/02/2024", expiry_date="01/03/2034", harvest_date=""
    )
    assert response.status_code == 200
    assert "muộn nhất 28/02/2034" in field_error(response, "expiry_date")


def input_value(response, name):
    return BeautifulSoup(response.content, "html.parser").select_one(f"input[name={name}]").get("value")


def test_a_new_lot_made_in_year_9999_gets_a_field_error_and_keeps_what_was_typed(producer_client, pack):
    data = _lot_form(pack, datetime.date(9999, 1, 1), datetime.date(9999, 12, 31), [])
    response = producer_client.post("/admin/lots/new/", data)
    assert response.status_code == 200
    assert "Ngày sản xuất không thể ở tương lai." in field_error(response, "production_date")
    assert (input_value(response, "production_date"), input_value(response, "code")) == (
        "9999-01-01",
        "L2411-09",
    )
    assert not Lot.objects.filter(code="L2411-09").exists()


# A lot's events have happened


def _new_lot_with_an_event_at(producer_client, pack, when: str):
    produced = timezone.localdate() - datetime.timedelta(days=5)
    event = _event(0, "harvest", timezone.now(), "Ấp Phú Lợi", "HTX Dừa Phú Túc")
    event["events-0-occurred_at"] = when
    data = _lot_form(pack, produced, produced + datetime.timedelta(days=365), [event])
    return producer_client.post("/admin/lots/new/", data)


@pytest.mark.parametrize("when", ["tomorrow", datetime.date(9999, 12, 31)])
def test_an_event_dated_in_the_future_is_refused_on_its_time_and_nothing_is_saved(
    producer_client, pack, when
):
    if when == "tomorrow":
        when = timezone.localdate() + datetime.timedelta(days=1)
    response = _new_lot_with_an_event_at(producer_client, pack, f"{when:%Y-%m-%d} 10:00")
    assert response.status_code == 200
    assert "Sự kiện đã diễn ra nên không thể ở tương lai" in field_error(response, "occurred_at")
    assert input_value(response, "events-0-occurred_at") == f"{when:%Y-%m-%d} 10:00"
    assert not Lot.objects.filter(code="L2411-09").exists()


def test_an_event_later_today_is_accepted_as_a_clock_running_a_little_ahead(producer_client, pack):
    response = _new_lot_with_an_event_at(producer_client, pack, f"{timezone.localdate():%Y-%m-%d} 23:59")
    assert response.status_code == 302
    assert Lot.objects.get(code="L2411-09").events.count() == 1


def event_row_error(response, name):
    """The errors shown beside a field of the first event row (its label as shown beside the box)."""
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.select_one(f"#id_events-0-{name}").find_parent(attrs={"data-contentpath": name})
    errors = field.select_one("[data-field-errors]") if field else None
    return " ".join(errors.get_text(" ", strip=True).split()) if errors else ""


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("kind", "Loại sự kiện"),
        ("occurred_at", "Thời gian"),
        ("place", "Địa điểm"),
        ("actor", "Người / đơn vị thực hiện"),
    ],
)
def test_an_event_row_missing_a_field_names_that_field_beside_it_and_keeps_what_was_typed(
    producer_client, pack, name, label
):
    produced = timezone.localdate() - datetime.timedelta(days=19)
    event = _event(0, "harvest", timezone.now() - datetime.timedelta(days=20), "Xã Ea Kar", "HTX Ea Kar")
    event[f"events-0-{name}"] = ""
    data = _lot_form(pack, produced, produced + datetime.timedelta(days=730), [event])
    response = producer_client.post("/admin/lots/new/", data)
    assert response.status_code == 200
    assert event_row_error(response, name) == f"Sự kiện này còn thiếu “{label}”."
    assert input_value(response, "production_date") == produced.isoformat()
    assert not Lot.objects.filter(code="L2411-09").exists()


def test_the_lot_editors_dates_are_the_browsers_own_date_boxes_as_on_the_certification_form(
    producer_client, lot
):
    soup = BeautifulSoup(producer_client.get(f"/admin/lots/edit/{lot.pk}/").content, "html.parser")
    for name in ("production_date", "expiry_date", "harvest_date"):
        box = soup.select_one(f"input[name={name}]")
        assert box["type"] == "date", name
    assert soup.select_one("input[name=production_date]")["value"] == lot.production_date.isoformat()
    assert soup.select_one("input[name=events-0-occurred_at]")["type"] == "datetime-local"


def notice_level_choices(response) -> dict[str, str]:
    """The list's filter "cảnh báo / thu hồi": each radio's label and the value it sends."""
    soup = BeautifulSoup(response.content, "html.parser")
    radios = soup.select('input[type=radio][name="notice_level"]')
    return {radio.find_parent("label").get_text(strip=True): radio["value"] for radio in radios}


def listed_codes(response) -> set[str]:
    rows = BeautifulSoup(response.content, "html.parser").select("table.listing tbody tr")
    return {row.select_one("td").get_text(" ", strip=True).split()[0] for row in rows}


def test_the_lot_filter_none_lists_only_the_lots_without_a_warning_or_recall(producer_client, lot, pack):
    LotFactory(pack_size=pack, code="L-CANH-BAO", notice_level="warning", notice="Bao bì lỗi")
    LotFactory(pack_size=pack, code="L-THU-HOI", notice_level="recall", notice="Nhiễm ẩm")
    choices = notice_level_choices(producer_client.get("/admin/lots/"))
    assert len(set(choices.values())) == len(choices)  # "Không có" is not "Tất cả" again

    def filtered(label):
        return listed_codes(producer_client.get("/admin/lots/", {"notice_level": choices[label]}))

    assert filtered("Không có") == {"L2406-01"}
    assert filtered("Cảnh báo") == {"L-CANH-BAO"}
    assert filtered("Thu hồi") == {"L-THU-HOI"}
    assert filtered("Tất cả") == {"L2406-01", "L-CANH-BAO", "L-THU-HOI"}


# Quantity and deleting a lot made by mistake


@pytest.mark.parametrize("quantity", ["0", "10.000.001", "2147483648", "99999999999999"])
def test_a_lots_quantity_is_at_least_one_package_and_at_most_ten_million(producer_client, lot, quantity):
    response = post_lot_edit(producer_client, lot, quantity=quantity)
    assert response.status_code == 200
    assert "từ 1 đến 10.000.000 gói" in field_error(response, "quantity")
    assert Lot.objects.get(pk=lot.pk).quantity == 1200


def test_a_lot_of_ten_million_packages_is_saved(producer_client, lot):
    assert post_lot_edit(producer_client, lot, quantity="10.000.000").status_code == 302
    assert Lot.objects.get(pk=lot.pk).quantity == 10_000_000


def lot_messages(response) -> str:
    return " ".join(str(message) for message in response.wsgi_request._messages)


def test_a_producer_deletes_its_lot_made_by_mistake(producer_client, lot):
    assert producer_client.get(f"/admin/lots/delete/{lot.pk}/").status_code == 200
    response = producer_client.post(f"/admin/lots/delete/{lot.pk}/")
    assert response.status_code == 302
    assert not Lot.objects.filter(pk=lot.pk).exists()


@pytest.mark.parametrize("printed", ["serials", "scans"])
def test_a_lot_whose_codes_are_out_is_not_deleted_and_the_producer_is_told_why(producer_client, lot, printed):
    if printed == "serials":
        serials.issue(lot, 2)
    else:
        Lot.objects.filter(pk=lot.pk).update(scan_count=1)
    for method in (producer_client.get, producer_client.post):
        response = method(f"/admin/lots/delete/{lot.pk}/")
        assert response.status_code == 302
        assert response["Location"] == f"/admin/lots/edit/{lot.pk}/"
        assert "không thể xoá" in lot_messages(response)
    assert Lot.objects.filter(pk=lot.pk).exists()


def test_a_producer_cannot_delete_another_producers_lot(producer_client, other_lot):
    assert producer_client.post(f"/admin/lots/delete/{other_lot.pk}/").status_code == 404
    assert Lot.objects.filter(pk=other_lot.pk).exists()
