"""deploy/varnish/default.vcl run for real (Debian's varnishd) in front of a small stand-in app whose
answers the test sets: a purge reaches the page under every host name the site answers to, pages
cached before the app stopped (or started failing) are still served, a page never cached gets the
shop's Vietnamese maintenance page with Retry-After instead of Varnish's English "Guru Meditation",
and WhiteNoise's static files are cached in the encoding each browser takes."""

import gzip
import http.client
import http.server
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.servers import free_port
from tests.varnish import VARNISHD, VCL, requires_varnish, varnishd, vcl_for_backend

STATIC = "/static/css/site.72e24884aa98.css"
CSS = b"body{color:#1f2a1f}" * 50

pytestmark = requires_varnish


class App(http.server.BaseHTTPRequestHandler):
    """The app: every page cacheable for `seconds`, numbered so that a fresh fetch shows, answering
    `status` (500 while its database is down, say); static files as WhiteNoise serves them."""

    seconds = 60
    status = 200
    fetched: list = []

    def do_GET(self):  # noqa: N802 (the standard library's name)
        App.fetched.append((self.path, self.headers.get("Accept-Encoding")))
        if self.path == STATIC:
            return self._static()
        body = f"{self.path} page {len(App.fetched)} for {self.headers['Host']}".encode()
        self.send_response(App.status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        if App.status == 200:
            self.send_header("Cache-Control", f"public, max-age=0, s-maxage={App.seconds}")
            self.send_header("X-Page-Cache", "miss")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _static(self):
        accepted = self.headers.get("Accept-Encoding", "")
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Cache-Control", "max-age=315360000, public, immutable")
        self.send_header("Vary", "Accept-Encoding")
        if "br" in accepted:
            body = b"brotli:" + CSS  # what is in it does not matter here, only which copy it is
            self.send_header("Content-Encoding", "br")
        elif "gzip" in accepted:
            body = gzip.compress(CSS)
            self.send_header("Content-Encoding", "gzip")
        else:
            body = CSS
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def app():
    App.seconds, App.status, App.fetched = 60, 200, []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), App)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop():
        server.shutdown()
        server.server_close()

    server.stop = stop
    yield server
    if server.socket.fileno() != -1:
        stop()


@pytest.fixture
def varnish(app, tmp_path):
    """varnishd with the repository's VCL, its backend the stand-in app; yields its port."""
    port = free_port()
    with varnishd(
        tmp_path,
        vcl_for_backend(tmp_path, app.server_address[1]),
        port=port,
        options=("-a", f"127.0.0.1:{port}"),
    ):
        yield port


def ask(port, path="/san-pham/", method="GET", host="127.0.0.1:8000", **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, headers={"Host": host, **headers})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def text(port, path="/san-pham/", **kwargs):
    response, body = ask(port, path, **kwargs)
    return response.status, response.getheader("X-Cache"), body.decode()


def test_a_purge_from_the_app_reaches_the_page_under_every_host_name(varnish):
    """The app purges under SITE_URL's host; a shopper who came by another name the site answers to
    (localhost, www. or the bare domain) saw the old price for an hour."""
    for host in ("127.0.0.1:8000", "localhost:8000"):
        ask(varnish, host=host)
        assert text(varnish, host=host)[1] == "hit"

    assert ask(varnish, method="PURGE", host="127.0.0.1:8000")[0].status == 200

    for host in ("127.0.0.1:8000", "localhost:8000"):
        status, cache, body = text(varnish, host=host)
        assert (status, cache) == (200, "miss"), host
        assert body.endswith(f"for {host}")


def test_a_ban_of_everything_empties_every_host_name(varnish):
    for host in ("127.0.0.1:8000", "localhost:8000"):
        ask(varnish, "/", host=host)
    assert ask(varnish, "/", method="BAN", host="127.0.0.1:8000")[0].status == 200
    for host in ("127.0.0.1:8000", "localhost:8000"):
        assert text(varnish, "/", host=host)[1] == "miss", host


def test_with_the_app_stopped_cached_pages_are_still_served_and_others_get_the_maintenance_page(app, varnish):
    App.seconds = 1
    _, _, cached = text(varnish)
    time.sleep(1.5)  # its time is up: it is served from grace from now on
    app.stop()

    for _ in range(2):
        status, _, body = text(varnish)
        assert (status, body) == (200, cached)

    for path in ("/chu-the/dong-a/keo-dua-ca-cao/", "/gio-hang/", "/01/08930101001014/10/L261120-01"):
        response, body = ask(varnish, path)
        page = body.decode()
        assert response.status == 503, path
        assert response.getheader("Retry-After") == "60"
        assert response.getheader("Content-Type") == "text/html; charset=utf-8"
        assert response.getheader("Cache-Control") == "no-store"
        assert '<html lang="vi">' in page
        assert page.index("Cửa hàng đang bảo trì") < page.index("The shop is under maintenance")
        assert "thử lại sau ít phút" in page
        assert "Guru Meditation" not in page and "Backend fetch failed" not in page


def test_a_page_cached_before_the_app_started_failing_is_served_rather_than_the_error(varnish):
    """The database down: the app answers 500 (or its own 503); Varnish keeps its stale copy."""
    App.seconds = 1
    _, _, cached = text(varnish)
    time.sleep(1.5)
    App.status = 500

    for _ in range(3):
        assert text(varnish)[::2] == (200, cached)
    status, _, error = text(varnish, "/tim-kiem/")  # never cached: the app's own answer
    assert status == 500 and error.startswith("/tim-kiem/ page")


def test_the_app_header_saying_its_own_cache_missed_is_not_repeated_on_varnish_hits(varnish):
    first, _ = ask(varnish)
    second, _ = ask(varnish)
    assert (first.getheader("X-Cache"), first.getheader("X-Page-Cache")) == ("miss", "miss")
    assert (second.getheader("X-Cache"), second.getheader("X-Page-Cache")) == ("hit", None)


def test_static_files_are_cached_in_the_encoding_each_browser_takes(varnish):
    chromium = {"Accept-Encoding": "gzip, deflate, br, zstd", "Cookie": "sessionid=abc; cart_count=2"}
    old_phone = {"Accept-Encoding": "gzip, deflate"}

    for expected_cache in ("miss", "hit"):
        response, body = ask(varnish, STATIC, **chromium)
        assert response.getheader("X-Cache") == expected_cache
        assert response.getheader("Content-Encoding") == "br"
        assert body == b"brotli:" + CSS
    for expected_cache in ("miss", "hit"):
        response, body = ask(varnish, STATIC, **old_phone)
        assert response.getheader("X-Cache") == expected_cache
        assert response.getheader("Content-Encoding") == "gzip"
        assert gzip.decompress(body) == CSS
    response, body = ask(varnish, STATIC)  # no encoding at all
    assert response.getheader("Content-Encoding") is None and body == CSS

    assert [accepted for path, accepted in App.fetched if path == STATIC] == ["br", "gzip", "identity"]
    assert response.getheader("Cache-Control") == "max-age=315360000, public, immutable"


def _readme_command(starting: str) -> str:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    return next(line for line in readme.splitlines() if line.startswith(starting))


def test_the_readme_varnish_commands_put_it_in_front_of_the_app_on_port(tmp_path):
    """The README's manual commands follow PORT (as `make run` does) without editing a tracked file, and
    give Varnish a working folder of its own (Debian's varnish.service holds the default one)."""
    (tmp_path / "deploy" / "varnish").mkdir(parents=True)
    shutil.copy(VCL, tmp_path / "deploy" / "varnish" / "default.vcl")
    generate = _readme_command("mkdir -p var && sed")
    subprocess.run(["sh", "-c", generate], cwd=tmp_path, env={**os.environ, "PORT": "8123"}, check=True)  # noqa: S607

    generated = (tmp_path / "var" / "varnish.vcl").read_text()
    assert re.findall(r'\.port = "(\d+)";', generated) == ["8123"]
    compiled = subprocess.run(  # noqa: S603
        [
            VARNISHD,
            "-C",
            "-j",
            "none",
            "-n",
            str(tmp_path / "compile"),
            "-f",
            str(tmp_path / "var" / "varnish.vcl"),
        ],
        capture_output=True,
    )
    assert compiled.returncode == 0, compiled.stderr.decode()[-2000:]
    assert ' -n "$PWD/var/varnish" ' in _readme_command("varnishd ")
    assert "--bind 127.0.0.1:${PORT:-8000}" in _readme_command(".venv/bin/gunicorn config.wsgi")
