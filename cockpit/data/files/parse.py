"""Vectorised parsing of text cells into canonical dtypes, in Polars expressions."""

from __future__ import annotations

import polars as pl

from cockpit.data.schema import Column

ISO_DATE = "%Y-%m-%d"
_ISO_START = r"^\d{4}-\d{2}-\d{2}(?:[T ].*)?$"
# A time of day followed by an offset: Z, ±HH, ±HHMM or ±HH:MM (a space may come before it).
_WITH_OFFSET = r"\d[T ]\d{2}:\d{2}.*(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$"
# chrono's `%#z` reads every one of those offsets; seconds and their fraction are optional.
_OFFSET_FORMATS = tuple(
    f"%Y-%m-%d{sep}{clock}%#z" for sep in ("T", " ") for clock in ("%H:%M:%S%.f", "%H:%M")
)
_OFFSET_TOKENS = ("%z", "%:z", "%#z", "%::z", "%:::z")
TRUE_WORDS = ("true", "t", "yes", "y", "1")
FALSE_WORDS = ("false", "f", "no", "n", "0")
# A leading sign or code and comma thousands ("$1,234.50", "USD 1,234.50") are read as they
# are; other shapes ("1 234,50", "(1,234.00)", "1.234,50 €") are ambiguous and must come mapped
# (`decimal`, `money`: see money.py).
_CURRENCY = r"^(?:[A-Z]{3}\s*|[$€£¥]\s*)"
_THOUSANDS = r"^-?\d{1,3}(,\d{3})+(\.\d+)?$"


def clean_text(expr: pl.Expr) -> pl.Expr:
    """Trimmed text with empty cells as null."""
    stripped = expr.cast(pl.String).str.strip_chars()
    # Not `.replace("", None)`: twice as fast in memory, but Polars 2.1's streaming engine does
    # not stream it, and a 50M-row file then needed 9 GB instead of 1.3 GB.
    return pl.when(stripped == "").then(None).otherwise(stripped)


def clean_text_columns(frame: pl.LazyFrame, names: list[str]) -> pl.LazyFrame:
    """`frame` with the text columns `names` trimmed, empty cells as null (see `clean_text`).

    Trimmed in one step and emptied in the next: inside one when/then Polars trims each cell
    twice (four text columns of 2M rows: 0.25 s in one step, 0.13 s in two).
    """
    frame = frame.with_columns(pl.col(name).str.strip_chars() for name in names)
    return frame.with_columns(
        pl.when(pl.col(name) == "").then(None).otherwise(pl.col(name)).alias(name) for name in names
    )


def parse_column(
    expr: pl.Expr, dtype: pl.DataType, column: Column, formats: list[str], timezone: str = "UTC"
) -> pl.Expr:
    """`expr` parsed to the column's dtype; cells that cannot be parsed become null.

    Text (`dtype` String) must already be clean: trimmed, empty as null (see `clean_text`).
    A date-time that carries a UTC offset (or a time zone) gives its date in `timezone`.
    """
    if dtype == pl.String():
        return _parse_from_text(expr, column, formats, timezone)
    if column.kind == "date" and isinstance(dtype, pl.Datetime) and dtype.time_zone:
        return local_date(expr, timezone)
    if column.kind == "date" and dtype.is_temporal():
        return expr.cast(pl.Date, strict=False)
    if column.kind == "int" and dtype.is_integer():
        return expr.cast(pl.Int64, strict=False)  # whole already: no round trip through floats
    if column.kind in ("float", "int") and dtype.is_numeric():
        return _numeric_cast(expr, column)
    if column.kind == "bool" and dtype == pl.Boolean():
        return expr
    return _parse_from_text(clean_text(expr), column, formats, timezone)


def _parse_from_text(text: pl.Expr, column: Column, formats: list[str], timezone: str) -> pl.Expr:
    match column.kind:
        case "str":
            # Closed vocabularies (stage, origin) accept any letter case: "Won" is won.
            return text.str.to_lowercase() if column.allowed else text
        case "date":
            return parse_date(text, formats, timezone)
        case "float":
            return parse_number(text)
        case "int":
            return _numeric_cast(parse_number(text), column)
        case "bool":
            return parse_bool(text)


def _numeric_cast(expr: pl.Expr, column: Column) -> pl.Expr:
    if column.kind == "float":
        return expr.cast(pl.Float64, strict=False)
    as_float = expr.cast(pl.Float64, strict=False)
    whole = as_float.round(0) == as_float
    return pl.when(whole).then(as_float).otherwise(None).cast(pl.Int64, strict=False)


def parse_date(text: pl.Expr, formats: list[str], timezone: str = "UTC") -> pl.Expr:
    """Dates in the strftime formats, tried in order; by default ISO dates and date-times.

    A date-time with an offset (`…T23:30:00-05:00`, `….000Z`) is an instant: its date is the
    one in `timezone`. A date-time without one keeps the date it was written with.
    """
    if not formats:
        return _iso_date(text, timezone)
    # ISO dates and date-times are read whatever the list says: they are unambiguous, and a
    # CRM's own export writes them beside a locale's report dates.
    parsed = [_one_format(text, fmt, timezone) for fmt in formats]
    return pl.coalesce([*parsed, _iso_date(text, timezone)])


def _iso_date(text: pl.Expr, timezone: str) -> pl.Expr:
    """ISO dates and date-times; one with an offset that is not a real instant is null."""
    iso = text.str.contains(_ISO_START)
    offset = text.str.contains(_WITH_OFFSET)
    # Only cells with an offset are parsed as instants (the others are null here, so cheap).
    instant = pl.coalesce(
        pl.when(offset).then(text).str.to_datetime(fmt, strict=False, time_unit="us")
        for fmt in _OFFSET_FORMATS
    )
    day = text.str.slice(0, 10).str.to_date(ISO_DATE, strict=False)
    return pl.when(iso & offset).then(local_date(instant, timezone)).when(iso).then(day)


def _one_format(text: pl.Expr, fmt: str, timezone: str) -> pl.Expr:
    if any(token in fmt for token in _OFFSET_TOKENS):
        return local_date(text.str.to_datetime(fmt, strict=False, time_unit="us"), timezone)
    if fmt.endswith("Z") and not fmt.endswith("%Z"):
        # A literal Z says the time is UTC (Salesforce's API writes `….000Z`).
        utc = text.str.to_datetime(fmt, strict=False, time_unit="us").dt.replace_time_zone("UTC")
        return local_date(utc, timezone)
    if any(token in fmt for token in ("%H", "%I", "%M", "%S", "%p")):
        return text.str.to_datetime(fmt, strict=False).dt.date()
    return text.str.to_date(fmt, strict=False)


def local_date(instant: pl.Expr, timezone: str) -> pl.Expr:
    """The date an instant (a zoned date-time) falls on in `timezone`."""
    return instant.dt.convert_time_zone(timezone).dt.date()


def parse_number(text: pl.Expr) -> pl.Expr:
    """Numbers, allowing a leading currency sign or code and comma thousands separators."""
    bare = text.str.replace(_CURRENCY, "").str.strip_chars()
    unseparated = pl.when(bare.str.contains(_THOUSANDS)).then(bare.str.replace_all(",", ""))
    return unseparated.otherwise(bare).cast(pl.Float64, strict=False)


def parse_bool(text: pl.Expr) -> pl.Expr:
    """true/false, yes/no, y/n, 1/0 in any case; anything else is null."""
    lower = text.str.to_lowercase()
    return (
        pl.when(lower.is_in(TRUE_WORDS))
        .then(True)
        .when(lower.is_in(FALSE_WORDS))
        .then(False)
        .otherwise(None)
    )


def expected_text(column: Column, formats: list[str]) -> str:
    """What a valid value of `column` looks like, for messages."""
    match column.kind:
        case "date":
            shown = " or ".join(formats) if formats else "YYYY-MM-DD"
            return f"not a date (expected {shown})"
        case "float":
            return "not a number"
        case "int":
            return "not a whole number"
        case "bool":
            return "not true/false (expected true, false, yes, no, 1 or 0)"
        case _:
            return "not valid text"
