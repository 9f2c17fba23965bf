"""A tourist who scans a package and reads its page in English (`…?lang=en`) stays in English on the
pages that follow: the product to buy, the province shared after a first check and its thanks, the
copied-label report and what answers it, the lots listed on the product page."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from places.models import Province
from tests.page_links import not_in
from traceability.models import Lot

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def soup_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def in_english(url: str) -> str:
    return f"{url}?lang=en"


@pytest.fixture
def phone():
    return Client(enforce_csrf_checks=True, headers={"Accept": BROWSER})


def test_every_link_of_an_english_lot_page_keeps_english(phone, lot, lot_url):
    page = phone.get(in_english(lot_url))
    assert page.headers["Content-Language"] == "en"
    assert soup_of(page).find("a", string="Buy this product")["href"].endswith("?lang=en")
    assert not_in("en", page) == []


def test_the_lots_and_recall_on_an_english_product_page_keep_english(phone, lot, product):
    Lot.objects.filter(pk=lot.pk).update(notice_level="recall", notice="Bao bì bị hở.")
    page = phone.get(in_english(product.url))
    assert soup_of(page).select(".trace-notice a")  # the recall's link to its lot
    assert not_in("en", page) == []


def test_the_vietnamese_package_page_links_without_asking_for_a_language(phone, serial_url):
    assert not_in("", phone.get(serial_url)) == []


def test_sharing_the_province_from_an_english_first_check_answers_in_english(phone, serial_url):
    first_check = phone.get(in_english(serial_url))
    assert not_in("en", first_check) == []
    form = soup_of(first_check).select_one("form.trace-share")
    token = form.select_one("input[name=token]")["value"]

    refused = phone.post(form["action"], {"token": token, "province": ""})
    assert refused.status_code == 400
    assert soup_of(refused).select_one(".errorlist").text == "Please choose a province/city"
    assert not_in("en", refused) == []

    province = Province.objects.order_by("code").first()
    again = soup_of(refused).select_one("form.trace-share")
    shared = phone.post(again["action"], {"token": token, "province": province.code}, follow=True)
    assert shared.redirect_chain[0][0].endswith("&lang=en")
    assert soup_of(shared).h1.text == "Thank you"
    assert soup_of(shared).find("a", string="Back to the pack's check page")["href"] == in_english(serial_url)
    assert not_in("en", shared) == []


def test_a_package_page_from_its_lots_cached_page_keeps_english(phone, sheet, pack, page_cache):
    first, second = (
        f"/01/{pack.gtin}/10/{s.lot.code}/21/{s.serial}" for s in sheet.serials.order_by("pk")[:2]
    )
    phone.get(in_english(first))  # keeps what surrounds the check, for the lot's other packages
    page = phone.get(in_english(second))
    assert soup_of(page).select_one("form.trace-share")  # this package's own check box
    assert not_in("en", page) == []
    assert not_in("", Client(headers={"Accept": BROWSER}).get(second)) == []  # the Vietnamese page


def test_reporting_a_copied_label_from_an_english_unknown_code_stays_in_english(phone, lot, pack):
    unknown = phone.get(in_english(f"/01/{pack.gtin}/10/{lot.code}/21/AAAAAAAAAAA"))
    assert not_in("en", unknown) == []
    report_url = soup_of(unknown).find("a", string="Report a suspected copied label")["href"]

    form_page = phone.get(report_url)
    assert form_page.headers["Content-Language"] == "en"
    assert not_in("en", form_page) == []
    form = soup_of(form_page).select_one("form.copy-report")
    fields = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    sent = Client().post(report_url, {**fields, "details": "Tem mờ, mã in lệch."})
    assert soup_of(sent).h1.text == "Report sent"
    assert not_in("en", sent) == []
