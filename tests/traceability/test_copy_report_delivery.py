"""A copied-label report is kept and answered at once; its email goes out from the background worker,
again later if SMTP was down; one address cannot send dozens of them."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from catalogue.permissions import grant_producer_access
from ops.tasks import BACKEND
from tests.servers import closed_port, smtp
from traceability import reports, tasks
from traceability.models import CopyReport

pytestmark = pytest.mark.django_db

FORM = "/truy-xuat/bao-tem-sao-chep/"


@pytest.fixture
def readers(producer):
    """Who reads reports on this producer's lots: its staff and programme staff."""
    staff = get_user_model().objects.create_user("dong-a", "dong-a@example.com", "pw")
    grant_producer_access(staff, producer)
    get_user_model().objects.create_superuser("admin", "ocop@example.com", "pw")


@pytest.fixture
def report_form(lot, pack):
    return {"gtin": pack.gtin, "lot": lot.code, "serial": "ABCD1234", "status": "repeat"}


@pytest.fixture
def database_tasks(settings, monkeypatch):
    """Tasks wait in the database for `run_worker --batch`, as with `make run` (see tests/ops)."""
    if settings.TASKS_BACKEND == "rq":
        pytest.skip("the tasks were built for RQ (REDIS_URL); the database backend cannot load them")
    from django_tasks_db.management.commands import db_worker

    settings.TASKS = {
        **settings.TASKS,
        BACKEND: {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    }
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: call_command("run_worker", "--batch")


def test_a_report_is_kept_and_answered_at_once_while_smtp_hangs_and_the_worker_emails_it(
    client, settings, readers, report_form, silent_smtp, database_tasks, django_capture_on_commit_callbacks
):
    run_worker = database_tasks
    locmem = settings.MAILERS
    settings.MAILERS = smtp(silent_smtp.port, timeout=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, {**report_form, "details": "Tem mờ, mã đã được kiểm tra 40 lần"})
    assert silent_smtp.connections == 0  # queued: the request never waited on SMTP's 10 s
    assert response.status_code == 200
    report = CopyReport.objects.get()
    assert report.emailed_at is None
    queued = DBTaskResult.objects.get(task_path="traceability.tasks.send_copy_report")
    assert queued.args_kwargs == {"args": [report.pk], "kwargs": {}}

    settings.MAILERS = locmem  # the worker meets a working SMTP server
    run_worker()
    # A message each: the producer's staff never read programme staff's addresses, nor they theirs.
    assert sorted(message.to for message in mail.outbox) == [["dong-a@example.com"], ["ocop@example.com"]]
    assert all("Tem mờ, mã đã được kiểm tra 40 lần" in message.body for message in mail.outbox)
    report.refresh_from_db()
    assert report.emailed_at is not None


def test_a_report_whose_email_failed_is_sent_by_the_sweep_once(
    client, settings, readers, report_form, django_capture_on_commit_callbacks
):
    locmem = settings.MAILERS
    settings.MAILERS = smtp(closed_port())  # SMTP is down when the report's own task runs
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(FORM, {**report_form, "details": "Tem lạ"}).status_code == 200
    report = CopyReport.objects.get()
    assert report.emailed_at is None and mail.outbox == []

    settings.MAILERS = locmem  # SMTP is back
    assert tasks.send_unsent_copy_reports.call() == 0  # too fresh: its own task may still be at it
    with freeze_time(timezone.now() + datetime.timedelta(minutes=6)):
        assert tasks.send_unsent_copy_reports.call() == 1
        assert tasks.send_unsent_copy_reports.call() == 0  # never twice
    assert len(mail.outbox) == 2  # once to each reader
    report.refresh_from_db()
    assert report.emailed_at is not None


def test_the_sweep_is_on_the_workers_schedule():
    assert django_settings.TASK_SCHEDULE["traceability.tasks.send_unsent_copy_reports"] <= 600


def test_the_sweep_stops_at_the_first_mail_failure_and_leaves_every_report_for_the_next(settings, lot):
    for details in ("một", "hai", "ba"):
        CopyReport.objects.create(lot=lot, details=details)
    settings.MAILERS = smtp(closed_port())
    get_user_model().objects.create_superuser("admin", "ocop@example.com", "pw")
    with freeze_time(timezone.now() + datetime.timedelta(minutes=6)):
        assert reports.send_unsent_reports() == 0
    assert CopyReport.objects.filter(emailed_at__isnull=True).count() == 3


def test_one_address_sends_a_few_reports_then_is_told_to_wait_with_its_text_kept(
    client, settings, readers, report_form, django_capture_on_commit_callbacks
):
    settings.RATE_LIMITS_ENABLED = True
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(reports.REPORTS_PER_WINDOW):
            assert client.post(FORM, {**report_form, "details": f"Tem lạ số {number}"}).status_code == 200
        refused = client.post(FORM, {**report_form, "details": "Tem lạ, mua ở chợ Bến Thành"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 15 * 60
    soup = BeautifulSoup(refused.content.decode(), "html.parser")
    assert soup.select_one("[role=alert]").text == (
        "Bạn đã gửi nhiều báo cáo trong thời gian ngắn nên báo cáo này chưa được gửi. Nội dung bạn nhập vẫn "
        "còn bên dưới: hãy gửi lại sau 15 phút (ảnh cần chọn lại)."
    )
    assert soup.select_one("textarea[name=details]").text.strip() == "Tem lạ, mua ở chợ Bến Thành"
    assert soup.select_one("input[name=serial]")["value"] == "ABCD1234"
    assert CopyReport.objects.count() == reports.REPORTS_PER_WINDOW
    assert len(mail.outbox) == 2 * reports.REPORTS_PER_WINDOW  # each to both readers
    other = client.post(FORM, {**report_form, "details": "Tem lạ"}, REMOTE_ADDR="10.0.0.7")
    assert other.status_code == 200  # another buyer is not held back


def test_a_form_sent_back_with_an_error_does_not_use_up_the_allowance(client, settings, report_form):
    settings.RATE_LIMITS_ENABLED = True
    for _ in range(reports.REPORTS_PER_WINDOW + 2):
        assert client.post(FORM, {**report_form, "details": ""}).status_code == 400
    assert client.post(FORM, {**report_form, "details": "Tem lạ"}).status_code == 200


# Nothing a reader would see: a zero-width space, a word joiner, a byte order mark, a Hangul filler, a
# direction control, between spaces (a paste from Zalo or Facebook can be only these).
INVISIBLE_ONLY = ["   \u200b \u202e  ", "\u2060", "\ufeff\u200b\n\u3164"]


@pytest.mark.parametrize("details", INVISIBLE_ONLY)
def test_a_report_of_only_invisible_characters_is_refused_as_empty_and_not_counted(
    client, settings, readers, report_form, details, django_capture_on_commit_callbacks
):
    settings.RATE_LIMITS_ENABLED = True
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(reports.REPORTS_PER_WINDOW + 1):
            refused = client.post(FORM, {**report_form, "details": details})
            assert refused.status_code == 400
            box = BeautifulSoup(refused.content.decode(), "html.parser").select_one("textarea[name=details]")
            assert [error.text for error in box.parent.select(".errorlist li")] == ["Trường này là bắt buộc."]
        assert CopyReport.objects.count() == 0
        assert mail.outbox == []
        assert client.post(FORM, {**report_form, "details": "Tem\u200b lạ"}).status_code == 200


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        ("repeat", "Mã đã được kiểm tra trước đó"),
        ("unknown", "Mã không có trong hồ sơ"),
        ("voided", "Mã thuộc đợt tem đã huỷ"),
    ],
)
def test_the_email_says_in_words_what_the_page_told_the_buyer(
    client, readers, report_form, status, shown, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, {**report_form, "status": status, "details": "Tem lạ"})
    assert response.status_code == 200
    message, _other_reader = mail.outbox
    assert f"Trang đã báo: {shown}\n" in message.body


def test_a_report_on_a_code_under_no_lot_names_the_product_pack_and_gtin_in_its_email(
    client, readers, pack, django_capture_on_commit_callbacks
):
    scanned = {"gtin": pack.gtin, "serial": "ZZZZZZZZZZZ", "status": "unknown"}  # an unknown package code
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(FORM, {**scanned, "details": "Tem lạ"}).status_code == 200
    message, _other_reader = mail.outbox
    named = f"{pack.product.title} – {pack.label} (GTIN {pack.gtin})"
    assert message.subject == f"Báo tem nghi sao chép: {named}, mã ZZZZZZZZZZZ"
    assert f"Sản phẩm: {named}\n" in message.body
    assert "Lô: không rõ\n" in message.body
    assert "?" not in message.subject + message.body


def test_a_report_on_a_lot_names_its_product_pack_and_lot_in_its_email(
    client, readers, report_form, pack, lot, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(FORM, {**report_form, "details": "Tem lạ"}).status_code == 200
    message, _other_reader = mail.outbox
    named = f"{pack.product.title} – {pack.label} (GTIN {pack.gtin})"
    assert message.subject == f"Báo tem nghi sao chép: {named}, lô {lot.code}, mã ABCD1234"
    assert f"Sản phẩm: {named}\nLô: {lot.code}\n" in message.body


def test_the_email_links_the_lots_page_by_that_name_and_never_the_package_whose_check_it_would_count(
    client, readers, report_form, lot, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(FORM, {**report_form, "details": "Tem lạ"}).status_code == 200
    message, _other_reader = mail.outbox
    assert f"Trang của lô: {django_settings.SITE_URL}{lot.get_absolute_url()}\n" in message.body
    assert "/21/" not in message.body
