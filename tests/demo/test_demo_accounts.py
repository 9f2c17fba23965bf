"""The demo's sign-in accounts (admin, a producer, programme staff, a store) carry the password the
README prints: fine on a developer's machine (`make run`), refused on a deployment (DEBUG off, a real
DJANGO_SECRET_KEY), where anyone could sign in as the superuser."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page

from catalogue.models import ProducerPage
from demo.loader import DEMO_ACCOUNTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def deployment(settings):
    """The production-like stack: DEBUG off and its own DJANGO_SECRET_KEY."""
    settings.DEBUG = False
    settings.SECRET_KEY = "a-long-random-key-of-this-deployment-0123456789"
    settings.DEVELOPMENT = False


def test_a_deployment_refuses_demo_accounts_with_the_published_password_before_loading_anything(
    deployment, home
):
    pages = Page.objects.count()
    with pytest.raises(CommandError) as refusal:
        call_command("load_demo", verbosity=0)
    assert str(refusal.value) == (
        "DEMO_ADMIN_PASSWORD is the published demo password (ocop-demo-2026), which anyone can read:"
        " set DEMO_ADMIN_PASSWORD to a password of your own,"
        " or load the demo without accounts (manage.py load_demo --no-accounts)"
    )
    assert "\n" not in str(refusal.value)
    assert not get_user_model().objects.exists()
    assert Page.objects.count() == pages


def test_a_deployment_with_its_own_password_gets_the_accounts_with_that_password(deployment, settings):
    settings.DEMO_ADMIN_PASSWORD = "mat-khau-rieng-cua-trien-khai"  # noqa: S105
    call_command("load_demo", verbosity=0)
    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password("mat-khau-rieng-cua-trien-khai")
    assert not admin.check_password(settings.DEMO_PUBLISHED_PASSWORD)


def test_accounts_made_with_the_published_password_take_the_deployments_own(settings):
    """A database first loaded by `make run`, then deployed with a password of its own: the README's
    password no longer opens the admin; an account whose owner chose a password keeps it."""
    call_command("load_demo", verbosity=0)  # a developer's machine: the published password
    User = get_user_model()
    kept = User.objects.get(username="dong-a")
    kept.set_password("mat-khau-cua-dong-a")
    kept.save()
    settings.DEBUG, settings.DEVELOPMENT = False, False
    settings.DEMO_ADMIN_PASSWORD = "mat-khau-rieng-cua-trien-khai"  # noqa: S105
    call_command("load_demo", verbosity=0)
    for name in ("admin", "canbo-ocop", "cua-hang-ben-tre"):
        user = User.objects.get(username=name)
        assert user.check_password("mat-khau-rieng-cua-trien-khai")
        assert not user.check_password(settings.DEMO_PUBLISHED_PASSWORD)
    assert User.objects.get(username="dong-a").check_password("mat-khau-cua-dong-a")


def test_no_accounts_loads_the_catalogue_without_any_sign_in(deployment):
    call_command("load_demo", "--no-accounts", verbosity=0)
    assert ProducerPage.objects.filter(slug="dong-a").exists()
    assert not get_user_model().objects.filter(username__in=DEMO_ACCOUNTS).exists()


def development_setting(**variables) -> str:
    """settings.DEVELOPMENT in a fresh process with `variables` as the only deployment settings."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "DJANGO_DEBUG")}
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DEVELOPMENT)"],
        capture_output=True,
        text=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings", **variables},
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_make_run_is_a_developers_machine_and_a_secret_key_makes_a_deployment():
    """`make run` (DEBUG off by default, the development key) keeps admin / ocop-demo-2026."""
    assert development_setting() == "True"
    assert development_setting(DJANGO_DEBUG="1", DJANGO_SECRET_KEY="k" * 50) == "True"
    assert development_setting(DJANGO_SECRET_KEY="k" * 50) == "False"
