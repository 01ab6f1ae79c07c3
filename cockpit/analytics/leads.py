"""Lead allocation: who converts company leads, shrunk toward the team rate, and a what-if."""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from cockpit.analytics.tiers import in_period
from cockpit.config import LeadSettings
from cockpit.data.schema import LEAD_COUNT
from cockpit.period import Period

"""Optional column of a leads table: how many leads a row stands for (1 when absent)."""
Z90 = 1.645  # two-sided 90% band: wide enough to be honest about small teams


def lead_counts(leads: pl.LazyFrame, period: Period) -> pl.LazyFrame:
    """Per rep: company and self-sourced leads assigned in the period, and how many converted."""
    company, converted = pl.col("origin") == "company", pl.col("converted")
    # Leads counted in a database arrive as groups carrying their size in `lead_count`.
    weight = pl.col(LEAD_COUNT) if LEAD_COUNT in leads.collect_schema() else pl.lit(1)

    def count(rows: pl.Expr) -> pl.Expr:
        return (rows.cast(pl.Int64) * weight).sum().cast(pl.Int64)

    return (
        leads.filter(in_period("assigned_date", period))
        .group_by("rep_id")
        .agg(
            count(company).alias("company_leads"),
            count(company & converted).alias("company_converted"),
            count(~company).alias("self_leads"),
            count(~company & converted).alias("self_converted"),
        )
    )


def _won_value(deals: pl.LazyFrame, period: Period) -> pl.LazyFrame:
    """Per rep: average won deal in the period (what one conversion is worth)."""
    won = deals.filter(in_period("close_date", period) & (pl.col("stage") == "won"))
    return won.group_by("rep_id").agg(pl.col("amount").mean().alias("value_per_conversion"))


def lead_revenue(
    leads: pl.LazyFrame, deals: pl.LazyFrame, period: Period
) -> tuple[pl.LazyFrame, str]:
    """Per rep: won amount in the period credited to their company leads; and the basis.

    `lead_deals` when the leads name their deals (leads.deal_id) and every company lead of the
    period that converted names one: the won deals closed in the period that the rep's company
    leads of the period turned into, each deal once. Otherwise `all_won`: every deal the rep won
    in the period, since which of them came from a lead is not known.
    """
    in_window = in_period("assigned_date", period) & (pl.col("origin") == "company")
    won = deals.filter(in_period("close_date", period) & (pl.col("stage") == "won"))
    if _leads_name_their_deals(leads, in_window):
        credited = (
            leads.filter(in_window & pl.col("deal_id").is_not_null())
            .select("rep_id", "deal_id")
            .unique()
            .join(won.select("deal_id", "amount"), on="deal_id", how="inner")
        )
        basis = "lead_deals"
    else:
        credited, basis = won.select("rep_id", "amount"), "all_won"
    return credited.group_by("rep_id").agg(pl.col("amount").sum().alias("lead_revenue")), basis


def _leads_name_their_deals(leads: pl.LazyFrame, window: pl.Expr) -> bool:
    """True when some lead names its deal and every converted lead in `window` does."""
    if "deal_id" not in leads.collect_schema().names():
        return False
    named = pl.col("deal_id").is_not_null()
    some, every = (
        leads.select(named.any().alias("some"), named.filter(window & pl.col("converted")).all())
        .collect()
        .row(0)
    )
    return bool(some and every)


def allocation_table(
    reps: pl.DataFrame,
    leads: pl.LazyFrame,
    deals: pl.LazyFrame,
    period: Period,
    settings: LeadSettings,
) -> pl.DataFrame:
    """One row per rep: leads, shares, raw and shrunk conversion, value, revenue per lead and
    the what-if leads.

    `reps` carries rep_id, name, tier and ramping (from the tier table).
    """
    counts = lead_counts(leads, period)
    revenue, basis = lead_revenue(leads, deals, period)
    frame = (
        reps.lazy()
        .select("rep_id", "name", "tier", "ramping")
        .join(counts, on="rep_id", how="left", maintain_order="left")
        .join(_won_value(deals, period), on="rep_id", how="left", maintain_order="left")
        .join(revenue, on="rep_id", how="left", maintain_order="left")
        .with_columns(
            pl.col(c).fill_null(0)
            for c in ("company_leads", "company_converted", "self_leads", "self_converted")
        )
        .with_columns(pl.col("lead_revenue").fill_null(0.0), pl.lit(basis).alias("revenue_basis"))
        .with_columns(
            pl.when(pl.col("company_leads") > 0)
            .then(pl.col("lead_revenue") / pl.col("company_leads"))
            .alias("revenue_per_lead")
        )
        .collect()
    )
    team_rate = _rate(int(frame["company_converted"].sum()), int(frame["company_leads"].sum()))
    frame = frame.with_columns(_rates(team_rate or 0.0, settings.prior_strength))
    team_value = frame["value_per_conversion"].mean()
    frame = frame.with_columns(pl.col("value_per_conversion").fill_null(team_value or 0.0))
    frame = frame.with_columns(
        whatif_leads(frame, settings).alias("whatif_leads"),
        pl.lit(settings.cap_multiple).alias("cap_multiple"),
    )
    return frame.with_columns(_flags(settings).alias("flags"))


def _flags(settings: LeadSettings) -> pl.Expr:
    """`underused_converter`: converts well above the team yet the what-if would feed them more.

    Never on a team converting nothing (every rate is "above" 0) nor on fewer company leads than
    `underused_min_leads` (too small a sample to judge).
    """
    team = pl.col("team_conversion")
    strong = pl.col("shrunk_conversion") >= team * settings.underused_ratio
    underfed = pl.col("whatif_leads") > pl.col("company_leads")
    judged = (team > 0) & (pl.col("company_leads") >= settings.underused_min_leads)
    return (
        pl.when((judged & strong & underfed).fill_null(False))
        .then(pl.lit(["underused_converter"]))
        .otherwise(pl.lit([], dtype=pl.List(pl.String)))
    )


def _rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _rates(team_rate: float, prior: float) -> list[pl.Expr]:
    leads, converted = pl.col("company_leads"), pl.col("company_converted")
    total = leads.sum()
    alpha = converted + prior * team_rate
    beta = leads - converted + prior * (1 - team_rate)
    return [
        pl.when(total > 0).then(leads / total).alias("lead_share"),
        pl.when(leads > 0).then(converted / leads).alias("conversion"),
        pl.when(alpha + beta > 0).then(alpha / (alpha + beta)).alias("shrunk_conversion"),
        _beta_variance(alpha, beta).alias("shrunk_variance"),
        pl.when(pl.col("self_leads") > 0)
        .then(pl.col("self_converted") / pl.col("self_leads"))
        .alias("self_conversion"),
        pl.lit(team_rate).alias("team_conversion"),
        total.alias("team_company_leads"),
        converted.sum().alias("team_company_converted"),
        pl.lit(prior).alias("prior_strength"),
    ]


def _beta_variance(alpha: pl.Expr, beta: pl.Expr) -> pl.Expr:
    total = alpha + beta
    return pl.when(total > 0).then(alpha * beta / (total.pow(2) * (total + 1))).otherwise(0.0)


def whatif_leads(frame: pl.DataFrame, settings: LeadSettings) -> pl.Series:
    """Reassign the same company leads toward higher shrunk conversion, within caps and floors.

    Every rep gets at most cap_multiple × current leads; ramping reps (when protected) keep at
    least their current leads; the rest go, best shrunk conversion first. The greedy fill is the
    optimum of this linear problem, and the total is exactly today's.
    """
    current = frame["company_leads"]
    cap = (current.cast(pl.Float64) * settings.cap_multiple).floor().cast(pl.Int64)
    floor = pl.select(
        pl.when(frame["ramping"] & settings.protect_ramping).then(current).otherwise(0)
    ).to_series()
    spare = int(current.sum()) - int(floor.sum())
    room = cap - floor
    filled = (
        frame.select("rep_id", "shrunk_conversion")
        .with_columns(floor.alias("_floor"), room.alias("_room"))
        .with_row_index("_i")
        .sort(["shrunk_conversion", "rep_id"], descending=[True, False], nulls_last=True)
        .with_columns((pl.col("_room").cum_sum() - pl.col("_room")).alias("_before"))
        .with_columns(
            (
                pl.col("_floor")
                + pl.min_horizontal((spare - pl.col("_before")).clip(0, None), pl.col("_room"))
            ).alias("_whatif")
        )
    )
    return filled.sort("_i")["_whatif"].cast(pl.Int64)


@dataclass(frozen=True)
class Projection:
    """Conversions and revenue: today's allocation vs the what-if, with a 90% band."""

    leads: int
    today_conversions: float
    whatif_conversions: float
    conversions_band: float
    today_revenue: float
    whatif_revenue: float
    revenue_band: float
    gain_band: float
    """90% band of the conversion gain from uncertainty in the reps' rates alone."""
    revenue_gain_band: float
    """90% band of the revenue gain, likewise."""


def project(table: pl.DataFrame) -> Projection:
    """Expected conversions and revenue under both allocations, using the shrunk rates."""
    rate = table["shrunk_conversion"].fill_null(0)
    var, value = table["shrunk_variance"], table["value_per_conversion"]
    today, whatif = table["company_leads"].cast(pl.Float64), table["whatif_leads"].cast(pl.Float64)
    # Variance of a sum of independent binomials whose rates are themselves uncertain (beta).
    variance = (whatif.pow(2) * var + whatif * rate * (1 - rate)).sum()
    revenue_variance = (value.pow(2) * (whatif.pow(2) * var + whatif * rate * (1 - rate))).sum()
    moved = whatif - today
    gain_variance = (moved.pow(2) * var).sum()
    revenue_gain_variance = (moved.pow(2) * value.pow(2) * var).sum()
    return Projection(
        leads=int(today.sum()),
        today_conversions=float((today * rate).sum()),
        whatif_conversions=float((whatif * rate).sum()),
        conversions_band=Z90 * math.sqrt(float(variance)),
        today_revenue=float((today * rate * value).sum()),
        whatif_revenue=float((whatif * rate * value).sum()),
        revenue_band=Z90 * math.sqrt(float(revenue_variance)),
        gain_band=Z90 * math.sqrt(float(gain_variance)),
        revenue_gain_band=Z90 * math.sqrt(float(revenue_gain_variance)),
    )


def tier_shares(table: pl.DataFrame, tiers: pl.DataFrame) -> pl.DataFrame:
    """Per tier: share of company leads received vs share of won deals."""
    joined = table.select("rep_id", "tier", "company_leads").join(
        tiers.select("rep_id", "won_deals"), on="rep_id", how="left"
    )
    return (
        joined.group_by("tier")
        .agg(pl.col("company_leads").sum(), pl.col("won_deals").sum())
        .with_columns(
            (pl.col("company_leads") / pl.col("company_leads").sum()).alias("lead_share"),
            (pl.col("won_deals") / pl.col("won_deals").sum()).alias("win_share"),
        )
        .sort("tier")
    )
