"""SQL that reads a canonical table out of a database table: renames, value maps, types, rules.

Every value (dates, stage names, mapped values) is a bound parameter; identifiers come only from
the canonical schema or the mapping file and are quoted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cockpit.data.database.connection import Dialect, quote_identifier, quote_name
from cockpit.data.database.shaping import Shaping, from_clause, joined_columns, source_alias
from cockpit.data.files.parse import FALSE_WORDS, TRUE_WORDS
from cockpit.data.mapping import ANY_OTHER_VALUE, TableMapping
from cockpit.data.schema import Column, Table
from cockpit.errors import UsageError

UNSUPPORTED = (
    "corrections",
    "date_formats",
    "salesforce_ids",
    "lookups",
    "money",
)
"""Mapping keys of the file loader that database tables do not take (values are converted in a
view instead); `joins`, `booleans`, `where`, joined and SQL columns run in the database."""


@dataclass
class Params:
    """Bound parameters collected in the order their markers appear in the SQL text."""

    dialect: Dialect
    values: list[Any] = field(default_factory=list)

    def bind(self, value: Any) -> str:
        """Add `value` and return its marker."""
        if isinstance(value, date) and self.dialect.kind == "sqlite":
            value = value.isoformat()  # SQLite keeps dates as ISO text
        self.values.append(value)
        return self.dialect.placeholder(len(self.values))

    def bind_list(self, values: tuple[str, ...] | list[str]) -> str:
        """Markers for an IN (…) list."""
        return ", ".join(self.bind(v) for v in values)


@dataclass(frozen=True)
class SourceTable:
    """A database table read as canonical `table`: its name and column types there."""

    table: Table
    name: str
    columns: dict[str, str]
    """Source column → Polars dtype name as the driver reports it."""
    mapping: TableMapping | None
    has_duplicates: bool = False
    """Some id appears twice among the kept rows: reading then keeps one row per id."""
    shaping: Shaping = field(default_factory=lambda: Shaping((), (), {}, None))
    """What the mapping asks beyond renaming (joins, flags, where, SQL columns)."""
    parts: tuple[SourceTable, ...] = ()
    """Tables read together as this one (Task and Event): each shaped, then one after another."""

    @property
    def headers(self) -> list[str]:
        """The columns a canonical column may read: the table's and the joined tables'."""
        return [*self.columns, *joined_columns(self.mapping, list(self.columns))]

    def source_column(self, canonical: str) -> str | None:
        """The column of the (shaped) table holding `canonical` (None: there is none)."""
        spec = self.mapping.columns.get(canonical) if self.mapping else None
        if spec is None:
            return canonical if canonical in self.columns else None
        return source_alias(spec, self.headers, self.name, canonical)

    def stored_type(self, name: str) -> str:
        """The Polars dtype name of a column as read: joined, computed and flag columns are
        text (flags spelled true/false)."""
        return "String" if name in self.shaping.flags else self.columns.get(name, "String")

    def from_sql(self, params: Params) -> str:
        """What a query reads this table from: its name, or the subquery shaping it."""
        if self.parts:
            return _union(self, params)
        return from_clause(
            self.name, list(self.columns), self.shaping, quote_identifier, params.bind
        )

    def provides(self, canonical: str) -> bool:
        """True when the table has a column (or the mapping a constant) for `canonical`."""
        constants = self.mapping.constants if self.mapping else {}
        return canonical in constants or self.source_column(canonical) is not None

    def extra_columns(self) -> list[str]:
        """Source columns no canonical column reads (an activity's own id, its subject…): two
        rows alike in every canonical column but one of these are not copies."""
        read = {self.source_column(c.name) for c in self.table.columns}
        return [name for name in self.columns if name not in read]

    def missing_required(self) -> list[str]:
        """Required canonical columns the table cannot provide."""
        constants = self.mapping.constants if self.mapping else {}
        return [
            c.name
            for c in self.table.columns
            if c.required and c.name not in constants and self.source_column(c.name) is None
        ]


def together(parts: list[SourceTable]) -> SourceTable:
    """Tables read together as one (`[["Task.csv", "Event.csv"]]`): every column of any of
    them, text where they differ; each part keeps its own shaping (its SQL columns, its where)."""
    columns: dict[str, str] = {}
    for part in parts:
        for name, dtype in part.columns.items():
            columns[name] = dtype if columns.get(name, dtype) == dtype else "String"
    computed = {alias: sql for part in parts for alias, sql in part.shaping.computed.items()}
    flags = tuple(dict.fromkeys(f for part in parts for f in part.shaping.flags))
    first = parts[0]
    return SourceTable(
        first.table,
        ", ".join(part.name for part in parts),
        columns,
        first.mapping,
        shaping=Shaping((), flags, computed, None),
        parts=tuple(parts),
    )


def _union(source: SourceTable, params: Params) -> str:
    """The parts one after another, each with every column (NULL where it has none)."""
    names = [*source.columns, *source.shaping.computed]
    selects = []
    for part in source.parts:
        picks = [_union_column(part, name, source.stored_type(name)) for name in names]
        selects.append(f"SELECT {', '.join(picks)} FROM {part.from_sql(params)}")
    return f"({' UNION ALL '.join(selects)}) AS ck_together"


def _union_column(part: SourceTable, name: str, merged: str) -> str:
    """One part's column in the union: NULL where it has none, text where the parts' types
    differ (an engine refuses a union of a number and a text column)."""
    quoted = quote_name(name)
    if name in part.shaping.computed:
        return quoted
    if name not in part.columns:
        return f"CAST(NULL AS TEXT) AS {quoted}"
    retyped = merged == "String" and part.columns[name] != "String"
    return f"CAST({quoted} AS TEXT) AS {quoted}" if retyped else quoted


def check_mapping_supported(source: SourceTable) -> None:
    """Mapping features that only make sense for files are usage errors for database tables."""
    if source.mapping is None:
        return
    used = [name for name in UNSUPPORTED if getattr(source.mapping, name)]
    if used:
        raise UsageError(
            f"mapping for {source.table.name}: {', '.join(used)} apply to files, not to database "
            "tables; convert the values in a view instead"
        )


def canonical_select(
    source: SourceTable,
    params: Params,
    clear_negative: bool = True,
    raw_of: Sequence[str] = (),
    fenced: bool = False,
    extras: bool = False,
) -> str:
    """SELECT of every canonical column of `source`, parsed to its type (bad values NULL).

    `raw_of` adds those columns' stored values as text, `ck_raw_<name>`, to report what was wrong;
    `fenced` computes each parsed value once per row when the query reads it many times;
    `extras` adds the source's other columns as text (see `row_columns`).
    """
    parts = [
        f"{_column_expr(source, c, params, clear_negative)} AS {quote_identifier(c.name)}"
        for c in source.table.columns
    ]
    for canonical in dict.fromkeys(raw_of):
        name = source.source_column(canonical)
        raw = f"CAST({quote_identifier(name)} AS TEXT)" if name else "NULL"
        parts.append(f"{raw} AS ck_raw_{canonical}")
    if extras:
        for alias, name in zip(_extra_aliases(source), source.extra_columns(), strict=True):
            parts.append(f"CAST({quote_identifier(name)} AS TEXT) AS {alias}")
    fence = params.dialect.fence if fenced else ""
    return f"SELECT {', '.join(parts)} FROM {source.from_sql(params)}{fence}"


def row_columns(source: SourceTable) -> list[str]:
    """Every column of a row read with `extras`: the canonical ones, then the source's others
    (`ck_extra_<n>`). Rows alike in all of them are exact copies."""
    canonical = [quote_identifier(c) for c in source.table.column_names]
    return [*canonical, *_extra_aliases(source)]


def _extra_aliases(source: SourceTable) -> list[str]:
    return [f"ck_extra_{n}" for n in range(len(source.extra_columns()))]


def valid_rows(source: SourceTable, params: Params, extras: bool = False) -> str:
    """The rows a file loader would keep: required values present and allowed, first of an id,
    one of exact copies in a table without ids. `extras` keeps the source's other columns."""
    copies = source.table.key is None and source.has_duplicates
    canon = canonical_select(source, params, extras=extras or copies)
    rules = row_rules(source, params)
    where = f" WHERE {' AND '.join(rules)}" if rules else ""
    kept = f"SELECT * FROM ({canon}) AS ck_canon{where}"
    if copies:
        # Rows alike in every column, the source's other columns too, count once (as for files).
        kept = f"SELECT DISTINCT * FROM ({kept}) AS ck_copies"
        if not extras:
            names = ", ".join(quote_identifier(c) for c in source.table.column_names)
            kept = f"SELECT {names} FROM ({kept}) AS ck_once"
    key = source.table.key
    if key is not None and source.has_duplicates:
        # A database has no row order, so of rows sharing an id one is kept (the file keeps the
        # first); `cockpit check` reports every duplicate.
        q = quote_identifier(key)
        number = f"ROW_NUMBER() OVER (PARTITION BY {q} ORDER BY {q}) AS ck_n"
        numbered = f"SELECT ck_kept.*, {number} FROM ({kept}) AS ck_kept"
        names = ", ".join(quote_identifier(c) for c in source.table.column_names)
        kept = f"SELECT {names} FROM ({numbered}) AS ck_numbered WHERE ck_n = 1"
    if source.table.name == "deals":
        kept = _open_deals_without_close_date(kept, source.table, params)
    return kept


def _open_deals_without_close_date(kept: str, table: Table, params: Params) -> str:
    """An open deal's close date is an expected date, not an outcome: cleared, as for files."""
    cleared = f'CASE WHEN "stage" = {params.bind("open")} THEN NULL ELSE "close_date" END'
    names = [
        quote_identifier(c) if c != "close_date" else f'{cleared} AS "close_date"'
        for c in table.column_names
    ]
    return f"SELECT {', '.join(names)} FROM ({kept}) AS ck_deals"


def row_rules(source: SourceTable, params: Params) -> list[str]:
    """Conditions every loaded row meets (a row failing one is set aside)."""
    allow_empty = source.mapping.allow_empty if source.mapping else []
    rules = []
    for column in source.table.columns:
        q = quote_identifier(column.name)
        if column.required and column.name not in allow_empty and not column.fallback:
            rules.append(f"{q} IS NOT NULL")
        if column.allowed:
            rules.append(f"({q} IS NULL OR {q} IN ({params.bind_list(column.allowed)}))")
        if column.required and column.non_negative:
            rules.append(f"({q} IS NULL OR {q} >= 0)")
    return rules


def _column_expr(source: SourceTable, column: Column, params: Params, clear_negative: bool) -> str:
    mapping = source.mapping
    stored = "String"
    if mapping and column.name in mapping.constants:
        raw = f"CAST({params.bind(str(mapping.constants[column.name]))} AS TEXT)"
    else:
        name = source.source_column(column.name)
        if name is None:
            # Typed: PostgreSQL reads a bare NULL in a subquery as text, and COALESCE(text, 0)
            # in the activity sums then fails the query (a table without an emails column).
            return f"CAST(NULL AS {NULL_TYPES[column.kind]})"
        raw = quote_identifier(name)
        stored = source.stored_type(name)
    expr = _typed(raw, column, source, params, stored)
    if column.non_negative and not column.required and clear_negative:
        expr = f"CASE WHEN ({expr}) < 0 THEN NULL ELSE ({expr}) END"
    return expr


NULL_TYPES = {
    "str": "TEXT",
    "date": "DATE",
    "int": "BIGINT",
    "float": "DOUBLE PRECISION",
    "bool": "INTEGER",
}
"""The SQL type of each kind of column, for a column the table does not have."""


def _typed(raw: str, column: Column, source: SourceTable, params: Params, stored: str) -> str:
    """`raw` parsed to the column's kind, value maps and defaults applied first for text.

    `stored` is the Polars dtype name the driver reports for the column (`String`, `Date`,
    `Datetime(time_unit='us', time_zone='UTC')` for a timestamptz…).
    """
    dialect = params.dialect
    text = stored == "String"
    if column.kind == "str":
        return _text(raw, column, source.mapping, params)
    if column.kind == "date":
        zoned = stored.startswith("Datetime") and "time_zone=None" not in stored
        return dialect.date(raw, text, zoned, params.bind)
    if column.kind in ("int", "float"):
        return dialect.number(raw, column.kind == "int", text)
    words = f"LOWER(TRIM(CAST({raw} AS TEXT)))"
    return (
        f"CASE WHEN {words} IN ({params.bind_list(TRUE_WORDS)}) THEN 1 "
        f"WHEN {words} IN ({params.bind_list(FALSE_WORDS)}) THEN 0 END"
    )


def _text(raw: str, column: Column, mapping: TableMapping | None, params: Params) -> str:
    expr = f"NULLIF(TRIM(CAST({raw} AS TEXT)), '')"
    mapped = mapping.values.get(column.name) if mapping else None
    if mapped:
        whens = " ".join(
            f"WHEN {expr} = {params.bind(k)} THEN {params.bind(v)}"
            for k, v in mapped.items()
            if k != ANY_OTHER_VALUE
        )
        other = mapped.get(ANY_OTHER_VALUE)
        rest = f" WHEN {expr} IS NOT NULL THEN {params.bind(other)}" if other is not None else ""
        expr = f"CASE {whens}{rest} ELSE {expr} END"
    if mapping and column.name in mapping.defaults:
        expr = f"COALESCE({expr}, {params.bind(str(mapping.defaults[column.name]))})"
    return f"LOWER({expr})" if column.allowed else expr
