"""The admin's sign-in page, the first screen a producer's staff see, reads in Vietnamese: its labels and
the message after a wrong password (Wagtail's own Vietnamese leaves "Password" in English and garbles
the error and the username's placeholder)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.cache import cache

from tests.page_tree import independent_of_the_page_tree


@pytest.fixture(autouse=True)
@independent_of_the_page_tree
def no_failed_logins_remembered():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
@independent_of_the_page_tree
def producer_staff(db):
    return get_user_model().objects.create_user("dong-a", password="mat-khau-dung-2026", is_staff=True)


def label_of(soup, field_id):
    return soup.find("label", attrs={"for": field_id}).get_text(" ", strip=True).rstrip("*").strip()


def test_the_sign_in_form_labels_both_fields_in_vietnamese(client, home):
    soup = BeautifulSoup(client.get("/admin/login/").content, "html.parser")
    assert label_of(soup, "id_username") == "Tên đăng nhập"
    assert label_of(soup, "id_password") == "Mật khẩu"
    assert soup.find(id="id_username")["placeholder"] == "Nhập tên đăng nhập"
    assert soup.find(id="id_password")["placeholder"] == "Nhập mật khẩu"


def test_a_wrong_password_says_so_in_plain_vietnamese(client, producer_staff, home):
    response = client.post("/admin/login/", {"username": "dong-a", "password": "sai"})
    soup = BeautifulSoup(response.content, "html.parser")
    errors = [li.get_text(strip=True) for li in soup.select(".messages li.error")]
    assert errors == ["Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng thử lại."]
    assert "_auth_user_id" not in client.session


def test_the_right_password_still_signs_in(client, producer_staff, home):
    response = client.post("/admin/login/", {"username": "dong-a", "password": "mat-khau-dung-2026"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(producer_staff.pk)
