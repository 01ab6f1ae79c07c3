"""What a folder has of a preset's parts, in words: the header each column reads, the row
filter that applies, stage values the map does not list, dates its formats do not read."""

from __future__ import annotations

import polars as pl

from cockpit.data.draft.dates import guess_dates
from cockpit.data.draft.profile import profile
from cockpit.data.draft.sample import Sample
from cockpit.data.draft.toml_text import shown
from cockpit.data.files.parse import parse_date
from cockpit.data.mapping import ANY_OTHER_VALUE, Join, Sql, TableMapping
from cockpit.data.schema import TABLES

MAX_SHOWN = 12


def _choices(mapping: TableMapping, column: str) -> list[str | Join | Sql]:
    spec = mapping.columns.get(column, column)
    return list(spec) if isinstance(spec, list) else [spec]


def _read(choice: str | Join | Sql, headers: list[str]) -> str | None:
    """The alternative in words when the file has its columns, else None."""
    if isinstance(choice, str):
        return f"found: {shown(choice)}" if choice in headers else None
    names = choice.join if isinstance(choice, Join) else pl.sql_expr(choice.sql).meta.root_names()
    if not all(n in headers for n in names):
        return None
    if isinstance(choice, Join):
        return f"found: joined from {' + '.join(shown(n) for n in names)}"
    if not names:
        return "computed (SQL), from no column of the file"
    return f"found: computed (SQL) from {', '.join(shown(n) for n in dict.fromkeys(names))}"


def column_note(table: str, mapping: TableMapping, column: str, samples: list[Sample]) -> str:
    """Which alternative each file reads for `column`, or that none is there."""
    required = any(c.name == column and c.required for c in TABLES[table].columns)
    missing = "not found" + (" (required)" if required else "")
    said = []
    for sample in samples:
        choices = _choices(mapping, column)
        found = next((r for c in choices if (r := _read(c, sample.headers))), missing)
        said.append(f"{sample.name}: {found}" if len(samples) > 1 else found)
    return "; ".join(said)


def used_source(mapping: TableMapping, column: str, samples: list[Sample]) -> str | None:
    """The plain header the first file reads for `column` (None: a join, SQL, or absent)."""
    if not samples:
        return None
    for choice in _choices(mapping, column):
        if _read(choice, samples[0].headers):
            return choice if isinstance(choice, str) else None
    return None


def where_note(mapping: TableMapping, samples: list[Sample]) -> str:
    """Which of the row filter's alternatives applies to the files."""
    if not samples or mapping.where is None:
        return ""
    choices = [mapping.where] if isinstance(mapping.where, str) else mapping.where
    headers = samples[0].headers
    for choice in choices:
        names = pl.sql_expr(choice).meta.root_names()
        if all(n in headers for n in names) and names:
            return f"applies as {shown(choice)}"
        if all(n in headers for n in names):
            return f"applies as {shown(choice)}: every row is kept"
    return "cannot apply: the file has none of the columns it names (check reports it)"


def unlisted_values(mapped: dict[str, str], header: str, samples: list[Sample]) -> list[str]:
    """Comment lines naming the values found in `header` that the map does not list."""
    labels = [v for s in samples if header in s.headers for v in profile(s, header).labels or []]
    if not labels:
        return [f"values of {shown(header)}: too many, or none, to list"]
    unlisted = [v for v in dict.fromkeys(labels) if v not in mapped]
    if not unlisted:
        return [f"every value found in {shown(header)} is listed"]
    fallback = mapped.get(ANY_OTHER_VALUE)
    then = f"they count as {shown(fallback)}" if fallback else "check reports them"
    named = ", ".join(shown(v) for v in unlisted[:MAX_SHOWN])
    more = f" and {len(unlisted) - MAX_SHOWN} more" if len(unlisted) > MAX_SHOWN else ""
    return [f"found in {shown(header)} but not listed ({then}): {named}{more}"]


def date_note(mapping: TableMapping, column: str, samples: list[Sample]) -> str:
    """Whether the preset's formats read the dates found, and what would read them."""
    header = used_source(mapping, column, samples)
    if header is None:
        return ""
    values = profile(samples[0], header).values
    if values.is_empty():
        return f"no value in {shown(header)} in the rows read"
    value = mapping.date_formats.get(column, [])
    formats = [value] if isinstance(value, str) else list(value)
    read = values.to_frame().select(parse_date(pl.col("v"), formats).is_not_null())["v"]
    if bool(read.all()):
        return f"reads every value of {shown(header)} in the rows read"
    missed = values.filter(~read)
    guess = guess_dates(values.unique(maintain_order=True).to_list())
    hint = f"; they look like {', '.join(guess.formats)}" if guess and guess.formats else ""
    return (
        f"{missed.len():,} values of {shown(header)} are not read by these formats, e.g. "
        f"{shown(str(missed[0]))}{hint}"
    )
