"""How each pane shows on screen: its columns, what a filter searches, and its chart.

The pane itself (number, key column, subject, report columns, insight) is defined once in
`cockpit.analytics.pane_specs`; this adds what only the screen needs, for the same specs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cockpit.analytics.pane_specs import PANES, SPECS, PaneSpec
from cockpit.analytics.panes import Panes
from cockpit.ui.charts import draw_churn, draw_leads, draw_tiers

Chart = Callable[[Any, Panes], None]
Detail = Callable[[dict[str, Any]], str]


def review_detail(row: dict[str, Any]) -> str:
    """A review item in full: its subject, the finding with its numbers, and the next step."""
    kind = str(row.get("kind") or "").replace("_", " ")
    finding = row.get("finding") or row.get("reason") or ""
    text = f"{row.get('subject_name')} — {kind}: {finding}"
    if row.get("next_step"):
        text += f"\nNext step: {row['next_step']}"
    return text


def rep_detail(row: dict[str, Any]) -> str:
    """A rep row's long words in full: flags and flight-risk reasons (cut in the table)."""
    parts = [str(row.get("name"))]
    if row.get("flags"):
        parts.append("flags: " + ", ".join(str(f).replace("_", " ") for f in row["flags"]))
    if row.get("flight_risk_reasons"):
        parts.append("flight risk: " + "; ".join(map(str, row["flight_risk_reasons"])))
    return " · ".join(parts) if len(parts) > 1 else ""


@dataclass(frozen=True)
class PaneLook:
    """A pane on screen: (column, header) pairs, the first ones mattering most at 80 columns;
    the text columns a filter looks in; the chart drawn beside the table (None: no chart)."""

    spec: PaneSpec
    columns: tuple[tuple[str, str], ...]
    searched: tuple[str, ...]
    chart: Chart | None = None
    detail: Detail | None = None
    """The selected row's long text in full, on a line under the table (None: no line)."""


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
            chart=draw_tiers,
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
            chart=None,
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
            chart=draw_leads,
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
            chart=draw_churn,
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
            chart=None,
            detail=review_detail,
        ),
    )
}
assert set(LOOKS) == {spec.name for spec in PANES}, "every pane has a look"
