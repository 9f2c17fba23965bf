"""Every address the README gives as an example answers 200 on the demo a fresh `make run` serves
(`load_demo`, then `load_demo_lots`), redirects followed as a browser follows them (`/en/san-pham/`,
the checkout of an empty cart): a newcomer who types one meets the page it describes."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")

# Paths the README names that are no page to open: folders on disk, what is refused by design (a 404 said
# to be one), what only takes a POST, and parts of addresses.
NOT_PAGES = {
    "/app/backups",
    "/usr/lib/postgresql/*/bin",
    "/media/",
    "/media/documents/",
    "/media/images/",
    "/static/",
    "/documents/",
    "/metrics",  # a 404 but for METRICS_ALLOWED_IPS
    "/%6Detrics",
    "/api/v2/images/",  # said not to exist
    "/22/",  # a GS1 Application Identifier, in a sentence
    "/235/",
    "/lots/",
    "/gio-hang/them/",  # forms' targets: POST only
    "/gio-hang/goi-qua/them/",
    "/stripe/webhook/",
    "/webhooks/stripe/",
}
PLACEHOLDERS = re.compile(r"[{<…|*]")


def example_paths() -> list[str]:
    named = re.findall(r"`(/[^`\s]*)`", README) + re.findall(r"http://127\.0\.0\.1:8000(/[^\s`)\"]*)", README)
    return sorted({path for path in named if path not in NOT_PAGES and not PLACEHOLDERS.search(path)})


def test_the_readme_names_example_addresses():
    assert {"/", "/chu-the/dong-a/keo-dua-ca-cao/", "/cua-hang/ben-tre/?lang=en"} <= set(example_paths())


@pytest.mark.search_index
def test_every_example_address_in_the_readme_answers_200_on_the_demo(demo_catalogue, client):
    call_command("load_demo_lots", verbosity=0)
    client.force_login(get_user_model().objects.get(username="admin"))
    answers = {path: client.get(path, follow=True).status_code for path in example_paths()}
    assert {path: status for path, status in answers.items() if status != 200} == {}
