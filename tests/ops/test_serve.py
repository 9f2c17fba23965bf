"""`make serve` (the last step of `make run`): the web server keeps serving whatever the background worker
meets (Redis unreachable, a worker that stops), and PORT/SITE_URL come from the environment or .env, never
from a default of the Makefile's that would hide .env's values."""

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from config.bind import bind_address

ROOT = Path(__file__).resolve().parents[2]
MAKE = shutil.which("make")

needs_make = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
