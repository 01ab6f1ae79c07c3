"""Growth tracks: does every rep have a plan and a recent development conversation?"""

from __future__ import annotations

import calendar

import polars as pl

from cockpit.config import GrowthSettings
from cockpit.data.schema import GROWTH_DATE, GROWTH_PLAN_FIELDS
from cockpit.period import Period

GROWTH_FIELDS = (*GROWTH_PLAN_FIELDS, GROWTH_DATE)
NO_FLAGS = pl.lit([], dtype=pl.List(pl.String))


def growth_table(
    tiers: pl.DataFrame,
    reps: pl.LazyFrame,
    growth: pl.LazyFrame | None,
    period: Period,
    settings: GrowthSettings,
    lead_share_change: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per rep: plan, days since the growth conversation, status and flight-risk reasons.

    `lead_share_change` holds rep_id, lead_share_before (previous period) and lead_share_delta
    (this period minus the previous one).
    """
    plan = _plans(growth)
    frame = (
        tiers.lazy()
        .select("rep_id", "name", "tier")
        .join(
            reps.select("rep_id", "level", "level_since"),
            on="rep_id",
            how="left",
            maintain_order="left",
        )
        .join(plan, on="rep_id", how="left", maintain_order="left")
    )
    if lead_share_change is not None:
        frame = frame.join(lead_share_change.lazy(), on="rep_id", how="left", maintain_order="left")
    else:
        frame = frame.with_columns(
            pl.lit(None, dtype=pl.Float64).alias(c)
            for c in ("lead_share_before", "lead_share_delta")
        )
    as_of = pl.lit(period.as_of)
    frame = frame.with_columns(
        # A conversation recorded after the data's as_of date counts as today's.
        (as_of - pl.col("last_growth_conversation"))
        .dt.total_days()
        .clip(0)
        .alias("days_since_growth_conversation"),
        _months_between(pl.col("level_since"), period).alias("months_at_level"),
    )
    # Without any growth data the absence of a plan says nothing about the rep: no growth flags.
    has_plans = growth is not None
    status = _status(settings) if has_plans else pl.lit(None, dtype=pl.String)
    frame = frame.with_columns(status.alias("status"))
    reasons = _flight_risk_reasons(settings, has_plans)
    frame = frame.with_columns(reasons.alias("flight_risk_reasons"))
    return frame.with_columns(_flags().alias("flags")).collect()


def _plans(growth: pl.LazyFrame | None) -> pl.LazyFrame:
    if growth is None:
        schema = {"rep_id": pl.String, **{f: pl.String for f in GROWTH_PLAN_FIELDS}}
        return pl.LazyFrame(schema={**schema, GROWTH_DATE: pl.Date})
    return growth.select("rep_id", *GROWTH_FIELDS)


def _months_between(since: pl.Expr, period: Period) -> pl.Expr:
    """Whole calendar months from `since` to as_of: 13 months after 3 May is 3 June a year on,
    and a month counted from the 31st ends on the last day of a shorter month."""
    as_of = period.as_of
    months = (as_of.year - since.dt.year().cast(pl.Int64)) * 12 + (
        as_of.month - since.dt.month().cast(pl.Int64)
    )
    month_end = as_of.day == calendar.monthrange(as_of.year, as_of.month)[1]
    short = (since.dt.day() > as_of.day) & (not month_end)
    return (months - short.cast(pl.Int64)).cast(pl.Int64)


def _status(settings: GrowthSettings) -> pl.Expr:
    days = pl.col("days_since_growth_conversation")
    no_plan = pl.col("next_skill").is_null() | pl.col("track").is_null()
    stale = (days > settings.stale_days).fill_null(True)
    return (
        pl.when(no_plan)
        .then(pl.lit("no_plan"))
        .when(stale)
        .then(pl.lit("stale"))
        .otherwise(pl.lit("on_track"))
    )


def _flight_risk_reasons(settings: GrowthSettings, has_plans: bool) -> pl.Expr:
    """Reasons in words, for top-tier reps only (empty list for everyone else)."""
    days = pl.col("days_since_growth_conversation")
    months = pl.col("months_at_level")
    plan_reasons = [
        pl.when(days.is_null()).then(pl.lit("no growth conversation on record")),
        pl.when(days > settings.flight_risk_days).then(
            pl.format("no growth conversation in {} days", days)
        ),
        pl.when(pl.col("next_skill").is_null() | pl.col("track").is_null()).then(
            pl.lit("no growth plan")
        ),
        pl.when(pl.col("stretch_assignment").is_null()).then(pl.lit("no stretch assignment")),
    ]
    reasons = [
        *(plan_reasons if has_plans else []),
        pl.when(months > settings.flight_risk_months_at_level).then(
            pl.format("{} months at the same level", months)
        ),
        pl.when(
            pl.col("lead_share_delta") <= -settings.lead_share_drop * pl.col("lead_share_before")
        ).then(
            pl.format(
                "company-lead share down from {}% to {}% vs the previous period",
                (pl.col("lead_share_before") * 100).round(1),
                ((pl.col("lead_share_before") + pl.col("lead_share_delta")) * 100).round(1),
            )
        ),
    ]
    listed = pl.concat_list(reasons).list.drop_nulls()
    return pl.when(pl.col("tier") == "top").then(listed).otherwise(NO_FLAGS)


def _flags() -> pl.Expr:
    flight = pl.when(pl.col("flight_risk_reasons").list.len() > 0).then(pl.lit("flight_risk"))
    status = pl.when(pl.col("status").is_in(["no_plan", "stale"])).then(pl.col("status"))
    return pl.concat_list(flight, status).list.drop_nulls()
