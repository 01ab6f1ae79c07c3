"""Checking files in one streamed pass each, then storing every table: in memory when it fits
what the memory budget leaves (see `budget`), else as Parquet sorted by rep.

On disk, memory is bounded by what has to be held at once (one table's ids, the sort of one
drilled table), not by the size of the files: a 10 GB export is read in batches, and its checked
rows go to disk as they pass.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import polars as pl

from cockpit.data import problems as prob
from cockpit.data.files.crosscheck import WHOLE_TABLE_CHECKS, check_references
from cockpit.data.files.one_read import Parts, check_in_one_read, combined_counts, stream_of
from cockpit.data.files.read import (
    READ_ERRORS,
    SUFFIXES,
    find_table_files,
    read_error,
    scan_raw,
)
from cockpit.data.files.shape import shape_file, skipped_counts, skipped_problem
from cockpit.data.files.validate import (
    INTERNAL,
    Check,
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
SORT_ROWS = 2_500_000
"""Rows of a drilled table sorted by rep at once when it is written to disk (see `sink_by_rep`):
20M leads of L in parts of 2.5M peaked at 1.3 GB, in parts of 5M at 2.1 GB, in the same time."""
REP_ORDER = f"{INTERNAL}rep_order"
PART = f"{INTERNAL}part"
"""Internal columns: a user column of the same name is never kept (see `kept_rows`)."""
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
    sort_later: bool = False
    """Drilled tables written to disk stay in the order checked (`unsorted`): the validated
    copy, made once the panes are shown, sorts them by rep."""
    unsorted: set[str] = field(default_factory=set)
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


def store_table(
    kept: pl.LazyFrame,
    table: Table,
    store: Store,
    found: list[pl.DataFrame],
    rows: int | None = None,
) -> None:
    """Cross-check `kept` against the tables stored before it and store it (unless done);
    `rows`, when known, is how many rows were read (to size the parts of a sort by rep)."""
    if store.has(table.name):
        return
    if not store.keeps(table.name) and table.name in DRILLED:
        _write_drilled(kept, table, store, found, rows)
        return
    output, reports = _final(kept, table, store, found)
    collected, *problems = outputs_of(output, *reports, on_disk=not store.keeps(table.name))
    found.extend(problems)
    store.record(table.name, collected)


def _write_drilled(
    kept: pl.LazyFrame, table: Table, store: Store, found: list[pl.DataFrame], rows: int | None
) -> None:
    """A drilled table written to disk: cross-checked and written as checked, in parts by its
    reps' places among the sorted reps, then each part sorted into place (`sink_by_rep`)."""
    earlier = store.earlier()
    final, reports = check_references(table.name, kept, earlier, store.mapping, store.folder, found)
    final = final.drop(FILE, ROW, strict=False)
    reps = earlier.get("reps")
    target = store.target(table.name)
    if reps is None or "rep_id" not in final.collect_schema().names():
        sink = sink_stored(final, table.name, target, reps)
        _, *problems = outputs_of(sink, *reports, on_disk=True)
    elif store.sort_later:  # sorted into the validated copy, once the panes are shown
        sink = final.sink_parquet(target, compression=COMPRESSION, lazy=True)
        _, *problems = outputs_of(sink, *reports, on_disk=False)  # shared, as below
        store.unsorted.add(table.name)
    else:
        rows = rows if rows is not None else int(kept.select(pl.len()).collect().item())
        parts = target.with_suffix(".parts")
        sink = sink_by_rep(final, reps, rows, parts)
        # Rows already checked and on disk: sharing their read between the sink and the
        # cross-checks spares a read without raising the peak (L leads 12.9 -> 12.0 s, 2.46 GB).
        _, *problems = outputs_of(sink, *reports, on_disk=False)
        join_parts(parts, target, final.collect_schema())
    found.extend(problems)
    store.record(table.name, pl.DataFrame())


def ranked_by_rep(frame: pl.LazyFrame, reps: pl.LazyFrame) -> pl.LazyFrame:
    """`frame` with REP_ORDER: each row's rep's place among the sorted reps (null: unknown)."""
    order = reps.select(pl.col("rep_id").unique().sort()).with_row_index(REP_ORDER)
    return frame.join(order, on="rep_id", how="left", maintain_order="left")


def sorted_in_parts(rows: int) -> bool:
    """True when a drilled table of `rows` rows is sorted by rep a part at a time."""
    return rows > SORT_ROWS


def write_in_parts(frame: pl.LazyFrame, reps: pl.LazyFrame, rows: int, target: Path) -> None:
    """A drilled table held in memory written to `target` sorted by rep a part at a time (see
    `sink_by_rep`): sorting 10M deals of L at once added 1.2 GB to the peak."""
    parts = target.with_suffix(".parts")
    sink_by_rep(frame, reps, rows, parts).collect(engine="streaming")
    join_parts(parts, target, frame.collect_schema())


def sink_by_rep(frame: pl.LazyFrame, reps: pl.LazyFrame, rows: int, parts: Path) -> pl.LazyFrame:
    """The sink writing `frame` (about `rows` rows) into folder `parts`, one part per range of
    reps of about SORT_ROWS rows (by their places among the sorted reps), unknown reps last.

    Each part is then sorted on its own (`join_parts`), so memory holds one part, not the
    table (20M leads of L sorted at once took 2.4 GB); the parts are written in the same pass
    that checks the rows, and read once more: 20M leads took 9.5 s (filtered five times from
    one file) and take 6.3 s.
    """
    places = reps.select(pl.col("rep_id").n_unique()).collect().item()
    count = max(1, -(-rows // SORT_ROWS))
    part = (
        pl.when(pl.col(REP_ORDER).is_null())
        .then(count)
        .otherwise(pl.col(REP_ORDER) * count // max(places, 1))
        .alias(PART)
    )
    partitioned = pl.PartitionBy(parts, key=PART, include_key=False)
    ranked = ranked_by_rep(frame, reps).with_columns(part)
    return ranked.sink_parquet(partitioned, compression=COMPRESSION, mkdir=True, lazy=True)


def join_parts(parts: Path, target: Path, schema: pl.Schema) -> None:
    """The parts `sink_by_rep` wrote, each sorted by rep (each rep's rows in file order),
    written one after another to `target` with `schema` (a table of no rows has no parts);
    the parts are removed."""

    def sorted_parts() -> Iterator[pl.DataFrame]:
        for folder in sorted(parts.glob(f"{PART}=*"), key=lambda p: int(p.name.split("=")[1])):
            files = sorted(folder.glob("*.parquet"), key=lambda p: (len(p.name), p.name))
            part = pl.read_parquet(files).sort(REP_ORDER, maintain_order=True)
            yield part.drop(REP_ORDER)

    joined = stream_of(sorted_parts, schema)
    joined.sink_parquet(target, compression=COMPRESSION, row_group_size=ROW_GROUP)
    shutil.rmtree(parts, ignore_errors=True)


def _one_pass(table: Table, files: int, in_memory: bool) -> bool:
    """True when a table is best stored as it is checked, straight to disk: one file, no ids
    whose repeats must be found first, no sort by rep, cross-checks that hold per row (it is
    checked a batch at a time, see `one_read`): so, activities. The stored rows' hashes are
    then counted: exact copies (rare) make it read the file again (`CopiesFoundError`), since
    the stored rows cannot name them.

    Not in memory: there the cross-check of the collected rows is quick, while planning it in
    the same pass as the checks makes Polars read and check the file twice (0.68 s against
    0.36 s for 5M activity rows).
    """
    if in_memory:
        return False
    return files == 1 and table.key is None and table.name not in (*DRILLED, *WHOLE_TABLE_CHECKS)


def _final(
    kept: pl.LazyFrame, table: Table, store: Store, found: list[pl.DataFrame]
) -> tuple[pl.LazyFrame, list[pl.LazyFrame]]:
    """What stores `kept` (the table to collect, in memory; else the sink writing it) and the
    cross-table problems to collect with it."""
    final, reports = _cross_checked(kept, table, store, found)
    if store.keeps(table.name):
        return final, reports
    target = store.target(table.name)
    return sink_stored(final, table.name, target, store.earlier().get("reps")), reports


def _cross_checked(
    kept: pl.LazyFrame, table: Table, store: Store, found: list[pl.DataFrame]
) -> tuple[pl.LazyFrame, list[pl.LazyFrame]]:
    """`kept` cross-checked against the tables stored before it, and the problems to collect.

    The file and row columns go: the problem report needed them; the panes do not.
    """
    earlier = store.earlier()
    final, reports = check_references(table.name, kept, earlier, store.mapping, store.folder, found)
    return final.drop(FILE, ROW, strict=False), reports


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
    and the rows any rule flagged to files beside it; returns the checked rows lazily
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
    cross: list[pl.DataFrame] = []
    try:
        if reading.in_memory:
            checked = _check_in_memory(wide, table, checks, stem)
        else:
            checked = _check_in_one_read(wide, table, checks, stem, store, cross)
    except READ_ERRORS as exc:
        raise DataError(read_error(path, exc, mapping)) from None
    rows, counts, flagged, kept = checked
    _report_counts(counts, flagged, table, checks, path.name, mapping, found)
    # Cross-table problems after the file's own, as in memory: one row's problems keep one order.
    found.extend(cross)
    return kept, rows


Checked = tuple[int, pl.DataFrame, pl.LazyFrame, pl.LazyFrame]
"""A file's check: rows read, the counts, the flagged rows, and the kept rows."""


def _check_in_memory(wide: pl.LazyFrame, table: Table, checks: list[Check], stem: Path) -> Checked:
    """A file checked in one pass, its kept rows collected and its flagged rows written to
    `<stem>-flagged.parquet`."""
    flagged_to = Path(f"{stem}-flagged.parquet")
    kept, _, counts = outputs_of(
        kept_rows(wide, table, checks),
        flagged_rows(wide, checks).sink_parquet(flagged_to, compression=COMPRESSION, lazy=True),
        wide.select(pl.len().alias("rows"), *skipped_counts(), *flag_counts(checks)),
        on_disk=False,
    )
    return int(counts["rows"].item()), counts, pl.scan_parquet(flagged_to, glob=False), kept.lazy()


def _check_in_one_read(
    wide: pl.LazyFrame,
    table: Table,
    checks: list[Check],
    stem: Path,
    store: Store | None,
    found: list[pl.DataFrame],
) -> Checked:
    """A file checked in one read (see `one_read`): its kept rows written to
    `<stem>.parquet`, or with `store`, cross-checked into it (unless the rows hold exact
    copies: `CopiesFoundError`)."""
    if store is not None:  # what the cross-check says of the whole table, said once
        _cross_checked(kept_rows(wide.clear(), table, checks), table, store, found)

    def split(frame: pl.LazyFrame) -> Parts:
        counts = frame.select(pl.len().alias("rows"), *skipped_counts(), *flag_counts(checks))
        kept = kept_rows(frame, table, checks)
        flagged = {"flagged": flagged_rows(frame, checks)}
        if store is None:
            return Parts(kept, counts, written=flagged)
        final, reports = _cross_checked(kept, table, store, [])  # said above
        # Each stored row's hash, to find exact copies without reading the stored rows again.
        hashes = final.select(row_hash(final).alias("hash"))
        return Parts(final, counts, reports, {**flagged, "hashes": hashes})

    target = store.target(table.name) if store is not None else Path(f"{stem}.parquet")

    def write(stored: pl.LazyFrame) -> None:
        stored.sink_parquet(target, compression=COMPRESSION, row_group_size=ROW_GROUP)

    read = check_in_one_read(wide, split, write, stem)
    counts = combined_counts(read.counts, least=("first_skipped",))
    files = read.written["flagged"]
    none = flagged_rows(wide.clear(), checks)
    flagged = pl.scan_parquet(files, glob=False) if files else none
    rows = int(counts["rows"].item())
    if store is None:
        return rows, counts, flagged, pl.scan_parquet(target, glob=False)
    if _holds_copies(read.written["hashes"]):
        raise CopiesFoundError(table.name)
    found.extend(read.problems)
    store.record(table.name, pl.DataFrame())
    return rows, counts, flagged, store.scan(table.name)


def _report_counts(
    counts: pl.DataFrame,
    flagged: pl.LazyFrame,
    table: Table,
    checks: list[Check],
    file: str,
    mapping: TableMapping | None,
    found: list[pl.DataFrame],
) -> None:
    """The problems a file's check counted: skipped rows, and each rule's flagged rows."""
    _, skipped, first_skipped, left_out = counts.row(0)[:4]
    if skipped:
        found.append(skipped_problem(table, file, skipped, first_skipped, mapping, left_out))
    flags = counts.select(c.flag for c in checks) if checks else None
    found.extend(flag_problems(flagged, flags, table, checks))


def _holds_copies(hashes: list[Path]) -> bool:
    """True when rows stored in one read repeat one another exactly: the files of their
    hashes (see `_check_in_one_read`) hold fewer distinct hashes than rows.

    Counted once the read is done: in the read, the sort of 50M hashes (L's activities)
    pushed the peak 1.2 GB higher. A collision of two hashes (rare) reads the file again,
    where the copies are settled by comparing the rows.
    """
    if not hashes:
        return False
    scan = pl.scan_parquet(hashes, glob=False)
    counted = scan.select(pl.len(), distinct_count(pl.col("hash")))
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
