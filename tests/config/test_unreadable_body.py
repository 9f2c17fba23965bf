"""A POST whose body cannot be read (multipart without a boundary, a body past DATA_UPLOAD_MAX_MEMORY_SIZE)
is the sender's doing: a page that only takes GET answers its 405, a form a 400, each logged in one WARNING
line without a traceback (anyone could otherwise write tracebacks into the log at will)."""

import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

NO_BOUNDARY = "multipart/form-data"


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", ["/search/", "/", "/robots.txt"])
def test_a_broken_multipart_post_to_a_page_that_only_takes_get_is_its_405(visitor, home, path):
    response = visitor.generic("POST", path, b"x", content_type=NO_BOUNDARY)
    assert response.status_code == 405
    assert "POST" not in response["Allow"]


def warnings_and_worse(caplog):
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_an_oversize_post_to_a_form_is_a_400_logged_in_one_warning_line(visitor, product, settings, caplog):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    with caplog.at_level(logging.INFO):
        response = visitor.post(
            "/gio-hang/them/", "a=" + "x" * 2000, content_type="application/x-www-form-urlencoded"
        )
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
    [line] = warnings_and_worse(caplog)
    assert line.levelno == logging.WARNING
    assert line.exc_info is None


def test_a_broken_multipart_post_to_a_form_is_a_400_logged_in_one_warning_line(visitor, product, caplog):
    with caplog.at_level(logging.INFO):
        response = visitor.generic("POST", "/gio-hang/them/", b"x", content_type=NO_BOUNDARY)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
    [line] = warnings_and_worse(caplog)
    assert line.levelno == logging.WARNING
    assert line.exc_info is None
