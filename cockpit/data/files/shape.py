"""Turning one raw file's columns into canonical columns (renames, joins, constants, footers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from cockpit.data import problems as prob
from cockpit.data.files.parse import clean_text
from cockpit.data.mapping import ColumnSource, Join, TableMapping
from cockpit.data.schema import FILE, ROW, Table

SEP = ", "
SKIP = "_ck_skip"
"""Internal columns start with `_ck_`; they never reach the loaded tables."""


@dataclass
class Shaped:
    """A file's rows with canonical column names (values not yet parsed) and what was noticed."""

    frame: pl.LazyFrame | None
    problems: list[pl.DataFrame]
    absent: set[str] = field(default_factory=set)
    """Required columns the file lacks but the table can live without (e.g. ARR for churn)."""


def shape_file(
    raw: pl.LazyFrame, schema: pl.Schema, table: Table, mapping: TableMapping | None, path: Path
) -> Shaped:
    """Rename and build canonical columns; a missing required column makes the file unusable.

    Blank rows (and a report's footer) are marked in `SKIP` later (see `skip_column`), not
    dropped, so that they are counted in the same pass that reads the file.
    """
    data_columns = [c for c in schema.names() if c not in (FILE, ROW)]
    raw = raw.rename({c: c.strip() for c in data_columns if c != c.strip()})
    schema = pl.Schema({name.strip(): dtype for name, dtype in schema.items()})
    data_columns = [c.strip() for c in data_columns]
    found: list[pl.DataFrame] = []
    exprs: dict[str, pl.Expr] = {}
    used: set[str] = set()
    unusable = False
    absent: set[str] = set()
    for column in table.columns:
        spec = mapping.columns.get(column.name) if mapping else None
        expr, sources, error = _column_expr(column.name, spec, data_columns, mapping, path)
        if not error and (nested := [s for s in sources if _nested(schema.get(s))]):
            expr, error = (
                None,
                (
                    f"Column {nested[0]} holds lists or records (a nested Parquet type), not one "
                    "value per row: flatten it in the export, or map another column."
                ),
            )
        if error and column.required:
            reason = f"{error} Fix the header or the mapping."
            found.append(prob.table_problem(table.name, path.name, reason, "error", column.name))
            unusable = True
            continue
        if error:
            # A preset lists the headers of several export variants; an optional column one
            # variant lacks should not cost the whole file.
            reason = f"{error} {column.name} is left empty."
            found.append(prob.table_problem(table.name, path.name, reason, "warning", column.name))
        used.update(sources)
        if expr is None and column.required:
            if _missing_required(table, column.name, path, data_columns, found):
                unusable = True
            else:
                absent.add(column.name)
        exprs[column.name] = expr if expr is not None else pl.lit(None, dtype=pl.String)
    if unusable:
        return Shaped(None, found, absent)
    # Extra columns are kept and ignored; nested ones could not even be compared with blanks.
    extras = [
        c for c in data_columns if c not in used and c not in exprs and not _nested(schema[c])
    ]
    frame = raw.select(
        *(e.alias(name) for name, e in exprs.items()),
        *extras,
        pl.col(FILE),
        pl.col(ROW),
    )
    return Shaped(frame, found, absent)


def _nested(dtype: pl.DataType | None) -> bool:
    """True for a column of lists, arrays, records or objects: no one value per row."""
    return isinstance(dtype, pl.List | pl.Array | pl.Struct | pl.Object)


def skip_column(frame: pl.LazyFrame, table: Table, mapping: TableMapping | None) -> pl.Expr:
    """`SKIP`: blank rows, and with stop_at_blank_row a report's footer after the first blank.

    Runs on shaped rows whose canonical text is already clean (trimmed, empty as null), so
    only extra text columns need trimming here; mapped constants say nothing about a row.
    """
    schema = frame.collect_schema()
    constants = set(mapping.constants) if mapping else set()
    cells = [
        pl.col(c).is_null() if c in table.column_names else _is_blank(pl.col(c), schema[c])
        for c in schema.names()
        if c not in constants and c not in (FILE, ROW)
    ]
    if not cells:
        return pl.lit(False).alias(SKIP)
    skip = pl.all_horizontal(cells)
    if mapping and mapping.stop_at_blank_row:
        first_blank = pl.col(ROW).filter(skip).min()
        skip = first_blank.is_not_null() & (pl.col(ROW) >= first_blank)
    return skip.alias(SKIP)


def _is_blank(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """An empty cell: null, or text of only spaces (typed columns cannot hold spaces)."""
    if dtype == pl.String():
        return clean_text(expr).is_null()
    return expr.is_null()


def skipped_problems(
    wide: pl.LazyFrame, table: Table, mapping: TableMapping | None
) -> list[pl.DataFrame]:
    """One line per file saying how many blank or footer rows were skipped, and why."""
    skipped = (
        wide.filter(pl.col(SKIP))
        .group_by(FILE, maintain_order=True)
        .agg(pl.len().alias("rows"), pl.col(ROW).min().alias("first"))
        .collect()
    )
    return [
        skipped_problem(table, file, rows, first, mapping)
        for file, rows, first in skipped.iter_rows()
    ]


def skipped_counts() -> list[pl.Expr]:
    """Rows skipped in one file and the first of them (for `skipped_problem`)."""
    return [
        pl.col(SKIP).sum().alias("skipped"),
        pl.col(ROW).filter(pl.col(SKIP)).min().alias("first_skipped"),
    ]


def skipped_problem(
    table: Table, file: str, rows: int, first: int, mapping: TableMapping | None
) -> pl.DataFrame:
    """The line saying how many blank or footer rows of `file` were skipped, and why."""
    if mapping and mapping.stop_at_blank_row:
        reason = (
            f"{rows} rows from row {first} on skipped: a report's totals and footer "
            "follow the first blank row (stop_at_blank_row in the mapping)"
        )
    else:
        reason = f"{rows} blank rows skipped"
    return prob.table_problem(table.name, file, reason, "info")


def _column_expr(
    name: str,
    spec: ColumnSource | None,
    headers: list[str],
    mapping: TableMapping | None,
    path: Path,
) -> tuple[pl.Expr | None, list[str], str | None]:
    """The expression for one canonical column, the source columns it reads, or an error."""
    if mapping and name in mapping.constants:
        return pl.lit(str(mapping.constants[name])), [], None
    if spec is None:
        return (pl.col(name), [name], None) if name in headers else (None, [], None)
    alternatives = spec if isinstance(spec, list) else [spec]
    for choice in alternatives:
        if isinstance(choice, Join) and all(c in headers for c in choice.join):
            return _join_expr(choice), choice.join, None
        if isinstance(choice, str) and choice in headers:
            return pl.col(choice), [choice], None
    return None, [], _absent(name, alternatives, headers, path)


def _join_expr(join: Join) -> pl.Expr:
    """The parts of a join as one text, empty parts skipped."""
    parts = [clean_text(pl.col(c)) for c in join.join]
    return pl.concat_str(parts, separator=join.sep, ignore_nulls=True)


def _absent(name: str, wanted: list[str | Join], headers: list[str], path: Path) -> str:
    shown = [repr(c) if isinstance(c, str) else " + ".join(map(repr, c.join)) for c in wanted]
    return (
        f"the mapping reads {name} from {' or '.join(shown)}, but {path.name} has no such "
        f"column (its columns: {SEP.join(headers)})."
    )


def _missing_required(
    table: Table, name: str, path: Path, headers: list[str], found: list[pl.DataFrame]
) -> bool:
    """Record a missing required column; True when it makes the file unusable."""
    column = table.column(name)
    if column.needed_for:
        reason = (
            f"no {name} column: {column.needed_for} cannot be computed. Add the column or map "
            "it in a mapping file."
        )
        found.append(prob.table_problem(table.name, path.name, reason, "warning", name))
        return False
    reason = (
        f"required column {name} is missing (the file has: {SEP.join(headers)}). Rename the "
        "header, or use --mapping to say which column holds it."
    )
    found.append(prob.table_problem(table.name, path.name, reason, "error", name))
    return True
