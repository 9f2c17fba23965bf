"""Periodic work on a clock, and the work that moved off the request path: index updates, scan flushes,
order expiry, certificate reminders."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from catalogue.factories import PackSizeFactory, ProductPageFactory
from ops import scheduler
from search.engines import reset_engines
from tests.page_tree import independent_of_the_page_tree
from tests.servers import free_port
from traceability import scans
from traceability.factories import CertificateFactory, LotFactory
from traceability.tasks import remind_expiring_certificates

pytestmark = pytest.mark.django_db

DAY = 86_400
MIDNIGHT = 20_000 * DAY  # a moment that starts a slot of every interval in the schedule


@pytest.fixture(autouse=True)
@independent_of_the_page_tree
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_each_scheduled_task_is_enqueued_once_per_slot(database_tasks):
    assert sorted(scheduler.tick(MIDNIGHT)) == [
        "cms.tasks.publish_scheduled_pages",
        "storefront.tasks.expire_orders",
        "storefront.tasks.send_unsent_order_emails",
        "traceability.tasks.announce_notices_in_force",
        "traceability.tasks.flush_scans",
        "traceability.tasks.remind_expiring_certificates",
        "traceability.tasks.send_unsent_copy_reports",
    ]
    assert scheduler.tick(MIDNIGHT + 30) == []  # a second scheduler, or the next tick: nothing twice
    assert sorted(scheduler.tick(MIDNIGHT + 60)) == [
        "cms.tasks.publish_scheduled_pages",
        "traceability.tasks.flush_scans",
    ]
    assert sorted(scheduler.tick(MIDNIGHT + 300)) == [
        "cms.tasks.publish_scheduled_pages",
        "storefront.tasks.expire_orders",
        "storefront.tasks.send_unsent_order_emails",
        "traceability.tasks.flush_scans",
        "traceability.tasks.send_unsent_copy_reports",
    ]
    assert DBTaskResult.objects.filter(status="READY").count() == 14


def test_the_worker_runs_what_the_clock_enqueued(database_tasks, run_worker):
    scheduler.tick(MIDNIGHT)
    run_worker()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 7
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


def test_certificates_running_out_in_30_and_7_days_are_emailed_to_superusers(producer, django_user_model):
    django_user_model.objects.create_superuser("chi", "chi@ocop.example", "pw-superuser-1")
    django_user_model.objects.create_superuser("no-mail", "", "pw-superuser-2")
    today = timezone.localdate()
    month = CertificateFactory(
        producer=producer, number="11/ATTP", valid_until=today + datetime.timedelta(days=30)
    )
    week = CertificateFactory(
        producer=producer, number="22/ATTP", valid_until=today + datetime.timedelta(days=7)
    )
    CertificateFactory(producer=producer, number="33/ATTP", valid_until=today + datetime.timedelta(days=8))

    result = remind_expiring_certificates.enqueue()

    assert result.return_value == 2
    [message] = mail.outbox
    assert message.to == ["chi@ocop.example"]
    assert message.subject == "2 giấy chứng nhận sắp hết hiệu lực"
    assert f"22/ATTP (Sở Y tế tỉnh Vĩnh Long): hết hiệu lực {week.valid_until:%d/%m/%Y}" in message.body
    assert f"11/ATTP (Sở Y tế tỉnh Vĩnh Long): hết hiệu lực {month.valid_until:%d/%m/%Y}" in message.body
    assert "33/ATTP" not in message.body
    assert "Công ty TNHH Đông Á" in message.body


def test_no_reminder_is_sent_when_nothing_runs_out(producer, django_user_model):
    django_user_model.objects.create_superuser("chi", "chi@ocop.example", "pw-superuser-1")
    CertificateFactory(producer=producer, valid_until=timezone.localdate() + datetime.timedelta(days=9))
    assert remind_expiring_certificates.enqueue().return_value == 0
    assert mail.outbox == []


def test_an_index_update_elasticsearch_missed_is_retried_by_the_worker(
    producer, category, settings, database_tasks, run_worker, django_capture_on_commit_callbacks
):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"  # Elasticsearch is down
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    settings.SEARCH_ENGINES = [
        "search.engines.elasticsearch.ElasticsearchEngine",
        "search.engines.database.DatabaseEngine",
    ]
    reset_engines()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            product = ProductPageFactory(parent=producer, categories=[category], title="Trà hoa vàng")
            PackSizeFactory(product=product)
        queued = DBTaskResult.objects.filter(task_path="search.tasks.update_products").count()
        assert queued >= 1
        run_worker()
        retries = DBTaskResult.objects.filter(status="READY")
        assert [(r.task_path, r.args_kwargs) for r in retries] == [
            ("search.tasks.update_products", {"args": [[product.pk]], "kwargs": {"attempt": 2}})
        ] * queued
        # The database engine took the update on the first attempt: search works meanwhile.
        from search.engines.database import DatabaseEngine

        assert DatabaseEngine().suggest("tra hoa vang") == [product.pk]
    finally:
        reset_engines()


def test_with_a_shared_cache_scan_batches_are_written_by_the_worker(
    settings, tmp_path, database_tasks, run_worker
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    lot = LotFactory()
    assert scans.record_scan(lot).count == 1
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "traceability.tasks.flush_lot_scans"
    lot.refresh_from_db()
    assert lot.scan_count == 0  # the request did not write the row
    run_worker()
    lot.refresh_from_db()
    assert lot.scan_count == 1
    assert lot.first_scanned_at is not None
