"""`manage.py worker_health` (the worker container's healthcheck) reads the heartbeat the worker's clock
left from another process: through the shared cache with Redis, through a file without it (the embedded
local-memory cache is the worker's own memory: the command never found a beat there and always failed)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ops import scheduler

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, tmp_path, **variables):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "REDIS_URL": "",  # the embedded default: a local-memory cache per process
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "PAGE_CACHE_DIR": str(tmp_path / "page-cache"),
            "WORKER_HEARTBEAT_FILE": str(tmp_path / "var" / "worker-heartbeat"),
            **variables,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_without_redis_worker_health_reads_the_beat_the_worker_left_in_another_process(tmp_path):
    assert manage("worker_health", tmp_path=tmp_path).returncode != 0  # no worker yet
    manage("run_scheduler", "--once", tmp_path=tmp_path)  # the worker's clock ticks once, and exits
    health = manage("worker_health", tmp_path=tmp_path)
    assert health.returncode == 0, health.stderr[-2000:]
    assert health.stdout.startswith("Tác vụ nền đang chạy: nhịp cuối ")


def test_no_heartbeat_says_where_it_looked(tmp_path):
    health = manage("worker_health", tmp_path=tmp_path)
    assert health.returncode == 1
    assert (
        f"Không thấy nhịp nào của bộ hẹn giờ tác vụ nền ở {tmp_path / 'var' / 'worker-heartbeat'}"
        in health.stderr
    )


@pytest.fixture
def heartbeat_file(settings, tmp_path):
    settings.WORKER_HEARTBEAT_FILE = tmp_path / "worker-heartbeat"
    return settings.WORKER_HEARTBEAT_FILE


def test_a_heartbeat_older_than_two_minutes_fails(heartbeat_file):
    scheduler.beat(time.time() - 300)
    with pytest.raises(CommandError, match=r"đập nhịp lần cuối 30\d giây trước"):
        call_command("worker_health")


def test_with_a_shared_cache_the_heartbeat_is_kept_there(settings, heartbeat_file, tmp_path):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        },
    }
    scheduler.tick()
    assert not heartbeat_file.exists()
    assert scheduler.heartbeat_place() == "the shared cache"
    call_command("worker_health")
