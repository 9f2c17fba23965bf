"""`make run` prints emails to the console: a person trying the shop reads them there, so the subject
and the text come out as written, not as =?utf-8?b?…?= and base64."""

import io
import os
import subprocess
import sys
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
