"""`make bench` runs for minutes: before each benchmark it says what it measures, how long it took last
time and about how long the run has left, and after it how long it took."""

from types import SimpleNamespace

from bench.__main__ import run_all


def benchmark(doc: str, says: str):
    return SimpleNamespace(__doc__=doc, run=lambda: print(says))


BENCHMARKS = [
    ("bench_pages", benchmark("Catalogue pages on 200 vs 2,000 products.\n\nMore.", "pages measured")),
    ("bench_search", benchmark("Search on 20,000 products.", "search measured")),
]


def test_each_benchmark_is_announced_with_what_it_measures_and_the_time_left_before_it_runs(capsys):
    took = run_all(BENCHMARKS, {"bench_pages": 90.0, "bench_search": 200.0})
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "2 benchmarks (pages, search); time needed: about 4 min 50 s, as the last run"
    assert lines[1:5] == [
        "",
        "== [1/2] bench_pages: Catalogue pages on 200 vs 2,000 products.",
        "   (last time 1 min 30 s; about 4 min 50 s left in all)",
        "pages measured",
    ]
    assert lines[5].startswith("   (bench_pages took 0 s; 0 s so far)")
    assert lines[7:9] == [
        "== [2/2] bench_search: Search on 20,000 products.",
        "   (last time 3 min 20 s; about 3 min 20 s left in all)",
    ]
    assert set(took) == {"bench_pages", "bench_search"}


def test_a_first_run_says_its_time_is_not_known_yet_rather_than_guess(capsys):
    run_all(BENCHMARKS, {"bench_pages": 90.0})
    out = capsys.readouterr().out
    assert "time needed: not known yet (no earlier run of each; the first run also builds" in out
    assert "   (not run before here)\n" in out


def test_a_benchmark_name_that_does_not_exist_is_refused_naming_those_that_do():
    import subprocess
    import sys
    from pathlib import Path

    completed = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench", "page"],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stderr == (
        "No benchmark named page; there are: checkout, pages, ratios, scan, search, serial (python -m bench NAME…)\n"
    )
    assert completed.stdout == ""  # nothing was run
