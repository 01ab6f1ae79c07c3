"""Loading a data folder into validated canonical tables, with every problem recorded."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import abc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from cockpit.data import problems as prob
from cockpit.data.crosscheck import cross_check
from cockpit.data.mapping import Mapping, TableMapping
from cockpit.data.read import (
    FILE,
    ROW,
    collect_file,
    find_table_files,
    scan_raw,
    spill_above_bytes,
)
from cockpit.data.schema import TABLES, Table
from cockpit.data.shape import shape_file, skipped_problems
from cockpit.data.validate import Check, finish_table, plan_checks
from cockpit.errors import DataError

if TYPE_CHECKING:
    from cockpit.analytics.period import Period

SPILL_PREFIX = "cockpit-spill-"


@dataclass
class TableSummary:
    """What happened to one table: its files, rows read, loaded and set aside."""

    name: str
    files: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_loaded: int = 0
    status: str = "missing"
    """`loaded`, `missing` (no file) or `unusable` (a file could not be used)."""

    @property
    def rows_set_aside(self) -> int:
        """Rows read but not loaded (bad values, duplicates, blank or footer rows)."""
        return self.rows_read - self.rows_loaded


class StoredTables(abc.Mapping[str, pl.DataFrame]):
    """Validated tables kept as Parquet files: scanned lazily, read whole only when asked for."""

    def __init__(self, paths: dict[str, Path]) -> None:
        self.paths = paths
        self._frames: dict[str, pl.DataFrame] = {}

    def __getitem__(self, name: str) -> pl.DataFrame:
        if name not in self._frames:
            self._frames[name] = pl.read_parquet(self.paths[name])
        return self._frames[name]

    def __contains__(self, name: object) -> bool:
        # Mapping's default would read the table to answer.
        return name in self.paths

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)

    def scan(self, name: str) -> pl.LazyFrame:
        """The table as a lazy scan (or the frame already read), for pushdown into the file."""
        frame = self._frames.get(name)
        return frame.lazy() if frame is not None else pl.scan_parquet(self.paths[name])

    def is_read(self, name: str) -> bool:
        """True once the table has been read into memory."""
        return name in self._frames


@dataclass
class Dataset:
    """The canonical tables of one data source, its problems and a summary per table."""

    source: str
    mapping_name: str | None
    tables: abc.Mapping[str, pl.DataFrame]
    """Frames in memory, or `StoredTables` read from the validated copy as needed."""
    summaries: dict[str, TableSummary]
    problems: pl.DataFrame
    from_cache: bool = False
    """True when the tables came from the validated copy of an unchanged folder."""
    _indexes: dict[tuple[str, str], dict[object, pl.Series]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def usable(self) -> bool:
        """True when the required tables loaded with at least one row each."""
        return all(
            name in self.tables and self.summaries[name].rows_loaded > 0
            for name, table in TABLES.items()
            if table.required
        )

    @property
    def error_count(self) -> int:
        """Problems of severity error (unusable files and rows set aside)."""
        return prob.count(self.problems, "error")

    def lazy(self, name: str) -> pl.LazyFrame | None:
        """A loaded table as a LazyFrame, or None when the source does not provide it."""
        if name not in self.tables:
            return None
        if isinstance(self.tables, StoredTables):
            return self.tables.scan(name)
        return self.tables[name].lazy()

    def lazy_tables(self) -> dict[str, pl.LazyFrame]:
        """Every table as a LazyFrame (nothing is read from a stored copy yet)."""
        return {name: frame for name in self.tables if (frame := self.lazy(name)) is not None}

    def rows_of(self, name: str, column: str, value: object) -> pl.DataFrame | None:
        """The rows of table `name` whose `column` equals `value` (None: no such table).

        Served from an index built on first use, so a drill-down gathers a rep's rows instead of
        scanning millions of them.
        """
        if name not in self.tables:
            return None
        if isinstance(self.tables, StoredTables) and not self.tables.is_read(name):
            # A stored table not yet in memory: one filtered scan, not a read of the whole.
            return self.tables.scan(name).filter(pl.col(column) == value).collect()
        frame = self.tables[name]
        index = self._index(name, column)
        positions = index.get(value)
        return frame[positions] if positions is not None else frame.clear()

    def focus(self, period: Period) -> None:
        """Prepare the tables for a review period (a database source reduces them there)."""

    def warm_index(self, name: str, column: str) -> None:
        """Build the index for `rows_of(name, column, …)` now (in a worker, before it is needed).

        A stored copy needs none: its rows are sorted by rep, so one filtered scan is quick.
        """
        if name in self.tables and not isinstance(self.tables, StoredTables):
            self._index(name, column)

    def _index(self, name: str, column: str) -> dict[object, pl.Series]:
        key = (name, column)
        if key not in self._indexes:
            groups = (
                self.tables[name]
                .select(pl.col(column), pl.int_range(pl.len(), dtype=pl.UInt32).alias("_at"))
                .group_by(column)
                .agg("_at")
            )
            self._indexes[key] = dict(zip(groups[column].to_list(), groups["_at"], strict=True))
        return self._indexes[key]

    def missing_message(self, name: str) -> str:
        """Why `name` is not available and how to provide it, in a sentence."""
        table = TABLES[name]
        summary = self.summaries[name]
        how = f"add {name}.csv or {name}.parquet to the data folder, or map it in a mapping file"
        if summary.status == "unusable":
            return f"{name} could not be loaded ({', '.join(summary.files)}): see `cockpit check`."
        return f"No {name} table, so nothing for {table.purpose}: {how}."


def load_dataset(
    folder: Path, mapping: Mapping | None = None, progress: Callable[[str], None] | None = None
) -> Dataset:
    """Read, validate and cross-check every table of a data folder (required: reps and deals).

    `progress` is told, in words, which file is being read and how large it is.
    """
    if not folder.exists():
        raise DataError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise DataError(f"{folder}: not a folder; give the folder that holds reps.csv, deals.csv…")
    found: list[pl.DataFrame] = []
    tables: dict[str, pl.DataFrame] = {}
    summaries: dict[str, TableSummary] = {}
    _clear_stale_spills()
    with tempfile.TemporaryDirectory(prefix=f"{SPILL_PREFIX}{os.getpid()}-") as spill:
        for table in TABLES.values():
            table_mapping = _table_mapping(mapping, table.name)
            if mapping is not None and table_mapping is None:
                summaries[table.name] = TableSummary(table.name)
                _note_missing(table, folder, found, mapped=True)
                continue
            frame, summary = _load_table(folder, table, table_mapping, found, progress, Path(spill))
            summaries[table.name] = summary
            if frame is not None:
                tables[table.name] = frame
    tables = cross_check(tables, mapping, folder, found)
    for name, frame in tables.items():
        summaries[name].rows_loaded = frame.height
    # Row numbers and file names served the problem report; the panes never need them.
    tables = {name: frame.drop(FILE, ROW, strict=False) for name, frame in tables.items()}
    return Dataset(
        source=str(folder),
        mapping_name=mapping.name if mapping else None,
        tables=tables,
        summaries=summaries,
        problems=prob.combine(found),
    )


def _clear_stale_spills() -> None:
    """Spill folders of cockpit processes that are gone (Ctrl-C ends a read without cleanup)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{SPILL_PREFIX}*-*"):
        pid = folder.name.removeprefix(SPILL_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: not ours to clean
    return True


def _table_mapping(mapping: Mapping | None, name: str) -> TableMapping | None:
    return mapping.tables.get(name) if mapping else None


def _load_table(
    folder: Path,
    table: Table,
    mapping: TableMapping | None,
    found: list[pl.DataFrame],
    progress: Callable[[str], None] | None,
    spill: Path,
) -> tuple[pl.DataFrame | None, TableSummary]:
    summary = TableSummary(table.name)
    paths = find_table_files(folder, table.name, mapping)
    if not paths:
        _note_missing(table, folder, found, mapped=mapping is not None, mapping=mapping)
        return None, summary
    summary.files = [p.name for p in paths]
    wides: list[pl.LazyFrame] = []
    checks: list[Check] = []
    for path in paths:
        if progress is not None:
            progress(f"Reading and checking {path.name} ({_size(path)})…")
        try:
            wide, file_checks = _read_file(path, table, mapping, found, spill)
        except DataError as exc:
            found.append(prob.table_problem(table.name, path.name, str(exc).split(": ", 1)[-1]))
            summary.status = "unusable"
            continue
        if wide is None:
            summary.status = "unusable"
            continue
        summary.rows_read += wide.select(pl.len()).collect().item()
        found.extend(skipped_problems(wide, table, mapping))
        wides.append(wide)
        checks.extend(file_checks)
    if summary.status == "unusable":
        return None, summary
    frame = wides[0] if len(wides) == 1 else pl.concat(wides, how="diagonal_relaxed")
    clean, problems = finish_table(frame, table, checks)
    found.extend(problems)
    summary.status = "loaded"
    if summary.rows_read == 0:
        reason = "the file has a header but no rows"
        found.append(
            prob.table_problem(table.name, summary.files[0], reason, _empty_severity(table))
        )
    return clean, summary


def _read_file(
    path: Path,
    table: Table,
    mapping: TableMapping | None,
    found: list[pl.DataFrame],
    spill: Path,
) -> tuple[pl.LazyFrame | None, list[Check]]:
    """One file read, shaped, parsed and checked in a single pass (None: the file is unusable).

    A large file is streamed to a Parquet file in `spill` rather than held in memory.
    """
    raw, schema = scan_raw(path, mapping)
    shaped = shape_file(raw, schema, table, mapping, path)
    found.extend(shaped.problems)
    if shaped.frame is None:
        return None, []
    plan, checks = plan_checks(shaped.frame, table, mapping, shaped.absent)
    large = path.stat().st_size >= spill_above_bytes()
    target = spill / f"{table.name}-{len(list(spill.iterdir()))}.parquet" if large else None
    return collect_file(plan, path, mapping, target), checks


def _size(path: Path) -> str:
    """A file's size in words: `812 KB`, `10.2 GB`."""
    size = path.stat().st_size
    if size < 1_000_000:
        return f"{size / 1e3:,.0f} KB"
    return f"{size / 1e6:,.1f} MB" if size < 1_000_000_000 else f"{size / 1e9:,.1f} GB"


def _empty_severity(table: Table) -> prob.Severity:
    return "error" if table.required else "warning"


def _note_missing(
    table: Table,
    folder: Path,
    found: list[pl.DataFrame],
    mapped: bool,
    mapping: TableMapping | None = None,
) -> None:
    """A missing required table is an error; a missing optional one says what it would give."""
    if mapping is not None:
        where = f"no file matches {' or '.join(mapping.patterns)} in {folder}"
    elif mapped:
        where = "the mapping does not provide it"
    else:
        where = f"no {table.name}.csv or {table.name}.parquet in {folder}"
    if table.required:
        reason = f"required table missing: {where}"
        found.append(prob.table_problem(table.name, None, reason, "error"))
    else:
        reason = f"optional table missing ({where}): {table.purpose} will not be shown"
        found.append(prob.table_problem(table.name, None, reason, "info"))
