"""Search latency (p50/p95) on the 20,000-product synthetic catalogue, database engine, SQLite and PostgreSQL.

Each database gets its own benchmark catalogue, built once and kept between runs:
- SQLite: a file in $BENCH_DATA_DIR (default: the system temp dir)/ocop-bench/search-20000.sqlite3;
- PostgreSQL, when DATABASE_URL (or BENCH_SEARCH_POSTGRES_URL) is PostgreSQL: the database named there
  with the suffix "_bench_search", created if missing (the configured database itself is never touched).
A worker process per database (DATABASE_URL set before django.setup) migrates, runs `load_demo` and
`generate_catalogue --products 20000` (which rebuilds the search index), then times whole search pages
through the test client (engine, card loading and template), 40 runs per query after 3 warm-ups.
Run alone: `python -m bench search`; change the size with BENCH_SEARCH_PRODUCTS.
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

PRODUCTS = int(os.environ.get("BENCH_SEARCH_PRODUCTS", "20000"))
RUNS, WARMUPS = 40, 3
ROOT = Path(__file__).resolve().parent.parent

QUERIES = [
    ("browse (empty query, all facets)", "/search/", {}),
    ("keo dua", "/search/", {"q": "keo dua"}),
    ("tra (short prefix)", "/search/", {"q": "tra"}),
    ("kẹo dừa sầu riêng bến tre", "/search/", {"q": "kẹo dừa sầu riêng bến tre"}),
    ("mat ong + 4★ + in stock", "/search/", {"q": "mat ong", "stars": "4", "in_stock": "1"}),
    (
        "browse + province + price",
        "/search/",
        {"province": "86", "price_min": "50000", "price_max": "150000"},
    ),
    ("keo, price ascending, page 5", "/search/", {"q": "keo", "sort": "price_asc", "page": "5"}),
    ("typo → near matches", "/search/", {"q": "keo dau sau rieg"}),
    ("suggest 'ke' (uncached)", "/search/suggest/", {"q": "ke"}),
]


def run():
    results = {}
    sqlite_dir = Path(os.environ.get("BENCH_DATA_DIR", tempfile.gettempdir())) / "ocop-bench"
    sqlite_dir.mkdir(parents=True, exist_ok=True)
    targets = [("SQLite", f"sqlite:///{sqlite_dir / f'search-{PRODUCTS}.sqlite3'}")]
    postgres = os.environ.get("BENCH_SEARCH_POSTGRES_URL") or os.environ.get("DATABASE_URL", "")
    if postgres.startswith(("postgres://", "postgresql://")):
        targets.append(("PostgreSQL", _bench_database_url(postgres)))
    else:
        print("   PostgreSQL: skipped (DATABASE_URL is not PostgreSQL; set it or BENCH_SEARCH_POSTGRES_URL)")
    for label, url in targets:
        print(f"   {label}: {_safe(url)} ({PRODUCTS} products)")
        results[label] = _run_worker(url)
        if results[label] is None:
            continue
        _print(results[label])
    _print_ratios(results)


def _bench_database_url(url: str) -> str:
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "ocop"
    return urlunsplit(parts._replace(path="/" + name + "_bench_search"))


def _safe(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.hostname or "")) if parts.password else url


def _run_worker(url):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings", "REDIS_URL": ""}
    env.pop("ELASTICSEARCH_URL", None)  # the database engine is measured
    process = subprocess.run(
        [sys.executable, "-m", "bench.bench_search", "--worker"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in process.stderr.splitlines()[-5:]:
        if "Error" in line or "error" in line:
            print("   worker:", line)
    marker = [line for line in process.stdout.splitlines() if line.startswith("RESULT ")]
    if process.returncode or not marker:
        print(f"   worker failed ({process.returncode}):\n{process.stdout[-2000:]}\n{process.stderr[-2000:]}")
        return None
    return json.loads(marker[-1].removeprefix("RESULT "))


def _print(result):
    print(f"   {'query':<34} {'page p50':>9} {'page p95':>9} {'engine p50':>11} {'engine p95':>11}  results")
    for name, row in result["queries"].items():
        print(
            f"   {name:<34} {row['p50']:>9.1f} {row['p95']:>9.1f} {row['engine_p50']:>11.1f} "
            f"{row['engine_p95']:>11.1f}  {row['total']}"
        )
    print("   (ms; page = whole HTML/JSON response via the test client; engine = the engine call alone)")
    print(
        f"   (setup {result['setup_seconds']:.0f} s; search_reindex of {result['documents']} documents: "
        f"{result['reindex_seconds']:.1f} s)"
    )


def _print_ratios(results):
    for label, result in results.items():
        if not result:
            continue
        q = result["queries"]
        browse = q["browse (empty query, all facets)"]["p95"]
        print(
            f"   {label}: p95 filtered/unfiltered (mat ong + filters vs keo dua) = "
            f"{q['mat ong + 4★ + in stock']['p95'] / q['keo dua']['p95']:.2f}; "
            f"p95 text query/browse = {q['keo dua']['p95'] / browse:.2f}; "
            f"p95 suggest/search = {q["suggest 'ke' (uncached)"]['p95'] / q['keo dua']['p95']:.2f}"
        )
    if results.get("SQLite") and results.get("PostgreSQL"):
        for name in ("keo dua", "browse (empty query, all facets)"):
            ratio = results["PostgreSQL"]["queries"][name]["p95"] / results["SQLite"]["queries"][name]["p95"]
            print(f"   p95 PostgreSQL/SQLite for {name!r}: {ratio:.2f}")


# --- worker (runs in its own process with DATABASE_URL set) ---------------------------------------------


def _ensure_postgres_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def _percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _engine_call(path, params):
    """The engine alone: matching, ordering, the page of ids and the facet counts (no cards, no HTML)."""
    from search import service
    from search.query import parse_query

    if path.endswith("suggest/"):
        return service.run("suggest", params["q"])
    return service.run("search", parse_query(_querydict(params)))


def _querydict(params):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    query.update(params)
    return query


def _total(path, params):
    from search import service

    if path.endswith("suggest/"):
        return len(service.suggestions(params["q"]))
    return service.search_page(_querydict(params)).results.total


def worker():
    url = os.environ["DATABASE_URL"]
    if url.startswith("postgres"):
        _ensure_postgres_database(url)
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from catalogue.models import ProductPage
    from search.models import ProductDocument

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    if not ProductPage.objects.exists():
        call_command("load_demo", verbosity=0)
    call_command("generate_catalogue", products=PRODUCTS, verbosity=0)
    if ProductDocument.objects.count() != ProductPage.objects.live().count():
        call_command("search_reindex", verbosity=0)
    setup = time.perf_counter() - started
    started = time.perf_counter()
    call_command("search_reindex", verbosity=0)
    reindex = time.perf_counter() - started

    client = Client()
    out = {}
    for name, path, params in QUERIES:
        page, engine = [], []
        for i in range(WARMUPS + RUNS):
            cache.clear()  # measure the engine, not the suggestion cache
            t0 = time.perf_counter()
            response = client.get(path, params)
            t1 = time.perf_counter()
            _engine_call(path, params)
            t2 = time.perf_counter()
            assert response.status_code == 200, (name, response.status_code)
            if i >= WARMUPS:
                page.append((t1 - t0) * 1000)
                engine.append((t2 - t1) * 1000)
        out[name] = {
            "p50": statistics.median(page),
            "p95": _percentile(page, 0.95),
            "engine_p50": statistics.median(engine),
            "engine_p95": _percentile(engine, 0.95),
            "total": _total(path, params),
        }
    documents = ProductDocument.objects.count()
    result = {"queries": out, "setup_seconds": setup, "reindex_seconds": reindex, "documents": documents}
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    if "--worker" in sys.argv:
        sys.path.insert(0, str(ROOT))
        worker()
