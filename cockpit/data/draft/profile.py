"""What a column's values are: numbers, flags, dates, ids, a few labels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from weakref import WeakKeyDictionary

import polars as pl

from cockpit.data.draft.dates import DateGuess, guess_dates
from cockpit.data.draft.sample import Sample, Whole
from cockpit.data.files.parse import FALSE_WORDS, TRUE_WORDS, clean_text, parse_number
from cockpit.data.files.validate import comma_decimals

MAX_LABELS = 60
"""A column with more distinct values than this is not a list of labels (stages, sources)."""
_SALESFORCE_ID = re.compile(r"^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$")


@dataclass(frozen=True)
class Profile:
    """One column of a sample, described from its non-empty values."""

    header: str
    values: pl.Series
    """Its non-empty values in the rows read, trimmed."""
    rows: int
    whole: Whole | None = None
    """Counts over every row of the file, when made."""

    @property
    def filled(self) -> int:
        """Non-empty cells in the rows read."""
        return self.values.len()

    @property
    def empty(self) -> int:
        """Empty cells (in every row when counted there)."""
        if self.whole is not None and self.header in self.whole.empty:
            return self.whole.empty[self.header]
        return self.rows - self.filled

    @cached_property
    def labels(self) -> list[str] | None:
        """Its distinct values (in every row when counted there), most frequent first; None
        when there are too many."""
        if self.whole is not None and self.header in self.whole.labels:
            return self.whole.labels[self.header]
        counts = self.values.value_counts(sort=True, name="n")
        if counts.height > MAX_LABELS:
            return None
        ordered = counts.sort(["n", "v"], descending=[True, False])
        return [str(v) for v in ordered["v"].to_list()]

    @cached_property
    def number(self) -> bool:
        """Every value is a number as the loader reads it (point decimals)."""
        return self.filled > 0 and _all(self.values, parse_number(pl.col("v")))

    @cached_property
    def comma_number(self) -> bool:
        """Every value is a decimal-comma number, and some are only that (`235400,00`)."""
        comma = _all(self.values, parse_number(comma_decimals(pl.col("v"))))
        return self.filled > 0 and comma and not self.number

    @cached_property
    def flag(self) -> bool:
        """Every value is a flag: 1/0, true/false, yes/no, y/n in any case."""
        words = (*TRUE_WORDS, *FALSE_WORDS)
        return self.filled > 0 and bool(self.values.str.to_lowercase().is_in(words).all())

    @cached_property
    def dates(self) -> DateGuess | None:
        """How its values are written as dates; None when one is not a date."""
        return guess_dates(self.values.unique(maintain_order=True).to_list())

    @cached_property
    def unique(self) -> bool:
        """No value repeats (an id)."""
        return self.filled > 0 and self.values.n_unique() == self.filled

    @cached_property
    def salesforce_ids(self) -> bool:
        """Every value is a 15- or 18-character Salesforce id."""
        return self.filled > 0 and all(_SALESFORCE_ID.match(v) for v in self.values.head(200))

    def id_set(self) -> set[str]:
        """Its values as keys to match another file's: Salesforce ids cut to 15 characters."""
        if self.salesforce_ids:
            return set(self.values.str.slice(0, 15).to_list())
        return set(self.values.to_list())

    def example(self) -> str:
        """One of its values."""
        return str(self.values[0]) if self.filled else ""


_MADE: WeakKeyDictionary[Sample, dict[str, Profile]] = WeakKeyDictionary()
"""Profiles made, per sample: a file's columns are looked at for every table it might hold."""


def profile(sample: Sample, header: str) -> Profile:
    """The profile of one column of a sample (made once, until `forget`)."""
    made = _MADE.setdefault(sample, {})
    if header not in made:
        values = sample.frame.select(clean_text(pl.col(header)).alias("v"))["v"].drop_nulls()
        made[header] = Profile(header, values, sample.frame.height, sample.whole)
    return made[header]


def forget(sample: Sample) -> None:
    """Drop a sample's profiles (its whole-file counts changed)."""
    _MADE.pop(sample, None)


def _all(values: pl.Series, parsed: pl.Expr) -> bool:
    return bool(values.to_frame().select(parsed.is_not_null().all()).item())
