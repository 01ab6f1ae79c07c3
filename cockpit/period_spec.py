"""Review periods as managers name them, on the fiscal calendar: standard library only.

`2026Q3`, `2026-09`, `2026` (fiscal year), `qtd`, `ytd`, `last-quarter`, `START:END`… The command
line checks a period's spelling with this before Polars loads (the TUI's first frame waits for
nothing); `cockpit.period` finds as_of in the data and resolves the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from cockpit.errors import UsageError

NamedBy = Literal["start", "end"]


@dataclass(frozen=True)
class Calendar:
    """The fiscal calendar: the month the year starts in and which year names it."""

    start_month: int = 1
    named_by: NamedBy = "end"

    def year_of(self, day: date) -> tuple[date, date]:
        """The fiscal year that contains `day`."""
        year = day.year if day.month >= self.start_month else day.year - 1
        start = date(year, self.start_month, 1)
        return start, _add_months(start, 12) - timedelta(days=1)

    def year_named(self, name: int) -> tuple[date, date]:
        """Fiscal year `name` (FY2026 ends in 2026 unless the config names years by their start)."""
        first = name - 1 if self.named_by == "end" and self.start_month > 1 else name
        start = date(first, self.start_month, 1)
        return start, _add_months(start, 12) - timedelta(days=1)

    def quarter_of(self, day: date) -> tuple[date, date]:
        """The fiscal quarter that contains `day`."""
        year_start, _ = self.year_of(day)
        months = (day.year - year_start.year) * 12 + day.month - year_start.month
        start = _add_months(year_start, months // 3 * 3)
        return start, _add_months(start, 3) - timedelta(days=1)

    def years_across(self, start: date, end: date) -> list[tuple[date, date]]:
        """The fiscal years that overlap [start, end], in order."""
        years = [self.year_of(start)]
        while years[-1][1] < end:
            years.append(self.year_of(years[-1][1] + timedelta(days=1)))
        return years


@dataclass(frozen=True)
class Period:
    """A review period [start, end] judged as of `as_of`.

    `first` is the data's first day when known: the part of the period before it is not
    covered, so rates run over what the data covers.
    """

    start: date
    end: date
    as_of: date
    first: date | None = None
    name: str | None = None
    """How the period was asked for (`2026Q3`, `qtd`), when it was."""
    calendar: Calendar = Calendar()

    @property
    def elapsed_end(self) -> date:
        """The last day of the period that has happened by as_of."""
        return min(self.end, self.as_of)

    @property
    def covered_start(self) -> date:
        """The first day of the period the data covers."""
        return max(self.start, self.first) if self.first else self.start

    @property
    def running(self) -> bool:
        """True when the data covers only part of the period (it runs past as_of, or starts
        before the data): outcomes are then judged on pace."""
        return self.elapsed_end < self.end or self.covered_start > self.start

    @property
    def covered_days(self) -> int:
        """Days of the period the data covers (0 when none)."""
        return max((self.elapsed_end - self.covered_start).days + 1, 0)

    @property
    def weeks_elapsed(self) -> float:
        """Weeks the data covers of the period (at least one day)."""
        return max(self.covered_days, 1) / 7

    @property
    def days(self) -> int:
        """Length of the period in days."""
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period just before this one: as many whole months when it is whole months,
        else as many days."""
        months = _whole_months(self.start, self.end)
        if months:
            start = _add_months(self.start, -months)
            return replace(self, start=start, end=self.start - timedelta(days=1), name=None)
        end = self.start - timedelta(days=1)
        return replace(self, start=end - timedelta(days=self.days - 1), end=end, name=None)

    def label(self) -> str:
        """`2026Q3: 2026-07-01 – 2026-09-30 (as of 2026-09-30)`."""
        name = f"{self.name}: " if self.name and ":" not in self.name else ""
        return f"{name}{self.start} – {self.end} (as of {self.as_of})"

    def warnings(self) -> list[str]:
        """What a reader must know about the period's coverage, in sentences (none: covered)."""
        said = []
        if self.first and self.start < self.first:
            said.append(
                f"The period starts before the data ({self.first}): figures from that day, "
                "quotas prorated to match."
            )
        if self.end > self.as_of:
            said.append(
                f"The period runs past the data's as-of day ({self.as_of}): figures to that day, "
                "tiers on pace (quota prorated to it)."
            )
        return said


@dataclass(frozen=True)
class PeriodChoice:
    """What was asked for: the period spec, an as_of that overrides the data's, the calendar."""

    spec: str | None = None
    as_of: date | None = None
    calendar: Calendar = Calendar()


FIRST_YEAR, LAST_YEAR = 1900, 9998
"""Review periods a CRM can hold; the period before the first one still has a date."""
SPEC_HELP = (
    "2026Q3, 2026-09, 2026 (fiscal year), qtd, ytd, mtd, this-quarter, last-quarter, "
    "this-year, last-year, this-month, last-month or START:END (ISO dates)"
)


def parse_period(
    spec: str | None, as_of: date, calendar: Calendar = Calendar()
) -> tuple[date, date, str | None]:
    """Start, end and name of the period `spec` names, as of `as_of` (None: the fiscal year)."""
    if spec is None:
        start, end = calendar.year_of(as_of)
        return start, end, None
    text = spec.strip().lower()
    relative = _relative(text, as_of, calendar)
    if relative is not None:
        start, end = relative
    else:
        start, end = _absolute(text, spec, calendar)
    if end < start:
        raise UsageError(f"--period {spec!r}: the end is before the start")
    if start.year < FIRST_YEAR or end.year > LAST_YEAR:
        # The comparison period before it must exist too: year 1 has none.
        raise UsageError(
            f"--period {spec!r}: give dates from {FIRST_YEAR} to {LAST_YEAR}, "
            "e.g. 2026-01-01:2026-06-30"
        )
    return start, end, spec.strip()


def _relative(text: str, as_of: date, calendar: Calendar) -> tuple[date, date] | None:
    """Periods named relative to as_of: `qtd`, `last-quarter`, … (None: not one of them)."""
    month_start = as_of.replace(day=1)
    month = (month_start, _add_months(month_start, 1) - timedelta(days=1))
    quarter, year = calendar.quarter_of(as_of), calendar.year_of(as_of)
    before = as_of.replace(day=1) - timedelta(days=1)
    named = {
        "mtd": (month[0], as_of),
        "qtd": (quarter[0], as_of),
        "ytd": (year[0], as_of),
        "this-month": month,
        "this-quarter": quarter,
        "this-year": year,
        "last-month": (before.replace(day=1), before),
        "last-quarter": calendar.quarter_of(quarter[0] - timedelta(days=1)),
        "last-year": calendar.year_of(year[0] - timedelta(days=1)),
    }
    return named.get(text.replace("_", "-"))


_YEAR = re.compile(r"(?:fy)?(\d{4})")
_QUARTER = re.compile(r"(?:fy)?(\d{4})-?q([1-4])")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def _absolute(text: str, spec: str, calendar: Calendar) -> tuple[date, date]:
    """`2026`, `2026Q3`, `2026-09` or `START:END`; a UsageError naming the forms otherwise."""
    try:
        if m := _QUARTER.fullmatch(text):
            year_start, _ = calendar.year_named(int(m[1]))
            start = _add_months(year_start, 3 * (int(m[2]) - 1))
            return start, _add_months(start, 3) - timedelta(days=1)
        if m := _YEAR.fullmatch(text):
            return calendar.year_named(int(m[1]))
        if m := _MONTH.fullmatch(text):
            start = date(int(m[1]), int(m[2]), 1)
            return start, _add_months(start, 1) - timedelta(days=1)
        first, last = text.split(":")
        return date.fromisoformat(first.strip()), date.fromisoformat(last.strip())
    except ValueError:
        raise UsageError(f"--period {spec!r}: expected {SPEC_HELP}") from None


def _add_months(day: date, months: int) -> date:
    """The first-of-month `months` after `day`'s month (day must be the 1st)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _whole_months(start: date, end: date) -> int:
    """How many whole months [start, end] is, when it starts on a 1st and ends on a month's
    last day (else 0)."""
    after = end + timedelta(days=1)
    if start.day != 1 or after.day != 1:
        return 0
    return (after.year - start.year) * 12 + after.month - start.month
