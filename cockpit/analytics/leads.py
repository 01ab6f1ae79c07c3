"""Lead allocation: who converts company leads, shrunk toward the team rate, and a what-if."""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from cockpit.analytics.tiers import in_period
from cockpit.config import LeadSettings
from cockpit.data.schema import LEAD_COUNT
from cockpit.period import Period

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
    """Per rep: deals won in the period and their average (what one conversion was worth)."""
    won = deals.filter(in_period("close_date", period) & (pl.col("stage") == "won"))
    return won.group_by("rep_id").agg(
        pl.len().alias("won_deals"), pl.col("amount").mean().alias("avg_won_deal")
    )


def _shrunk_value(team_value: float, pseudo_wins: float) -> pl.Expr:
    """What one conversion is expected to be worth: the rep's average won deal shrunk toward
    the team's by the prior's pseudo-conversions (a rep with one large win is not ranked on it
    alone, as a rep with few leads is not ranked on their raw conversion)."""
    wins = pl.col("won_deals").fill_null(0)
    total = pl.col("avg_won_deal").fill_null(0.0) * wins + pseudo_wins * team_value
    return (
        pl.when(wins + pseudo_wins > 0)
        .then(total / (wins + pseudo_wins))
        .otherwise(pl.lit(team_value))
        .alias("value_per_conversion")
    )


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
    team_value = frame["avg_won_deal"].mean()
    pseudo_wins = settings.prior_strength * (team_rate or 0.0)
    frame = frame.with_columns(
        _shrunk_value(float(team_value or 0.0), pseudo_wins),  # type: ignore[arg-type]
        pl.lit(team_value, dtype=pl.Float64).alias("team_avg_won_deal"),
    )
    return with_whatif(frame, settings)


def with_whatif(frame: pl.DataFrame, settings: LeadSettings) -> pl.DataFrame:
    """`frame` (leads, rates and tiers per rep) with the what-if, the settings behind it, and
    the flags it raises."""
    frame = frame.with_columns(
        pl.lit(settings.cap_multiple).alias("cap_multiple"),
        pl.lit(settings.floor_share).alias("floor_share"),
        pl.lit(settings.route_by).alias("route_by"),
    )
    frame = pl.concat([frame, whatif_table(frame, settings)], how="horizontal")
    return frame.with_columns(_flags(settings).alias("flags"))


def _flags(settings: LeadSettings) -> pl.Expr:
    """`underused_converter` and `top_rep_loses_leads`, as the what-if raises them.

    `underused_converter`: converts well above the team yet the what-if would feed them more.
    Never on a team converting nothing (every rate is "above" 0) nor on fewer company leads than
    `underused_min_leads` (too small a sample to judge).

    `top_rep_loses_leads`: a top-tier rep the what-if would give fewer company leads (a smaller
    share of the same total) than today: never cut silently, since losing lead share is itself
    a reason top reps leave.
    """
    team = pl.col("team_conversion")
    strong = pl.col("shrunk_conversion") >= team * settings.underused_ratio
    underfed = pl.col("whatif_leads") > pl.col("company_leads")
    judged = (team > 0) & (pl.col("company_leads") >= settings.underused_min_leads)
    cut = (pl.col("tier") == "top") & (pl.col("whatif_leads") < pl.col("company_leads"))
    raised = [
        pl.when((judged & strong & underfed).fill_null(False)).then(pl.lit("underused_converter")),
        pl.when(cut.fill_null(False)).then(pl.lit("top_rep_loses_leads")),
    ]
    return pl.concat_list(raised).list.drop_nulls()


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


def whatif_table(frame: pl.DataFrame, settings: LeadSettings) -> pl.DataFrame:
    """Reassign the same company leads within floors and caps, best-ranked reps first.

    Per rep, in `frame`'s order: `whatif_leads`, the `whatif_floor` and `whatif_cap` that bound
    it, the rep's `whatif_rank` and `whatif_rule`, which of them set the number (`cap`, `floor`,
    `ramping_floor`, `rank`: the leads left once the reps ranked above reached their caps, or
    `none`: no leads today). Leads are conserved and no cap is exceeded: caps (≥ 1× today) hold
    every lead and floors (≤ today) never ask for more than there are.

    Reps are ranked by expected revenue per lead by default (shrunk conversion × the rep's
    average won deal): it is what the projection reports and what tiers judge (won amount), so a
    higher cap never lowers projected revenue, and a top rep with large deals is not cut for
    converting a little less. Ranked by shrunk conversion alone (`route_by = "conversion"`),
    leads go to reps whose deals are smaller and projected revenue can fall as the cap rises
    (on the sample, below today's); either way the projection gives the other ranking's
    numbers, so the trade-off is said (`Projection.other_conversions`, `other_revenue`).
    """
    floor, cap = whatif_bounds(frame, settings)
    total = int(frame["company_leads"].sum())
    filled = _fill(frame["rep_id"], _route_key(frame, settings.route_by), floor, cap, total)
    ramping = frame["ramping"] & settings.protect_ramping
    shown = pl.DataFrame({"whatif_floor": floor, "whatif_cap": cap, "_ramping": ramping})
    fill = pl.col("whatif_leads") - pl.col("whatif_floor")
    room = pl.col("whatif_cap") - pl.col("whatif_floor")
    rule = (
        pl.when(pl.col("whatif_cap") == 0).then(pl.lit("none"))
        .when((fill > 0) & (fill == room)).then(pl.lit("cap"))
        .when(fill > 0).then(pl.lit("rank"))
        .when(pl.col("_ramping")).then(pl.lit("ramping_floor"))
        .when(room == 0).then(pl.lit("cap"))
        .otherwise(pl.lit("floor"))
    )  # fmt: skip
    return (
        pl.concat([filled, shown], how="horizontal")
        .with_columns(rule.alias("whatif_rule"), pl.lit(frame.height).alias("whatif_ranked"))
        .select(
            "whatif_leads",
            "whatif_floor",
            "whatif_cap",
            "whatif_rank",
            "whatif_ranked",
            "whatif_rule",
        )
    )


def whatif_leads(frame: pl.DataFrame, settings: LeadSettings) -> pl.Series:
    """The what-if's company leads per rep (see `whatif_table`)."""
    return whatif_table(frame, settings)["whatif_leads"]


def whatif_bounds(frame: pl.DataFrame, settings: LeadSettings) -> tuple[pl.Series, pl.Series]:
    """Each rep's floor and cap: floor_share of today's leads rounded up (all of them for a
    protected ramping rep), and cap_multiple × today rounded down."""
    current = frame["company_leads"].cast(pl.Int64)
    # Rounded to 9 decimals first: 100 × 1.15 is 114.99999999999999 in floats, and the cap the
    # manager reads is 115.
    cap = (current.cast(pl.Float64) * settings.cap_multiple).round(9).floor().cast(pl.Int64)
    kept = (current.cast(pl.Float64) * settings.floor_share).round(9).ceil().cast(pl.Int64)
    protected = frame["ramping"] & settings.protect_ramping
    floor = pl.select(pl.when(protected).then(current).otherwise(kept)).to_series()
    return floor.alias("whatif_floor"), cap.alias("whatif_cap")


def _route_key(frame: pl.DataFrame, route_by: str) -> pl.Series:
    """What reps are ranked by: shrunk conversion, or expected revenue per lead."""
    rate = frame["shrunk_conversion"]
    return rate * frame["value_per_conversion"] if route_by == "revenue" else rate


def _fill(
    rep_id: pl.Series, key: pl.Series, floor: pl.Series, cap: pl.Series, total: int
) -> pl.DataFrame:
    """Every floor, then the spare leads to the highest `key` first (ties by rep id), each rep
    up to their cap: `whatif_leads` and `whatif_rank`, in the input order.

    Each lead adds its rep's key to the sum, so this greedy fill is the optimum of the linear
    problem, and raising any cap never lowers it.
    """
    spare = total - int(floor.sum())
    room = (cap - floor).alias("_room")
    return (
        pl.DataFrame([rep_id.alias("_rep"), key.alias("_key"), floor.alias("_floor"), room])
        .with_row_index("_i")
        .sort(["_key", "_rep"], descending=[True, False], nulls_last=True)
        .with_columns(
            (pl.col("_room").cum_sum() - pl.col("_room")).alias("_before"),
            pl.int_range(1, pl.len() + 1).alias("whatif_rank"),
        )
        .with_columns(
            (
                pl.col("_floor")
                + pl.min_horizontal((spare - pl.col("_before")).clip(0, None), pl.col("_room"))
            )
            .cast(pl.Int64)
            .alias("whatif_leads")
        )
        .sort("_i")
        .select("whatif_leads", pl.col("whatif_rank").cast(pl.Int64))
    )


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
    route_by: str
    """What the what-if ranked reps by: `revenue` (expected revenue per lead) or `conversion`."""
    other_conversions: float
    """Conversions of the same floors and caps filled in the other ranking."""
    other_revenue: float
    """Revenue of the same floors and caps filled in the other ranking. Each ranking is the best
    for its own measure, so this is the most revenue possible when ranked by conversion."""

    @property
    def revenue_forgone(self) -> float:
        """Projected revenue the other ranking adds (0: none): the price of ranking by
        conversion, whose leads go to reps with smaller deals."""
        return max(0.0, self.other_revenue - self.whatif_revenue)

    @property
    def conversions_forgone(self) -> float:
        """Projected conversions the other ranking adds (0: none): the price of ranking by
        revenue, whose leads go to reps with larger deals who convert less."""
        return max(0.0, self.other_conversions - self.whatif_conversions)


def project(table: pl.DataFrame) -> Projection:
    """Expected conversions and revenue under both allocations, using the shrunk rates, and
    those of the what-if ranked the other way."""
    rate = table["shrunk_conversion"].fill_null(0)
    var, value = table["shrunk_variance"], table["value_per_conversion"]
    today, whatif = table["company_leads"].cast(pl.Float64), table["whatif_leads"].cast(pl.Float64)
    # Variance of a sum of independent binomials whose rates are themselves uncertain (beta).
    variance = (whatif.pow(2) * var + whatif * rate * (1 - rate)).sum()
    revenue_variance = (value.pow(2) * (whatif.pow(2) * var + whatif * rate * (1 - rate))).sum()
    moved = whatif - today
    gain_variance = (moved.pow(2) * var).sum()
    revenue_gain_variance = (moved.pow(2) * value.pow(2) * var).sum()
    route_by = str(table["route_by"][0]) if table.height else "revenue"
    other_key = rate if route_by == "revenue" else rate * value
    bounds = (table["whatif_floor"], table["whatif_cap"], int(today.sum()))
    other = _fill(table["rep_id"], other_key, *bounds)["whatif_leads"].cast(pl.Float64)
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
        route_by=route_by,
        other_conversions=float((other * rate).sum()),
        other_revenue=float((other * rate * value).sum()),
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
