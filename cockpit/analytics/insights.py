"""Each pane's insight in one sentence, from its computed table (shared by the TUI and reports)."""

from __future__ import annotations

import polars as pl

from cockpit.analytics.explain import num, pct, small_pct
from cockpit.analytics.leads import Projection
from cockpit.analytics.panes import Panes
from cockpit.text import safe_text


def tiers_insight(panes: Panes) -> str:
    """Who is over quota, and whether activity predicts outcome on this team."""
    compared = panes.tiers.filter(~pl.col("ramping"))
    top = compared.filter(pl.col("tier") == "top").height
    basis = BASIS_WORDS[panes.quota_basis]
    head = f"{top} of {compared.height} non-ramping reps are top tier{basis}."
    if compared.height and compared["tier"].is_null().all():
        head = (
            f"Nothing was won in the period and there are no quotas, so none of the "
            f"{compared.height} non-ramping reps is tiered."
        )
    rho, n = panes.insight.rho, panes.insight.n
    outcome = "pace" if panes.period.running and panes.quota_basis != "percentile" else "attainment"
    if rho is None:
        why = "not enough variation to say" if n >= 3 else "not enough data"
        return head + f" Activity vs {outcome}: {why} (n = {n})."
    strength = "does not predict" if abs(rho) < 0.3 else ("predicts" if rho > 0 else "runs against")
    return head + f" Activity {strength} {outcome} here (Spearman ρ = {rho:+.2f}, n = {n})."


BASIS_WORDS = {
    "attainment": "",
    "pace": " (on pace to date: the period is still running)",
    "percentile": " (by percentile of won amount: no quotas)",
    "mixed": " (some by percentile of won amount: not every rep has a quota)",
}


def growth_insight(panes: Panes) -> str:
    """Flight risks among top performers and plans that need attention."""
    g = panes.growth
    if g["status"].is_null().all():
        return "No growth data yet: import a growth table or record growth notes."
    risk = g.filter(pl.col("flight_risk_reasons").list.len() > 0).height
    stale = g.filter(pl.col("status") == "stale").height
    no_plan = g.filter(pl.col("status") == "no_plan").height
    return f"{risk} top performers at flight risk; {stale} plans stale, {no_plan} without a plan."


def leads_insight(panes: Panes) -> str:
    """How evenly company leads are split against how differently reps convert them."""
    t, p = panes.leads, panes.projection
    if t is None or p is None or p.leads == 0:
        return "No company leads in the period."
    fed = t.filter(pl.col("company_leads") > 0)
    share_lo, share_hi = _range(fed["lead_share"])
    rate_lo, rate_hi = _range(fed["shrunk_conversion"])
    gain = p.whatif_conversions - p.today_conversions
    revenue = p.whatif_revenue - p.today_revenue
    return (
        f"Lead share per rep {small_pct(share_lo)}–{small_pct(share_hi)} while shrunk conversion "
        f"runs {pct(rate_lo)}–{pct(rate_hi)}; the what-if projects {gain:+,.1f} conversions "
        f"(±{p.gain_band:,.1f}) and {revenue:+,.0f} revenue "
        f"(±{p.revenue_gain_band:,.0f}), 90% band.{trade_off(p)}"
    )


def trade_off(p: Projection) -> str:
    """What the what-if's ranking gives up, as the other ranking's projection ('' when nothing
    worth a word): why more cap can mean fewer conversions, or less revenue."""
    other = (
        f"{p.other_conversions - p.today_conversions:+,.1f} conversions and "
        f"{p.other_revenue - p.today_revenue:+,.0f} revenue"
    )
    if p.route_by == "conversion" and p.revenue_forgone >= MEANINGFUL_REVENUE:
        return (
            " Ranked by conversion, more leads go to reps whose deals are smaller: ranked by "
            f"expected revenue per lead it would project {other}."
        )
    if p.route_by == "revenue" and p.conversions_forgone >= MEANINGFUL_CONVERSIONS:
        return (
            " Ranked by expected revenue per lead, more leads go to reps with larger deals who "
            f"convert less: ranked by conversion alone it would project {other}."
        )
    return ""


MEANINGFUL_REVENUE = 0.5
"""Revenue forgone below this rounds to 0 where it is shown: not worth a sentence."""
MEANINGFUL_CONVERSIONS = 0.05
"""Likewise for conversions, shown to one decimal."""


def _range(values: pl.Series) -> tuple[float | None, float | None]:
    clean = values.drop_nulls()
    if clean.is_empty():
        return None, None
    return float(clean.min()), float(clean.max())  # type: ignore[arg-type]


def churn_insight(panes: Panes) -> str:
    """The segment where strong sales hide churn, or the worst alert."""
    alerts = panes.churn.filter(pl.col("flags").list.len() > 0)
    if panes.churn["logo_churn"].is_null().all():
        return "No churn data (accounts without ARR): bookings and win rate by segment only."
    if alerts.is_empty():
        return "No segment crosses a churn alert threshold."
    row = alerts.row(0, named=True)
    text = (
        f"{safe_text(row['segment'], 40)}: logo churn {pct(row['logo_churn'])}, GRR "
        f"{pct(row['grr'])}, adoption {pct(row['adoption'])}; replacing its churned ARR costs "
        f"{num(row['replacement_cost'])}"
    )
    if row["bookings_hide_churn"]:
        text += ", while its bookings are above the median (strong sales hiding churn)"
    return text + "."


def review_insight(panes: Panes) -> str:
    """How many items wait, by severity, and how many are decided (the meeting's progress)."""
    q = panes.review
    waiting = q.filter(pl.col("status") == "open")
    counts = {s: waiting.filter(pl.col("severity") == s).height for s in ("high", "medium", "low")}
    text = (
        f"{waiting.height} items to review: {counts['high']} high, {counts['medium']} medium, "
        f"{counts['low']} low."
    )
    decided = (
        q.filter(pl.col("status") != "open")["status"]
        .value_counts()
        .sort(["count", "status"], descending=[True, False])
    )
    if decided.height:
        parts = ", ".join(f"{n} {status}" for status, n in decided.iter_rows())
        text += f" Done: {q.height - waiting.height} ({parts})."
    return text


INSIGHTS = {
    "tiers": tiers_insight,
    "growth": growth_insight,
    "leads": leads_insight,
    "churn": churn_insight,
    "review": review_insight,
}
