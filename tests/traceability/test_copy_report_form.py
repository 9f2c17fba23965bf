"""The copied-label report form as a buyer meets it: it names what was scanned, in the buyer's language,
and keeps it whatever the buyer does on the page before sending."""

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

from traceability.models import CopyReport

pytestmark = pytest.mark.django_db

FORM = "/truy-xuat/bao-tem-sao-chep/"


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def language_form(soup):
    form = soup.select_one("form.language-form")
    return form["action"], {field["name"]: field.get("value", "") for field in form.select("input[name]")}


def test_switching_language_on_the_report_form_keeps_what_was_scanned_and_the_report_names_the_lot(
    client, lot, pack
):
    scanned = {"gtin": pack.gtin, "lot": lot.code, "serial": "ABCD1234", "status": "repeat"}
    action, fields = language_form(soup_of(client.get(f"{FORM}?{urlencode({**scanned, 'lang': 'en'})}")))
    switched = client.post(action, {**fields, "language": "en"})
    assert switched.status_code == 302
    form = soup_of(client.get(switched["Location"])).select_one("form.copy-report")
    kept = {name: form.select_one(f"input[name={name}]")["value"] for name in scanned}
    assert kept == scanned

    assert client.post(FORM, {**kept, "details": "Tem lạ"}).status_code == 200
    report = CopyReport.objects.get()
    assert (report.lot, report.serial_code, report.page_status) == (lot, "ABCD1234", "repeat")


def test_the_english_form_does_not_call_the_one_product_reported_products(client, lot, pack):
    query = urlencode({"gtin": pack.gtin, "lot": lot.code, "lang": "en"})
    facts = soup_of(client.get(f"{FORM}?{query}")).select_one("dl.facts")
    assert facts.select_one("dt").text != "Products"  # the menus' plural
    assert facts.select_one("dd").text == pack.product.title
    vietnamese = soup_of(client.get(f"{FORM}?{urlencode({'gtin': pack.gtin})}")).select_one("dl.facts dt")
    assert vietnamese.text == "Sản phẩm"


@pytest.mark.parametrize(
    ("lang", "title", "link"),
    [
        ("vi", "Chưa gửi được báo cáo. Vui lòng sửa các mục sau:", "Bạn thấy điều gì bất thường?: "),
        ("en", None, "What looks wrong?: "),  # its heading's English comes with `make messages`
    ],
)
def test_a_report_refused_by_the_server_is_announced_at_the_top_where_the_focus_lands(
    client, lot, pack, lang, title, link
):
    scanned = {"gtin": pack.gtin, "lot": lot.code, "serial": "ABCD1234"}
    response = client.post(f"{FORM}?lang={lang}", {**scanned, "details": "   "})  # spaces pass `required`
    assert response.status_code == 400
    form = BeautifulSoup(response.content.decode(), "html.parser").select_one("form.copy-report")
    summary = form.select_one(".error-summary")
    assert summary["role"] == "alert"
    heading = summary.select_one("h2")
    assert heading.has_attr("autofocus") and heading["tabindex"] == "-1"
    if title:
        assert heading.text == title
    assert summary.find_next("textarea")["name"] == "details"  # above the fields
    (error,) = summary.select("a")
    assert error["href"] == "#id_details"
    assert error.text.startswith(link)
    assert CopyReport.objects.count() == 0
