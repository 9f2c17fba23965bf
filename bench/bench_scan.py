"""Lot page latency with and without scan recording (p50/p95), and scans under 16 concurrent clients.

A worker process per database builds a throwaway database, recreated on every run:
- SQLite: $BENCH_DATA_DIR (default: the temp dir)/ocop-bench/scan.sqlite3, WAL mode as configured;
- PostgreSQL, when DATABASE_URL (or BENCH_SCAN_POSTGRES_URL) is PostgreSQL: the database named there
  with the suffix "_bench_scan" (dropped and created; the configured database itself is never touched).
It holds one lot with five events and three certificates. The lot page is timed through the test
client: 300 requests with the scan recorded and 300 without (alternating blocks of 50 after 30
warm-ups). Then 16 threads scan the lot 25 times each with a flush every 25 scans, and the worker
reports errors and lost counts. Local-memory cache. Run alone: `python -m bench scan`.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
REQUESTS, BLOCK, WARMUPS = 300, 50, 30
THREADS, PER_THREAD = 16, 25


def run():
    data_dir = Path(os.environ.get("BENCH_DATA_DIR", tempfile.gettempdir())) / "ocop-bench"
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "scan.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    targets = [("SQLite", f"sqlite:///{path}")]
    postgres = os.environ.get("BENCH_SCAN_POSTGRES_URL") or os.environ.get("DATABASE_URL", "")
    if postgres.startswith(("postgres://", "postgresql://")):
        targets.append(("PostgreSQL", _fresh_postgres(postgres)))
    else:
        print("   PostgreSQL: skipped (DATABASE_URL is not PostgreSQL; set it or BENCH_SCAN_POSTGRES_URL)")
    for label, url in targets:
        _run_worker(label, url)


def _fresh_postgres(url: str) -> str:
    import psycopg

    parts = urlsplit(url)
    name = (parts.path.lstrip("/") or "ocop") + "_bench_scan"
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name))


def _run_worker(label, url):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("REDIS_URL", None)  # local-memory cache, as the embedded deployment runs
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.bench_scan", "--worker"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if completed.returncode != 0:
        print(f"   {label}: worker failed:\n" + completed.stderr[-3000:])
        return
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    print(f"   {label}:")
    for which in ("with", "without"):
        p50, p95 = result[which]
        print(f"     lot page {which:>7} scan recording: p50 {p50:6.2f} ms   p95 {p95:6.2f} ms")
    print(f"     ratio with/without: p50 {result['ratio_p50']:.3f}   p95 {result['ratio_p95']:.3f}")
    c = result["concurrent"]
    print(
        f"     {c['threads']} threads × {c['per_thread']} scans: {c['errors']} errors, "
        f"p95 {c['p95']:.2f} ms, counted {c['counted']} of {c['expected']} (lost {c['expected'] - c['counted']})"
    )


def _percentiles(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def _build():
    from django.core.management import call_command
    from wagtail.models import Page, Site

    from catalogue.factories import (
        CategoryIndexPageFactory,
        CategoryPageFactory,
        PackSizeFactory,
        ProducerIndexPageFactory,
        ProducerPageFactory,
        ProductPageFactory,
    )
    from cms.models import HomePage
    from traceability.factories import CertificateFactory, LotEventFactory, LotFactory

    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="OCOP Việt", slug="bench-home", hero_title="OCOP"))
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    category = CategoryPageFactory(parent=CategoryIndexPageFactory(parent=home), title="Kẹo dừa")
    producer = ProducerPageFactory(parent=ProducerIndexPageFactory(parent=home), title="Công ty TNHH Đông Á")
    product = ProductPageFactory(
        parent=producer, title="Kẹo dừa sầu riêng", ocop_stars=5, categories=[category]
    )
    pack = PackSizeFactory(product=product)
    lot = LotFactory(pack_size=pack, code="BENCH-1")
    LotEventFactory.create_batch(5, lot=lot)
    CertificateFactory.create_batch(2, lot=lot)
    CertificateFactory(producer=producer)
    return lot


def _time(client, url, count):
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return samples


def _concurrent(url, lot):
    import threading

    from django.db import close_old_connections
    from django.test import Client

    from traceability import scans

    scans.FLUSH_EVERY = 25
    scans.flush_all()
    before = type(lot).objects.get(pk=lot.pk).scan_count
    errors, samples, lock = [], [], threading.Lock()

    def scanner():
        client = Client()
        try:
            for _ in range(PER_THREAD):
                started = time.perf_counter()
                try:
                    status = client.get(url).status_code
                except Exception as error:  # counted, not raised: the point is to see them
                    status = repr(error)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    samples.append(elapsed)
                    if status != 200:
                        errors.append(status)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=scanner) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    scans.flush_all()
    counted = type(lot).objects.get(pk=lot.pk).scan_count - before
    return {
        "threads": THREADS,
        "per_thread": PER_THREAD,
        "errors": len(errors),
        "p95": _percentiles(samples)[1],
        "expected": THREADS * PER_THREAD,
        "counted": counted,
    }


def worker():
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from traceability import scans, views

    lot = _build()
    url = lot.get_absolute_url()
    client = Client()
    _time(client, url, WARMUPS)
    recording = scans.record_scan
    with_samples, without_samples = [], []
    for _ in range(REQUESTS // BLOCK):
        views.scans.record_scan = recording
        with_samples += _time(client, url, BLOCK)
        views.scans.record_scan = scans.summary  # the same page, nothing recorded
        without_samples += _time(client, url, BLOCK)
    views.scans.record_scan = recording
    with_p, without_p = _percentiles(with_samples), _percentiles(without_samples)
    result = {
        "vendor": connection.vendor,
        "with": with_p,
        "without": without_p,
        "ratio_p50": with_p[0] / without_p[0],
        "ratio_p95": with_p[1] / without_p[1],
        "concurrent": _concurrent(url, lot),
    }
    print(json.dumps(result))


if __name__ == "__main__" and "--worker" in sys.argv:
    worker()
