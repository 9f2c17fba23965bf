"""`make bench`: run every bench/bench_*.py module's `run()` and print what it measured.

Each benchmark prints its own figures (latencies, ratios) and returns nothing; a benchmark that needs
a service the machine lacks says so and is skipped. Run one with `python -m bench NAME`.

The whole run takes minutes (catalogues built on the first run, servers loaded for seconds a page), so it
says before each benchmark what it measures, how long it took last time and about how long is left; the
durations are kept in $BENCH_DATA_DIR/ocop-bench/timings.json for the next run's estimate.
"""

import importlib
import json
import os
import pkgutil
import sys
import tempfile
import time
from pathlib import Path

import django


def data_dir() -> Path:
    return Path(os.environ.get("BENCH_DATA_DIR", tempfile.gettempdir())) / "ocop-bench"


def duration(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


def what_it_measures(module) -> str:
    return (module.__doc__ or "").strip().splitlines()[0] if module.__doc__ else ""


def run_all(benchmarks: list[tuple[str, object]], timings: dict[str, float]) -> dict[str, float]:
    """Run each (name, module) in turn, saying how far along the run is; the seconds each took."""
    known = [timings[name] for name, _ in benchmarks if name in timings]
    names = ", ".join(name.removeprefix("bench_") for name, _ in benchmarks)
    if len(known) == len(benchmarks):
        estimate = f"about {duration(sum(known))}, as the last run"
    else:
        estimate = (
            "not known yet (no earlier run of each; the first run also builds its catalogues, minutes more)"
        )
    print(f"{len(benchmarks)} benchmarks ({names}); time needed: {estimate}", flush=True)
    took, started_all = {}, time.perf_counter()
    for number, (name, module) in enumerate(benchmarks, start=1):
        left = [timings.get(later) for later, _ in benchmarks[number - 1 :]]
        last = f"last time {duration(timings[name])}" if name in timings else "not run before here"
        remaining = f"; about {duration(sum(left))} left in all" if None not in left else ""
        print(f"\n== [{number}/{len(benchmarks)}] {name}: {what_it_measures(module)}", flush=True)
        print(f"   ({last}{remaining})", flush=True)
        started = time.perf_counter()
        module.run()
        took[name] = time.perf_counter() - started
        print(
            f"   ({name} took {duration(took[name])}; {duration(time.perf_counter() - started_all)} so far)",
            flush=True,
        )
    return took


def main(selected):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    known = sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules([os.path.dirname(__file__)])
        if m.name.startswith("bench_")
    )
    if unknown := [name for name in selected if name not in known]:
        # A typo (or --help) ran nothing and said "0 benchmarks" before.
        sys.exit(
            f"No benchmark named {', '.join(unknown)}; there are: {', '.join(known)} (python -m bench NAME…)"
        )
    names = [f"bench_{name}" for name in known if not selected or name in selected]
    benchmarks = [(name, importlib.import_module(f"bench.{name}")) for name in names]
    timings_file = data_dir() / "timings.json"
    timings = json.loads(timings_file.read_text()) if timings_file.exists() else {}
    timings.update(run_all(benchmarks, timings))
    timings_file.parent.mkdir(parents=True, exist_ok=True)
    timings_file.write_text(json.dumps(timings, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
