"""What an editor schedules ("Ngày giờ xuất bản", "Ngày giờ hết hạn") happens on the worker's clock, and
shoppers see it at once, past the page cache."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from freezegun import freeze_time

from cms.tasks import publish_scheduled_pages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

SCHEDULED = "cms.tasks.publish_scheduled_pages"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the purges), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def public_text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_worker_publishes_scheduled_pages_every_minute():
    assert settings.TASK_SCHEDULE[SCHEDULED] == 60


def test_a_store_change_scheduled_for_a_minute_later_shows_on_its_cached_page_once_it_is_due(
    client, make_store, committed
):
    store = make_store(description="Mở cửa từ tháng Mười.")
    store.save_revision().publish()  # published from the editor, as every store's page is
    store.refresh_from_db()
    assert "Mở cửa từ tháng Mười." in public_text(client, store.url)
    assert client.get(store.url)["X-Page-Cache"] == "hit"

    store.description = "Khai trương gian hàng Tết."
    store.go_live_at = timezone.now() + datetime.timedelta(minutes=1)
    with committed():
        store.save_revision().publish()
    assert store.get_lock() is not None  # the editor says it is locked until then
    with committed():
        publish_scheduled_pages.enqueue()
    assert "Khai trương gian hàng Tết." not in public_text(client, store.url)

    with freeze_time(timezone.now() + datetime.timedelta(minutes=2)), committed():
        publish_scheduled_pages.enqueue()

    page = public_text(client, store.url)
    assert "Khai trương gian hàng Tết." in page
    assert "Mở cửa từ tháng Mười." not in page
    assert type(store).objects.get(pk=store.pk).get_lock() is None  # the store can edit its page again


def test_a_page_past_its_expiry_leaves_the_cached_store_list_and_its_address(client, make_store, committed):
    store = make_store(title="Cửa hàng OCOP Chợ Lách")
    store.save_revision().publish()
    store.refresh_from_db()
    index = store.get_parent()
    assert "Cửa hàng OCOP Chợ Lách" in public_text(client, index.url)
    store.expire_at = timezone.now() + datetime.timedelta(minutes=1)
    with committed():
        store.save_revision().publish()

    with freeze_time(timezone.now() + datetime.timedelta(minutes=2)), committed():
        publish_scheduled_pages.enqueue()

    assert client.get(store.url).status_code == 404
    assert "Cửa hàng OCOP Chợ Lách" not in public_text(client, index.url)
