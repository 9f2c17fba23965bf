"""An old address (a page whose slug changed, or a redirect an editor made) leads to the page as the
visitor asked for it: in English for `?lang=en`, with a shared link's campaign tags."""

import pytest
from wagtail.contrib.redirects.models import Redirect

pytestmark = pytest.mark.django_db


@pytest.fixture
def renamed_store(make_store, django_capture_on_commit_callbacks):
    """A store whose staff changed its slug to "0" and back: Wagtail redirects /cua-hang/0/ to it (once
    the publish commits)."""
    store = make_store()
    for slug in ("0", "ben-tre"):
        store.slug = slug
        with django_capture_on_commit_callbacks(execute=True):
            store.save_revision().publish()
    return store


def test_an_old_store_address_keeps_the_english_visitor_in_english(client, renamed_store):
    old = f"{renamed_store.get_parent().url}0/"
    response = client.get(old, {"lang": "en"})
    assert response.status_code == 301
    assert response["Location"] == f"{renamed_store.url}?lang=en"


def test_an_old_store_address_keeps_a_shared_links_campaign_tags(client, renamed_store):
    response = client.get(f"{renamed_store.get_parent().url}0/?utm_source=zalo&utm_medium=share")
    assert response["Location"] == f"{renamed_store.url}?utm_source=zalo&utm_medium=share"
    plain = client.get(f"{renamed_store.get_parent().url}0/")
    assert plain["Location"] == renamed_store.url


def test_an_editors_redirect_keeps_its_own_query_before_the_visitors(client, home, category):
    Redirect.objects.create(old_path="/khuyen-mai", redirect_link="/san-pham/?sort=price&lang=vi")
    response = client.get("/khuyen-mai/?lang=en&utm_source=zalo")
    assert response["Location"] == "/san-pham/?sort=price&lang=vi&utm_source=zalo"


def test_a_redirect_made_for_one_query_leads_where_its_editor_said(client, home, category):
    Redirect.objects.create(old_path="/tim?q=keo", redirect_link="/san-pham/")
    assert client.get("/tim/?q=keo")["Location"] == "/san-pham/"
