"""PostgreSQL restarted under a running server: the requests after it are served, because Django
checks a persistent connection before reusing it (`CONN_HEALTH_CHECKS`).

The test starts its own throwaway PostgreSQL cluster (initdb/pg_ctl into a temporary folder, on a
free port) and gunicorn on it, restarts that cluster for real, and never touches the machine's
shared server."""

import contextlib
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)), None)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(PG_BIN is None, reason="PostgreSQL's initdb/pg_ctl are not installed"),
    # Runs once, in CI's PostgreSQL pass (it needs only the binaries, not that pass's database).
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the PostgreSQL restart test runs in the PostgreSQL pass (DATABASE_URL=postgres://...)",
    ),
]


class Cluster:
    """A PostgreSQL cluster of its own in a temporary folder (as the postgres user when run as root,
    since initdb refuses root)."""

    def __init__(self):
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="ocop-pg-"))
        self.data = self.folder / "data"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")

    def _run(self, *args):
        command = [f"{PG_BIN}/{args[0]}", *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def init(self):
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")

    def pg_ctl(self, action):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl",
            action,
            "-D",
            str(self.data),
            "-w",
            "-m",
            "fast",
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
        )

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.pg_ctl("stop")
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def cluster():
    cluster = Cluster()
    try:
        cluster.init()
        cluster.pg_ctl("start")
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        cluster.remove()
        pytest.skip(f"a throwaway PostgreSQL cluster could not be started: {error}")
    yield cluster
    cluster.remove()


def environment(cluster):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "ELASTICSEARCH_URL")}
    env.update(DATABASE_URL=cluster.url, CONN_MAX_AGE="600", DJANGO_SETTINGS_MODULE="config.settings")
    return env


@pytest.fixture
def server(cluster):
    env = environment(cluster)
    # The whole schema, as a deployed site has: the page cache middleware reads the Wagtail site and
    # its settings on every GET, the commune endpoint's included.
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    port = free_port()
    # One worker, one thread: every request reuses the same persistent connection.
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=10)


def status(url) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own loopback server)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_requests_after_a_postgresql_restart_are_served(cluster, server):
    communes = f"{server}/thanh-toan/xa-phuong/?province=86"
    assert [status(communes) for _ in range(3)] == [200, 200, 200]  # a persistent connection is open

    cluster.pg_ctl("restart")  # every open connection is cut

    assert [status(communes) for _ in range(5)] == [200] * 5


def answer(url) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own loopback server)
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_with_postgresql_stopped_pages_are_a_503_saying_the_shop_is_briefly_unavailable(cluster, server):
    communes = f"{server}/thanh-toan/xa-phuong/?province=86"
    assert status(communes) == 200  # a persistent connection is open

    cluster.pg_ctl("stop")

    code, headers, page = answer(communes)
    assert code == 503
    assert headers["Retry-After"] == "30"
    assert "Cửa hàng tạm thời không truy cập được, vui lòng thử lại sau ít phút." in page
    code, _, body = answer(f"{server}/health/")
    assert code == 503 and "database" in json.loads(body)["failing"]  # the task queue too, kept there

    cluster.pg_ctl("start")
    assert status(communes) == 200
