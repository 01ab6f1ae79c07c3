"""A mapping's shaping of a database table, as one subquery: the mapping language of files
(`joins`, `booleans`, `where`, joined and SQL columns) run by the database itself.

The layers, as the file loader applies them: the other tables' columns joined in (first row
per key), flags spelled `true`/`false`, then the SQL columns and the `where` with flags as
booleans. The expressions are the mapping's own text (Polars SQL, close to PostgreSQL), parsed
by SQLGlot and written back with every identifier quoted as the mapping spells it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from cockpit.data.database.connection import quote_name
from cockpit.data.files.parse import FALSE_WORDS, TRUE_WORDS
from cockpit.data.mapping import FileJoin, Join, Sql, TableMapping
from cockpit.errors import UsageError

if TYPE_CHECKING:
    from sqlglot import exp

Quote = Callable[[str], str]
Bind = Callable[[object], str]
COMPUTED = "ck_sql_"
"""Prefix of a canonical column the mapping computes with SQL or joins from several columns."""
LEFT_OUT = "ck_left_out"


@dataclass(frozen=True)
class Shaping:
    """What a mapping asks of a database table beyond renaming, resolved against its columns."""

    joins: tuple[tuple[FileJoin, str, dict[str, str], str | None], ...]
    """(join, the other table's name, its column → the name it takes here, its where as SQL)."""
    flags: tuple[str, ...]
    computed: dict[str, str]
    """Alias → SQL expression (PostgreSQL text) of each SQL or joined canonical column."""
    where: str | None

    @property
    def needed(self) -> bool:
        """True when the table cannot be read as it is."""
        return bool(self.joins or self.flags or self.computed or self.where)


def table_name(source: str) -> str:
    """The database table a file name of a preset stands for: `deal_data.csv` → `deal_data`."""
    return PurePosixPath(source).stem if "." in source else source


def joined_columns(mapping: TableMapping | None, headers: Sequence[str]) -> list[str]:
    """The names the joined tables' columns take here (`file:column` when the table has it)."""
    names = []
    for join in mapping.joins if mapping else []:
        names += [f"{join.file}:{c}" if c in headers else c for c in join.columns]
    return names


def resolve(
    mapping: TableMapping | None, headers: Sequence[str], label: str, dialect: str
) -> Shaping:
    """The shaping `mapping` asks of a table with `headers` (its own and the joined columns);
    an expression that is not SQL, or a where no alternative of which fits, is a usage error."""
    if mapping is None:
        return Shaping((), (), {}, None)
    joins = tuple(
        (
            join,
            table_name(join.file),
            {c: f"{join.file}:{c}" if c in headers else c for c in join.columns},
            _expression(join.where, (), label, f"join of {join.file}", dialect)
            if join.where
            else None,
        )
        for join in mapping.joins
    )
    every = [*headers, *joined_columns(mapping, headers)]
    flags = tuple(c for c in mapping.booleans if c in every)
    computed = {}
    for name, spec in mapping.columns.items():
        choice = _first_fitting(spec if isinstance(spec, list) else [spec], every, label, name)
        if isinstance(choice, Sql):
            computed[f"{COMPUTED}{name}"] = _expression(choice.sql, flags, label, name, dialect)
        elif isinstance(choice, Join):
            computed[f"{COMPUTED}{name}"] = _joined_text(choice)
    where = _where(mapping, every, flags, label, dialect)
    return Shaping(joins, flags, computed, where)


def source_alias(spec: object, headers: Sequence[str], label: str, name: str) -> str | None:
    """The column of the shaped table that holds canonical `name` (None: none fits)."""
    choices = spec if isinstance(spec, list) else [spec]
    choice = _first_fitting(choices, headers, label, name)
    if isinstance(choice, Sql | Join):
        return f"{COMPUTED}{name}"
    return choice


def _first_fitting(
    choices: Sequence[object], headers: Sequence[str], label: str, name: str
) -> str | Join | Sql | None:
    """The first alternative whose columns the table has."""
    for choice in choices:
        if isinstance(choice, str) and choice in headers:
            return choice
        if isinstance(choice, Join) and all(c in headers for c in choice.join):
            return choice
        if isinstance(choice, Sql) and all(c in headers for c in _names(choice.sql, label, name)):
            return choice
    return None


def from_clause(
    table: str, headers: Sequence[str], shaping: Shaping, quote: Quote, bind: Bind
) -> str:
    """`"table"`, or the subquery that shapes it as the mapping asks."""
    if not shaping.needed:
        return quote(table)
    joined = _with_joins(table, shaping, quote)
    columns = [*headers, *(alias for _, _, names, _ in shaping.joins for alias in names.values())]
    flagged = ", ".join(
        f"{_flag_text(quote_name(c), bind)} AS {quote_name(c)}"
        if c in shaping.flags
        else quote_name(c)
        for c in columns
    )
    computed = "".join(f", {sql} AS {quote_name(alias)}" for alias, sql in shaping.computed.items())
    where = f" WHERE {shaping.where}" if shaping.where else ""
    return (
        f"(SELECT ck_f.*{computed} FROM (SELECT {flagged} FROM {joined}) AS ck_f{where}) "
        "AS ck_shaped"
    )


def _with_joins(table: str, shaping: Shaping, quote: Quote) -> str:
    """The table with each join's columns (a left join on the first row per key)."""
    text = f"{quote(table)} AS ck_s"
    if not shaping.joins:
        return f"(SELECT * FROM {text}) AS ck_j"
    picks = ["ck_s.*"]
    for i, (join, other, names, condition) in enumerate(shaping.joins):
        keys = ", ".join(quote_name(k) for k in join.on.values())
        wanted = ", ".join(quote_name(c) for c in [*join.on.values(), *join.columns])
        where = f" WHERE {condition}" if condition else ""
        numbered = (
            f"SELECT {wanted}, ROW_NUMBER() OVER (PARTITION BY {keys} ORDER BY {keys}) AS ck_n "
            f"FROM {quote(other)}{where}"
        )
        on = " AND ".join(
            f"ck_s.{quote_name(mine)} = ck_o{i}.{quote_name(theirs)}"
            for mine, theirs in join.on.items()
        )
        first = f"(SELECT * FROM ({numbered}) AS ck_x{i} WHERE ck_n = 1)"
        text += f" LEFT JOIN {first} AS ck_o{i} ON {on}"
        picks += [f"ck_o{i}.{quote_name(c)} AS {quote_name(alias)}" for c, alias in names.items()]
    return f"(SELECT {', '.join(picks)} FROM {text}) AS ck_j"


def _flag_text(column: str, bind: Bind) -> str:
    """A flag in any spelling as `true`/`false` (empty: false); other text kept as it is, so
    that a boolean column reports it."""
    lower = f"LOWER(TRIM(CAST({column} AS TEXT)))"
    trues = ", ".join(bind(w) for w in TRUE_WORDS)
    falses = ", ".join(bind(w) for w in FALSE_WORDS)
    return (
        f"CASE WHEN {lower} IN ({trues}) THEN 'true' "
        f"WHEN {lower} IN ({falses}) OR {lower} IS NULL OR {lower} = '' THEN 'false' "
        f"ELSE CAST({column} AS TEXT) END"
    )


def _joined_text(join: Join) -> str:
    """The parts as one text, empty parts skipped (NULL when all are empty)."""
    parts = ", ".join(f"NULLIF(TRIM(CAST({quote_name(c)} AS TEXT)), '')" for c in join.join)
    return f"NULLIF(CONCAT_WS({_literal(join.sep)}, {parts}), '')"


def _where(
    mapping: TableMapping, headers: Sequence[str], flags: Sequence[str], label: str, dialect: str
) -> str | None:
    """The first `where` alternative whose columns the table has, as SQL over flags as booleans."""
    if not mapping.where:
        return None
    choices = [mapping.where] if isinstance(mapping.where, str) else mapping.where
    missing = []
    for choice in choices:
        unknown = [n for n in _names(choice, label, "where") if n not in headers]
        if not unknown:
            return f"COALESCE({_expression(choice, flags, label, 'where', dialect)}, FALSE)"
        missing.append(f"{choice!r} names {', '.join(unknown)}")
    raise UsageError(
        f"{label}: the mapping's where cannot apply: {'; '.join(missing)}, which the table does "
        f"not have (its columns: {', '.join(headers)})"
    )


def _parse(text: str, label: str, what: str) -> exp.Expr:
    """One expression over the row's columns: a statement, a query or a second statement
    would run in the user's database with the reader's rights, so none is taken."""
    # Imported here: SQLGlot comes with the database extras, and a folder never needs it.
    import sqlglot
    from sqlglot import exp

    from cockpit.data.database.transpile import plain

    try:
        tree = sqlglot.parse_one(text, read="postgres")
        if isinstance(tree, exp.Block | exp.Command) or tree.find(exp.Query, exp.DDL, exp.DML):
            said = f"{label}: the mapping's {what} ({text!r}) must be one expression over the "
            raise UsageError(said + "table's columns, with no query or statement in it")
        return tree
    except sqlglot.errors.ParseError as exc:
        raise UsageError(
            f"{label}: the mapping's {what} ({text!r}) is not SQL: {plain(exc)}"
        ) from None


def _names(text: str, label: str, what: str) -> list[str]:
    """The columns an expression of the mapping reads."""
    from sqlglot import exp

    return sorted({c.name for c in _parse(text, label, what).find_all(exp.Column)})


def _expression(text: str, flags: Sequence[str], label: str, what: str, dialect: str) -> str:
    """The mapping's expression as SQL of `dialect`: names quoted as written, flags as
    booleans (`NOT is_deleted` reads the flag)."""

    from sqlglot import exp

    def flag_as_boolean(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column) and node.name in flags:
            flag = exp.column(node.name, quoted=True)
            return exp.paren(exp.EQ(this=flag, expression=exp.Literal.string("true")))
        return node

    tree = _parse(text, label, what).transform(flag_as_boolean)
    return tree.sql(dialect=dialect, identify=True)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
