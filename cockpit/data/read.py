"""Finding a table's files in a data folder and reading them as raw frames with row numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl

from cockpit.data.mapping import Encoding, TableMapping
from cockpit.errors import DataError

ROW = "_row"
FILE = "_file"
SUFFIXES = (".csv", ".parquet")


def find_table_files(folder: Path, table: str, mapping: TableMapping | None) -> list[Path]:
    """Files holding `table`: `<table>.csv|.parquet`, or the first mapping pattern that matches."""
    if mapping is None:
        return [p for p in (folder / f"{table}{s}" for s in SUFFIXES) if p.is_file()][:1]
    for pattern in mapping.patterns:
        matches = sorted(p for p in folder.glob(pattern) if p.is_file())
        if matches:
            return matches
    return []


def read_raw(path: Path, mapping: TableMapping | None) -> pl.DataFrame:
    """One file as a frame: CSV cells as text, Parquet as stored, plus `_file` and `_row` columns.

    `_row` is the spreadsheet row number (the CSV header is row 1) so people can find it.
    """
    if path.suffix.lower() == ".parquet":
        frame = _read_parquet(path)
        first_row = 1
    else:
        frame = _read_csv(path, mapping)
        first_row = 2
    return frame.with_columns(
        pl.lit(path.name).alias(FILE),
        (pl.int_range(pl.len(), dtype=pl.Int64) + first_row).alias(ROW),
    )


def _read_parquet(path: Path) -> pl.DataFrame:
    try:
        return pl.read_parquet(path)
    except (pl.exceptions.ComputeError, OSError) as exc:
        raise DataError(f"{path.name}: cannot be read as Parquet ({_first_line(exc)})") from None


def _read_csv(path: Path, mapping: TableMapping | None) -> pl.DataFrame:
    encoding: Encoding = mapping.encoding if mapping else "utf-8"
    separator = mapping.separator if mapping else ","
    try:
        if encoding == "utf-8":
            return pl.read_csv(path, infer_schema=False, separator=separator)
        text = _decode(path, encoding)
        return pl.read_csv(io.BytesIO(text.encode()), infer_schema=False, separator=separator)
    except pl.exceptions.NoDataError:
        raise DataError(f"{path.name}: the file is empty (not even a header row)") from None
    except pl.exceptions.ComputeError as exc:
        raise DataError(_csv_error(path, exc, separator)) from None
    except OSError as exc:
        raise DataError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None


def _decode(path: Path, encoding: Encoding) -> str:
    data = path.read_bytes()
    if encoding == "auto":
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")
    return data.decode(encoding)


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
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return f"byte {data[err.start]:#04x} on line {line}"
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
