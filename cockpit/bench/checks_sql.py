"""The SQL that stages one table for `checks_reference`: every column read, text trimmed, every
value parsed to its type in the contract (`cockpit.data.schema`), one flag per rule."""

from __future__ import annotations

from dataclasses import dataclass

from cockpit.data.schema import ACTIVITY_COUNTS, TABLES, Column, Table

WHITE_SPACE = " || ".join(
    f"chr({code})"
    for code in (*range(9, 14), 32, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029,
                 0x202F, 0x205F, 0x3000)
)  # fmt: skip
"""Unicode's white space, which cockpit trims (DuckDB's `trim` alone takes only spaces)."""

MACROS = r"""
-- Text as cockpit reads it: trimmed of white space, empty as null. DuckDB trims a set of
-- characters slowly (2.9 s for 10M cells, against 0.2 s for spaces alone), so only a cell that
-- starts or ends with something else than a visible ASCII character is trimmed so.
create macro clean(t) as nullif(
  case when ascii(t) between 33 and 126 and ascii(right(t, 1)) between 33 and 126 then t
       else trim(t, WHITE_SPACE) end, '');
-- An ISO date, or the day of an ISO date-time (in UTC when it carries an offset).
create macro iso_date(t) as
  case when regexp_matches(t, '\d[T ]\d{2}:\d{2}.*([Zz]|[+-]\d{2}(:?\d{2})?)$')
         and regexp_matches(t, '^\d{4}-\d{2}-\d{2}[T ]')
       then try_cast(t as timestamptz)::date
       when regexp_matches(t, '^\d{4}-\d{2}-\d{2}([T ].*)?$')
       then try_strptime(left(t, 10), '%Y-%m-%d')::date end;
-- A number, after a leading currency sign or code; comma thousands allowed.
create macro bare_number(t) as clean(regexp_replace(t, '^([A-Z]{3}\s*|[$€£¥]\s*)', ''));
create macro number(t) as try_cast(
  case when regexp_matches(bare_number(t), '^-?\d{1,3}(,\d{3})+(\.\d+)?$')
       then replace(bare_number(t), ',', '') else bare_number(t) end as double);
-- A whole number; null when it has a fraction.
create macro whole(x) as case when round(x) = x then try_cast(x as bigint) end;
-- true or false, in the spellings cockpit reads.
create macro flag(t) as
  case when lower(t) in ('true', 't', 'yes', 'y', '1') then true
       when lower(t) in ('false', 'f', 'no', 'n', '0') then false end;
""".replace("WHITE_SPACE", WHITE_SPACE)

TYPES = {"str": "VARCHAR", "date": "DATE", "float": "DOUBLE", "int": "BIGINT", "bool": "BOOLEAN"}
"""DuckDB's type of each kind of column in the contract."""
NOT_PARSED = {
    "date": "not a date",
    "float": "not a number",
    "int": "not a whole number",
    "bool": "not true/false",
}
"""The first words of cockpit's reason for a value that does not parse, by type."""
INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
            "UINTEGER", "UBIGINT", "UHUGEINT")  # fmt: skip
NUMBERS = (*INTEGERS, "FLOAT", "DOUBLE", "DECIMAL")
NESTED = ("[]", "STRUCT", "MAP", "UNION")
FILE_ROW = "file_row_number"
"""The row number DuckDB's Parquet reader gives; rows of a CSV file are numbered by their
place in the staged table (`rowid`), which keeps the file's order."""


@dataclass(frozen=True)
class Rule:
    """One rule of one column: the words cockpit's report gives for it, and its condition."""

    column: str
    severity: str
    words: str
    condition: str
    sets_aside: bool


@dataclass(frozen=True)
class TableSql:
    """The statements that stage, count and keep one table's rows, and what they check."""

    staged: str
    """Creates `<table>_checked`: cells, parsed values, `skipped` (a blank row), one flag a rule."""
    counts: str
    """Rows, blank rows, then the rows each rule flags."""
    kept: str
    """Creates the view `<table>`: the rows no rule sets aside, as loaded, with their `row`
    number in the file."""
    rules: list[Rule]
    kept_columns: list[str]
    """Every column of the kept table but its row number."""
    missing: list[str]
    """Required columns the file lacks: it cannot be used."""
    absent: list[str]
    """Required columns the file lacks that the table can live without."""


def quoted(name: str) -> str:
    """`name` as a DuckDB identifier."""
    return '"' + name.replace('"', '""') + '"'


def referenced_key(table: str) -> str:
    """The id column of `table`, which references point to."""
    key = TABLES[table].key
    assert key is not None
    return quoted(key)


def table_sql(table: Table, reader: str, types: dict[str, str]) -> TableSql:
    """The statements for `table` read by `reader`, whose columns have DuckDB `types` (with
    `FILE_ROW` when the reader numbers the rows)."""
    name = table.name
    missing = [c.name for c in table.columns if c.required and c.name not in types]
    absent = [n for n in missing if table.column(n).needed_for]
    numbered = FILE_ROW in types
    types = {c: t for c, t in types.items() if c != FILE_ROW}
    extras = [c for c, t in types.items() if c not in table.column_names and not _nested(t)]
    sources = {c.name: types.get(c.name, TYPES[c.kind]) for c in table.columns}
    values = {c.name: _value(c, sources[c.name]) for c in table.columns}
    # A value that is its cell as read (text, or a cell of the right type) is not copied.
    refs = {n: v if v == quoted(n) else quoted(f"{n}:value") for n, v in values.items()}
    rules = [
        rule
        for column in table.columns
        if column.name in types
        for rule in column_rules(column, refs[column.name])
    ]
    flags = [quoted(f"{r.column}: {r.words}") for r in rules]
    cells = [_cell(c.name, c.name in types, sources[c.name]) for c in table.columns]
    parsed = [f"{v} as {refs[n]}" for n, v in values.items() if refs[n] != v]
    blank = [f"{quoted(c.name)} is null" for c in table.columns]
    blank += [
        f"clean({quoted(x)}) is null" if types[x] == "VARCHAR" else f"{quoted(x)} is null"
        for x in extras
    ]
    raised = [
        f"coalesce({r.condition}, false) and not skipped as {flag}"
        for r, flag in zip(rules, flags, strict=True)
    ]
    staged = STAGED.format(
        name=name,
        cells=_list([*cells, *map(quoted, extras), *([FILE_ROW] if numbered else [])], 4),
        reader=reader,
        parsed=_list(["*", *parsed, "\n      and ".join(blank) + " as skipped"], 4),
        flags=_list(["*", *raised], 2),
    )
    counts = [f"count(*) filter (where {flag})" for flag in ["skipped", *flags]]
    set_aside = [flag for r, flag in zip(rules, flags, strict=True) if r.sets_aside]
    finals = [_final(table, c, refs) for c in table.columns]
    kept = KEPT.format(
        name=name,
        columns=_list(
            [f"{FILE_ROW if numbered else 'rowid'} as row", *finals, *map(quoted, extras)], 2
        ),
        set_aside=_list(["skipped", *set_aside], 2, " or"),
    )
    return TableSql(
        staged=staged,
        counts=f"select\n  {_list(['count(*)', *counts], 2)}\nfrom {name}_checked",
        kept=kept,
        rules=rules,
        kept_columns=[*table.column_names, *extras],
        missing=[n for n in missing if n not in absent],
        absent=absent,
    )


STAGED = """create temp table {name}_checked as
with cells as (  -- every column read, text trimmed (empty as null)
  select
    {cells}
  from {reader}
),
parsed as (  -- every value as its type, and whether the row is blank (skipped)
  select
    {parsed}
  from cells
)
select  -- one flag per rule, which a blank row never raises
  {flags}
from parsed"""
KEPT = """create temp view {name} as
select
  {columns}
from {name}_checked
where not (
  {set_aside}
)"""


def column_rules(column: Column, value: str) -> list[Rule]:
    """The contract's rules for one column, whose cell is read as `column.name` and whose
    parsed value as `value`: it parses, it is there when required, allowed, not negative."""
    cell, name = quoted(column.name), column.name
    required = column.required
    rules = []
    if column.kind != "str" and value != cell:  # a cell of the right type needs no parsing
        severity = "error" if required else "warning"
        condition = f"{cell} is not null and {value} is null"
        rules.append(Rule(name, severity, NOT_PARSED[column.kind], condition, required))
    if required and column.fallback:
        rules.append(Rule(name, "warning", "empty", f"{cell} is null", False))
    elif required:
        rules.append(Rule(name, "error", "required value is empty", f"{cell} is null", True))
    if column.allowed:
        allowed = ", ".join(f"'{a}'" for a in column.allowed)
        rules.append(Rule(name, "error", f"unknown {name}", f"{value} not in ({allowed})", True))
    if column.non_negative:
        severity = "error" if required else "warning"
        rules.append(Rule(name, severity, "negative", f"{value} < 0", required))
    return rules


def _list(items: list[str], indent: int, separator: str = ",") -> str:
    """SQL items one a line, at `indent`."""
    return f"{separator}\n{' ' * indent}".join(items)


def _nested(dtype: str) -> bool:
    return any(mark in dtype for mark in NESTED)


def _cell(name: str, present: bool, source: str) -> str:
    """The cell as read: text trimmed (empty as null), typed values as they are; an empty
    one of type `source` when the file lacks the column."""
    column = quoted(name)
    if not present:
        return f"null::{source} as {column}"
    return f"clean({column}) as {column}" if source == "VARCHAR" else column


def _value(column: Column, source: str) -> str:
    """The cell parsed to the column's type (a typed cell of that type is taken as it is)."""
    cell = quoted(column.name)
    text = cell if source == "VARCHAR" else f"clean({cell}::varchar)"
    number = source.startswith(NUMBERS)
    match column.kind:
        case "str":
            return f"lower({text})" if column.allowed else text
        case "date":
            if source == "DATE":
                return cell
            return f"{cell}::date" if source.startswith("TIMESTAMP") else f"iso_date({text})"
        case "float":
            if source == "DOUBLE":
                return cell
            return f"{cell}::double" if number else f"number({text})"
        case "int":
            if source == "BIGINT":
                return cell
            if source.startswith(INTEGERS):
                return f"{cell}::bigint"
            return f"whole({cell}::double)" if number else f"whole(number({text}))"
        case "bool":
            return cell if source == "BOOLEAN" else f"flag({text})"


def _final(table: Table, column: Column, refs: dict[str, str]) -> str:
    """The column as loaded: a negative optional number cleared, an empty name shown as its
    fallback, an activity count missing counted as 0."""
    value = refs[column.name]
    if column.non_negative and not column.required:
        value = f"case when {value} < 0 then null else {value} end"
    if column.fallback:
        value = f"coalesce({value}, {refs[column.fallback]})"
    if table.name == "activities" and column.name in ACTIVITY_COUNTS:
        value = f"coalesce({value}, 0)"
    name = quoted(column.name)
    return name if value == name else f"{value} as {name}"
