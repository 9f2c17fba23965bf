"""Error pages a buyer or a member of staff may meet: in Vietnamese, saying what to do, never Django's
English defaults."""

import json
import logging

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.test import Client
from django.utils import translation
from phonenumber_field.formfields import PhoneNumberField

from catalogue.factories import PackSizeFactory
from ops.logs import JsonFormatter
from traceability.factories import LotFactory

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def text_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser").get_text(" ", strip=True)


def test_a_form_sent_without_its_token_says_what_to_do_in_vietnamese(home):
    # A buyer whose in-app browser blocks cookies, or who left the checkout open for days.
    response = Client(enforce_csrf_checks=True).post("/thanh-toan/", {"full_name": "Lan"})
    assert response.status_code == 403
    text = text_of(response)
    assert "Chưa gửi được biểu mẫu" in text
    assert "Bấm nút Quay lại của trình duyệt" in text
    # Back may reopen a page that is reloaded (an expired session's checkout is the cart): no promise
    # that what was typed is still there, but the advice to copy it before reloading.
    assert "vẫn còn trong biểu mẫu" not in text
    assert "những gì bạn đã nhập có thể bị xoá" in text
    assert "CSRF" not in text
    assert BeautifulSoup(response.content.decode(), "html.parser").select_one("a[href='/']")


def test_the_resolver_answers_other_methods_with_its_405_not_a_csrf_refusal(product):
    lot = LotFactory(pack_size=PackSizeFactory(product=product))
    client = Client(enforce_csrf_checks=True)
    for path in (lot.get_absolute_url(), "/.well-known/gs1resolver"):
        for method in (client.post, client.put, client.delete):
            response = method(path)
            assert response.status_code == 405, (path, method)
            assert response["Allow"] == "GET, HEAD, OPTIONS"
            assert response["Access-Control-Allow-Origin"] == "*"


def test_a_page_the_account_may_not_open_says_so_in_vietnamese(client, django_user_model, product):
    lot = LotFactory(pack_size=PackSizeFactory(product=product))
    client.force_login(django_user_model.objects.create_user("cua-hang", password="x"))
    response = client.get(f"/lots/{lot.pk}/labels/", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 403
    assert "Bạn không có quyền xem trang này" in text_of(response)


def test_a_request_for_another_host_gets_a_vietnamese_400(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in text_of(response)
    assert "Bad Request" not in text_of(response)


def test_a_request_for_another_host_is_logged_as_a_warning_without_a_traceback(client, caplog):
    # Scanners send junk Host headers all day: a line each, not an ERROR with a traceback (an alert).
    with caplog.at_level(logging.WARNING):
        response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    [record] = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert record.levelname == "WARNING"
    assert "evil.example" in record.getMessage()
    assert "exception" not in json.loads(JsonFormatter().format(record))


@pytest.mark.parametrize("account", ["producer's staff", "superuser"])
def test_wagtails_deliberate_error_page_is_not_found_by_anyone(client, producer_client, admin_user, account):
    # Wagtail's /admin/failwhale/ raises on purpose: any signed-in user could fill the log with errors.
    if account == "superuser":
        client.force_login(admin_user)
    response = client.get("/admin/failwhale/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("integer", "2.5", "Hãy nhập một số nguyên, chỉ gồm chữ số (ví dụ 45000)."),
        ("text", "Lan\x00", "Nội dung có ký tự không hợp lệ (ký tự rỗng); hãy gõ lại ô này."),
        (
            "phone",
            "abc",
            "Hãy nhập số điện thoại hợp lệ (ví dụ 0210 1234 567) hoặc số có mã quốc tế (+84 …).",
        ),
    ],
)
def test_djangos_own_form_messages_are_in_vietnamese(field, value, message):
    class Form(forms.Form):
        integer = forms.IntegerField(required=False)
        text = forms.CharField(required=False)
        phone = PhoneNumberField(region="VN", required=False)

    with translation.override("vi"):
        form = Form({field: value})
        assert form.errors[field] == [message]


def test_the_english_400_page_says_it_is_english(client):
    response = client.get("/?lang=en", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert BeautifulSoup(response.content.decode(), "html.parser").html["lang"] == "en"


def test_the_500_page_says_it_in_vietnamese_then_in_english_without_the_database(
    rf, django_assert_num_queries
):
    # It cannot know the visitor's language (the failure may be the database or the translations).
    from django.views.defaults import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/?lang=en"))
    assert response.status_code == 500
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.html["lang"] == "vi"
    assert soup.title.get_text() == "Lỗi máy chủ · Server error · OCOP Việt"
    assert [h.get_text(" ", strip=True) for h in soup.select("h1")] == ["Xin lỗi, đã có lỗi xảy ra"]
    english = soup.select_one("[lang=en]")
    assert english.get_text(" ", strip=True) == (
        "Sorry, something went wrong We have logged the problem. Please try again in a few minutes. "
        "Back to the home page"
    )
    text = soup.body.get_text(" ", strip=True)
    assert text.index("Vui lòng thử lại sau ít phút") < text.index("Please try again")
    assert [a["href"] for a in soup.select("a")] == ["/", "/?lang=en"]
