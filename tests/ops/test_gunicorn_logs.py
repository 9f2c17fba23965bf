"""gunicorn's own lines (its access log, its start and stop) are JSON objects as the shop's are, with the
request's id: a log collector reads every line the web server writes."""

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin"


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (a local test server)
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def serve_one_request(tmp_path, **variables):
    """gunicorn started as `make serve` starts it; one request; its lines, stdout then stderr."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'shop.sqlite3'}", **variables}
    out, err = (tmp_path / "out.log").open("w+"), (tmp_path / "err.log").open("w+")
    command = [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    server = subprocess.Popen([*command, "--access-logfile", "-"], cwd=ROOT, env=env, stdout=out, stderr=err)  # noqa: S603
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, headers = get(f"http://127.0.0.1:{port}/health/")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, err.read()
                time.sleep(0.5)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    out.seek(0), err.seek(0)
    return status, headers, out.read().splitlines(), err.read().splitlines()


def test_every_line_gunicorn_writes_is_a_json_object_and_its_access_line_carries_the_request_id(tmp_path):
    status, headers, out, err = serve_one_request(tmp_path, LOG_FORMAT="json", LOG_LEVEL="INFO")
    lines = [json.loads(line) for line in out + err if line.strip()]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert [line["request_id"] for line in access] == [headers["X-Request-ID"]]
    assert (access[0]["method"], access[0]["path"], access[0]["status"]) == ("GET", "/health/", str(status))
    assert any(line["logger"] == "gunicorn.error" and "Booting worker" in line["message"] for line in lines)


def test_with_log_format_text_gunicorns_lines_read_as_the_shops_text_lines(tmp_path):
    _, headers, out, _ = serve_one_request(tmp_path, LOG_FORMAT="text")
    (access,) = [line for line in out if "gunicorn.access" in line]
    assert f" INFO gunicorn.access [{headers['X-Request-ID']}] 127.0.0.1 " in access


def test_a_log_format_gunicorn_cannot_read_stops_it_with_the_settings_one_line(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'shop.sqlite3'}", "LOG_FORMAT": "xml"}
    command = [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{free_port()}"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603
    assert result.returncode == 4  # gunicorn's "App failed to load": it does not boot worker after worker
    assert result.stderr.strip() == "LOG_FORMAT='xml' is not one of json, text"
