"""Debian's varnishd for the tests that put a real Varnish in front of an app (the repository's VCLs)."""

import os
import re
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

VARNISHD = "/usr/sbin/varnishd"
VCL = Path(__file__).resolve().parents[1] / "deploy" / "varnish" / "default.vcl"

requires_varnish = pytest.mark.skipif(
    not os.path.exists(VARNISHD), reason="Debian's varnish is not installed"
)


def vcl_for_backend(folder: Path, port: int) -> Path:
    """default.vcl with its backend on this port, written in `folder`."""
    path = folder / "test.vcl"
    path.write_text(re.sub(r'\.port = "\d+";', f'.port = "{port}";', VCL.read_text()))
    return path


@contextmanager
def varnishd(folder: Path, vcl: Path, *, port: int, options=()):
    """varnishd in the foreground with its own working folder, unprivileged (it runs as whoever runs the
    tests and reads the temporary VCL), bans taken at once; running once `port` takes connections.
    `options`: its other arguments (listen addresses beyond `port`, parameters)."""
    process = subprocess.Popen(  # noqa: S603
        [
            VARNISHD,
            *("-j", "none", "-F", "-n", str(folder / "varnish"), "-T", "none", "-s", "malloc,32m"),
            *("-f", str(vcl), "-p", "ban_lurker_sleep=0.01", *options),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    pytest.fail(f"varnishd did not start: {process.stdout.read().decode()}")
                time.sleep(0.1)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder / "varnish", ignore_errors=True)
