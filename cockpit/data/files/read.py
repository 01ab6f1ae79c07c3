"""Finding a table's files in a data folder and scanning them lazily, with row numbers."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl

from cockpit.data.mapping import Encoding, TableMapping
from cockpit.data.schema import FILE, ROW
from cockpit.errors import DataError

SUFFIXES = (".csv", ".parquet")
MAX_COLUMNS = 2_000
"""Widest table file read (real CRM exports have a few hundred columns at most)."""
READ_ERRORS = (pl.exceptions.ComputeError, pl.exceptions.NoDataError, OSError)


def find_table_files(folder: Path, table: str, mapping: TableMapping | None) -> list[Path]:
    """Files holding `table`: `<table>.csv|.parquet`, or those of the first group of mapping
    patterns that matches any file (each file once, in the group's order)."""
    if mapping is None:
        return [p for p in (folder / f"{table}{s}" for s in SUFFIXES) if p.is_file()][:1]
    for group in mapping.pattern_groups:
        # is_file: a FIFO or device named like a table is never opened (a read would wait).
        matches = [sorted(p for p in folder.glob(pattern) if p.is_file()) for pattern in group]
        found = list(dict.fromkeys(p for paths in matches for p in paths))
        if found:
            return found
    return []


def scan_raw(
    path: Path, mapping: TableMapping | None, notes: list[str] | None = None
) -> tuple[pl.LazyFrame, pl.Schema]:
    """One file as a lazy frame and its columns: CSV cells as text, Parquet as stored.

    `_file` and `_row` are added; `_row` is the spreadsheet row number (the CSV header is row 1)
    so people can find it. What a reader should know about how the file was read (a file that
    mixes encodings) goes to `notes`.
    """
    if path.suffix.lower() == ".parquet":
        # glob=False: a folder named `exports [final]` is a path, not a pattern.
        frame = pl.scan_parquet(path, row_index_name=ROW, row_index_offset=1, glob=False)
    else:
        frame = _scan_csv(path, mapping, notes if notes is not None else [])
    frame = frame.with_columns(pl.col(ROW).cast(pl.Int64), pl.lit(path.name).alias(FILE))
    try:
        schema = frame.collect_schema()
    except READ_ERRORS as exc:
        raise DataError(read_error(path, exc, mapping)) from None
    if len(schema) - 2 > MAX_COLUMNS:
        # Every column of every row is read and checked as text: 10,000 columns of a 241 MB
        # file took 3.4 GB. No CRM table needs that many.
        raise DataError(
            f"{path.name}: {len(schema) - 2:,} columns, more than the {MAX_COLUMNS:,} cockpit "
            "reads; export only the columns the review needs (the mapping lists them)"
        )
    return frame, schema


def _scan_csv(path: Path, mapping: TableMapping | None, notes: list[str]) -> pl.LazyFrame:
    encoding: Encoding = mapping.encoding if mapping else "utf-8"
    separator = mapping.separator if mapping else ","
    source: Path | bytes = path
    if encoding != "utf-8":
        source = _decode(path, encoding, notes).encode()
    return pl.scan_csv(
        source,
        infer_schema=False,
        separator=separator,
        row_index_name=ROW,
        row_index_offset=2,
        glob=False,
    )


def _decode(path: Path, encoding: Encoding, notes: list[str]) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    if encoding == "auto":
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return _decode_lines(path, data, notes)
    return data.decode(encoding)


def _decode_lines(path: Path, data: bytes, notes: list[str]) -> str:
    """cp1252, line by line unless a line is UTF-8: files appended to by several tools mix
    both, and one encoding for the whole file garbles the other's names (MÃ¼ller)."""
    lines, utf8, windows = [], [], []
    for number, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").splitlines(True), 1):
        try:
            lines.append(raw.decode("utf-8"))
            if not raw.isascii():
                utf8.append(number)
        except UnicodeDecodeError:
            lines.append(raw.decode("cp1252", errors="replace"))
            windows.append(number)
    if utf8 and windows:
        notes.append(
            f"{path.name} mixes encodings: {len(utf8):,} lines are UTF-8 (first: line "
            f"{utf8[0]}) and {len(windows):,} cp1252 (first: line {windows[0]}); each line was "
            "read in its own encoding. Check the names on those lines, and re-save the file as "
            "UTF-8."
        )
    return "".join(lines)


def read_error(path: Path, exc: Exception, mapping: TableMapping | None) -> str:
    """What went wrong reading `path`, in words, with the row or byte when it can be found."""
    if isinstance(exc, pl.exceptions.NoDataError):
        return f"{path.name}: the file is empty (not even a header row)"
    if isinstance(exc, OSError) and not isinstance(exc, pl.exceptions.PolarsError):
        return f"{path.name}: cannot be read ({exc.strerror or exc})"
    if path.suffix.lower() == ".parquet":
        return f"{path.name}: cannot be read as Parquet ({_first_line(exc)})"
    return _csv_error(path, exc, mapping.separator if mapping else ",")


def _csv_error(path: Path, exc: Exception, separator: str) -> str:
    reason = _first_line(exc)
    if "utf-8" in reason.lower() or "utf8" in reason.lower():
        where = _first_bad_utf8(path)
        return (
            f"{path.name}: is not UTF-8 text ({where}). If it was exported from Excel or "
            'Salesforce on Windows, set encoding = "cp1252" (or "auto") for this table in a '
            "mapping file, or re-save the file as UTF-8."
        )
    if "more fields" in reason:
        row = _first_ragged_row(path, separator)
        return (
            f"{path.name}: row {row} has more fields than the header row. Check the separator "
            "and that text containing commas is quoted."
        )
    return f"{path.name}: cannot be read as CSV ({reason})"


def _first_bad_utf8(path: Path) -> str:
    line = 1
    with path.open("rb") as handle:
        # Line by line, so a 10 GB export is searched without holding it in memory.
        for line, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as err:
                return f"byte {raw[err.start]:#04x} on line {line}"
    return "invalid byte sequence"


def _first_ragged_row(path: Path, separator: str) -> str:
    with path.open(newline="", encoding="utf-8", errors="replace") as handle:
        reader = csv.reader(handle, delimiter=separator)
        width = len(next(reader, []))
        for number, row in enumerate(reader, start=2):
            if len(row) > width:
                return str(number)
    return "(unknown)"


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
