"""`cockpit bench --engines`: one data set in PostgreSQL, a DuckDB file and a local Spark, each
read by `cockpit report --pane all --format json` beside the Parquet folder it came from.

Every engine gets the same canonical tables (the rows the file loader keeps). Every timed run's
JSON is compared with the folder's; an engine that is not available is skipped, saying why.
Loading an engine is timed apart and not counted. What reached cockpit is counted in this
process: rows of each heavy table after the engine reduced it, against the rows it holds. Each
timed command is `python -m cockpit` in a fresh process that writes its own peak memory
(`MEASURED`), so the memory is the cockpit process's own.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cockpit.bench.engine_copies import (
    HEAVY,
    POSTGRES,
    POSTGRES_ENV,
    EngineUnavailableError,
    canonical_tables,
    duckdb_copy,
    postgres_connection,
    postgres_copy,
    spark_copy,
)
from cockpit.runtime import NO_CACHE_ENV

if TYPE_CHECKING:
    import polars as pl

    from cockpit.bench.figures import Figure

REL_TOLERANCE = 1e-9
"""Sums may be added in another order by another engine; nothing else may differ."""

TARGET = """target (issue #23): at demo M, PostgreSQL no slower than the hand-written path (36 s on
2026-12-01, 2 shared cores, load ≈ 3.5); DuckDB file and Spark local reported beside it."""

EngineCopy = Callable[["dict[str, pl.DataFrame]", Path], AbstractContextManager[str]]


def timed_report(data: str, runs: int) -> tuple[list[Any], float, float]:
    """`cockpit report DATA --pane all --format json` in `runs` fresh processes: each run's
    JSON, the median wall seconds and the largest peak memory (MB) of the cockpit process."""
    outputs, seconds, peaks = [], [], []
    with tempfile.TemporaryDirectory(prefix="cockpit-bench-report-") as scratch:
        measured = Path(scratch) / "measured.json"
        argv = ["report", data, "--pane", "all", "--format", "json"]
        # No validated copy: every source is read and checked in full, every time.
        env = {**os.environ, NO_CACHE_ENV: "1"}
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", MEASURED, str(measured), *argv],
                env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            seconds.append(time.perf_counter() - start)
            if done.returncode != 0:
                raise RuntimeError(f"cockpit report {data} failed: {done.stderr.strip()[-500:]}")
            outputs.append(json.loads(done.stdout))
            peaks.append(json.loads(measured.read_text())["peak_rss_mb"])
    return outputs, statistics.median(seconds), max(peaks)


def differences(expected: Any, got: Any, path: str = "") -> list[str]:
    """Where `got` differs from `expected` (floats within REL_TOLERANCE), one line each."""
    if isinstance(expected, float) and isinstance(got, float | int):
        close = math.isclose(expected, got, rel_tol=REL_TOLERANCE, abs_tol=REL_TOLERANCE)
        return [] if close else [f"{path}: {expected!r} ≠ {got!r}"]
    if isinstance(expected, dict) and isinstance(got, dict) and expected.keys() == got.keys():
        pairs = [(f"{path}.{key}".lstrip("."), expected[key], got[key]) for key in expected]
    elif isinstance(expected, list) and isinstance(got, list) and len(expected) == len(got):
        pairs = [(f"{path}[{i}]", *pair) for i, pair in enumerate(zip(expected, got, strict=True))]
    else:
        return (
            [] if expected == got else [f"{path or 'report'}: {_short(expected)} ≠ {_short(got)}"]
        )
    return [line for where, a, b in pairs for line in differences(a, b, where)]


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def reached(data: str) -> dict[str, int]:
    """Rows of each heavy table that reach cockpit when it opens DATA (after reduction)."""
    from cockpit.data.source import open_dataset

    dataset = open_dataset(data, cached=False)
    return {name: dataset.tables[name].height for name in HEAVY if name in dataset.tables}


ENGINES: dict[str, EngineCopy] = {
    "PostgreSQL (fresh schema)": postgres_copy,
    "DuckDB file": duckdb_copy,
    "Spark local[2] (Spark Connect)": spark_copy,
}
"""Each engine beside the folder, in the order they are loaded and timed."""
LABEL = "cockpit report --pane all: {}"


def engine_figure(
    name: str,
    copy: EngineCopy,
    tables: dict[str, pl.DataFrame],
    folder: tuple[Any, float, dict[str, int]],
    runs: int,
) -> tuple[Figure, bool]:
    """One engine loaded, its report timed and checked against the folder's (`folder`: its
    JSON, seconds and rows); the figure, and False when the engine disagreed or failed."""
    from cockpit.bench.figures import Figure
    from cockpit.errors import CockpitError

    expected, folder_seconds, held = folder
    with tempfile.TemporaryDirectory(prefix="cockpit-bench-engine-") as work:
        start = time.perf_counter()
        try:
            with copy(tables, Path(work)) as uri:
                loaded = time.perf_counter() - start
                print(f"{name}: loaded in {loaded:.1f} s (not counted), timing…", flush=True)
                outputs, seconds, peak = timed_report(uri, runs)
                rows = reached(uri)
        except EngineUnavailableError as why:
            return Figure(LABEL.format(name), None, note=f"skipped: {why}"), True
        except (RuntimeError, CockpitError) as failed:
            return Figure(LABEL.format(name), None, note=f"FAILED: {failed}"), False
    wrong = [d for output in outputs for d in differences(expected, output)]
    if wrong:
        note = f"DISAGREES with the folder in {len(wrong)} places, first {wrong[0]}"
        return Figure(LABEL.format(name), None, note=note), False
    return Figure(
        LABEL.format(name),
        seconds,
        peak,
        compared=f"{seconds / folder_seconds:.1f}× the data folder",
        note=f"{reached_text(rows, held)}; loaded in {loaded:.1f} s, not counted",
    ), True


def reached_text(rows: dict[str, int], held: dict[str, int]) -> str:
    """`reached cockpit: deals 1,234 of 1,000,000 · …` (of the rows the source holds)."""
    parts = [f"{name} {rows.get(name, 0):,} of {held[name]:,}" for name in held]
    return "reached cockpit: " + " · ".join(parts)


def versions() -> str:
    """The engines' versions this run measures (PostgreSQL asked of the server)."""
    import importlib.metadata as metadata

    found = []
    for label, package in (("DuckDB", "duckdb"), ("Spark", "pyspark")):
        try:
            found.append(f"{label} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{label} not installed")
    try:
        conn = postgres_connection(os.environ.get(POSTGRES_ENV, POSTGRES))
    except EngineUnavailableError:
        return ", ".join(["PostgreSQL unreachable", *found])
    try:
        cursor = conn.cursor()
        cursor.execute("SELECT current_setting('server_version')")
        version = str(cursor.fetchone()[0]).split()[0]
        cursor.close()
    finally:
        conn.close()
    return ", ".join([f"PostgreSQL {version}", *found])


def engines_bench(folder: Path, runs: int) -> int:
    """Load each engine, time and check its report beside the folder's, print the rows; 1 when
    an engine disagreed or failed."""
    from cockpit.bench.figures import Figure, render

    print(f"engines: {versions()}; load average {_load()}", flush=True)
    tables, read = canonical_tables(folder)
    held = {name: tables[name].height for name in HEAVY if name in tables}
    kept = " · ".join(f"{name} {held[name]:,} of {read[name]:,}" for name in held)
    print(f"each engine holds the rows the file loader keeps: {kept}", flush=True)
    outputs, seconds, peak = timed_report(str(folder), runs)
    figures = [
        Figure(
            LABEL.format("the data folder (read and checked in full, no validated copy)"),
            seconds,
            peak,
            note=reached_text(read, read),
        )
    ]
    agreed = True
    for name, copy in ENGINES.items():
        figure, ok = engine_figure(name, copy, tables, (outputs[0], seconds, held), runs)
        figures.append(figure)
        agreed = agreed and ok
    if agreed:
        print("agreement: every engine's report = the folder's (floats within 1e-9)")
    print(f"\n{render(figures)}\nload average at the end {_load()}\n{TARGET}")
    return 0 if agreed else 1


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


MEASURED = """
import json, runpy, sys
out, sys.argv = sys.argv[1], ["cockpit", *sys.argv[2:]]
try:
    runpy.run_module("cockpit", run_name="__main__")
    code = 0
except SystemExit as done:
    code = done.code if isinstance(done.code, int) else 1
sys.stdout.flush()
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
open(out, "w").write(json.dumps({"exit": code, "peak_rss_mb": peak / 1024}))
sys.exit(code)
"""
"""Runs `cockpit ARGS…` as `python -m cockpit` does, then writes its exit code and its own
peak memory (VmHWM: getrusage's maximum would carry this bench's, which forked it) to OUT."""
