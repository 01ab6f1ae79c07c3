"""The cockpit's growth edits merged into the imported growth table (the edits come as values)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from cockpit.data.schema import GROWTH_DATE, GROWTH_PLAN_FIELDS

DATE_FIELD = GROWTH_DATE
_SET = "__set"


def _override_frame(overrides: Mapping[str, Mapping[str, object]]) -> pl.LazyFrame:
    """One row per rep: each field's value and whether the cockpit set (or cleared) it."""
    schema: dict[str, pl.DataType | type[pl.DataType]] = {"rep_id": pl.String}
    for name in GROWTH_PLAN_FIELDS:
        schema |= {name: pl.String, name + _SET: pl.Boolean}
    schema |= {DATE_FIELD: pl.Date}
    rows = []
    for rep_id, values in overrides.items():
        row: dict[str, object] = {"rep_id": rep_id, DATE_FIELD: values.get(DATE_FIELD)}
        for name in GROWTH_PLAN_FIELDS:
            row |= {name: values.get(name), name + _SET: name in values}
        rows.append(row)
    return pl.LazyFrame(rows, schema=schema)


def merge_growth(
    growth: pl.LazyFrame | None, overrides: Mapping[str, Mapping[str, object]]
) -> pl.LazyFrame | None:
    """The imported growth table with the cockpit's edits applied.

    A field the cockpit set or cleared replaces the imported value; the last growth
    conversation is the later of the two (a newer conversation imported from the CRM still
    counts). Reps only the cockpit knows about get a row. With no overrides, `growth` is
    returned as it is (None stays None: no growth data means no growth flags).
    """
    if not overrides:
        return growth
    edits = _override_frame(overrides)
    if growth is None:
        empty: dict[str, pl.DataType | type[pl.DataType]] = {"rep_id": pl.String}
        empty |= {name: pl.String for name in GROWTH_PLAN_FIELDS} | {DATE_FIELD: pl.Date}
        growth = pl.LazyFrame(schema=empty)
    joined = growth.join(edits, on="rep_id", how="full", coalesce=True, suffix="__new")
    merged = [
        pl.when(pl.col(name + _SET).fill_null(False))
        .then(pl.col(name + "__new"))
        .otherwise(pl.col(name))
        .alias(name)
        for name in GROWTH_PLAN_FIELDS
    ]
    latest = pl.max_horizontal(DATE_FIELD, DATE_FIELD + "__new").alias(DATE_FIELD)
    extra = [c for c in joined.collect_schema().names() if c.endswith(("__new", _SET))]
    return joined.with_columns(*merged, latest).drop(extra)
