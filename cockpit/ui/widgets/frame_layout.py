"""Column widths and row lines for FrameTable: Polars picks the rows worth measuring."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from rich.cells import cell_len, set_cell_size
from rich.text import Text

from cockpit.text import ELLIPSIS, safe_text

Formatter = Callable[[str, Any], Text]
HEAD_ROWS = 40  # rows always measured; the longest and extreme values are added by Polars
PADDING = 1  # blank cells on each side of a cell, as DataTable draws them
SORT_MARK = 1  # room kept in every header for ▲▼, so sorting never shifts the columns


@dataclass(frozen=True)
class Column:
    """One shown column: frame column key, header text and width in cells."""

    key: str
    label: str
    width: int
    numeric: bool = False
    """Numbers are right-aligned, and so is their header."""

    @property
    def outer(self) -> int:
        """Width including the padding on both sides."""
        return self.width + 2 * PADDING


def fit(text: str, width: int, right: bool = False) -> str:
    """`text` padded or cut (with …) to exactly `width` cells."""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, max(width - 1, 0)) + ELLIPSIS if width else ""
    pad = " " * (width - length)
    return pad + text if right else text + pad


def _extremes(frame: pl.DataFrame, keys: Sequence[str]) -> set[int]:
    """Row indices holding the longest text and the extreme numbers of each column."""
    picks: list[pl.Expr] = []
    for key in keys:
        dtype = frame.schema[key]
        if dtype == pl.String:
            picks.append(pl.col(key).str.len_chars().arg_max().alias(f"{key}/long"))
        elif dtype == pl.List(pl.String):
            joined = pl.col(key).list.join(", ").str.len_chars()
            picks.append(joined.arg_max().alias(f"{key}/long"))
        elif dtype.is_numeric():
            picks.append(pl.col(key).arg_max().alias(f"{key}/max"))
            picks.append(pl.col(key).arg_min().alias(f"{key}/min"))
    if not picks or frame.is_empty():
        return set()
    found = frame.select(picks).row(0)
    return {int(i) for i in found if i is not None}


def measure_columns(
    frame: pl.DataFrame, labels: Sequence[tuple[str, str]], formatter: Formatter
) -> list[Column]:
    """Widths from the headers and a sample: the head plus each column's longest/extreme rows."""
    present = [(k, label) for k, label in labels if k in frame.columns]
    keys = [k for k, _ in present]
    rows = sorted(set(range(min(HEAD_ROWS, frame.height))) | _extremes(frame, keys))
    sample = frame.select(keys)[rows].rows() if rows else []
    columns = []
    for index, (key, label) in enumerate(present):
        shown = (safe_text(formatter(key, row[index]).plain) for row in sample)
        widest = max((cell_len(text) for text in shown), default=0)
        header = cell_len(safe_text(label)) + SORT_MARK
        numeric = frame.schema[key].is_numeric()
        columns.append(Column(key, safe_text(label), max(widest, header), numeric))
    return columns


def format_rows(
    frame: pl.DataFrame, columns: Sequence[Column], start: int, count: int, formatter: Formatter
) -> list[str]:
    """Rows `start`…`start+count` of `frame` as padded one-line strings (no styles, no markup)."""
    keys = [c.key for c in columns]
    pad = " " * PADDING
    lines = []
    for row in frame.slice(start, count).select(keys).rows():
        cells = []
        for column, value in zip(columns, row, strict=True):
            text = formatter(column.key, value)
            shown = safe_text(text.plain)  # the formatter's text is data: never trusted
            right = column.numeric or text.justify == "right"  # "—" too, in a number column
            cells.append(pad + fit(shown, column.width, right) + pad)
        lines.append("".join(cells))
    return lines


def column_at(columns: Sequence[Column], x: int) -> int | None:
    """The index of the column drawn at offset `x` of a row (None: right of the last one)."""
    for index, column in enumerate(columns):
        if x < column.outer:
            return index
        x -= column.outer
    return None


def column_span(columns: Sequence[Column], index: int) -> tuple[int, int]:
    """Where column `index` starts and ends in a row, in cells."""
    start = sum(c.outer for c in columns[:index])
    return start, start + columns[index].outer
