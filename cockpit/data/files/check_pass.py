"""Checking files in one streamed pass each, then storing every table: in memory when it fits
what the memory budget leaves (see `budget`), else as Parquet sorted by rep.

On disk, memory is bounded by what has to be held at once (one table's ids, the sort of one
drilled table), not by the size of the files: a 10 GB export is read in batches, and its checked
rows go to disk as they pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Final

import polars as pl

from cockpit.data import problems as prob
from cockpit.data.files.crosscheck import check_references
from cockpit.data.files.read import (
    READ_ERRORS,
    SUFFIXES,
    find_table_files,
    read_error,
    scan_raw,
)
from cockpit.data.files.shape import shape_file, skipped_counts, skipped_problem
from cockpit.data.files.validate import (
    distinct_count,
    flag_counts,
    flag_problems,
    flagged_rows,
    kept_rows,
    plan_checks,
    row_hash,
    unique_checks,
    without_repeats,
)
from cockpit.data.mapping import Mapping as DataMapping
from cockpit.data.mapping import TableMapping
from cockpit.data.schema import FILE, ROW, Table
from cockpit.data.tables import TableSummary
from cockpit.errors import DataError

DRILLED = ("deals", "leads", "accounts")
"""Tables a drill-down filters by rep: stored sorted by rep_id."""
ROW_GROUP = 50_000
SORT_ROWS = 5_000_000
"""Rows of a drilled table sorted by rep at once when it is written to disk (see `write_by_rep`)."""
REP_ORDER = "_rep_order"
COMPRESSION: Final = "lz4"
"""Fast to write and to read back; the stored copy is a cache, not an archive."""

Progress = Callable[[str], None] | None


def outputs_of(*frames: pl.LazyFrame, on_disk: bool) -> list[pl.DataFrame]:
    """The outputs of one streamed pass: a table's checked rows, its flagged rows, its counts
    and its cross-table problems.

    On disk, the outputs do not share the rows they have in common: sharing them holds those
    rows in memory (50M activity rows of L: 1.8 GB against 0.7 GB, for 12 s against 16 s),
    which the disk is there to avoid.
    """
    shared = pl.QueryOptFlags(comm_subplan_elim=not on_disk)
    return pl.collect_all(frames, engine="streaming", optimizations=shared)


@dataclass
class Store:
    """Where checked tables are kept (in memory, or written under `into`), and the tables
    later ones are cross-checked against."""

    folder: Path
    """The data folder (a mapping's lookup files are read from it)."""
    mapping: DataMapping | None
    into: Path | None
    """The folder tables are written to; None keeps every table in memory (`frames`)."""
    memory: frozenset[str] = frozenset()
    """With `into`, the tables still kept in memory (those that fit the memory budget)."""
    stored: dict[str, Path] = field(default_factory=dict)
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)

    def keeps(self, name: str) -> bool:
        """True when table `name` is kept in memory rather than written."""
        return self.into is None or name in self.memory

    def target(self, name: str) -> Path:
        """Where table `name` is written."""
        assert self.into is not None
        return self.into / f"{name}.parquet"

    def has(self, name: str) -> bool:
        """True once table `name` is stored."""
        return name in self.stored or name in self.frames

    def record(self, name: str, collected: pl.DataFrame) -> None:
        """Table `name` is stored: `collected` itself in memory, else the file just written."""
        if self.keeps(name):
            self.frames[name] = collected
        else:
            self.stored[name] = self.target(name)

    def scan(self, name: str) -> pl.LazyFrame:
        """Stored table `name`, lazily."""
        frame = self.frames.get(name)
        return frame.lazy() if frame is not None else pl.scan_parquet(self.stored[name], glob=False)

    def earlier(self) -> dict[str, pl.LazyFrame]:
        """The tables stored so far, lazily."""
        return {name: self.scan(name) for name in (*self.stored, *self.frames)}

    def rows(self, name: str) -> int:
        """Rows of stored table `name` (a file's from its metadata)."""
        if name in self.frames:
            return self.frames[name].height
        return int(self.scan(name).select(pl.len()).collect().item())


def check_table(
    folder: Path,
    table: Table,
    mapping: TableMapping | None,
    found: list[pl.DataFrame],
    progress: Progress,
    work: Path,
    store: Store | None = None,
    timezone: str = "UTC",
) -> tuple[pl.LazyFrame | None, TableSummary]:
    """The checked rows of `table` from every file of it (repeated ids and exact copies set
    aside), and its summary.

    Each file is read once; its checked rows (with file and row) are kept in memory when
    `store` is, else written under `work`, and its flagged rows are written under `work`. A
    table that needs no second pass (see `_one_pass`) is stored in `store` in that same pass,
    and its stored rows are returned. None when the table has no file or a
    file of it cannot be used. Date-times with an offset take their date in `timezone`.
    """
    summary = TableSummary(table.name)
    paths = find_table_files(folder, table.name, mapping)
    if not paths:
        note_missing(table, folder, found, mapped=mapping is not None, mapping=mapping)
        return None, summary
    summary.files = [p.name for p in paths]
    in_memory = store is not None and store.keeps(table.name)
    reading = Reading(table, mapping, work, in_memory, timezone, progress)
    direct = store if store is not None and _one_pass(table, len(paths), in_memory) else None
    tried: list[pl.DataFrame] = []
    try:
        kept = _read_files(paths, reading, tried, summary, direct)
    except CopiesFoundError:
        # The rows stored in that pass no longer carry the file and row that name the
        # copies: read again, and store once the copies are set aside.
        direct, tried, summary = None, [], TableSummary(table.name, summary.files)
        kept = _read_files(paths, reading, tried, summary, None)
    found.extend(tried)
    if kept is None:
        return None, summary
    summary.status = "loaded"
    if summary.rows_read == 0:
        reason = "the file has a header but no rows"
        severity: prob.Severity = "error" if table.required else "warning"
        found.append(prob.table_problem(table.name, summary.files[0], reason, severity))
    frame = kept[0] if len(kept) == 1 else pl.concat(kept, how="diagonal_relaxed")
    if direct is not None:
        return frame, summary  # stored in the pass, which found no copies (see `_check_file`)
    return without_repeats(frame, table, found), summary


@dataclass(frozen=True)
class Reading:
    """How the files of one table are read: its rules, where checked rows go, the time zone."""

    table: Table
    mapping: TableMapping | None
    work: Path
    in_memory: bool
    """Checked rows are collected in memory, not written under `work`."""
    timezone: str
    progress: Progress


class CopiesFoundError(Exception):
    """A table stored in the pass that checked it holds exact copies of rows (see `_one_pass`)."""


def _read_files(
    paths: list[Path],
    reading: Reading,
    found: list[pl.DataFrame],
    summary: TableSummary,
    direct: Store | None,
) -> list[pl.LazyFrame] | None:
    """Each file's checked rows, counted in `summary`; None when a file cannot be used."""
    kept: list[pl.LazyFrame] = []
    name = reading.table.name
    for index, path in enumerate(paths):
        if reading.progress is not None:
            reading.progress(f"Reading and checking {path.name} ({file_size(path)})…")
        try:
            checked = _check_file(path, reading, found, reading.work / f"{name}-{index}", direct)
        except DataError as exc:
            found.append(prob.table_problem(name, path.name, str(exc).split(": ", 1)[-1]))
            checked = None
        if checked is None:
            summary.status = "unusable"
            continue
        frame, rows = checked
        summary.rows_read += rows
        kept.append(frame)
    return None if summary.status == "unusable" else kept


def store_table(kept: pl.LazyFrame, table: Table, store: Store, found: list[pl.DataFrame]) -> None:
    """Cross-check `kept` against the tables stored before it and store it (unless done)."""
    if store.has(table.name):
        return
    if not store.keeps(table.name) and table.name in DRILLED:
        _write_drilled(kept, table, store, found)
        return
    output, reports = _final(kept, table, store, found)
    collected, *problems = outputs_of(output, *reports, on_disk=not store.keeps(table.name))
    found.extend(problems)
    store.record(table.name, collected)


def _write_drilled(
    kept: pl.LazyFrame, table: Table, store: Store, found: list[pl.DataFrame]
) -> None:
    """A drilled table written to disk: cross-checked and written as checked, each row with
    its rep's place among the sorted reps, then sorted by it into place (`write_by_rep`)."""
    earlier = store.earlier()
    final, reports = check_references(table.name, kept, earlier, store.mapping, store.folder, found)
    final = final.drop(FILE, ROW, strict=False)
    reps = earlier.get("reps")
    if reps is None or "rep_id" not in final.collect_schema().names():
        sink = sink_stored(final, table.name, store.target(table.name), reps)
        _, *problems = outputs_of(sink, *reports, on_disk=True)
    else:
        unsorted = store.target(table.name).with_suffix(".unsorted.parquet")
        sink = ranked_by_rep(final, reps).sink_parquet(unsorted, compression=COMPRESSION, lazy=True)
        _, *problems = outputs_of(sink, *reports, on_disk=True)
        write_by_rep(unsorted, store.target(table.name))
        unsorted.unlink()
    found.extend(problems)
    store.record(table.name, pl.DataFrame())


def ranked_by_rep(frame: pl.LazyFrame, reps: pl.LazyFrame) -> pl.LazyFrame:
    """`frame` with REP_ORDER: each row's rep's place among the sorted reps (null: unknown)."""
    order = reps.select(pl.col("rep_id").unique().sort()).with_row_index(REP_ORDER)
    return frame.join(order, on="rep_id", how="left", maintain_order="left")


def sorted_in_parts(rows: int) -> bool:
    """True when a drilled table of `rows` rows is sorted by rep a part at a time."""
    return rows > SORT_ROWS


def write_in_parts(frame: pl.LazyFrame, reps: pl.LazyFrame, target: Path) -> None:
    """A drilled table held in memory written to `target` sorted by rep a part at a time (see
    `write_by_rep`): sorting 10M deals of L at once added 1.2 GB to the peak."""
    unsorted = target.with_suffix(".unsorted.parquet")
    ranked_by_rep(frame, reps).sink_parquet(unsorted, compression=COMPRESSION)
    write_by_rep(unsorted, target)
    unsorted.unlink()


def write_by_rep(ranked: Path, target: Path) -> None:
    """The rows of `ranked` (a Parquet file whose REP_ORDER column holds each row's rep's place
    among the sorted reps, null for unknown reps) written to `target` in that order, each
    rep's rows in file order and unknown reps last, sorting about SORT_ROWS rows at a time.

    Each range of places is sorted and written on its own and the parts joined in order, so
    memory holds one part, not the table (20M leads of L sorted at once took 2.4 GB).
    """
    scan = pl.scan_parquet(ranked, glob=False)
    rows, places = scan.select(pl.len(), pl.col(REP_ORDER).max()).collect().row(0)
    count = max(1, -(-rows // SORT_ROWS))
    edges = [((places or 0) + 1) * i // count for i in range(count + 1)]
    chosen = [pl.col(REP_ORDER).is_between(a, b, closed="left") for a, b in pairwise(edges)]
    parts = []
    for index, rule in enumerate([*chosen, pl.col(REP_ORDER).is_null()]):
        part = target.with_suffix(f".part{index}.parquet")
        rows_in = scan.filter(rule).sort(REP_ORDER, maintain_order=True).drop(REP_ORDER)
        rows_in.sink_parquet(part, compression=COMPRESSION)
        parts.append(part)
    joined = pl.concat([pl.scan_parquet(p, glob=False) for p in parts])
    joined.sink_parquet(
        target, compression=COMPRESSION, row_group_size=ROW_GROUP, maintain_order=True
    )
    for part in parts:
        part.unlink()


def _one_pass(table: Table, files: int, in_memory: bool) -> bool:
    """True when a table is best stored as it is checked, straight to disk: one file, no ids
    whose repeats must be found first, no sort by rep, no values derived from another table
    (so: activities). The file written is then counted for distinct rows: exact copies (rare)
    make it read the file again (`CopiesFoundError`), since the stored rows cannot name them.

    Not in memory: there the cross-check of the collected rows is quick, while planning it in
    the same pass as the checks makes Polars read and check the file twice (0.68 s against
    0.36 s for 5M activity rows).
    """
    if in_memory:
        return False
    return files == 1 and table.key is None and table.name not in (*DRILLED, "deals")


def _final(
    kept: pl.LazyFrame, table: Table, store: Store, found: list[pl.DataFrame]
) -> tuple[pl.LazyFrame, list[pl.LazyFrame]]:
    """What stores `kept` (the table to collect, in memory; else the sink writing it) and the
    cross-table problems to collect with it.

    The file and row columns go: the problem report needed them; the panes do not.
    """
    earlier = store.earlier()
    final, reports = check_references(table.name, kept, earlier, store.mapping, store.folder, found)
    final = final.drop(FILE, ROW, strict=False)
    if store.keeps(table.name):
        return final, reports
    target = store.target(table.name)
    return sink_stored(final, table.name, target, earlier.get("reps")), reports


def sink_stored(
    frame: pl.LazyFrame, name: str, target: Path, reps: pl.LazyFrame | None
) -> pl.LazyFrame:
    """The sink writing table `name` as stored: a drilled table sorted by rep, so that one
    rep's rows sit in a few row groups and a drill-down reads only those."""
    if name in DRILLED and "rep_id" in frame.collect_schema().names():
        frame = by_rep(frame, reps)
    return frame.sink_parquet(target, compression=COMPRESSION, row_group_size=ROW_GROUP, lazy=True)


def by_rep(frame: pl.LazyFrame, reps: pl.LazyFrame | None) -> pl.LazyFrame:
    """`frame`'s rows in rep_id order, each rep's in their own order; rows whose rep is not in
    `reps` (reported already) come last.

    Sorted by each rep's position among the sorted reps, not by the text: Polars sorts 20M
    leads by a whole number in 2.5 s and by their rep_id in 8.4 s.
    """
    if reps is None:
        return frame.sort("rep_id", maintain_order=True)
    order = reps.select(pl.col("rep_id").unique().sort()).with_row_index(REP_ORDER)
    return (
        frame.join(order, on="rep_id", how="left", maintain_order="left")
        .sort(REP_ORDER, nulls_last=True, maintain_order=True)
        .drop(REP_ORDER)
    )


def file_size(path: Path) -> str:
    """A file's size in words: `812 KB`, `10.2 GB`."""
    size = path.stat().st_size
    if size < 1_000_000:
        return f"{size / 1e3:,.0f} KB"
    return f"{size / 1e6:,.1f} MB" if size < 1_000_000_000 else f"{size / 1e9:,.1f} GB"


def _check_file(
    path: Path,
    reading: Reading,
    found: list[pl.DataFrame],
    stem: Path,
    store: Store | None,
) -> tuple[pl.LazyFrame, int] | None:
    """One file read, shaped, parsed and checked in a single streamed pass.

    Its checked rows are collected (`reading.in_memory`) or go to `<stem>.parquet` (with
    `store`, cross-checked into the store, unless the rows hold exact copies: `CopiesFoundError`)
    and the rows any rule flagged to `<stem>-flagged.parquet`; returns the checked rows lazily
    and the rows read (None: the file cannot be used, already reported).
    """
    table, mapping = reading.table, reading.mapping
    notes: list[str] = []
    raw, schema = scan_raw(path, mapping, notes)
    found.extend(prob.table_problem(table.name, path.name, n, "warning") for n in notes)
    shaped = shape_file(raw, schema, table, mapping, path)
    found.extend(shaped.problems)
    if shaped.frame is None:
        return None
    wide, checks = plan_checks(shaped.frame, table, mapping, shaped.absent, reading.timezone)
    checks = unique_checks(checks)
    kept = kept_rows(wide, table, checks)
    kept_to, flagged_to = Path(f"{stem}.parquet"), Path(f"{stem}-flagged.parquet")
    cross: list[pl.DataFrame] = []
    reports: list[pl.LazyFrame] = []
    if store is not None:
        first, reports = _final(kept, table, store, cross)
    elif reading.in_memory:
        first = kept
    else:
        first = kept.sink_parquet(kept_to, compression=COMPRESSION, lazy=True)
    outputs = [
        first,
        flagged_rows(wide, checks).sink_parquet(flagged_to, compression=COMPRESSION, lazy=True),
        wide.select(pl.len().alias("rows"), *skipped_counts(), *flag_counts(checks)),
        *reports,
    ]
    try:
        collected, _, counts, *problems = outputs_of(*outputs, on_disk=not reading.in_memory)
    except READ_ERRORS as exc:
        raise DataError(read_error(path, exc, mapping)) from None
    if store is not None and _holds_copies(pl.scan_parquet(store.target(table.name), glob=False)):
        raise CopiesFoundError(path.name)
    rows, skipped, first_skipped, left_out = counts.row(0)[:4]
    if skipped:
        found.append(skipped_problem(table, path.name, skipped, first_skipped, mapping, left_out))
    flags = counts.select(c.flag for c in checks) if checks else None
    found.extend(flag_problems(pl.scan_parquet(flagged_to, glob=False), flags, table, checks))
    found.extend([*cross, *problems])
    if store is not None:
        store.record(table.name, collected)
        return store.scan(table.name), int(rows)
    return (collected.lazy() if reading.in_memory else pl.scan_parquet(kept_to, glob=False)), int(
        rows
    )


def _holds_copies(stored: pl.LazyFrame) -> bool:
    """True when rows of `stored` repeat one another exactly.

    Counted on the file just written, after the pass that checked it: in that pass, the sort
    of 50M hashes (L's activities) pushed the peak 1.2 GB higher.
    """
    counted = stored.select(pl.len(), distinct_count(row_hash(stored)))
    rows, distinct = counted.collect(engine="streaming").row(0)
    return bool(rows != distinct)


def _is_odd(path: Path) -> bool:
    """True when `path` exists but is not a regular file (never opened: a read could hang)."""
    return path.exists() and not path.is_file()


def note_missing(
    table: Table,
    folder: Path,
    found: list[pl.DataFrame],
    mapped: bool,
    mapping: TableMapping | None = None,
) -> None:
    """A missing table says what it costs (see `problems.missing_table`)."""
    if mapping is not None:
        where = f"no file matches {' or '.join(mapping.patterns)} in {folder}"
    elif mapped:
        where = "the mapping does not provide it"
    else:
        where = f"no {table.name}.csv or {table.name}.parquet in {folder}"
        odd = [p.name for p in (folder / f"{table.name}{s}" for s in SUFFIXES) if _is_odd(p)]
        if odd:
            # The table is there but cannot be read: an error, not an absence.
            reason = (
                f"{', '.join(odd)} in {folder} is not a regular file (a FIFO, socket or "
                "device): replace it with the table's CSV or Parquet file"
            )
            found.append(prob.table_problem(table.name, None, reason, "error"))
            return
    found.append(prob.missing_table(table, where))
