"""One measurement in a fresh process: the benchmark runs this once per figure.

    python -m cockpit.bench.measure KIND FOLDER START END AS_OF

KIND is `cockpit-first` (read and check every file, into an empty cache of its own, as a user's
first open does), `cockpit-cached` (the validated copy),
`duckdb`, `pandas`, `floor` (the least a checked first open must do, see `floor.py`),
`duckdb-checks` (DuckDB doing a first open's checks, then the aggregates: `checks_reference.py`)
or `drill` (one rep's rows, as a drill-down gathers them). Prints one JSON
object: seconds of work (imports excluded) and the process's peak resident memory in MB.
"""

from __future__ import annotations

import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from cockpit.data.dataset import Dataset
from cockpit.period import Period
from cockpit.runtime import Runtime, from_environ

DRILL_REPS = 20


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB.

    Read from /proc (VmHWM) where there is one: getrusage's maximum survives exec, so a child
    would report its parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cockpit_open(
    folder: Path, period: Period, runtime: Runtime | None = None
) -> Callable[[], object]:
    """Load (cache as `runtime` says, else the environment) and compute all five panes; the
    dataset."""
    from cockpit.config import Settings
    from cockpit.data.source import open_dataset
    from cockpit.session import panes_of

    def run() -> object:
        dataset = open_dataset(str(folder), runtime=runtime)
        panes_of(dataset, period, Settings())
        return dataset

    return run


def reference(kind: str, folder: Path, period: Period) -> Callable[[], object]:
    """The same aggregates written plainly in DuckDB or pandas, the same checks and aggregates
    in DuckDB, or the checked open's floor."""
    from cockpit.bench.floor import check_floor
    from cockpit.bench.reference import duckdb_aggregates, pandas_aggregates

    if kind == "floor":
        return lambda: check_floor(folder)
    if kind == "duckdb-checks":
        # Imports DuckDB here, untimed, as cockpit's own modules are.
        from cockpit.bench.checks_reference import duckdb_checks

        return lambda: duckdb_checks(folder, period)
    # The library is imported before the clock starts, as cockpit's own modules are.
    __import__("duckdb" if kind == "duckdb" else "pandas")
    compute = duckdb_aggregates if kind == "duckdb" else pandas_aggregates
    return lambda: compute(folder, period)


def drill(folder: Path, period: Period) -> dict[str, Any]:
    """Median and worst time to gather one rep's records as the rep screen does."""
    from cockpit.data.source import open_dataset
    from cockpit.ui.records import gather_records

    dataset = open_dataset(str(folder))
    reps = dataset.lazy("reps")
    assert reps is not None
    sample = reps.select("rep_id").collect()["rep_id"].sample(DRILL_REPS, seed=1)
    times = []
    for rep in sample.to_list():
        start = time.perf_counter()
        gather_records(dataset, period, rep)
        times.append(time.perf_counter() - start)
    return {"seconds": statistics.median(times), "worst": max(times)}


def main(argv: list[str]) -> int:
    """Run one measurement and print it as JSON."""
    kind, folder = argv[0], Path(argv[1])
    start_day, end_day, as_of = (date.fromisoformat(a) for a in argv[2:5])
    period = Period(start_day, end_day, as_of)
    first = None  # a first open gets an empty cache of its own; the others, the benchmark's
    if kind == "cockpit-first":
        first = Path(tempfile.mkdtemp(prefix="cockpit-bench-first-"))
    runtime = replace(from_environ(), cache_dir=first) if first else None
    if kind == "drill":
        result = drill(folder, period)
    else:
        work = cockpit_open(folder, period, runtime) if kind.startswith("cockpit") else None
        work = work or reference(kind, folder, period)
        start = time.perf_counter()
        done = work()
        result = {"seconds": time.perf_counter() - start}
        if isinstance(done, Dataset):
            done.finish()  # a first open's copy, written once the panes show: in the peak, untimed
    result["peak_rss_mb"] = peak_rss_mb()
    if first is not None:
        shutil.rmtree(first, ignore_errors=True)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
