"""Turning one raw file's columns into canonical columns (renames, joins, constants, footers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from cockpit.data import problems as prob
from cockpit.data.files.parse import FALSE_WORDS, TRUE_WORDS, clean_text
from cockpit.data.mapping import ColumnSource, Join, Sql, TableMapping
from cockpit.data.schema import FILE, ROW, Table

SEP = ", "
SKIP = "_ck_skip"
"""Internal columns start with `_ck_`; they never reach the loaded tables."""
LEFT_OUT = "_ck_left_out"
"""Rows the mapping's `where` leaves out: skipped like blank rows, and counted apart."""


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
    raw, data_columns, error = _joined(raw, mapping, data_columns, path)
    if error:
        found.append(prob.table_problem(table.name, path.name, error, "error"))
        return Shaped(None, found)
    raw = _with_booleans(raw, mapping, data_columns)
    raw, error = _mark_left_out(raw, mapping, data_columns)
    if not error:
        raw, error = _computed(raw, mapping, data_columns)
    if error:
        found.append(prob.table_problem(table.name, path.name, error, "error"))
        return Shaped(None, found)
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
        c for c in data_columns if c not in used and c not in exprs and not _nested(schema.get(c))
    ]
    frame = raw.select(
        *(e.alias(name) for name, e in exprs.items()),
        *extras,
        pl.col(FILE),
        pl.col(ROW),
        pl.col(LEFT_OUT),
    )
    return Shaped(frame, found, absent)


def _joined(
    raw: pl.LazyFrame, mapping: TableMapping | None, headers: list[str], path: Path
) -> tuple[pl.LazyFrame, list[str], str | None]:
    """`raw` with the columns of the mapping's joins (first match per key), its headers, or an
    error naming the file and what is missing."""
    for join in mapping.joins if mapping else []:
        other_path = path.parent / join.file
        try:
            other = pl.scan_csv(other_path, infer_schema=False, encoding="utf8-lossy", glob=False)
            other_headers = other.collect_schema().names()
        except (OSError, pl.exceptions.PolarsError) as exc:
            return raw, headers, f"the mapping joins {join.file}, which cannot be read: {exc}"
        wanted = [*join.on.values(), *join.columns]
        lacking = [c for c in wanted if c not in other_headers]
        lacking += [c for c in join.on if c not in headers]
        if lacking:
            return (
                raw,
                headers,
                (
                    f"the mapping joins {join.file} on {join.on} for {SEP.join(join.columns)}, "
                    f"but {SEP.join(lacking)} is not there (columns: {SEP.join(other_headers)})."
                ),
            )
        if join.where:
            try:
                other = other.filter(pl.sql_expr(join.where))
            except (pl.exceptions.PolarsError, ValueError) as exc:
                return raw, headers, f"the where of the join of {join.file} is not SQL: {exc}"
        keys = list(join.on.values())
        other = other.select(wanted).unique(subset=keys, keep="first", maintain_order=True)
        clash = [c for c in join.columns if c in headers]
        other = other.rename({c: f"{join.file}:{c}" for c in clash})
        raw = raw.join(
            other, left_on=list(join.on), right_on=keys, how="left", maintain_order="left"
        )
        headers = [*headers, *(f"{join.file}:{c}" if c in clash else c for c in join.columns)]
    return raw, headers, None


def flag_text(text: pl.Expr) -> pl.Expr:
    """A flag in any spelling as `true`/`false` (empty: false); other text is kept, so that a
    boolean column reports it."""
    lower = text.cast(pl.String).str.strip_chars().str.to_lowercase()
    return (
        pl.when(lower.is_in(TRUE_WORDS))
        .then(pl.lit("true"))
        .when(lower.is_in(FALSE_WORDS) | lower.is_null() | (lower == ""))
        .then(pl.lit("false"))
        .otherwise(text.cast(pl.String))
    )


def _with_booleans(
    raw: pl.LazyFrame, mapping: TableMapping | None, headers: list[str]
) -> pl.LazyFrame:
    """The mapping's flag columns spelled `true`/`false`, whatever the export wrote; a wholly
    blank row stays blank (a report's footer is skipped, not read as a row of false flags)."""
    flags = [c for c in (mapping.booleans if mapping else []) if c in headers]
    if not flags:
        return raw
    blank = pl.all_horizontal(
        pl.col(c).cast(pl.String).str.strip_chars().fill_null("") == "" for c in headers
    )
    return raw.with_columns(
        pl.when(blank).then(pl.lit(None, dtype=pl.String)).otherwise(flag_text(pl.col(c))).alias(c)
        for c in flags
    )


COMPUTED = "_ck_sql_"
"""Prefix of the columns a mapping computes with SQL (one per canonical column)."""


def _computed(
    raw: pl.LazyFrame, mapping: TableMapping | None, headers: list[str]
) -> tuple[pl.LazyFrame, str | None]:
    """`raw` with each SQL column the mapping computes (the first alternative whose columns
    the file has), as text; or an error naming the expression and what is wrong."""
    computed: dict[str, pl.Expr] = {}
    flags: set[str] = set()
    for name, spec in (mapping.columns if mapping else {}).items():
        for choice in spec if isinstance(spec, list) else [spec]:
            if not isinstance(choice, Sql):
                continue
            try:
                expr = pl.sql_expr(choice.sql)
                names = expr.meta.root_names()
            except (pl.exceptions.PolarsError, ValueError) as exc:
                return raw, f"the mapping's {name} = {{ sql = {choice.sql!r} }} is not SQL: {exc}"
            if all(n in headers for n in names):
                # A blank row stays blank: a CASE's ELSE would otherwise fill it.
                computed[f"{COMPUTED}{name}"] = pl.when(~_blank_row(headers)).then(
                    expr.cast(pl.String)
                )
                flags.update(n for n in names if mapping and n in mapping.booleans)
                break
    if not computed:
        return raw, None
    # Flags are booleans in the expressions (`CASE WHEN IsWon THEN …`).
    return _with_flags_as_booleans(raw, flags, computed), None


def _with_flags_as_booleans(
    raw: pl.LazyFrame, flags: set[str] | list[str], columns: dict[str, pl.Expr]
) -> pl.LazyFrame:
    """`raw` with `columns` computed while the `flags` columns are booleans (then text again)."""
    return (
        raw.with_columns((pl.col(c) == "true").alias(c) for c in flags)
        .with_columns(e.alias(n) for n, e in columns.items())
        # Back to text: true/false, and a blank row's null stays null.
        .with_columns(pl.col(c).cast(pl.String) for c in flags)
    )


def _blank_row(headers: list[str]) -> pl.Expr:
    """True for a row whose every cell is empty or spaces."""
    return pl.all_horizontal(
        pl.col(c).cast(pl.String).str.strip_chars().fill_null("") == "" for c in headers
    )


def _mark_left_out(
    raw: pl.LazyFrame, mapping: TableMapping | None, headers: list[str]
) -> tuple[pl.LazyFrame, str | None]:
    """`raw` with `LEFT_OUT` true for rows the mapping's `where` leaves out (or an error that
    names what is wrong with the condition)."""
    if mapping is None or not mapping.where:
        return raw.with_columns(pl.lit(False).alias(LEFT_OUT)), None
    choices = [mapping.where] if isinstance(mapping.where, str) else mapping.where
    missing: list[str] = []
    for choice in choices:
        try:
            condition = pl.sql_expr(choice)
            names = condition.meta.root_names()
        except (pl.exceptions.PolarsError, ValueError) as exc:
            return raw, f"the mapping's where ({choice!r}) is not Polars SQL: {exc}"
        unknown = [n for n in names if n not in headers]
        if not unknown:
            break
        missing.append(f"{choice!r} names {SEP.join(unknown)}")
    else:
        return raw, (
            f"the mapping's where cannot apply: {'; '.join(missing)}, which the file does not "
            f"have (its columns: {SEP.join(headers)})."
        )
    # Flags compare as booleans in the condition (`NOT IsDeleted`); a blank row is skipped as
    # blank, not counted as left out.
    flags = [c for c in mapping.booleans if c in names]
    wrong = _type_error(condition, names, flags)
    if wrong:
        return raw, (
            f"the mapping's where ({choice!r}) cannot be evaluated: {wrong}. Columns listed "
            "in booleans are true/false in it (write NOT IsDeleted, not IsDeleted = 'false'); "
            "every other column is text."
        )
    left_out = ~condition.fill_null(False) & ~_blank_row(headers)
    return _with_flags_as_booleans(raw, flags, {LEFT_OUT: left_out}), None


def _type_error(condition: pl.Expr, names: list[str], flags: list[str]) -> str | None:
    """Why `condition` cannot run on these columns (flags boolean, the rest text), tried on no
    rows before the file is read; None when it can and gives true/false."""
    schema = {n: pl.Boolean if n in flags else pl.String for n in names}
    try:
        result = pl.DataFrame(schema=schema).select(condition.alias("_c"))
    except pl.exceptions.PolarsError as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if result.schema["_c"] not in (pl.Boolean, pl.Null):
        return f"it gives {result.schema['_c']}, not true/false"
    return None


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
        if c not in constants and c not in (FILE, ROW, LEFT_OUT)
    ]
    skip = pl.all_horizontal(cells) if cells else pl.lit(False)
    if cells and mapping and mapping.stop_at_blank_row:
        first_blank = pl.col(ROW).filter(skip).min()
        skip = first_blank.is_not_null() & (pl.col(ROW) >= first_blank)
    if LEFT_OUT in schema:
        skip = skip | pl.col(LEFT_OUT)
    return skip.alias(SKIP)


def _is_blank(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """An empty cell: null, or text of only spaces (typed columns cannot hold spaces)."""
    if dtype == pl.String():
        return clean_text(expr).is_null()
    return expr.is_null()


def skipped_problems(
    wide: pl.LazyFrame, table: Table, mapping: TableMapping | None
) -> list[pl.DataFrame]:
    """One line per file saying how many rows were skipped, and why."""
    skipped = (
        wide.filter(pl.col(SKIP))
        .group_by(FILE, maintain_order=True)
        .agg(
            pl.len().alias("rows"),
            pl.col(ROW).min().alias("first"),
            pl.col(LEFT_OUT).sum().alias("left_out"),
        )
        .collect()
    )
    return [
        skipped_problem(table, file, rows, first, mapping, left_out)
        for file, rows, first, left_out in skipped.iter_rows()
    ]


def where_text(where: str | list[str] | None) -> str:
    """The mapping's where as written (alternatives joined by `or else`)."""
    if where is None:
        return ""
    return where if isinstance(where, str) else " or else ".join(where)


def skipped_counts() -> list[pl.Expr]:
    """Rows skipped in one file, the first of them, and how many the mapping's `where` left
    out (for `skipped_problem`)."""
    return [
        pl.col(SKIP).sum().alias("skipped"),
        pl.col(ROW).filter(pl.col(SKIP)).min().alias("first_skipped"),
        pl.col(LEFT_OUT).sum().alias("left_out"),
    ]


def skipped_problem(
    table: Table,
    file: str,
    rows: int,
    first: int,
    mapping: TableMapping | None,
    left_out: int = 0,
) -> pl.DataFrame:
    """The line saying how many rows of `file` were skipped, and why."""
    said = []
    if left_out:
        where = mapping.where if mapping else ""
        said.append(f"{left_out} rows left out by the mapping's where ({where_text(where)})")
    others = rows - left_out
    if others and mapping and mapping.stop_at_blank_row:
        said.append(
            f"{others} rows from row {first} on skipped: a report's totals and footer "
            "follow the first blank row (stop_at_blank_row in the mapping)"
        )
    elif others:
        said.append(f"{others} blank rows skipped")
    return prob.table_problem(table.name, file, "; ".join(said), "info")


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
        if isinstance(choice, Sql):
            names = pl.sql_expr(choice.sql).meta.root_names()  # checked by `_computed`
            if all(c in headers for c in names):
                return pl.col(f"{COMPUTED}{name}"), names, None
            continue
        if isinstance(choice, Join) and all(c in headers for c in choice.join):
            return _join_expr(choice), choice.join, None
        if isinstance(choice, str) and choice in headers:
            return pl.col(choice), [choice], None
    return None, [], _absent(name, alternatives, headers, path)


def _join_expr(join: Join) -> pl.Expr:
    """The parts of a join as one text, empty parts skipped."""
    parts = [clean_text(pl.col(c)) for c in join.join]
    return pl.concat_str(parts, separator=join.sep, ignore_nulls=True)


def _absent(name: str, wanted: list[str | Join | Sql], headers: list[str], path: Path) -> str:
    shown = [_shown(c) for c in wanted]
    return (
        f"the mapping reads {name} from {' or '.join(shown)}, but {path.name} has no such "
        f"column (its columns: {SEP.join(headers)})."
    )


def _shown(choice: str | Join | Sql) -> str:
    """One alternative of a mapped column, as the mapping file writes it."""
    if isinstance(choice, Sql):
        return f"sql {choice.sql!r}"
    return repr(choice) if isinstance(choice, str) else " + ".join(map(repr, choice.join))


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
