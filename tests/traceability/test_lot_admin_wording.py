"""How the admin names lots and leads to what can be done with them: a lot is its code and its
product's pack ("L2406-01 · Kẹo dừa sầu riêng – Hộp 400g"), never a GTIN-14 a producer cannot read."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests.traceability.test_admin import _event, _lot_form
from traceability import serials
from traceability.models import Lot

pytestmark = pytest.mark.django_db

NAMED = "L2406-01 · Kẹo dừa sầu riêng – Hộp 400g"


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_the_certificate_forms_lot_select_names_each_lot_by_code_and_product(producer_client, lot):
    select = soup_of(producer_client.get("/admin/certificates/new/")).select_one("select[name=lot]")
    labels = [option.text for option in select.select("option") if option["value"]]
    assert labels == [NAMED]


def test_creating_and_saving_a_lot_says_its_code_and_product(producer_client, pack):
    produced = timezone.localdate() - datetime.timedelta(days=5)
    events = [_event(0, "harvest", timezone.now() - datetime.timedelta(days=7), "Ấp Phú Lợi", "HTX Phú Túc")]
    form = _lot_form(pack, produced, produced + datetime.timedelta(days=365), events)
    created = producer_client.post("/admin/lots/new/", form, follow=True)
    assert any("L2411-09 · Kẹo dừa sầu riêng – Hộp 400g" in message for message in messages_of(created))
    assert not any(pack.gtin in message for message in messages_of(created))
    lot = Lot.objects.get(code="L2411-09")
    edit_url = f"/admin/lots/edit/{lot.pk}/"
    from tests.admin_forms import form_data

    saved = producer_client.post(edit_url, form_data(producer_client.get(edit_url).content), follow=True)
    assert any("L2411-09 · Kẹo dừa sầu riêng – Hộp 400g" in message for message in messages_of(saved))
    assert not any(pack.gtin in message for message in messages_of(saved))


def test_the_certificate_forms_dates_are_the_browsers_date_boxes(producer_client):
    soup = soup_of(producer_client.get("/admin/certificates/new/"))
    assert soup.select_one("input[name=valid_from]")["type"] == "date"
    assert soup.select_one("input[name=valid_until]")["type"] == "date"


def test_a_certificate_typed_in_date_boxes_is_saved(producer_client, producer):
    from traceability.models import Certificate

    response = producer_client.post(
        "/admin/certificates/new/",
        {
            "kind": "vietgap",
            "number": "VG-2025-01",
            "issuer": "Sở Nông nghiệp",
            "valid_from": "2025-01-10",
            "valid_until": "2028-01-10",
            "producer": producer.pk,
            "lot": "",
        },
    )
    assert response.status_code == 302
    certificate = Certificate.objects.get(number="VG-2025-01")
    assert (certificate.valid_from, certificate.valid_until) == (
        datetime.date(2025, 1, 10),
        datetime.date(2028, 1, 10),
    )


def test_the_lot_list_leads_to_per_package_labels_and_to_recall_or_warning(producer_client, lot):
    row = (
        soup_of(producer_client.get("/admin/lots/"))
        .find("a", href=f"/admin/lots/edit/{lot.pk}/")
        .find_parent("tr")
    )
    links = {a.text.strip(): a["href"] for a in row.select("a[href]")}
    assert links["Tem theo gói"] == f"/admin/traceability/lots/{lot.pk}/serials/"
    assert links["Thu hồi / cảnh báo"] == f"/admin/traceability/lots/{lot.pk}/notice/"


def test_the_serial_page_groups_the_lots_package_count(producer_client, lot):
    Lot.objects.filter(pk=lot.pk).update(quantity=1500)
    serials.issue(lot, 1000)
    text = " ".join(soup_of(producer_client.get(f"/admin/traceability/lots/{lot.pk}/serials/")).text.split())
    assert "lô gồm 1.500 gói" in text
    assert "1.000" in [
        td.text
        for td in soup_of(producer_client.get(f"/admin/traceability/lots/{lot.pk}/serials/")).select("td")
    ]


def test_the_lot_list_groups_the_pack_count_as_the_serial_page_does(producer_client, lot):
    Lot.objects.filter(pk=lot.pk).update(quantity=3500)
    soup = soup_of(producer_client.get("/admin/lots/"))
    headings = [th.get_text(" ", strip=True) for th in soup.select("table.listing thead th")]
    row = soup.select_one("table.listing tbody tr")
    cells = [td.get_text(" ", strip=True) for td in row.select("td")]
    assert cells[headings.index("Số lượng sản xuất")] == "3.500"


def test_in_english_the_serials_page_heads_a_column_issued_and_its_button_says_issue(producer_client, lot):
    """Needs the compiled English catalogue (msgctxt "button" of "Phát hành" → "Issue")."""
    from wagtail.users.models import UserProfile

    user = producer_client.get("/admin/").wsgi_request.user
    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(preferred_language="en")
    page = soup_of(producer_client.get(f"/admin/traceability/lots/{lot.pk}/serials/"))
    assert "Issued" in [heading.text for heading in page.select("th")]
    assert page.select_one("form button").text == "Issue"
