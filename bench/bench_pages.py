"""Catalogue pages rendered (p50/p95) on a small and a ten-times larger catalogue, and the ratio between.

The ratio shows they do not slow down as the catalogue grows. Each size gets its own SQLite file in
$BENCH_DATA_DIR (default: the system temp dir)/ocop-bench/, built once (migrate, load_demo,
generate_catalogue; minutes, said as it goes) and kept between runs. A worker process per size sets
DATABASE_URL before Django starts and times whole pages through the test client (routing, queries,
template), RUNS times each after warm-ups, with the page cache off: a cached page costs the same
whatever the catalogue's size, so only a rendered one can tell (bench_ratios measures the cache).
Run alone: `python -m bench pages`; sizes with BENCH_PAGES_SIZES (default "200,2000").
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = [int(n) for n in os.environ.get("BENCH_PAGES_SIZES", "200,2000").split(",")]
RUNS, WARMUPS = 30, 3
ROOT = Path(__file__).resolve().parent.parent
PAGES = ("home", "category", "producer index", "producer", "product")


def run():
    data_dir = Path(os.environ.get("BENCH_DATA_DIR", tempfile.gettempdir())) / "ocop-bench"
    data_dir.mkdir(parents=True, exist_ok=True)
    results = {}
    for size in SIZES:
        url = f"sqlite:///{data_dir / f'pages-{size}.sqlite3'}"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "REDIS_URL": "",
            "PAGE_CACHE_SECONDS": "0",  # rendered, not a cache hit
        }
        env.pop("ELASTICSEARCH_URL", None)
        process = subprocess.run(
            [sys.executable, "-m", "bench.bench_pages", "--worker", str(size)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=3600,
        )
        if process.returncode != 0:
            print(f"   {size} products: worker failed\n{process.stderr[-2000:]}")
            return
        results[size] = json.loads(process.stdout.strip().splitlines()[-1])
    print(f"   {'page':<16}" + "".join(f"{f'p50/p95 @{s}':>22}" for s in SIZES) + "   ratio p50")
    for page in PAGES:
        cells = "".join(f"{results[s][page][0]:>10.1f} /{results[s][page][1]:>7.1f} ms" for s in SIZES)
        ratio = results[SIZES[-1]][page][0] / results[SIZES[0]][page][0]
        print(f"   {page:<16}{cells}   {ratio:>5.2f}x")


def _percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _worker(size):
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from catalogue.models import CategoryPage, ProducerIndexPage, ProductPage
    from cms.models import HomePage

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    call_command("generate_catalogue", products=size, verbosity=0)
    biggest_category = max(CategoryPage.objects.all(), key=lambda c: c.products.count())
    product = ProductPage.objects.filter(slug__startswith="synthetic-").order_by("pk").first()
    urls = {
        "home": HomePage.objects.get().url,
        "category": biggest_category.url,
        "producer index": ProducerIndexPage.objects.get().url,
        "producer": product.producer.url,
        "product": product.url,
    }
    client = Client()
    timings = {}
    for name, url in urls.items():
        samples = []
        for i in range(WARMUPS + RUNS):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (url, response.status_code)
            if i >= WARMUPS:
                samples.append(elapsed)
        timings[name] = (statistics.median(samples), _percentile(samples, 0.95))
    print(json.dumps(timings))


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    _worker(int(sys.argv[2]))
