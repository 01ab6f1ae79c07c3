"""Each pane's chart drawn on a plotext canvas from the computed tables (labels made safe)."""

from __future__ import annotations

from typing import Any

import polars as pl

from cockpit.analytics.panes import Panes
from cockpit.text import safe_text

LABEL = 14


def draw_tiers(plt: Any, panes: Panes) -> None:
    """Activity per week against attainment (pace while the period runs): does activity
    predict outcome here?"""
    points = panes.insight.points
    outcome = "pace" if panes.period.running and panes.quota_basis != "percentile" else "attainment"
    rho = "n/a" if panes.insight.rho is None else f"{panes.insight.rho:+.2f}"
    plt.title(f"Activity vs {outcome} · Spearman ρ {rho}, n = {panes.insight.n}")
    if points.is_empty():
        return
    plt.scatter(points["activity_per_week"].to_list(), points["attainment"].to_list(), marker="●")
    plt.xlabel("activities per week")
    plt.ylabel(outcome)


def draw_leads(plt: Any, panes: Panes) -> None:
    """Share of company leads vs share of wins per tier, and the what-if projection."""
    shares, p = panes.lead_tier_shares, panes.projection
    if shares is None or p is None:
        plt.title("No leads data")
        return
    plt.title(
        f"Leads vs wins by tier · conversions {p.today_conversions:.0f} → "
        f"{p.whatif_conversions:.0f} (±{p.gain_band:.0f})"
    )
    tiers = [safe_text(t, LABEL) for t in shares["tier"].to_list()]
    lead = [round(100 * (v or 0), 1) for v in shares["lead_share"].to_list()]
    win = [round(100 * (v or 0), 1) for v in shares["win_share"].to_list()]
    plt.multiple_bar(tiers, [lead, win], labels=["% of leads", "% of wins"])


def draw_churn(plt: Any, panes: Panes) -> None:
    """Bookings beside logo churn and GRR per segment."""
    frame = panes.churn.filter(pl.col("segment").is_not_null())
    names = [safe_text(s, LABEL) for s in frame["segment"].to_list()]
    plt.title("Per segment: bookings (k) · logo churn % · GRR %")
    bookings = [round((v or 0) / 1000) for v in frame["bookings"].to_list()]
    churn = [round(100 * (v or 0)) for v in frame["logo_churn"].to_list()]
    grr = [round(100 * (v or 0)) for v in frame["grr"].to_list()]
    plt.multiple_bar(names, [bookings, churn, grr], labels=["bookings k", "churn %", "GRR %"])
