"""A visitor on the English site (?lang=en) who opens a restricted page is asked to sign in in English, and
after signing in lands on the page in English. Wagtail's redirect carries the language only inside `next`
(/_util/login/?next=/…/%3Flang%3Den), which the page then reads (cms/middleware.py)."""

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from cms.middleware import asked_language, without_language

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(product, django_user_model):
    PageViewRestriction.objects.create(page=product, restriction_type="login")
    django_user_model.objects.create_user("lan", password="mat-khau-dai")
    return product


def sign_in_form(response):
    """The sign-in page's form: where it posts, and its hidden fields."""
    form = BeautifulSoup(response.content, "html.parser").select_one("main form")
    return form["action"], {field["name"]: field["value"] for field in form.select("input[type=hidden]")}


def language(response):
    return response.headers["Content-Language"], BeautifulSoup(response.content, "html.parser").html["lang"]


def test_an_english_visitor_is_asked_to_sign_in_in_english_and_lands_on_the_english_page(client, restricted):
    sign_in = client.get(restricted.url + "?lang=en", follow=True)

    assert language(sign_in) == ("en", "en")
    assert BeautifulSoup(sign_in.content, "html.parser").h1.get_text() == "Sign in"
    action, fields = sign_in_form(sign_in)
    assert action == "/_util/login/?lang=en"  # the form's own answers (a wrong password) stay in English
    assert fields["next"] == restricted.url + "?lang=en"

    refused = client.post(action, {**fields, "username": "lan", "password": "sai"})
    assert language(refused) == ("en", "en")
    assert "Your username or password is incorrect." in refused.content.decode()

    signed_in = client.post(action, {**fields, "username": "lan", "password": "mat-khau-dai"})
    assert signed_in.status_code == 302
    assert signed_in["Location"] == restricted.url + "?lang=en"
    assert language(client.get(signed_in["Location"])) == ("en", "en")


def test_a_vietnamese_visitor_is_asked_in_vietnamese_as_before(client, restricted):
    sign_in = client.get(restricted.url, follow=True)

    assert language(sign_in) == ("vi", "vi")
    assert BeautifulSoup(sign_in.content, "html.parser").h1.get_text() == "Đăng nhập"
    action, fields = sign_in_form(sign_in)
    assert (action, fields["next"]) == ("/_util/login/", restricted.url)


def test_choosing_tieng_viet_on_the_english_sign_in_page_shows_it_and_then_the_page_in_vietnamese(
    client, restricted
):
    sign_in = client.get(restricted.url + "?lang=en", follow=True)
    footer = BeautifulSoup(sign_in.content, "html.parser").select_one("form.language-form")
    fields = {field["name"]: field.get("value", "") for field in footer.select("input[name]")}

    chosen = client.post(footer["action"], {**fields, "language": "vi"}, follow=True)

    assert language(chosen) == ("vi", "vi")
    action, fields = sign_in_form(chosen)
    assert fields["next"] == restricted.url
    signed_in = client.post(action, {**fields, "username": "lan", "password": "mat-khau-dai"})
    assert signed_in["Location"] == restricted.url
    assert language(client.get(signed_in["Location"])) == ("vi", "vi")


@pytest.mark.parametrize(
    ("query", "asked"),
    [
        ({"next": "/keo-dua/?lang=en"}, "en"),
        ({"next": "/keo-dua/?lang=en", "lang": "vi"}, "vi"),  # the page's own ?lang= first
        ({"next": "/keo-dua/?lang=fr"}, ""),
        ({"next": "/keo-dua/"}, ""),
        ({"next": "http://[::1"}, ""),  # not a URL: no language, never an error
        ({"next": "/a/?next=/b/%3Flang%3Den"}, ""),  # one step ahead only
    ],
)
def test_the_language_asked_is_the_pages_or_else_the_one_its_next_page_asks(query, asked):
    request = RequestFactory().get("/_util/login/", query)
    assert asked_language(request) == asked


def test_choosing_a_language_drops_the_one_the_next_page_asked_too():
    assert without_language("/_util/login/?next=/keo-dua/%3Flang%3Den") == "/_util/login/?next=%2Fkeo-dua%2F"
    assert without_language("/_util/login/?next=/keo-dua/") == "/_util/login/?next=/keo-dua/"
