"""`make run` prints emails to the console: a person trying the shop reads them there, so the subject
and the text come out as written, not as =?utf-8?b?…?= and base64."""

import email
import io
import os
import subprocess
import sys
from email import policy
from itertools import takewhile
from pathlib import Path

from django.core.mail import EmailMultiAlternatives

from ops.mail import ReadableConsoleBackend

SUBJECT = "Đơn hàng OCW7QB7YEE đã được huỷ"
TEXT = "Chào Nguyễn Thị Hoa,\n\nCửa hàng đã huỷ đơn hàng OCW7QB7YEE. " + "Nội dung dài. " * 40


def test_an_email_on_the_console_reads_as_written():
    stream = io.StringIO()
    message = EmailMultiAlternatives(SUBJECT, TEXT, "OCOP Việt <cuahang@ocop.example>", ["hoa@example.vn"])
    message.attach_alternative(f"<p>{TEXT}</p>", "text/html")
    ReadableConsoleBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert f"Subject: {SUBJECT}" in printed
    assert "From: OCOP Việt <cuahang@ocop.example>" in printed
    assert TEXT.rstrip() in printed
    assert "[text/html]" in printed  # named, not dumped
    assert "=?utf-8?" not in printed


def test_make_runs_server_prints_its_emails_so_without_an_email_url():
    sending = f"from django.core.mail import send_mail; send_mail({SUBJECT!r}, 'Chào chị Hoa', None, ['hoa@example.vn'])"
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", sending],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "EMAIL_URL": ""},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert f"Subject: {SUBJECT}" in completed.stdout
    assert "Chào chị Hoa" in completed.stdout


# The moderation email of a product with this title: Python 3.13.0's folding of the encoded subject
# put two spaces between "OCOP" and "duyệt".
MODERATION_SUBJECT = 'Trang "Kẹo dừa lá dứa tươi" đã được gửi duyệt ở bước "Cán bộ OCOP duyệt"'


def test_a_long_vietnamese_subject_reads_as_written_on_the_console():
    stream = io.StringIO()
    message = EmailMultiAlternatives(MODERATION_SUBJECT, TEXT, "cuahang@ocop.example", ["canbo@ocop.example"])
    ReadableConsoleBackend(stream=stream).send_messages([message])
    assert f"Subject: {MODERATION_SUBJECT}\n" in stream.getvalue()


def test_a_long_vietnamese_subject_arrives_as_written_by_smtp(settings, smtp_server):
    settings.MAILERS = {
        "default": {
            "BACKEND": "ops.mail.SMTPBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": smtp_server.port, "timeout": 5},
        }
    }
    message = EmailMultiAlternatives(MODERATION_SUBJECT, TEXT, "cuahang@ocop.example", ["canbo@ocop.example"])

    assert message.send() == 1

    received = email.message_from_bytes(smtp_server.inbox.messages[0].content, policy=policy.default)
    assert received["Subject"] == MODERATION_SUBJECT
    lines = smtp_server.inbox.messages[0].content.decode("ascii").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Subject:"))
    folded = [lines[start], *takewhile(lambda line: line.startswith(" "), lines[start + 1 :])]
    assert len(folded) > 1 and all(len(line) <= 78 for line in folded)  # folded, as mail servers expect


def test_the_shop_sends_by_smtp_with_its_own_backend_when_given_an_email_url():
    shown = (
        "from django.conf import settings; print(settings.MAILERS['default']['BACKEND'],"
        " settings.MAILERS['default']['OPTIONS']['host'])"
    )
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", shown],
        cwd=Path(__file__).resolve().parents[2],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "EMAIL_URL": "smtp://mail.example:25",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.stdout.splitlines()[-1] == "ops.mail.SMTPBackend mail.example", completed.stderr
