"""How an export writes its dates: ISO (read as is), or day-first / month-first with the
strftime formats that read them, decided from days above 12."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

import polars as pl

from cockpit.data.files.parse import parse_date

Order = Literal["iso", "day", "month", "unknown", "mixed"]
"""iso: no formats needed; day/month: decided by a value; unknown: every day and month is 12 or
less; mixed: some values are day-first and others month-first."""

_SLASHED = re.compile(
    r"^(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"
    r"(?:(?P<t>[ T])\d{1,2}:\d{2}(?P<sec>:\d{2})?(?P<frac>\.\d+)?"
    r"(?P<sp>\s*)(?P<ampm>[AaPp][Mm])?)?$"
)
_YEAR_FIRST = re.compile(r"^\d{4}(?P<sep>[/.])\d{1,2}(?P=sep)\d{1,2}$")


@dataclass(frozen=True)
class DateGuess:
    """The formats that read a column's dates, and what decided them."""

    order: Order
    formats: tuple[str, ...] = ()
    evidence: str = ""
    """The value that decided day-first or month-first (e.g. '25/02/2026')."""
    shapes: tuple[str, ...] = ()
    """Format tails after the date part (' %H:%M', …), to redo the formats in another order."""
    sep: str = "/"
    year: str = "%Y"


def guess_dates(values: list[str]) -> DateGuess | None:
    """How `values` (non-empty, trimmed) are written as dates; None when one is not a date."""
    if not values:
        return None
    series = pl.Series("v", values, dtype=pl.String)
    iso = _read(series, [])
    if iso.all():
        return DateGuess("iso")
    others = series.filter(~iso).to_list()
    year_first = {m["sep"] for v in others if (m := _YEAR_FIRST.match(v))}
    slashed = [m for v in others if (m := _SLASHED.match(v))]
    if len(slashed) + sum(1 for v in others if _YEAR_FIRST.match(v)) < len(others):
        return None
    if not slashed:
        formats = tuple(f"%Y{s}%m{s}%d" for s in sorted(year_first))
        return DateGuess("iso", formats) if _all_read(series, list(formats)) else None
    guess = _slashed_guess(slashed)
    formats = guess.formats + tuple(f"%Y{s}%m{s}%d" for s in sorted(year_first))
    guess = replace(guess, formats=formats)
    return guess if _all_read(series, list(formats)) else None


def in_order(guess: DateGuess, order: Literal["day", "month"], evidence: str) -> DateGuess:
    """An undecided guess redone day-first or month-first, as another column decided."""
    return replace(guess, order=order, formats=_formats(guess, order), evidence=evidence)


def _slashed_guess(matches: list[re.Match[str]]) -> DateGuess:
    day = next((m.group() for m in matches if int(m["a"]) > 12), "")
    month = next((m.group() for m in matches if int(m["b"]) > 12), "")
    years = {len(m["year"]) for m in matches}
    base = DateGuess(
        "unknown",
        shapes=tuple(sorted({_tail(m) for m in matches})),
        sep=matches[0]["sep"],
        year="%y" if years == {2} else "%Y",
    )
    if day and month:
        both = _formats(base, "day") + _formats(base, "month")
        return replace(base, order="mixed", formats=both, evidence=f"{day}, {month}")
    if day or month:
        order: Literal["day", "month"] = "day" if day else "month"
        return in_order(base, order, day or month)
    return replace(base, formats=_formats(base, "month"))


def _formats(guess: DateGuess, order: Literal["day", "month"]) -> tuple[str, ...]:
    first, second = ("%d", "%m") if order == "day" else ("%m", "%d")
    date = f"{first}{guess.sep}{second}{guess.sep}{guess.year}"
    return tuple(date + tail for tail in guess.shapes)


def _tail(match: re.Match[str]) -> str:
    """The strftime tail for a value's time of day ('' for a date alone)."""
    if not match["t"]:
        return ""
    hours = "%I" if match["ampm"] else "%H"
    tail = f"{match['t']}{hours}:%M"
    tail += ":%S" if match["sec"] else ""
    tail += "%.f" if match["frac"] else ""
    return tail + (f"{match['sp']}%p" if match["ampm"] else "")


def _read(series: pl.Series, formats: list[str]) -> pl.Series:
    """Which values the loader's own date reading reads with `formats`."""
    return series.to_frame().select(parse_date(pl.col("v"), formats).is_not_null()).to_series()


def _all_read(series: pl.Series, formats: list[str]) -> bool:
    """True when the loader's own date reading reads every value with `formats`."""
    return bool(_read(series, formats).all())
