"""After a package's first check, its scanner may share the province: the page that answers asks again
when nothing was chosen, and always leads back to the package."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from places.choices import choice_label
from places.models import Province

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def soup_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)  # the form works on its signed token alone


@pytest.fixture
def share_form(browser, serial_url):
    return soup_of(browser.get(serial_url, HTTP_ACCEPT=BROWSER)).select_one("form.trace-share")


def back_link(response):
    return soup_of(response).find("a", string="Quay lại trang kiểm tra gói hàng")["href"]


def test_sharing_with_no_province_chosen_asks_again_with_the_token_kept(browser, share_form, serial_url):
    token = share_form.select_one("input[name=token]")["value"]
    province = Province.objects.order_by("code").first()
    response = browser.post(share_form["action"], {"token": token, "province": ""})
    assert response.status_code == 400
    soup = soup_of(response)
    assert soup.select_one(".errorlist").text == "Vui lòng chọn tỉnh/thành phố"
    again = soup.select_one("form.trace-share")
    assert again.select_one("input[name=token]")["value"] == token
    assert again.select_one(f'select[name=province] option[value="{province.code}"]').text == choice_label(
        province.name
    )
    assert "Chỉ người kiểm tra đầu tiên" not in response.content.decode()  # nothing blamed on the scanner
    assert back_link(response) == serial_url

    shared = browser.post(again["action"], {"token": token, "province": province.code}, follow=True)
    assert shared.status_code == 200
    assert soup_of(shared).h1.text == "Cảm ơn bạn"
    back = soup_of(browser.get(back_link(shared), HTTP_ACCEPT=BROWSER)).select_one(".trace-check")
    assert back.h2.text.startswith("Bạn đã kiểm tra gói này lần đầu")  # not a second check
    assert f"Nơi kiểm tra lần đầu: {province.name}." in back.text
    later = Client().get(serial_url, HTTP_ACCEPT=BROWSER)  # another phone
    assert soup_of(later).select_one(".trace-check h2").text.endswith(f"tại {province.name}")


def test_the_thank_you_page_comes_after_a_redirect_so_reloading_it_sends_nothing_again(
    browser, share_form, serial_url
):
    token = share_form.select_one("input[name=token]")["value"]
    province = Province.objects.order_by("code").first()
    shared = browser.post(share_form["action"], {"token": token, "province": province.code})
    assert shared.status_code == 302
    reloaded = browser.get(shared["Location"])  # what a phone reloads: the page after the redirect
    assert reloaded.status_code == 200
    assert soup_of(reloaded).h1.text == "Cảm ơn bạn"
    assert back_link(reloaded) == serial_url


def test_sending_the_same_province_again_still_thanks_the_first_checker(browser, share_form, serial_url):
    token = share_form.select_one("input[name=token]")["value"]
    province = Province.objects.order_by("code").first()
    browser.post(share_form["action"], {"token": token, "province": province.code})
    again = browser.post(share_form["action"], {"token": token, "province": province.code}, follow=True)
    assert again.status_code == 200
    assert soup_of(again).h1.text == "Cảm ơn bạn"
    assert back_link(again) == serial_url
    later = Client().get(serial_url, HTTP_ACCEPT=BROWSER)  # another phone
    assert soup_of(later).select_one(".trace-check h2").text.endswith(f"tại {province.name}")


def test_a_refused_share_still_leads_back_to_the_package(browser, share_form, serial_url):
    token = share_form.select_one("input[name=token]")["value"]
    first, other = Province.objects.order_by("code")[:2]
    browser.post(share_form["action"], {"token": token, "province": first.code})
    refused = browser.post(share_form["action"], {"token": token, "province": other.code})  # shared already
    assert refused.status_code == 400
    assert soup_of(refused).select_one(".lead").text == (
        "Chỉ người kiểm tra đầu tiên mới chia sẻ được, một lần, trong vòng một giờ."
    )
    assert back_link(refused) == serial_url
    later = Client().get(serial_url, HTTP_ACCEPT=BROWSER)  # the first place shared is kept
    assert soup_of(later).select_one(".trace-check h2").text.endswith(f"tại {first.name}")


def test_the_thank_you_page_of_a_place_never_shared_thanks_nobody(browser, share_form, serial_url):
    token = share_form.select_one("input[name=token]")["value"]
    response = browser.get("/truy-xuat/noi-kiem-tra/da-chia-se/", {"token": token})
    assert response.status_code == 404
    assert "Cảm ơn bạn" not in response.content.decode()


def test_a_forged_token_is_refused_with_a_way_home(browser, share_form):
    response = browser.post(share_form["action"], {"token": "forged", "province": ""})
    assert response.status_code == 400
    soup = soup_of(response)
    assert soup.h1.text == "Không ghi được nơi kiểm tra"
    assert soup.select_one("form.trace-share") is None
    assert soup.find("a", string="Về trang chủ")["href"] == "/"
