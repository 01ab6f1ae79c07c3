"""Who is reviewed: sellers only. System, integration and manager users are left out, and so are
inactive users with nothing in the period; the screen says how many and why."""

from __future__ import annotations

import polars as pl

from cockpit.analytics.tiers import in_period
from cockpit.period import Period


def sellers(
    reps: pl.LazyFrame,
    deals: pl.LazyFrame,
    activities: pl.LazyFrame | None,
    period: Period,
) -> tuple[pl.LazyFrame, list[str]]:
    """The reps to review, and a sentence on those left out (none: every rep is a seller).

    `is_seller` false leaves a user out; `active` false leaves them out only when they closed
    no deal and logged no activity in the period (a rep who left in March still sold).
    """
    names = reps.collect_schema().names()
    if "is_seller" not in names and "active" not in names:
        return reps, unreviewed_wins(reps, deals, period)
    busy = _busy(deals, activities, period)
    not_seller = (
        pl.col("is_seller").eq(False).fill_null(False) if "is_seller" in names else (pl.lit(False))
    )
    inactive = pl.col("active").eq(False).fill_null(False) if "active" in names else pl.lit(False)
    idle = inactive & ~pl.col("rep_id").is_in(busy.implode())
    marked = reps.with_columns(not_seller.alias("_not_seller"), (~not_seller & idle).alias("_idle"))
    counts = marked.select(pl.col("_not_seller").sum(), pl.col("_idle").sum()).collect().row(0)
    kept = marked.filter(~pl.col("_not_seller") & ~pl.col("_idle")).drop("_not_seller", "_idle")
    return kept, [*_said(*counts), *unreviewed_wins(kept, deals, period)]


def unreviewed_wins(reps: pl.LazyFrame, deals: pl.LazyFrame, period: Period) -> list[str]:
    """A sentence on deals won in the period whose owner is not a reviewed rep (none: [])."""
    won = deals.filter(in_period("close_date", period) & (pl.col("stage") == "won"))
    stray = won.join(reps.select("rep_id"), on="rep_id", how="anti")  # null owners included
    count, amount = stray.select(pl.len(), pl.col("amount").sum()).collect().row(0)
    if not count:
        return []
    deals_were = "deal" if count == 1 else "deals"
    return [
        f"{count:,} {deals_were} won in the period ({amount:,.0f}) have an owner who is not a "
        "reviewed rep (unknown, empty, or left out as not a seller): they count in segment "
        "bookings but in no rep's figures. `cockpit check` lists owners that are not reps."
    ]


def _busy(deals: pl.LazyFrame, activities: pl.LazyFrame | None, period: Period) -> pl.Series:
    """Reps who closed a deal or logged an activity in the period."""
    closed = deals.filter(in_period("close_date", period)).select("rep_id")
    frames = [closed]
    if activities is not None:
        frames.append(activities.filter(in_period("date", period)).select("rep_id"))
    return pl.concat(frames).unique().collect()["rep_id"]


def _said(not_sellers: int, idle: int) -> list[str]:
    if not (not_sellers or idle):
        return []
    parts = []
    if not_sellers:
        parts.append(f"{not_sellers:,} not sellers (system, integration or manager users)")
    if idle:
        parts.append(f"{idle:,} inactive with no deal closed and no activity in the period")
    return [f"Users left out of the review: {'; '.join(parts)}."]
