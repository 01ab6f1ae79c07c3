"""How each pane shows on screen: its columns, what a filter searches, and its chart.

The pane itself (number, key column, subject, report columns, insight) is defined once in
`cockpit.analytics.pane_specs`; this adds what only the screen needs, for the same specs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cockpit.analytics.pane_specs import PANES, SPECS, PaneSpec
from cockpit.analytics.words import words
from cockpit.text import safe_text
from cockpit.ui.charts import (
    ChartBuilder,
    churn_chart,
    growth_chart,
    leads_chart,
    review_chart,
    tiers_chart,
)

Detail = Callable[[dict[str, Any]], str]
NAME_LIMIT = 120
"""A name longer than this is cut in the detail line: the finding after it must stay in view."""


def review_detail(row: dict[str, Any]) -> str:
    """A review item in full: its subject, the finding with its numbers, and the next step."""
    kind = words(str(row.get("kind") or ""))
    finding = safe_text(row.get("finding") or row.get("reason") or "")
    # Each value made one safe line first: a newline in a name must not fake a "Next step:".
    text = f"{safe_text(row.get('subject_name'), NAME_LIMIT)} — {kind}: {finding}"
    if row.get("next_step"):
        text += f"\nNext step: {safe_text(row['next_step'])}"
    return text


def rep_detail(row: dict[str, Any]) -> str:
    """A rep row's long words in full: flags and flight-risk reasons (cut in the table)."""
    parts = [safe_text(row.get("name"), NAME_LIMIT)]
    if row.get("flags"):
        parts.append("flags: " + ", ".join(words(str(f)) for f in row["flags"]))
    if row.get("flight_risk_reasons"):
        parts.append("flight risk: " + "; ".join(map(safe_text, row["flight_risk_reasons"])))
    return " · ".join(parts) if len(parts) > 1 else ""


@dataclass(frozen=True)
class PaneLook:
    """A pane on screen: (column, header) pairs, the first ones mattering most at 80 columns;
    the text columns a filter looks in; the chart drawn beside the table (None: no chart)."""

    spec: PaneSpec
    columns: tuple[tuple[str, str], ...]
    searched: tuple[str, ...]
    chart: ChartBuilder | None = None
    detail: Detail | None = None
    """The selected row's long text in full, on a line under the table (None: no line)."""
    column_help: tuple[tuple[str, str], ...] = ()
    """(column, what it means in one line) for every column, said by the help screen."""
    terms: tuple[tuple[str, str], ...] = ()
    """(word, meaning) for what the pane's insight or chart says that is not a column."""


# What each column means, in a manager's words: the help screen (?) says it for the open pane.
# The formulas are PRODUCT.md's; thresholds are the defaults of the config file.
REP = (
    ("name", "the rep; enter opens their deals, leads, accounts, growth track and notes"),
    ("tier", "top ≥ 100% of quota, core ≥ 70%, developing ≥ 40%, at risk below; ramping: "
             "hired under 5 months ago (on pace while the period runs)"),
    ("changes", "what moved since the previous snapshot: tier, flags raised or cleared, shares"),
)  # fmt: skip
TIERS_HELP = (
    *REP,
    ("attainment", "won in the period / the period's quota"),
    ("pace", "won to date / the quota prorated to the as-of day (the period is still running)"),
    ("won_amount", "won deals closed in the period, summed (in the reporting currency)"),
    ("win_rate", "won / (won + lost) of the deals closed in the period"),
    ("activity_index", "calls + emails + meetings per week / the team's median (1.0 = typical)"),
    ("flags", "outcome over activity: on quota with little activity (study, do not PIP); "
              "activity without outcome: busy but under 70% (coach the strategy); "
              "bookings do not stay: the accounts they sold churn above their segments"),
    ("sold_logo_churn", "share of the accounts the rep sold (live at period start) that churned"),
    ("sold_churned_arr", "ARR at period start of the rep's accounts that churned in the period"),
)  # fmt: skip
TIERS_TERMS = (
    ("Spearman ρ", "rank correlation of activity per week with attainment over the reps compared "
                   "(−1 to +1; near 0: activity does not predict outcome here); n = reps"),
)  # fmt: skip
GROWTH_HELP = (
    *REP,
    ("status", "no plan (no track or next skill), stale (growth talk over 45 days ago), on track"),
    ("days_since_growth_conversation", "days since the last growth (not deal) conversation"),
    ("next_skill", "the skill the rep is building next (P on the rep's screen edits the plan)"),
    ("flight_risk_reasons", "why a top rep may leave: no growth talk in 60 days, no plan or "
                            "stretch, over 18 months at level, company-lead share down"),
)  # fmt: skip
LEADS_HELP = (
    *REP,
    ("company_leads", "leads the company routed to the rep in the period"),
    ("lead_share", "the rep's share of the team's company leads"),
    ("conversion", "converted / company leads"),
    ("shrunk_conversion", "conversion pulled toward the team rate for small samples (as if 20 "
                          "more leads had converted at the team rate)"),
    ("whatif_leads", "company leads in the what-if: the same total, moved toward the reps "
                     "expected to do most with them, within the cap and floor ([ ] { } f)"),
    ("self_conversion", "converted / leads the rep sourced themselves"),
    ("flags", "underused converter: converts well above the team and the what-if gives more; "
              "top rep loses leads: the what-if would cut a top rep's share"),
    ("revenue_per_lead", "won revenue credited to company leads / company leads"),
)  # fmt: skip
CHURN_HELP = (
    ("segment", "the customer segment; enter lists its accounts, riskiest first"),
    ("bookings", "won deals closed in the period in the segment, summed"),
    ("logo_churn", "accounts churned in the period / accounts live at period start"),
    ("changes", "what moved since the previous snapshot: churn, flags raised or cleared"),
    ("grr", "gross revenue retention: Σ min(ARR now, ARR at start) / Σ ARR at start"),
    ("nrr", "net revenue retention: Σ ARR now / Σ ARR at start (expansion counts)"),
    ("adoption", "active seats / seats of the live accounts"),
    ("replacement_cost", "churned ARR × 3: what winning it back with new business costs"),
    ("flags", "churn alert: logo churn ≥ 25%, GRR under 80% or adoption under 40%"),
)  # fmt: skip
REVIEW_HELP = (
    ("new", "flagged since the previous snapshot"),
    ("severity", "high, medium or low: what to discuss first"),
    ("status", "open, discussed (d), snoozed (z, Z) or action (a); u undoes, o reopens"),
    ("subject_name", "the rep or segment the item is about; enter opens it"),
    ("reason", "the finding in words, with its numbers (in full under the table)"),
)


LOOKS: dict[str, PaneLook] = {
    look.spec.name: look
    for look in (
        PaneLook(
            SPECS["tiers"],
            columns=(
                ("name", "Rep"),
                ("tier", "Tier"),
                ("changes", "Changes"),
                ("attainment", "Attain"),
                ("pace", "Pace"),
                ("won_amount", "Won"),
                ("win_rate", "Win %"),
                ("activity_index", "Act idx"),
                ("flags", "Flags"),
                ("sold_logo_churn", "Acct churn"),
                ("sold_churned_arr", "Churned ARR"),
            ),
            searched=("name", "rep_id", "tier"),
            column_help=TIERS_HELP,
            terms=TIERS_TERMS,
            chart=tiers_chart,
            detail=rep_detail,
        ),
        PaneLook(
            SPECS["growth"],
            columns=(
                ("name", "Rep"),
                ("tier", "Tier"),
                ("changes", "Changes"),
                ("status", "Status"),
                ("days_since_growth_conversation", "Days"),
                ("next_skill", "Next skill"),
                ("flight_risk_reasons", "Flight risk"),
            ),
            searched=("name", "rep_id", "tier", "status"),
            column_help=GROWTH_HELP,
            chart=growth_chart,
            detail=rep_detail,
        ),
        PaneLook(
            SPECS["leads"],
            columns=(
                ("name", "Rep"),
                ("company_leads", "Leads"),
                ("lead_share", "Share"),
                ("changes", "Changes"),
                ("conversion", "Conv"),
                ("shrunk_conversion", "Shrunk"),
                ("whatif_leads", "What-if"),
                ("self_conversion", "Self conv"),
                ("flags", "Flags"),
                ("revenue_per_lead", "Rev/lead"),
            ),
            searched=("name", "rep_id"),
            column_help=LEADS_HELP,
            chart=leads_chart,
        ),
        PaneLook(
            SPECS["churn"],
            columns=(
                ("segment", "Segment"),
                ("bookings", "Bookings"),
                ("logo_churn", "Churn"),
                ("changes", "Changes"),
                ("grr", "GRR"),
                ("nrr", "NRR"),
                ("adoption", "Adopt"),
                ("replacement_cost", "Replace $"),
                ("flags", "Flags"),
            ),
            searched=("segment",),
            column_help=CHURN_HELP,
            chart=churn_chart,
        ),
        PaneLook(
            SPECS["review"],
            columns=(
                ("new", "New"),
                ("severity", "Sev"),
                ("status", "Status"),
                ("subject_name", "Subject"),
                ("reason", "Reason"),
            ),
            searched=("subject_name", "subject", "reason", "kind", "severity"),
            column_help=REVIEW_HELP,
            chart=review_chart,
            detail=review_detail,
        ),
    )
}
assert set(LOOKS) == {spec.name for spec in PANES}, "every pane has a look"
