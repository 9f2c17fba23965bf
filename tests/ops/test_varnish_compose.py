"""The compose stack's Varnish, run for real (Debian's varnishd) with the compose file's VCL and options:
it serves the app (default.vcl alone has 127.0.0.1 as its backend: inside the varnish container, nothing,
so every page was a 503), and it takes purges from the app containers, whose addresses are not the
loopback one that default.vcl's `purgers` list names (their PURGE and BAN were refused with 405, and
pages went stale). Here the app is a small HTTP server standing in for `web`, and the app containers'
address is 127.0.0.3."""

import http.client
import http.server
import threading
from pathlib import Path

import pytest
import yaml

from tests.servers import free_port
from tests.varnish import requires_varnish, varnishd

ROOT = Path(__file__).resolve().parents[2]
APP_CONTAINER = "127.0.0.3"  # any loopback address but 127.0.0.1 is outside `purgers`

pytestmark = requires_varnish


class Page(http.server.BaseHTTPRequestHandler):
    """The app: every page cacheable for a minute, numbered so a fresh fetch shows."""

    fetched = 0

    def do_GET(self):  # noqa: N802 (the standard library's name)
        Page.fetched += 1
        body = f"page {Page.fetched}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Cache-Control", "public, max-age=0, s-maxage=60")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def web():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def compose_varnish_options() -> list[str]:
    """The compose file's varnishd options that shape the VCL: its -p parameters and listener names."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command = compose["services"]["varnish"]["command"]
    return [value for flag, value in zip(command, command[1:], strict=False) if flag == "-p"]


@pytest.fixture
def varnish(web, tmp_path):
    """varnishd with compose.vcl (and default.vcl beside it) as the compose file runs them, `web` here."""
    for name in ("compose.vcl", "default.vcl"):
        text = (ROOT / "deploy" / "varnish" / name).read_text()
        if name == "compose.vcl":  # the `web` service's address
            text = text.replace('.host = "web";', '.host = "127.0.0.1";').replace(
                '.port = "8000";', f'.port = "{web}";'
            )
        (tmp_path / name).write_text(text)
    http_port, purge_port = free_port(), free_port()
    parameters = [arg for value in compose_varnish_options() for arg in ("-p", value)]
    listen = ("-a", f"http=127.0.0.1:{http_port},HTTP", "-a", f"purge=127.0.0.1:{purge_port},HTTP")
    with varnishd(tmp_path, tmp_path / "compose.vcl", port=http_port, options=(*parameters, *listen)):
        yield http_port, purge_port


def ask(port, method, path="/san-pham/", source=APP_CONTAINER):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    connection.request(method, path, headers={"Host": "127.0.0.1:8000"})
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, response.getheader("X-Cache"), body


def test_the_compose_varnish_serves_the_app_and_takes_purges_from_the_app_containers(varnish):
    http_port, purge_port = varnish
    assert ask(http_port, "GET")[:2] == (200, "miss")
    status, cache, body = ask(http_port, "GET")
    assert (status, cache) == (200, "hit")

    assert ask(http_port, "PURGE")[0] == 405  # the public listener: only this machine's app may purge
    assert ask(http_port, "GET")[1] == "hit"

    assert ask(purge_port, "PURGE")[0] == 200  # where web and worker send theirs (FRONTEND_CACHE_URL)
    status, cache, fresh = ask(http_port, "GET")
    assert (status, cache) == (200, "miss") and fresh != body

    assert ask(purge_port, "BAN", "/")[0] == 200
    assert ask(http_port, "GET")[1] == "miss"


def test_the_compose_varnish_never_passes_metrics_on_to_the_app(varnish):
    """Through Varnish every request comes from Varnish's own address, inside the network compose lets
    scrape /metrics (METRICS_ALLOWED_IPS): Varnish answers the outside itself."""
    http_port, _ = varnish
    fetched = Page.fetched
    for path in ("/metrics", "/metrics?format=text", "/metrics/"):
        assert ask(http_port, "GET", path, source="127.0.0.1")[0] == 404
    assert Page.fetched == fetched
