"""STATIC_COLLECTED=1 set with the other production variables before `collectstatic` ran: every
manage.py command still starts (migrate first is a common order), says in one line to run
collectstatic, and a file missing from the collection names the command that fixes it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.static import CollectedStaticFiles
from ops.checks import collected_static_files

ROOT = Path(__file__).resolve().parents[2]

NOT_COLLECTED = """
import django
from django.conf import settings
django.setup()
settings.STATIC_ROOT = {root!r}  # an empty folder: collectstatic has not run
from django.core.management import call_command
call_command("check")  # imports the URLconf, as every command that serves or checks does
"""


def test_commands_start_before_collectstatic_and_say_in_one_line_to_run_it(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "STATIC_COLLECTED": "1"}
    result = subprocess.run(
        [sys.executable, "-c", NOT_COLLECTED.format(root=str(tmp_path))],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "(ops.W003) STATIC_COLLECTED=1, but the static files have not been collected" in result.stderr
    assert "HINT: Run manage.py collectstatic first, or unset STATIC_COLLECTED." in result.stderr


def test_the_check_is_silent_once_collected_and_without_static_collected(settings, tmp_path):
    settings.STATIC_COLLECTED = True
    settings.STATIC_ROOT = tmp_path
    (warning,) = collected_static_files(None)
    assert warning.id == "ops.W003"
    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    assert collected_static_files(None) == []
    settings.STATIC_COLLECTED = False
    assert collected_static_files(None) == []


def test_a_file_missing_from_the_collection_names_collectstatic(tmp_path):
    storage = CollectedStaticFiles(location=str(tmp_path), base_url="/static/")
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry for 'img/new.svg'") as missing:
        storage.url("img/new.svg")
    assert "run it (again after every deploy that changes static files), or unset STATIC_COLLECTED" in str(
        missing.value
    )


@pytest.mark.django_db
def test_favicon_ico_redirects_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"


@pytest.fixture
def not_collected(settings, tmp_path):
    """STATIC_COLLECTED=1 and its storage, before `collectstatic`: no manifest."""
    settings.STATIC_COLLECTED = True
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "config.static.CollectedStaticFiles"},
    }
    return tmp_path


def test_the_500_page_renders_before_collectstatic_so_visitors_get_the_shops_page(not_collected, rf):
    """Not the server's bare "Internal Server Error": the page that says sorry needs no manifest."""
    from django.views.defaults import server_error

    response = server_error(rf.get("/san-pham/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Xin lỗi, đã có lỗi xảy ra" in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html


def test_the_database_down_page_renders_before_collectstatic(not_collected, rf):
    from ops.database import unreachable_response

    response = unreachable_response(rf.get("/san-pham/"))
    assert response.status_code == 503
    assert "Cửa hàng tạm thời không truy cập được" in response.content.decode()


@pytest.mark.django_db
def test_health_fails_before_collectstatic_so_a_load_balancer_takes_the_server_out(not_collected, client):
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["failing"] == ["static_files"]
    assert body["checks"]["static_files"] == "error: StaticFilesNotCollected"

    (not_collected / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["static_files"] == "ok"
