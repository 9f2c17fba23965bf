"""Signing in on the site's sign-in page (/_util/login/, where a restricted page sends visitors) without a
page to go back to (`next` missing, or not one of ours) lands somewhere useful: the admin for staff, the
home page for everyone else; never Django's /accounts/profile/, a 404 here."""

import pytest
from django.contrib.auth.models import Permission

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-dai"  # noqa: S105 (a test account)


@pytest.fixture
def visitor(django_user_model):
    return django_user_model.objects.create_user("lan", password=PASSWORD)


@pytest.fixture
def producer_staff(django_user_model):
    user = django_user_model.objects.create_user("dong-a", password=PASSWORD)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def landing(client, user, query="") -> str:
    response = client.post(
        f"/_util/login/{query}", {"username": user.username, "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    return response.redirect_chain[-1][0]


@pytest.mark.parametrize("query", ["", "?next=//evil.com", "?next=https://evil.com/"])
def test_a_visitor_signing_in_without_a_page_to_return_to_lands_on_the_home_page(
    client, home, visitor, query
):
    assert landing(client, visitor, query) == "/"


@pytest.mark.parametrize("query", ["", "?next=//evil.com"])
def test_staff_signing_in_without_a_page_to_return_to_land_in_the_admin(client, home, producer_staff, query):
    assert landing(client, producer_staff, query) == "/admin/"


def test_a_page_to_return_to_is_still_where_the_sign_in_leads(client, home, product, visitor):
    assert landing(client, visitor, f"?next={product.url}") == product.url
