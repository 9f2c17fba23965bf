"""Every demo account saves its own "Tài khoản" screen (the admin's language, time zone, notifications):
"Tên" and "Họ" (first and last name) are optional there: the demo accounts have no "Họ", admin no name."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages

from demo.loader import DEMO_ACCOUNTS
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", DEMO_ACCOUNTS)
def test_each_demo_account_switches_the_admin_to_english_from_its_account_screen(
    client, demo_catalogue, username
):
    client.force_login(get_user_model().objects.get(username=username))
    data = form_data(client.get("/admin/account/").content)
    data["locale-preferred_language"] = "en"
    response = client.post("/admin/account/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    # Said in the language the screen was sent in; the admin speaks English from the next page on.
    assert "Đã thay đổi cài đặt tài khoản thành công!" in [
        str(message).strip() for message in get_messages(response.wsgi_request)
    ]
    assert 'lang="en"' in client.get("/admin/").content.decode()


def test_an_account_whose_whole_name_is_in_one_field_saves_its_settings(client, db):
    user = get_user_model().objects.create_user(
        "nv-dong-a", "nv@example.vn", "pw", first_name="Nguyễn Thị Lan"
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    data = form_data(client.get("/admin/account/").content)
    assert data["name_email-last_name"] == ""
    data["locale-preferred_language"] = "en"
    assert client.post("/admin/account/", data).status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Nguyễn Thị Lan", "")
