"""Loading a data folder into validated canonical tables, with every problem recorded."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import abc
from collections.abc import Callable
from pathlib import Path

import polars as pl

from cockpit.data import problems as prob
from cockpit.data.dataset import Dataset
from cockpit.data.files.budget import table_bytes, tables_in_memory
from cockpit.data.files.check_pass import Store, check_table, note_missing, store_table
from cockpit.data.mapping import Mapping, TableMapping
from cockpit.data.schema import CHECK_ORDER, FILE, ROW, TABLES
from cockpit.data.tables import StoredTables, TableSummary
from cockpit.errors import DataError
from cockpit.runtime import Runtime, memory_budget_bytes, or_environment

WORK_PREFIX = "cockpit-spill-"
"""Prefix of this process's working folders (checked rows, tables of an uncached load)."""


def load_dataset(
    folder: Path,
    mapping: Mapping | None = None,
    progress: Callable[[str], None] | None = None,
    into: Path | None = None,
    in_memory: bool | frozenset[str] | None = None,
    runtime: Runtime | None = None,
    timezone: str = "UTC",
    sort_later: bool = False,
) -> Dataset:
    """Read, validate and cross-check every table of a data folder (required: reps and deals).

    The checked tables stay in memory (`in_memory`: all, none, or the tables named; by
    default, with no `into`, those that fit the memory budget of `runtime`, else of the
    environment, see `budget`); the others are written as Parquet into `into` (a new folder of
    this process's own when None) and scanned from there. The dataset owns that folder and
    removes it when no longer used, unless it is renamed away first (as the validated copy
    does).
    `progress` is told, in words, which file is being read and how large it is; date-times
    with an offset take their date in `timezone`. With `sort_later`, the drilled tables
    written are left in the order checked, for the validated copy to sort by rep.
    """
    if not folder.exists():
        raise DataError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise DataError(f"{folder}: not a folder; give the folder that holds reps.csv, deals.csv…")
    _clear_stale_work()
    memory = _kept_in_memory(folder, mapping, into, in_memory, runtime)
    tables_dir = None if memory is None else into or Path(tempfile.mkdtemp(prefix=work_prefix()))
    store = Store(folder, mapping, tables_dir, memory or frozenset(), sort_later)
    found: list[pl.DataFrame] = []
    summaries: dict[str, TableSummary] = {}
    try:
        with tempfile.TemporaryDirectory(prefix=work_prefix()) as work:
            for name in CHECK_ORDER:
                summaries[name] = _load_table(
                    name, folder, mapping, store, found, progress, work, timezone
                )
                if name == "deals" and summaries["reps"].status == "missing":
                    derive_reps(store, summaries, found)
    except BaseException:
        if tables_dir is not None and into is None:  # our own folder, not yet handed over
            shutil.rmtree(tables_dir, ignore_errors=True)
        raise
    return Dataset(
        source=str(folder),
        mapping_name=mapping.name if mapping else None,
        tables=_tables_of(store, owned=tables_dir),
        summaries={n: summaries[n] for n in TABLES},
        problems=prob.combine(found),
    )


def _kept_in_memory(
    folder: Path,
    mapping: Mapping | None,
    into: Path | None,
    in_memory: bool | frozenset[str] | None,
    runtime: Runtime | None,
) -> frozenset[str] | None:
    """The tables to keep in memory, the others written; None: every table in memory."""
    if in_memory is True:
        return None
    if in_memory is False or (in_memory is None and into is not None):
        return frozenset()
    sizes = table_bytes(folder, mapping)
    if in_memory is None:
        in_memory = tables_in_memory(sizes, memory_budget_bytes(or_environment(runtime)))
    return None if in_memory.issuperset(sizes) else in_memory


def _tables_of(store: Store, owned: Path | None) -> abc.Mapping[str, pl.DataFrame]:
    """The stored tables in `TABLES` order: the frames themselves, or their files (and the
    frames that fit in memory)."""
    if not store.stored:
        if owned is not None:  # nothing was written there after all
            shutil.rmtree(owned, ignore_errors=True)
        return {name: store.frames[name] for name in TABLES if name in store.frames}
    order = [name for name in TABLES if store.has(name)]
    unsorted = frozenset(store.unsorted)
    return StoredTables(store.stored, owned, store.frames, order, unsorted)


def work_prefix() -> str:
    """Prefix of a working folder of this process (cleared by a later load once it is gone)."""
    return f"{WORK_PREFIX}{os.getpid()}-"


def _clear_stale_work() -> None:
    """Working folders of cockpit processes that are gone (Ctrl-C ends a read without cleanup)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{WORK_PREFIX}*-*"):
        pid = folder.name.removeprefix(WORK_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def process_alive(pid: int) -> bool:
    """True while process `pid` runs (or belongs to another user: not ours to judge)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: not ours to clean
    return True


def _load_table(
    name: str,
    folder: Path,
    mapping: Mapping | None,
    store: Store,
    found: list[pl.DataFrame],
    progress: Callable[[str], None] | None,
    work: str,
    timezone: str,
) -> TableSummary:
    """Check table `name`'s files and store what passes; its summary."""
    table, table_mapping = TABLES[name], _table_mapping(mapping, name)
    canonical_file = any((folder / f"{name}{s}").is_file() for s in (".csv", ".parquet"))
    if mapping is not None and table_mapping is None and not canonical_file:
        note_missing(table, folder, found, mapped=True)
        return TableSummary(name)
    # A table the mapping does not name is still read from its canonical file (a mapping that
    # only sets reps' encoding must not hide deals.csv).
    kept, summary = check_table(
        folder, table, table_mapping, found, progress, Path(work), store, timezone
    )
    if kept is not None:
        store_table(kept, table, store, found, summary.rows_read)
        summary.rows_loaded = store.rows(name)
    return summary


DERIVED = "(deal owners)"
"""Where derived reps come from, in place of a file name."""


def derive_reps(
    store: Store, summaries: dict[str, TableSummary], found: list[pl.DataFrame]
) -> None:
    """Without a user file, the deals' owners are the reps (named by their ids): one warning
    in place of the missing table's error, not one error per deal."""
    if not store.has("deals"):
        return
    owners = (
        store.scan("deals")
        .select(pl.col("rep_id").drop_nulls().unique(maintain_order=True))
        .collect()
    )
    if owners.is_empty():
        return
    reps = owners.with_columns(
        pl.col("rep_id").alias("name"),
        pl.lit(DERIVED).alias(FILE),
        pl.lit(None, dtype=pl.Int64).alias(ROW),
    )
    schema = TABLES["reps"].polars_schema
    reps = reps.select(
        *(
            pl.col(c).cast(t) if c in reps.columns else pl.lit(None, dtype=t).alias(c)
            for c, t in schema.items()
        ),
        pl.col(FILE),
        pl.col(ROW),
    )
    store_table(reps.lazy(), TABLES["reps"], store, found)
    derived = store.rows("reps")
    summaries["reps"] = TableSummary("reps", [DERIVED], derived, derived, status="loaded")
    found[:] = [f for f in found if not _is_missing_reps(f)]
    reason = (
        f"no user file: {reps.height:,} reps derived from the deals' owners, named by their ids "
        "(no team, hire date or quota). Add reps.csv, or map the CRM's user file, for names, "
        "quotas and ramping."
    )
    found.append(prob.table_problem("reps", DERIVED, reason, "warning"))


def _is_missing_reps(problems: pl.DataFrame) -> bool:
    """True for the 'table missing' problem of reps that deriving them replaces."""
    return (
        problems.height == 1
        and problems.row(0, named=True)["table"] == "reps"
        and (str(problems.row(0, named=True)["reason"]).startswith(prob.MISSING_TABLE))
    )


def _table_mapping(mapping: Mapping | None, name: str) -> TableMapping | None:
    return mapping.tables.get(name) if mapping else None
