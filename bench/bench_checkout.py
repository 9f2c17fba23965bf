"""Checkout under contention: 16 buyers × 20 attempts for 200 units through the real checkout view.

A worker process builds a throwaway SQLite database ($BENCH_DATA_DIR or the temp dir, file
ocop-bench/checkout.sqlite3, recreated on every run; WAL, immediate transactions, as configured)
with one pack of 200 units, then 16 threads each add one unit to a fresh session cart and post the
checkout form (cash on delivery), 20 times. It reports orders placed, refusals for stock, other
errors (500s, "database is locked"), the final stock and p50/p95 of the checkout POST.
Run alone: `python -m bench checkout`. Set BENCH_CHECKOUT_DATABASE_URL to time another database
(e.g. postgres://postgres@127.0.0.1:5432/ocop_shop_bench; its tables are dropped and rebuilt).
"""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THREADS, PER_THREAD, STOCK = 16, 20, 200


def checkout_page_fields(page) -> dict:
    """The checkout page's token and digest of the cart it showed, which its form sends back."""
    html = page.content.decode()
    return dict(re.findall(r'<input type="hidden" name="(checkout_token|cart_digest)" value="([^"]*)"', html))


def run():
    url = os.environ.get("BENCH_CHECKOUT_DATABASE_URL")
    if not url:
        data_dir = Path(os.environ.get("BENCH_DATA_DIR", tempfile.gettempdir())) / "ocop-bench"
        data_dir.mkdir(parents=True, exist_ok=True)
        path = data_dir / "checkout.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("REDIS_URL", None)
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.bench_checkout", "--worker"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if completed.returncode != 0:
        print("   worker failed:\n" + completed.stderr[-3000:])
        return
    r = json.loads(completed.stdout.strip().splitlines()[-1])
    print(f"   database: {r['vendor']}")
    print(
        f"   {r['attempts']} checkouts for {STOCK} units: {r['placed']} orders placed, "
        f"{r['refused']} refused for stock, {r['errors']} errors; stock left {r['stock']} "
        f"(oversold: {r['placed'] + r['stock'] - STOCK != 0 or r['stock'] < 0})"
    )
    print(f"   checkout POST: p50 {r['p50']:.1f} ms   p95 {r['p95']:.1f} ms   ({r['rate']:.0f} checkouts/s)")


def _build():
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Page, Site

    from catalogue.factories import (
        CategoryIndexPageFactory,
        PackSizeFactory,
        ProducerIndexPageFactory,
        ProducerPageFactory,
        ProductPageFactory,
    )
    from cms.models import HomePage

    if connection.vendor == "postgresql":  # a throwaway database: start from an empty schema
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="OCOP Việt", slug="bench-checkout", hero_title="OCOP"))
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    CategoryIndexPageFactory(parent=home)
    producer = ProducerPageFactory(parent=ProducerIndexPageFactory(parent=home))
    product = ProductPageFactory(parent=producer, title="Kẹo dừa sầu riêng")
    return PackSizeFactory(product=product, price=45_000, stock=STOCK)


def worker():
    import threading

    import django

    django.setup()
    from django.db import close_old_connections, connection
    from django.test import Client

    from places.models import Province
    from storefront.models import Order

    pack = _build()
    province = Province.objects.get(code=86)
    form = {
        "full_name": "Nguyễn Thị Hoa",
        "phone": "0912345678",
        "province": province.pk,
        "commune": province.communes.first().pk,
        "street": "12 Đồng Khởi",
        "payment_method": "cod",
    }
    samples, outcomes, lock = [], {"placed": 0, "refused": 0, "errors": 0}, threading.Lock()

    def buyer():
        try:
            for _ in range(PER_THREAD):
                client = Client()
                client.post("/gio-hang/them/", {"pack_size": pack.pk, "quantity": 1})
                shown = checkout_page_fields(client.get("/thanh-toan/"))  # the cart the page showed
                started = time.perf_counter()
                try:
                    response = client.post("/thanh-toan/", {**form, **shown})
                    status = response.status_code
                    target = response.get("Location", "")
                except Exception:  # counted, not raised: the point is to see them
                    status, target = 500, ""
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    samples.append(elapsed)
                    if status == 302 and "/don-hang/" in target:
                        outcomes["placed"] += 1
                    elif status in (200, 302):
                        outcomes["refused"] += 1
                    else:
                        outcomes["errors"] += 1
        finally:
            close_old_connections()

    threads = [threading.Thread(target=buyer) for _ in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    wall = time.perf_counter() - started
    pack.refresh_from_db()
    ordered = sorted(samples)
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "attempts": THREADS * PER_THREAD,
                **outcomes,
                "orders_in_db": Order.objects.count(),
                "stock": pack.stock,
                "p50": statistics.median(ordered),
                "p95": ordered[int(len(ordered) * 0.95) - 1],
                "rate": len(samples) / wall,
            }
        )
    )


if __name__ == "__main__" and "--worker" in sys.argv:
    worker()
