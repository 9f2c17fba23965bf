"""Requests per second as a ratio to a trivial Django view, through gunicorn, cached and uncached.

On the demo catalogue and on 20,000 products, with SQL per page and worker RSS.

Each catalogue is an SQLite file in $BENCH_DATA_DIR (default: the temp dir)/ocop-bench/, built once
(migrate, load_demo, load_demo_lots, generate_catalogue) and kept. For each catalogue and mode, gunicorn
serves bench.settings (the storefront's settings plus /bench/trivial/) with 2 sync workers, and wrk
(Debian's `wrk`; else a thread-pool client) drives 16 connections at each page for BENCH_SECONDS (4).
"Uncached" is PAGE_CACHE_SECONDS=0: the page cache off, the other caches as configured. Targets
(issue 17): cached home/category/product >= 0.6, lot page and /01/{gtin} >= 0.3 (the scan counted),
uncached product/category/lot >= 0.05 with <= 8 SQL at both sizes, worker RSS < 200 MB.
Run alone: `python -m bench ratios`; catalogues with BENCH_RATIO_SIZES (default "demo,20000").
"""

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = os.environ.get("BENCH_RATIO_SIZES", "demo,20000").split(",")
SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
CONNECTIONS = 16
PAGES = ("home", "category", "product", "search", "lot page", "/01/{gtin}")
TARGETS_CACHED = {"home": 0.6, "category": 0.6, "product": 0.6, "lot page": 0.3, "/01/{gtin}": 0.3}
TARGETS_UNCACHED = {"category": 0.05, "product": 0.05, "lot page": 0.05}
MAX_SQL, MAX_RSS_MB = 8, 200


def _env(database, **extra):
    """The servers' environment; `database` a SQLite file's path or a database URL."""
    env = {
        **os.environ,
        "DATABASE_URL": database if isinstance(database, str) else f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "REDIS_URL": "",
        "DJANGO_DEBUG": "0",
        **extra,
    }
    env.pop("ELASTICSEARCH_URL", None)
    return env


def _manage(database, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=_env(database), check=True)


def build(data_dir: Path, size: str) -> Path:
    database = data_dir / f"ratios-{size}.sqlite3"
    if database.exists():
        _manage(database, "migrate", "--no-input", "-v", "0")  # a kept catalogue gets newer migrations
        return database
    partial = data_dir / f"ratios-{size}.partial.sqlite3"
    partial.unlink(missing_ok=True)
    print(
        f"   building the {size} catalogue in {database} (once, kept for the next runs; minutes)", flush=True
    )
    steps = [("migrate", "--no-input"), ("load_demo",), ("load_demo_lots",)]
    if size != "demo":
        steps.append(("generate_catalogue", "--products", size))
    for number, step in enumerate(steps, start=1):
        print(f"   … [{number}/{len(steps)}] manage.py {' '.join(step)}", flush=True)
        _manage(partial, *step, "-v", "0")
    partial.rename(database)
    return database


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


class Server:
    def __init__(self, database, page_cache_seconds, cache_dir, workers=2):
        self.port = _free_port()
        env = _env(database, PAGE_CACHE_SECONDS=str(page_cache_seconds), PAGE_CACHE_DIR=str(cache_dir))
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "config.wsgi",
                "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(workers),
                "--worker-class", "sync",
                "--log-level", "warning",
            ],
            cwd=ROOT,
            env=env,
        )  # fmt: skip
        for _ in range(200):
            try:
                if _get(self.port, "/bench/trivial/") == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def worker_rss_mb(self) -> float:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        rss = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            rss.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
        return max(rss)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def _wrk(port, path) -> tuple[float, int]:
    output = subprocess.run(
        [
            shutil.which("wrk"),
            "-t",
            "2",
            "-c",
            str(CONNECTIONS),
            "-d",
            f"{SECONDS}s",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{path}: {errors.group(1)} failed responses\n{output}")
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), requests


def _threads(port, path) -> tuple[float, int]:
    """A bounded load generator for machines without wrk: CONNECTIONS threads, keep-alive."""
    done, stop = [0] * CONNECTIONS, time.perf_counter() + SECONDS

    def client(i):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < stop:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status >= 400:
                raise RuntimeError(f"{path}: {response.status}")
            done[i] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CONNECTIONS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - started), sum(done)


def measure(port, path) -> tuple[float, int]:
    for _ in range(20):  # warm: caches filled, templates compiled in both workers
        _get(port, path)
    return (_wrk if shutil.which("wrk") else _threads)(port, path)


def run_server(database, urls, cached, cache_dir):
    server = Server(database, 3600 if cached else 0, cache_dir)
    try:
        before, served = measure(server.port, "/bench/trivial/")
        rates = {}
        for page in PAGES:
            rates[page], n = measure(server.port, urls[page])
            served += n
        after, n = measure(server.port, "/bench/trivial/")
        served += n
        trivial = (before + after) / 2
        return {page: rate / trivial for page, rate in rates.items()}, trivial, server.worker_rss_mb(), served
    finally:
        server.stop()


def sql_and_urls(database) -> dict:
    output = subprocess.run(
        [sys.executable, "-m", "bench.bench_ratios", "--sql"],
        cwd=ROOT,
        env=_env(database, PAGE_CACHE_SECONDS="0"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def run():
    data_dir = Path(os.environ.get("BENCH_DATA_DIR", tempfile.gettempdir())) / "ocop-bench"
    data_dir.mkdir(parents=True, exist_ok=True)
    if not shutil.which("wrk"):
        print("   (wrk not found: using the thread-pool client; `apt-get install wrk` for steadier figures)")
    failures = []
    for size in SIZES:
        database = build(data_dir, size)
        info = sql_and_urls(database)
        urls, sql = info["urls"], info["sql"]
        label = "demo catalogue" if size == "demo" else f"{int(size):,} products"
        print(
            f"\n   {label}: ratio of requests/s to the trivial view (gunicorn, 2 sync workers, {CONNECTIONS} conns)"
        )
        results = {}
        for cached in (True, False):
            # The longest wait of `make bench`: said as it starts, so that a silent minute is not a hang.
            measures = len(PAGES) + 2  # each page, and the trivial view before and after
            print(
                f"   … {'cached' if cached else 'uncached'}: {measures} pages for {SECONDS} s each"
                f" (about {measures * SECONDS + 10} s)",
                flush=True,
            )
            with tempfile.TemporaryDirectory() as cache_dir:
                results[cached] = run_server(database, urls, cached, cache_dir)
        print(f"   {'page':<12}{'cached':>9}{'uncached':>10}{'SQL':>6}   url")
        for page in PAGES:
            cached_ratio, uncached_ratio = results[True][0][page], results[False][0][page]
            print(f"   {page:<12}{cached_ratio:>9.3f}{uncached_ratio:>10.3f}{sql[page]:>6}   {urls[page]}")
            if cached_ratio < TARGETS_CACHED.get(page, 0):
                failures.append(f"{label}: cached {page} {cached_ratio:.3f} < {TARGETS_CACHED[page]}")
            if uncached_ratio < TARGETS_UNCACHED.get(page, 0):
                failures.append(f"{label}: uncached {page} {uncached_ratio:.3f} < {TARGETS_UNCACHED[page]}")
            if sql[page] > MAX_SQL:
                failures.append(f"{label}: {page} runs {sql[page]} SQL > {MAX_SQL}")
        for cached in (True, False):
            _ratios, trivial, rss, served = results[cached]
            mode = "cached" if cached else "uncached"
            print(
                f"   {mode:<9} trivial view {trivial:,.0f} req/s; worker RSS {rss:.0f} MB after {served:,} requests"
            )
            if rss >= MAX_RSS_MB:
                failures.append(f"{label}: worker RSS {rss:.0f} MB >= {MAX_RSS_MB}")
    print("\n   targets: " + ("all met" if not failures else "MISSED\n   - " + "\n   - ".join(failures)))


def _sql_worker():
    """In-process: the URLs of each page on this catalogue and the SQL an uncached request runs."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from catalogue.models import CategoryPage, PackSize, ProductPage
    from cms.models import HomePage
    from traceability.models import Lot

    lot = Lot.objects.select_related("pack_size").order_by("pk").first()
    biggest = max(CategoryPage.objects.live(), key=lambda c: c.products.count())
    product = (
        ProductPage.objects.live().filter(slug__startswith="synthetic-").order_by("pk").first()
        or ProductPage.objects.live().order_by("pk").first()
    )
    gtin = PackSize.objects.filter(product__live=True).order_by("pk").values_list("gtin", flat=True).first()
    urls = {
        "home": HomePage.objects.get().url,
        "category": biggest.url,
        "product": product.url,
        "search": "/search/?q=keo+dua",
        "lot page": f"/01/{lot.pack_size.gtin}/10/{lot.code}",
        "/01/{gtin}": f"/01/{gtin}",
    }
    client = Client()
    sql = {}
    for page, url in urls.items():
        client.get(url)  # warm the per-process caches
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        assert status in (200, 307), (url, status)
        sql[page] = len(queries)
    print(json.dumps({"urls": urls, "sql": sql}))


if __name__ == "__main__" and sys.argv[1:2] == ["--sql"]:
    _sql_worker()
