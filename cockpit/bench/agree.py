"""Do cockpit, DuckDB and pandas give the same numbers? Checked before anything is timed."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cockpit.analytics.panes import Panes
from cockpit.bench.reference import (
    REP_KEYS,
    SEGMENT_KEYS,
    duckdb_aggregates,
    pandas_aggregates,
)

TOLERANCE = 1e-6
"""Relative difference allowed: sums of floats in another order differ in the last digits."""


def cockpit_aggregates(panes: Panes) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The reference aggregates as cockpit's panes show them (per rep and per segment)."""
    tiers = panes.tiers.select("rep_id", "won_amount", "won_deals", "lost_deals", "activities")
    lead_keys = ["company_leads", "company_converted", "self_leads", "self_converted"]
    if panes.leads is not None:
        reps = tiers.join(panes.leads.select("rep_id", *lead_keys), on="rep_id", how="left")
    else:
        reps = tiers.with_columns(pl.lit(0).alias(k) for k in lead_keys)
    segments = panes.churn.with_columns(kept=pl.col("grr") * pl.col("arr_start")).select(
        "segment", *SEGMENT_KEYS
    )
    return reps.select("rep_id", *REP_KEYS), segments


def disagreements(
    ours: pl.DataFrame, theirs: pl.DataFrame, key: str, columns: tuple[str, ...], who: str
) -> list[str]:
    """Every cell where `theirs` differs from `ours` beyond TOLERANCE, in words."""
    numeric = [pl.col(c).cast(pl.Float64).fill_null(0.0) for c in columns]
    left = ours.select(pl.col(key).cast(pl.String), *numeric)
    right = theirs.select(pl.col(key).cast(pl.String), *numeric)
    joined = left.join(right, on=key, how="full", coalesce=True, suffix="_other").fill_null(0.0)
    found: list[str] = []
    for column in columns:
        a, b = pl.col(column), pl.col(f"{column}_other")
        off = joined.filter((a - b).abs() > TOLERANCE * pl.max_horizontal(a.abs(), b.abs(), 1.0))
        for row in off.head(3).iter_rows(named=True):
            found.append(
                f"{key}={row[key]} {column}: cockpit {row[column]:,.6g}, "
                f"{who} {row[f'{column}_other']:,.6g}"
            )
        if off.height > 3:
            found.append(f"… and {off.height - 3} more differences in {column} ({who})")
    return found


def check_agreement(folder: Path, panes: Panes) -> list[str]:
    """Differences between cockpit and the DuckDB and pandas references (empty: all agree)."""
    reps, segments = cockpit_aggregates(panes)
    found: list[str] = []
    for who, compute in (("DuckDB", duckdb_aggregates), ("pandas", pandas_aggregates)):
        their_reps, their_segments = compute(folder, panes.period)
        found += disagreements(reps, their_reps, "rep_id", REP_KEYS, who)
        found += disagreements(segments, their_segments, "segment", (*SEGMENT_KEYS,), who)
    return found
