"""`cockpit bench`: check that cockpit, DuckDB and pandas agree, then time them side by side.

Every timed figure runs in a fresh process (the operating system's file cache is warm, Python's
is not), so one figure's memory or caches never flatter the next.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import platformdirs

from cockpit.bench.figures import Figure, render
from cockpit.bench.measure import DRILL_REPS
from cockpit.period import Period
from cockpit.runtime import CACHE_DIR_ENV

BENCH_TABLES = ("reps", "deals", "activities", "leads", "accounts")
SCALE_LABELS = {
    "S": "S (25 reps, 750 deals)",
    "M": "M (2,000 reps, 1M deals, 2M leads, 5M activity rows, 100k accounts)",
    "L": "L (20,000 reps, 10M deals, 20M leads, 50M activity rows, 1M accounts)",
}


def parser() -> argparse.ArgumentParser:
    """The options of `cockpit bench`."""
    p = argparse.ArgumentParser(prog="cockpit bench", description=__doc__)
    p.add_argument("--scale", choices=("S", "M", "L"), default="M")
    p.add_argument("--data", help="a canonical Parquet or CSV folder instead of generated data")
    p.add_argument(
        "--runs", type=int, help="runs per figure; the median is shown (default 3, --engines 1)"
    )
    p.add_argument("--no-paint", action="store_true", help="skip the terminal first-paint figures")
    p.add_argument(
        "--engines",
        action="store_true",
        help="instead: the data in PostgreSQL, a DuckDB file and a local Spark, each read by "
        "`cockpit report` beside the folder (load time not counted)",
    )
    return p


def bench_folder(scale: str) -> Path:
    """Demo data at `scale` as Parquet, generated once and reused from the user's cache."""
    from cockpit.demo.generate import write_demo
    from cockpit.private_files import private_folder

    # In the user's cache, which is private (0700) and refused when a link or another user's.
    root = private_folder(platformdirs.user_cache_path("cockpit"))
    folder = private_folder(root / "bench") / f"demo-{scale}-parquet"
    done = folder / ".complete"
    if not done.is_file():
        print(f"generating {SCALE_LABELS[scale]} into {folder} (once)…", flush=True)
        write_demo(folder, scale=scale, fmt="parquet")
        done.touch()
    return folder


def agree(folder: Path) -> tuple[Period, str, list[str]]:
    """The review period, the first rep shown, and every disagreement with DuckDB and pandas."""
    from cockpit.bench.agree import check_agreement
    from cockpit.config import Settings
    from cockpit.data.source import open_dataset
    from cockpit.period import resolve_period
    from cockpit.session import panes_of

    dataset = open_dataset(str(folder), cached=False)
    panes = panes_of(dataset, resolve_period(dataset.lazy_tables()), Settings())
    first_name = str(panes.tiers["name"][0])
    return panes.period, first_name, check_agreement(folder, panes)


def measure(kind: str, folder: Path, period: Period, env: dict[str, str]) -> dict[str, float]:
    """One figure from a fresh `python -m cockpit.bench.measure` process."""
    args = [str(folder), str(period.start), str(period.end), str(period.as_of)]
    done = subprocess.run(
        [sys.executable, "-m", "cockpit.bench.measure", kind, *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{kind} failed: {done.stderr.strip()[-500:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def median_of(
    kind: str, folder: Path, period: Period, env: dict[str, str], runs: int
) -> dict[str, float]:
    """The median seconds of `runs` fresh processes, with the largest peak memory seen."""
    results = [measure(kind, folder, period, env) for _ in range(runs)]
    return {
        "seconds": statistics.median(r["seconds"] for r in results),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in results),
        **{k: statistics.median(r[k] for r in results) for k in ("worst",) if k in results[0]},
    }


def timings(folder: Path, period: Period, runs: int, cache: str) -> list[Figure]:
    """Load + panes (first and cached open), the checked open's floor, DuckDB doing its checks,
    DuckDB, pandas, drill-down, whole `cockpit report` processes: each in fresh processes."""
    cached_env = {CACHE_DIR_ENV: cache}
    first = median_of("cockpit-first", folder, period, {}, runs)
    measure("cockpit-cached", folder, period, cached_env)  # writes the validated copy
    cached = median_of("cockpit-cached", folder, period, cached_env, runs)
    duck = median_of("duckdb", folder, period, {}, runs)
    pandas = median_of("pandas", folder, period, {}, runs)
    floor = median_of("floor", folder, period, {}, runs)
    checks = median_of("duckdb-checks", folder, period, {}, runs)
    drill = median_of("drill", folder, period, cached_env, runs)

    def vs(seconds: float) -> str:
        ratio, faster = seconds / duck["seconds"], pandas["seconds"] / seconds
        than_pandas = f"{faster:.1f}× faster" if faster >= 1 else f"{1 / faster:.1f}× slower"
        return f"{ratio:.1f}× DuckDB · {than_pandas} than pandas"

    return [
        Figure(
            "load + five panes, first open (reads and checks every row)",
            first["seconds"],
            first["peak_rss_mb"],
            vs(first["seconds"]),
        ),
        Figure(
            "load + five panes, unchanged data (validated copy)",
            cached["seconds"],
            cached["peak_rss_mb"],
            vs(cached["seconds"]),
        ),
        Figure(
            "least a checked first open does: read every cell, trim text, count ids",
            floor["seconds"],
            floor["peak_rss_mb"],
            f"{floor['seconds'] / duck['seconds']:.1f}× DuckDB; first open is "
            f"{first['seconds'] / floor['seconds']:.1f}× this",
        ),
        Figure(
            "DuckDB: a first open's checks (every rule counted), then the aggregates",
            checks["seconds"],
            checks["peak_rss_mb"],
            f"first open is {first['seconds'] / checks['seconds']:.2f}× this",
        ),
        Figure("DuckDB: the same aggregates, plainly", duck["seconds"], duck["peak_rss_mb"]),
        Figure("pandas: the same aggregates, plainly", pandas["seconds"], pandas["peak_rss_mb"]),
        Figure(
            "drill into one rep: deals, leads, accounts",
            drill["seconds"],
            drill["peak_rss_mb"],
            note=f"worst of {DRILL_REPS} reps {drill['worst'] * 1000:.1f} ms",
        ),
        *whole_process(folder, period, runs, cached_env),
    ]


def whole_process(folder: Path, period: Period, runs: int, env: dict[str, str]) -> list[Figure]:
    """`cockpit report --pane all` as JSON and as CSV on the validated copy (`env` names its
    cache), and a DuckDB script printing the same aggregates as JSON: each run in turn, so a
    change of load touches all three alike."""
    report = [sys.executable, "-m", "cockpit", "report", str(folder), "--pane", "all", "--format"]
    dates = [str(period.start), str(period.end), str(period.as_of)]
    script = [sys.executable, "-m", "cockpit.bench.duckdb_script", str(folder), *dates]
    commands = {"json": [*report, "json"], "csv": [*report, "csv"], "duckdb": script}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(wall_seconds(argv, env))
    json_s, csv_s, duck = (statistics.median(times[n]) for n in commands)
    return [
        Figure(
            "whole process: cockpit report --format json (validated copy)",
            json_s,
            compared=f"{json_s / duck:.2f}× DuckDB script",
        ),
        Figure(
            "whole process: cockpit report --format csv (validated copy)",
            csv_s,
            compared=f"{csv_s / duck:.2f}× DuckDB script",
        ),
        Figure("whole process: DuckDB script, the same aggregates as JSON", duck),
    ]


def wall_seconds(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning `argv` until it exits, its output read from a pipe."""
    start = time.perf_counter()
    done = subprocess.run(argv, env={**os.environ, **env}, capture_output=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0 or not done.stdout:
        command = " ".join(argv[1:4])
        raise RuntimeError(f"{command} failed: {done.stderr.decode(errors='replace')[-500:]}")
    return seconds


def first_paint(folder: Path | None, rep: str, runs: int) -> list[Figure]:
    """Seconds until the bare app's READY, cockpit's frame and a rep name show on a real pty."""
    from cockpit.bench.first_paint import time_until

    def median(args: list[str], marker: str) -> float:
        return statistics.median(time_until(args, marker.encode()) for _ in range(runs))

    data = [str(folder)] if folder else []
    bare = median(["-m", "cockpit.bench.apps.bare_app"], "READY")
    frame = median(["-m", "cockpit", *data], "Loading")
    shown = median(["-m", "cockpit", *data], rep)
    live = median(["-m", "cockpit", *data], "Data as of")
    where = "the bundled sample" if folder is None else "this data, validated copy"
    return [
        Figure("first paint: bare Textual app shows READY", bare),
        Figure(
            f"first paint: cockpit frame ({where})", frame, compared=f"{frame / bare:.2f}× bare"
        ),
        Figure(
            f"first paint: first rep name ({where})", shown, compared=f"{shown / bare:.2f}× bare"
        ),
        Figure(
            f"first paint: live panes, status 'Data as of' ({where})",
            live,
            compared=f"{live / bare:.2f}× bare",
        ),
    ]


def first_open_paint(folder: Path, runs: int) -> Figure:
    """Seconds until the live panes show when the data was never seen (no validated copy)."""
    from cockpit.bench.first_paint import time_until

    def once() -> float:
        # An empty cache of its own, as on a user's first open: every row is read and checked.
        with tempfile.TemporaryDirectory(prefix="cockpit-bench-first-") as cache:
            args = ["-m", "cockpit", str(folder)]
            return time_until(args, b"Data as of", env={CACHE_DIR_ENV: cache})

    times = [once() for _ in range(runs)]
    return Figure(
        "first paint: live panes, first open of this data (every row checked)",
        statistics.median(times),
        note=f"worst of {runs} {max(times):.2f} s",
    )


def drill_paint(folder: Path, runs: int) -> list[Figure]:
    """`enter` on the first rep until its screen, then its records, show (pty); beside a bare
    Textual app pushing a screen with only a header, a line and a footer."""
    from cockpit.bench.first_paint import time_to_drill

    def median(args: list[str], ready: bytes, marker: bytes, keys: bytes) -> tuple[float, float]:
        times = [time_to_drill(args, ready, marker, keys) for _ in range(runs)]
        return statistics.median(times), max(times)

    bare, bare_worst = median(["-m", "cockpit.bench.apps.bare_app"], b"READY", b"PUSHED", b"\r")
    figures = [
        Figure(
            "bare Textual app: enter until a pushed screen shows (pty)",
            bare,
            note=f"worst of {runs} {bare_worst * 1000:.0f} ms",
        )
    ]
    args = ["-m", "cockpit", str(folder)]
    steps = {
        "drill into one rep: enter until its screen shows (pty)": (b"Deals (closed", b"\r"),
        "drill into one rep: enter until its deals are listed (pty)": (b"deal_id", b"\r"),
        # Typed together, the records cannot have been gathered while the cursor rested.
        "drill, cursor not rested: j+enter until deals listed (pty)": (b"deal_id", b"j\r"),
    }
    for label, (marker, keys) in steps.items():
        seconds, worst = median(args, b"Data as of", marker, keys)
        figures.append(
            Figure(
                label,
                seconds,
                compared=f"{seconds / bare:.2f}× bare push",
                note=f"worst of {runs} {worst * 1000:.0f} ms",
            )
        )
    return figures


def table_repaint(runs: int) -> list[Figure]:
    """Tiers pane with 2,000 and 20,000 reps: first paint, a filter keystroke, sort, page down."""
    from cockpit.bench.table_repaint import measure as repaint

    figures = []
    for rows in (2_000, 20_000):
        steps = repaint(rows, runs=max(runs, 3))
        figures += [
            Figure(f"table, {rows:,} reps: {step.replace('_', ' ')}", seconds)
            for step, seconds in steps.items()
            if step in ("first_paint", "filter_keystroke", "sort", "page_down")
        ]
    return figures


def machine() -> str:
    """The machine and library versions the figures were measured with."""
    import polars as pl

    versions = [f"Python {platform.python_version()}", f"Polars {pl.__version__}"]
    for name in ("duckdb", "pandas", "textual"):
        try:
            module = __import__(name)
            versions.append(f"{name} {module.__version__}")
        except ImportError:
            versions.append(f"{name} not installed")
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs; " + ", ".join(
        versions
    )


TARGETS = """targets (issue #6): sample first rep name ≤ 1.5× bare; M: load + panes ≤ 1.0× DuckDB
and ≥ 5× faster than pandas, frame ≤ 1.5× bare, data within 2 s, drill ≤ 50 ms, filter repaint
≤ 100 ms; L: all panes ≤ 5 s and ≤ 4 GB peak.
targets (issue #24): first open ≤ 1.0× DuckDB's checks at M and L; whole-process report (JSON,
CSV) ≤ 1.5× the DuckDB script at M; L first open ≤ 15 s within 4 GB."""


def main(argv: list[str] | None = None) -> int:
    """Generate or reuse data, check agreement, time, print the table (exit 1 on disagreement)."""
    args = parser().parse_args(argv)
    # The engines row needs no pandas: each engine's client is checked on its own row.
    needed = ("duckdb",) if args.engines else ("duckdb", "pandas")
    missing = [m for m in needed if not _importable(m)]
    if missing:
        print(
            f"cockpit bench: {', '.join(missing)} not installed: pip install 'cockpit[bench]'",
            file=sys.stderr,
        )
        return 2
    folder = Path(args.data).expanduser() if args.data else bench_folder(args.scale)
    if not folder.is_dir():
        print(f"cockpit bench: {folder}: no such folder", file=sys.stderr)
        return 1
    missing_tables = [t for t in BENCH_TABLES if not _has_table(folder, t)]
    if missing_tables:
        print(
            f"cockpit bench: {folder} has no {', '.join(missing_tables)} (.parquet or .csv): the "
            "benchmark compares all five panes, so it needs reps, deals, activities, leads and "
            "accounts in the canonical columns (cockpit demo --out DIR writes such a folder)",
            file=sys.stderr,
        )
        return 2
    label = str(folder) if args.data else f"{SCALE_LABELS[args.scale]} from Parquet"
    print(f"cockpit bench: {label}\n{machine()}\n", flush=True)
    if args.engines:
        from cockpit.bench.engines import engines_bench

        return engines_bench(folder, args.runs or 1)
    args.runs = args.runs or 3
    with_bytecode()
    period, first_name, disagreements = agree(folder)
    if disagreements:
        print("cockpit, DuckDB and pandas DISAGREE — nothing timed:", *disagreements, sep="\n  ")
        return 1
    print(
        f"agreement: cockpit = DuckDB = pandas on every rep and segment ({period.label()})",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="cockpit-bench-cache-") as cache:
        # Every cockpit run below, the TUI's too, uses this validated copy; removed at the end.
        os.environ[CACHE_DIR_ENV] = cache
        figures = timings(folder, period, args.runs, cache)
        figures.extend(drill_paint(folder, args.runs))
        figures += table_repaint(args.runs)
        if not args.no_paint:
            figures += first_paint(None, "Elena Marsh", args.runs)
            figures += first_paint(folder, first_name, args.runs)[1:]
            figures.append(first_open_paint(folder, args.runs))
    print("\n" + render(figures) + "\n" + TARGETS)
    return 0


def with_bytecode() -> None:
    """Every timed process reads cockpit's compiled bytecode, as an installed copy's does.

    A machine that sets PYTHONDONTWRITEBYTECODE (this one does) would otherwise compile every
    module of cockpit on each start, while the libraries beside it were compiled when installed.
    """
    import compileall

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    # A read-only install keeps what it has; only the next start's speed is at stake.
    compileall.compile_dir(Path(__file__).parents[1], quiet=2)


def _has_table(folder: Path, name: str) -> bool:
    from cockpit.bench.reference import table_path

    try:
        table_path(folder, name)
    except FileNotFoundError:
        return False
    return True


def _importable(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None
