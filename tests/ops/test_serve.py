"""`make serve` (the last step of `make run`): the web server keeps serving whatever the background worker
meets (Redis unreachable, a worker that stops), and PORT/SITE_URL come from the environment or .env, never
from a default of the Makefile's that would hide .env's values."""

import contextlib
import http.client
import os
import shutil
import signal
import subprocess
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote

import pytest

from config.bind import bind_address
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
MAKE = shutil.which("make")

needs_make = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def environment(**variables) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PORT", "SITE_URL", "MAKEFLAGS", "MFLAGS")}
    return {**env, **variables}


@pytest.mark.parametrize(
    ("site_url", "port", "host", "bind"),
    [
        ("http://127.0.0.1:8133", 8000, "127.0.0.1", "127.0.0.1:8133"),
        ("http://localhost:8133", 8000, "127.0.0.1", "localhost:8133"),
        ("https://ocop.example.vn", 9000, "0.0.0.0", "0.0.0.0:9000"),  # noqa: S104 (behind its proxy)
        ("http://127.0.0.1", 8123, "127.0.0.1", "127.0.0.1:8123"),
        ("http://[::1]:8121", 8000, "127.0.0.1", "[::1]:8121"),  # IPv6 loopback, as gunicorn writes it
    ],
)
def test_the_server_listens_on_a_loopback_site_url_else_on_host_and_port(site_url, port, host, bind):
    assert bind_address(site_url, port, host) == bind


@needs_make
def test_make_sets_no_port_or_site_url_of_its_own_so_the_env_file_is_read():
    show = ["--eval", 'show-env: ; @echo "$${PORT-unset} $${SITE_URL-unset}"', "show-env"]

    def shown(*args, **variables):
        completed = subprocess.run(  # noqa: S603
            [MAKE, "-s", "-C", str(ROOT), *args, *show],
            env=environment(**variables),
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return completed.stdout.strip()

    assert shown() == "unset unset"
    assert shown("PORT=8133") == "8133 unset"
    assert shown(PORT="8123", SITE_URL="http://127.0.0.1:8123") == "8123 http://127.0.0.1:8123"


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, read from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def answers(port: int) -> int | None:
    """The HTTP status of /health/ (any: the database is not migrated here), None when nothing listens."""
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/health/")
        status = connection.getresponse().status
        connection.close()
    except OSError:
        return None
    return status


class Serve:
    """`make serve` in its own session, as from a terminal; Ctrl-C is a SIGINT to make's process group."""

    def __init__(self, tmp_path, **variables):
        self.port = free_port()
        self.log = tmp_path / "serve.log"
        self.process = subprocess.Popen(  # noqa: S603
            [MAKE, "-s", "-C", str(ROOT), "serve"],
            env=environment(
                PORT=str(self.port),
                DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
                PAGE_CACHE_DIR=str(tmp_path / "page-cache"),
                WORKER_HEARTBEAT_FILE=str(tmp_path / "worker-heartbeat"),
                LOG_FORMAT="text",
                **variables,
            ),
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.seen: set[int] = set()

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, condition, seconds=60) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.seen |= descendants(self.process.pid)
            if condition():
                return True
            time.sleep(0.3)
        return False

    def interrupt(self) -> None:
        self.seen |= descendants(self.process.pid)
        os.killpg(self.process.pid, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):  # then clean_up kills what is left
            self.process.wait(30)

    def clean_up(self) -> None:
        for pid in self.seen | {self.process.pid}:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(10)


@pytest.fixture
def serve(tmp_path):
    started = []

    def start(**variables):
        started.append(Serve(tmp_path, **variables))
        return started[-1]

    yield start
    for server in started:
        server.clean_up()


@needs_make
def test_with_redis_unreachable_the_web_server_keeps_serving_and_the_worker_names_redis_url(serve):
    redis_port = free_port()  # nothing listens there
    server = serve(REDIS_URL=f"redis://127.0.0.1:{redis_port}/9")
    waiting = f"Redis at REDIS_URL=redis://127.0.0.1:{redis_port}/9 is unreachable"
    assert server.wait_for(lambda: waiting in server.output() and answers(server.port)), server.output()[
        -3000:
    ]
    time.sleep(6)  # the worker has tried Redis again meanwhile
    assert server.process.poll() is None, server.output()[-3000:]
    assert answers(server.port) is not None
    assert server.output().count(waiting) == 1  # said once, not every 5 s

    server.interrupt()
    assert server.process.returncode is not None
    assert [pid for pid in server.seen if alive(pid)] == []  # Ctrl-C stops the web server and the worker
    assert answers(server.port) is None


@needs_make
def test_a_worker_that_stops_is_started_again_while_the_web_server_keeps_serving(serve):
    # The immediate backend needs no worker: run_worker stops at once, as a crashing worker would.
    server = serve(TASKS_BACKEND="immediate", WORKER_RESTART_SECONDS="1")
    restarted = (
        "The background worker stopped (exit 1); starting it again in 1 s. The web server keeps serving."
    )
    assert server.wait_for(lambda: server.output().count(restarted) >= 2 and answers(server.port)), (
        server.output()[-3000:]
    )
    assert server.process.poll() is None
    server.interrupt()
    assert [pid for pid in server.seen if alive(pid)] == []


def test_the_worker_names_redis_url_without_its_password():
    from ops.management.commands.run_worker import shown_url

    assert shown_url("redis://:s3cret@redis:6379/0") == "redis://:***@redis:6379/0"
    assert shown_url("redis://127.0.0.1:6390/9") == "redis://127.0.0.1:6390/9"


def get(port: int, path: str, **headers) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    answer = response.status, response.read().decode(errors="replace")
    connection.close()
    return answer


@pytest.fixture
def served_shop(serve, tmp_path, copy_migrated_sqlite, db):
    """`make serve` on a migrated database (`db`: the session's migrated database is built, to copy)."""
    if not copy_migrated_sqlite(tmp_path / "db.sqlite3"):
        pytest.skip("no migrated SQLite database to copy in this session")
    server = serve(TASKS_BACKEND="immediate", WORKER_RESTART_SECONDS="60")
    assert server.wait_for(lambda: answers(server.port) == 200), server.output()[-3000:]
    return server


@needs_make
def test_a_pasted_description_searched_for_reaches_the_shop_not_gunicorns_414(served_shop):
    # 1,280 characters of Vietnamese: a 4.5 KB request line, past gunicorn's default limit of 4094 bytes.
    status, page = get(served_shop.port, "/search/?q=" + quote("kẹo dừa " * 160), Accept="text/html")
    assert status == 200, page[:500]
    assert "URI Too Long" not in page


@needs_make
def test_a_form_posted_in_another_charset_gets_the_shops_400_page_from_gunicorn(served_shop):
    port = served_shop.port
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/tra-cuu-don-hang/")
    response = connection.getresponse()
    response.read()
    token = SimpleCookie(response.getheader("Set-Cookie"))["csrftoken"].value
    connection.request(
        "POST",
        "/gio-hang/them/",
        body=f"csrfmiddlewaretoken={token}&pack_size=1&quantity=1",
        headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=latin-1",
            "Cookie": f"csrftoken={token}",
            "Origin": f"http://127.0.0.1:{port}",
        },
    )
    response = connection.getresponse()
    page = response.read().decode()
    connection.close()
    assert response.status == 400
    assert "Yêu cầu không hợp lệ" in page
    assert "Traceback" not in served_shop.output()
