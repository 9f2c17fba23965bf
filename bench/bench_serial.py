"""Serial page (`…/21/{serial}`) against the lot page, p50/p95, both with scans recorded (target p95 ≤ 1.2×).

A worker process per database builds a throwaway database as `bench_scan` does (SQLite WAL file in
$BENCH_DATA_DIR/ocop-bench/serial.sqlite3; PostgreSQL `<name>_bench_serial` when DATABASE_URL or
BENCH_SCAN_POSTGRES_URL is PostgreSQL), with one lot of five events, three certificates and 1,000
issued serials. Through the test client, after warm-ups, it interleaves request by request (so that
load from other processes falls on all three alike): the lot page (scan counted), the serial page of
a serial never checked (the first check: a conditional update), and the serial page of one serial
checked again and again (a count update), each request from a phone that brings no cookie (so
a repeated check is another phone's, counted). 300 each. Local-memory cache; each database with the page
cache on (a lot page is then a cache hit, a serial page its lot's cached page around a freshly
recorded check) and off (both pages render whole); then with the page cache on through gunicorn (one
sync worker, a connection per request, as a phone's scans arrive), beside a trivial Django view served
the same way. Run alone: `python -m bench serial`.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from itertools import repeat
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.bench_scan import _percentiles

ROOT = Path(__file__).resolve().parent.parent
REQUESTS, WARMUPS, SERIALS = 300, 30, 1000
TARGET = 1.2


def run():
    data_dir = Path(os.environ.get("BENCH_DATA_DIR", tempfile.gettempdir())) / "ocop-bench"
    data_dir.mkdir(parents=True, exist_ok=True)
    targets = [("SQLite", lambda: _fresh_sqlite(data_dir / "serial.sqlite3"))]
    postgres = os.environ.get("BENCH_SCAN_POSTGRES_URL") or os.environ.get("DATABASE_URL", "")
    if postgres.startswith(("postgres://", "postgresql://")):
        targets.append(("PostgreSQL", lambda: _fresh_postgres(postgres)))
    else:
        print("   PostgreSQL: skipped (DATABASE_URL is not PostgreSQL; set it or BENCH_SCAN_POSTGRES_URL)")
    for label, fresh_database in targets:
        # With the page cache, a lot page is a cache hit and a serial page its lot's cached page around
        # a freshly recorded check; without it, both render whole.
        for mode, seconds in (("page cache on", 3600), ("page cache off", 0)):
            _run_worker(f"{label}, {mode}", fresh_database(), seconds)
        # As a phone meets them: through gunicorn, each request its own connection, beside the trivial
        # view served the same way (what every request costs before any page's own work).
        _run_worker(
            f"{label}, page cache on, over HTTP (gunicorn, 1 sync worker)", fresh_database(), 3600, "--http"
        )


def _fresh_sqlite(path: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def _fresh_postgres(url: str) -> str:
    """A new, empty `<name>_bench_serial` database; the configured database itself is never touched."""
    import psycopg

    parts = urlsplit(url)
    name = (parts.path.lstrip("/") or "ocop") + "_bench_serial"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name))


def _run_worker(label, url, page_cache_seconds, *how):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
        "PAGE_CACHE_DIR": tempfile.mkdtemp(prefix="ocop-bench-serial-"),
    }
    env.pop("REDIS_URL", None)
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.bench_serial", "--worker", *how],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if completed.returncode != 0:
        print(f"   {label}: worker failed:\n" + completed.stderr[-3000:])
        return
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    print(f"   {label}:")
    for which in [which for which in ("trivial", "lot", "first", "repeat") if which in result]:
        p50, p95 = result[which]
        print(f"     {result['labels'][which]:<38} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms")
    for which in ("first", "repeat"):
        ratio = result[which][1] / result["lot"][1]
        verdict = "within" if ratio <= TARGET else "OVER"
        print(f"     p95 {which} check / lot page: {ratio:.3f} ({verdict} the {TARGET}× target)")


def _time(get, urls):
    samples = []
    for url in urls:
        started = time.perf_counter()
        status = get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert status == 200, status
    return samples


def worker(over_http: bool):
    import django

    django.setup()
    from django.test import Client

    from bench.bench_scan import _build
    from traceability import serials

    lot = _build()
    sheet = serials.issue(lot, SERIALS)
    codes = [s.get_absolute_url() for s in sheet.serials.select_related("lot__pack_size").order_by("pk")]
    # For each kind of page, its requests' URLs (each first check a serial never checked before).
    urls = {"lot": repeat(lot.get_absolute_url()), "first": iter(codes[:-1]), "repeat": repeat(codes[-1])}
    if over_http:
        from bench.bench_ratios import Server, _get

        server = Server(
            os.environ["DATABASE_URL"], os.environ["PAGE_CACHE_SECONDS"], os.environ["PAGE_CACHE_DIR"], 1
        )
        urls["trivial"] = repeat("/bench/trivial/")
        try:
            samples = _interleaved(lambda url: _get(server.port, url), urls)
        finally:
            server.stop()
    else:
        client = Client()

        def get(url):
            # Each request from a phone that brings no cookie, as over HTTP: the "repeat" requests
            # stand for other phones scanning a code checked before (the phone that made its first
            # check is recognised by its cookie and not counted again, traceability/first_checkers.py).
            client.cookies.clear()
            return client.get(url).status_code

        samples = _interleaved(get, urls)
    result = {which: _percentiles(values) for which, values in samples.items()}
    result["labels"] = {
        "trivial": "trivial Django view",
        "lot": "lot page (scan counted)",
        "first": "serial page, first check",
        "repeat": "serial page, repeated check",
    }
    print(json.dumps(result))


def _interleaved(get, urls):
    """After warm-ups, request by request in turn, so that load from elsewhere falls on every page
    alike; `urls`: for each kind of page, an iterator of its requests' URLs."""
    for _ in range(WARMUPS):
        _time(get, [next(url) for url in urls.values()])
    samples = {which: [] for which in urls}
    for _ in range(REQUESTS):
        for which, url in urls.items():
            samples[which] += _time(get, [next(url)])
    return samples


if __name__ == "__main__" and "--worker" in sys.argv:
    worker(over_http="--http" in sys.argv)
