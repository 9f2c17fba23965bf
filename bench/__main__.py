"""`make bench`: run every bench/bench_*.py module's `run()` and print what it measured.

Each benchmark prints its own figures (latencies, ratios) and returns nothing; a benchmark that needs
a service the machine lacks says so and is skipped. Run one with `python -m bench NAME`.
"""

import importlib
import os
import pkgutil
import sys
import time

import django


def main(selected):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    names = sorted(m.name for m in pkgutil.iter_modules([os.path.dirname(__file__)]))
    names = [
        n for n in names if n.startswith("bench_") and (not selected or n.removeprefix("bench_") in selected)
    ]
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        print(f"\n== {name}: {(module.__doc__ or '').strip().splitlines()[0] if module.__doc__ else ''}")
        started = time.perf_counter()
        module.run()
        print(f"   ({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
