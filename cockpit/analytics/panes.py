"""All five panes computed from the canonical tables, a period and settings: pure Polars.

The tables come in as LazyFrames, and what managers recorded (growth edits, review decisions)
as plain values: reading them, and preparing a database for the period, is the session's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from cockpit.analytics.churn import rep_churn, segment_table, with_rep_churn
from cockpit.analytics.growth import growth_table
from cockpit.analytics.growth_edits import merge_growth
from cockpit.analytics.leads import Projection, allocation_table, lead_counts, project, tier_shares
from cockpit.analytics.money import convert_money
from cockpit.analytics.review import apply_decisions, review_queue
from cockpit.analytics.sellers import sellers
from cockpit.analytics.tiers import ActivityInsight, activity_insight, tier_table
from cockpit.config import Settings
from cockpit.period import Period


@dataclass(frozen=True)
class Recorded:
    """What managers recorded in cockpit, read by the session from the notes workspace."""

    growth: dict[str, dict[str, object]] = field(default_factory=dict)
    """rep_id → growth fields edited in cockpit (they take precedence over the import)."""
    decisions: dict[str, str] = field(default_factory=dict)
    """Review item id → its status on the review day (discussed, snoozed, action)."""


@dataclass(frozen=True)
class Panes:
    """Every pane's table and insight; `missing` says, per pane, what data it lacks."""

    period: Period
    tiers: pl.DataFrame
    insight: ActivityInsight
    growth: pl.DataFrame
    leads: pl.DataFrame | None
    projection: Projection | None
    lead_tier_shares: pl.DataFrame | None
    churn: pl.DataFrame
    rep_churn: pl.DataFrame | None
    review: pl.DataFrame
    missing: dict[str, list[str]] = field(default_factory=dict)
    notices: tuple[str, ...] = ()
    """What a reader of every pane must know about the data (rows set aside), in sentences."""
    team: str | None = None
    """The one team reviewed (`reps.team`); None: everyone."""
    currency: str | None = None
    """The reporting currency every amount is in (None: the data names no currency)."""
    money: str | None = None
    """The currency the amounts are in, and what was converted, in a sentence."""

    @property
    def scope(self) -> str:
        """The period, and the team when one team is reviewed, as headings say them."""
        label = self.period.label()
        return f"{label} · team {self.team}" if self.team else label

    @property
    def warnings(self) -> list[str]:
        """The period's coverage warnings, the amounts' currency, then the data's notices: said
        on every pane."""
        return [*self.period.warnings(), *([self.money] if self.money else []), *self.notices]

    @property
    def quota_basis(self) -> str:
        """'attainment', 'pace', 'percentile' or 'mixed': how the non-ramping reps were tiered."""
        bases = set(self.tiers.filter(~pl.col("ramping"))["tier_basis"].to_list())
        by_quota = "pace" if self.period.running else "attainment"
        return bases.pop() if len(bases) == 1 else ("mixed" if bases else by_quota)


def compute_panes(
    tables: Mapping[str, pl.LazyFrame],
    period: Period,
    settings: Settings,
    recorded: Recorded | None = None,
    missing: Mapping[str, list[str]] | None = None,
) -> Panes:
    """Compute tiers, growth, leads, churn and the review queue for `period`.

    `tables` needs `reps` and `deals`; `missing` says, per pane, why a table it needs is absent
    (the session words it from what the source had).
    """
    recorded = recorded or Recorded()
    # Before anything is summed: every amount in the reporting currency, for every source.
    tables, money = convert_money(tables, settings.data.currency, period.as_of)
    reps, deals = tables.get("reps"), tables.get("deals")
    assert reps is not None and deals is not None, "compute_panes needs reps and deals"
    missing = {pane: list(words) for pane, words in (missing or {}).items()}
    reps, left_out = sellers(reps, deals, tables.get("activities"), period)
    tiers = tier_table(
        reps,
        deals,
        tables.get("activities"),
        period,
        settings.tiers,
        settings.flags,
        tables.get("quotas"),
    )
    leads_frame = tables.get("leads")
    leads = projection = shares = share_change = None
    if leads_frame is not None:
        leads = allocation_table(tiers, leads_frame, deals, period, settings.leads)
        projection = project(leads)
        shares = tier_shares(leads, tiers)
        share_change = _lead_share_change(leads_frame, period)
    plans = merge_growth(tables.get("growth"), recorded.growth)
    growth = growth_table(tiers, reps, plans, period, settings.growth, share_change)
    accounts = _accounts_with_arr(tables.get("accounts"), missing)
    if accounts is not None and period.end < period.as_of:
        missing.setdefault("churn", []).append(
            f"ARR now is as of {period.as_of}: GRR and NRR of a period that ended on "
            f"{period.end} include what changed after it."
        )
    churn = segment_table(accounts, deals, period, settings.churn)
    by_rep = rep_churn(accounts, period) if accounts is not None else None
    tiers = with_rep_churn(tiers, by_rep, settings.churn)  # beside the tier; flags top reps
    panes = {"tiers": tiers, "growth": growth, "churn": churn}
    if leads is not None:
        panes["leads"] = leads
    return Panes(
        period=period,
        tiers=tiers,
        insight=activity_insight(tiers),
        growth=growth,
        leads=leads,
        projection=projection,
        lead_tier_shares=shares,
        churn=churn,
        rep_churn=by_rep,
        review=apply_decisions(review_queue(panes), recorded.decisions),
        missing=missing,
        notices=(*money.notices, *left_out),
        currency=money.currency,
        money=money.summary,
    )


def _lead_share_change(leads: pl.LazyFrame, period: Period) -> pl.DataFrame:
    """Per rep: company-lead share this period minus the previous period of the same length."""

    def shares(p: Period) -> pl.LazyFrame:
        counts = lead_counts(leads, p)
        return counts.select(
            "rep_id", (pl.col("company_leads") / pl.col("company_leads").sum()).alias("share")
        )

    now, before = shares(period), shares(period.previous())
    return (
        now.join(before, on="rep_id", how="full", coalesce=True, suffix="_before")
        .filter(pl.col("share_before").is_not_null())
        .select(
            "rep_id",
            pl.col("share_before").alias("lead_share_before"),
            (pl.col("share").fill_null(0) - pl.col("share_before")).alias("lead_share_delta"),
        )
        .collect()
    )


def _accounts_with_arr(
    accounts: pl.LazyFrame | None, missing: dict[str, list[str]]
) -> pl.LazyFrame | None:
    """Accounts, unless they carry no ARR at all (then churn would read as a false 0%)."""
    if accounts is None:
        return None
    if accounts.select(pl.col("arr_start").is_null().all()).collect().item():
        missing.setdefault("churn", []).append(
            "The accounts table has no ARR (arr_start, arr_now), so logo churn, GRR, NRR and "
            "adoption are not shown: add those columns or map them in the mapping file."
        )
        return None
    unknown = (
        accounts.select((pl.col("seats").is_not_null() & pl.col("active_seats").is_null()).sum())
        .collect()
        .item()
    )
    if unknown:
        missing.setdefault("churn", []).append(
            f"{unknown:,} accounts have seats but no active_seats: their adoption is unknown and "
            "left out of it (not counted as 0%). Add active_seats to see adoption."
        )
    return accounts
