"""Performance tiers: outcomes first (attainment), activity only as a question, ramping apart."""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from cockpit.analytics.quotas import QUOTA_COLUMNS, window_quotas
from cockpit.config import FlagSettings, TierSettings
from cockpit.data.schema import ACTIVITY_COUNTS
from cockpit.period import Period

TIER_ORDER = ("top", "core", "developing", "at_risk", "ramping")


def in_period(column: str, period: Period) -> pl.Expr:
    """True when `column` falls inside the review period."""
    return pl.col(column).is_between(pl.lit(period.start), pl.lit(period.end))


def deal_outcomes(deals: pl.LazyFrame, period: Period) -> pl.LazyFrame:
    """Per rep: won amount, won and lost deals closed in the period."""
    closed = deals.filter(in_period("close_date", period))
    won = pl.col("stage") == "won"
    return closed.group_by("rep_id").agg(
        pl.col("amount").filter(won).sum().alias("won_amount"),
        won.sum().cast(pl.Int64).alias("won_deals"),
        (pl.col("stage") == "lost").sum().cast(pl.Int64).alias("lost_deals"),
    )


def activity_rates(activities: pl.LazyFrame, period: Period) -> pl.LazyFrame:
    """Per rep: calls + emails + meetings in the part of the period the data covers, per week."""
    window = pl.col("date").is_between(pl.lit(period.covered_start), pl.lit(period.elapsed_end))
    total = pl.sum_horizontal(ACTIVITY_COUNTS)
    return (
        activities.filter(window)
        .group_by("rep_id")
        .agg(total.sum().alias("activities"))
        .with_columns((pl.col("activities") / period.weeks_elapsed).alias("activity_per_week"))
    )


def is_ramping(period: Period, settings: TierSettings) -> pl.Expr:
    """Hired fewer than `ramp_months` months before as_of (unknown hire date: not ramping)."""
    cutoff = pl.lit(period.as_of).dt.offset_by(f"-{settings.ramp_months}mo")
    return (pl.col("hire_date") > cutoff).fill_null(False)


def _tier_from(score: str, cuts: tuple[float, float, float]) -> pl.Expr:
    top, core, developing = cuts
    value = pl.col(score)
    return (
        pl.when(value >= top)
        .then(pl.lit("top"))
        .when(value >= core)
        .then(pl.lit("core"))
        .when(value >= developing)
        .then(pl.lit("developing"))
        .when(value.is_not_null())
        .then(pl.lit("at_risk"))
    )


def tier_table(
    reps: pl.LazyFrame,
    deals: pl.LazyFrame,
    activities: pl.LazyFrame | None,
    period: Period,
    tiers: TierSettings,
    flags: FlagSettings,
    quotas: pl.LazyFrame | None = None,
) -> pl.DataFrame:
    """One row per rep: outcome, activity, tier (and its basis) and flags, best first."""
    frame = (
        reps.select("rep_id", "name", "team", "hire_date")
        .join(_quotas(reps, quotas, period), on="rep_id", how="left", maintain_order="left")
        .join(deal_outcomes(deals, period), on="rep_id", how="left", maintain_order="left")
        .with_columns(
            pl.col("won_amount").fill_null(0.0),
            pl.col("won_deals").fill_null(0),
            pl.col("lost_deals").fill_null(0),
            is_ramping(period, tiers).alias("ramping"),
        )
        .with_columns(_ratios())
        .with_columns(_score(period))
    )
    frame = _with_activity(frame, activities, period)
    frame = frame.with_columns(_percentile_rank().alias("won_percentile"))
    frame = frame.with_columns(pl.col("score").round(9).alias("_score9"))
    frame = frame.with_columns(_tier(tiers)).with_columns(_flags(flags)).drop("_score9")
    return (
        frame.with_columns(pl.col("tier").replace_strict(_rank_map(), default=9).alias("_rank"))
        .sort(
            ["_rank", "score", "won_amount"],
            descending=[False, True, True],
            nulls_last=True,
            maintain_order=True,  # ties keep the reps table's order, whatever the source
        )
        .drop("_rank")
        .collect()
    )


def _rank_map() -> dict[str, int]:
    return {t: i for i, t in enumerate(TIER_ORDER)}


def _quotas(reps: pl.LazyFrame, quotas: pl.LazyFrame | None, period: Period) -> pl.LazyFrame:
    """Per rep: the period's quota, and the quota for the days the data covers (`*_to_date`),
    each with where it came from."""
    full = window_quotas(reps, quotas, period.start, period.end, period.calendar)
    to_date = window_quotas(
        reps, quotas, period.covered_start, period.elapsed_end, period.calendar
    ).select(
        "rep_id", *(pl.col(c).alias(f"{c}_to_date") for c in QUOTA_COLUMNS if c != "annual_quota")
    )
    return full.join(to_date, on="rep_id", how="left", maintain_order="left").with_columns(
        pl.lit(period.days).alias("period_days")
    )


def _ratios() -> list[pl.Expr]:
    closed = pl.col("won_deals") + pl.col("lost_deals")
    quota, to_date = pl.col("quota"), pl.col("quota_to_date")
    return [
        pl.when(quota > 0).then(pl.col("won_amount") / quota).alias("attainment"),
        pl.when(to_date > 0).then(pl.col("won_amount") / to_date).alias("pace"),
        pl.when(closed > 0).then(pl.col("won_deals") / closed).alias("win_rate"),
    ]


def _score(period: Period) -> list[pl.Expr]:
    """What tiers and flags judge: pace while the period runs, else attainment."""
    name = "pace" if period.running else "attainment"
    return [pl.col(name).alias("score"), pl.lit(name).alias("score_name")]


def _with_activity(
    frame: pl.LazyFrame, activities: pl.LazyFrame | None, period: Period
) -> pl.LazyFrame:
    """Activity per week and its index against the median non-ramping rep."""
    if activities is None:
        return frame.with_columns(
            pl.lit(None, dtype=pl.Float64).alias(c)
            for c in ("activities", "activity_per_week", "activity_median", "activity_index")
        )
    rates = activity_rates(activities, period).select("rep_id", "activities", "activity_per_week")
    frame = frame.join(rates, on="rep_id", how="left", maintain_order="left").with_columns(
        pl.col("activities").fill_null(0),
        pl.col("activity_per_week").fill_null(0.0),
        pl.lit(period.weeks_elapsed).alias("weeks_elapsed"),
        pl.lit(max(period.covered_days, 1)).alias("days_covered"),
    )
    median = pl.col("activity_per_week").filter(~pl.col("ramping")).median()
    frame = frame.with_columns(median.alias("activity_median"))
    index = pl.when(pl.col("activity_median") > 0).then(
        pl.col("activity_per_week") / pl.col("activity_median")
    )
    return frame.with_columns(index.alias("activity_index"))


def _percentile_rank() -> pl.Expr:
    """Won amount's percentile rank among non-ramping reps, 0 (lowest) to 1 (highest)."""
    compared = pl.when(~pl.col("ramping")).then(pl.col("won_amount"))
    count = compared.count()
    rank = compared.rank("average")
    # Nobody won anything: a rank among zeros says nothing, so no one is tiered by it.
    anything_won = compared.max() > 0
    return pl.when(anything_won).then(
        pl.when(count > 1)
        .then((rank - 1) / (count - 1))
        .otherwise(pl.when(compared.is_not_null()).then(pl.lit(1.0)))
    )


def _tier(settings: TierSettings) -> list[pl.Expr]:
    """Tier by attainment where a quota exists, else by percentile of won amount (said so)."""
    has_quota = pl.col("score").is_not_null()
    # Thresholds compared at 9 decimals, as the flags are: 0.7 computed is 0.7000000000000001.
    by_attainment = _tier_from("_score9", (settings.top, settings.core, settings.developing))
    by_percentile = _tier_from(
        "won_percentile",
        (settings.percentile_top, settings.percentile_core, settings.percentile_developing),
    )
    basis = (
        pl.when(pl.col("ramping"))
        .then(pl.lit("ramping"))
        .when(has_quota)
        .then(pl.col("score_name"))
        .otherwise(pl.lit("percentile"))
    )
    tier = (
        pl.when(pl.col("ramping"))
        .then(pl.lit("ramping"))
        .when(has_quota)
        .then(by_attainment)
        .otherwise(by_percentile)
    )
    return [tier.alias("tier"), basis.alias("tier_basis")]


def _flags(settings: FlagSettings) -> pl.Expr:
    """The two activity/outcome flags as a list of names (empty when none)."""
    # Ratios compared at 9 decimals: 0.7 computed as 7/10 of a median is 0.7000000000000001,
    # and a threshold of 0.7 must include it.
    attainment, index = pl.col("_score9"), pl.col("activity_index").round(9)
    not_ramping = ~pl.col("ramping")
    outcome = (
        not_ramping
        & (attainment >= settings.outcome_min_attainment)
        & (index <= settings.outcome_max_activity_index)
    ).fill_null(False)
    activity = (
        not_ramping
        & (index >= settings.activity_min_index)
        & (attainment < settings.activity_max_attainment)
    ).fill_null(False)
    return pl.concat_list(
        pl.when(outcome)
        .then(pl.lit(["outcome_over_activity"]))
        .otherwise(pl.lit([], pl.List(pl.String))),
        pl.when(activity)
        .then(pl.lit(["activity_without_outcome"]))
        .otherwise(pl.lit([], pl.List(pl.String))),
    ).alias("flags")


@dataclass(frozen=True)
class ActivityInsight:
    """Does activity predict outcome on this team? Spearman rank correlation with its n."""

    rho: float | None
    n: int
    points: pl.DataFrame
    """rep_id, name, activity_per_week, attainment of the non-ramping reps compared."""


def activity_insight(tiers: pl.DataFrame) -> ActivityInsight:
    """Rank correlation of activity per week with attainment (pace while the period runs),
    non-ramping reps with both values."""
    points = tiers.filter(
        ~pl.col("ramping")
        & pl.col("activity_per_week").is_not_null()
        & pl.col("score").is_not_null()
    ).select("rep_id", "name", "activity_per_week", pl.col("score").alias("attainment"))
    if points.height < 3:
        return ActivityInsight(None, points.height, points)
    rho = points.select(pl.corr("activity_per_week", "attainment", method="spearman")).item()
    # Undefined (one side constant: NaN) is said as such, never as a finding.
    defined = rho is not None and not math.isnan(rho)
    return ActivityInsight(float(rho) if defined else None, points.height, points)
