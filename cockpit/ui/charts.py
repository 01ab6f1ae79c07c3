"""Each pane's chart as data and words, built from the computed panes (drawn elsewhere).

Numbers are in the table's units (166%, not 1.66), tiers in tier order, every series with its
own glyph and label, and every name from the data made safe (never markup).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import polars as pl

from cockpit.analytics.explain import num, pct
from cockpit.analytics.pane_specs import PANES
from cockpit.analytics.panes import Panes
from cockpit.analytics.review import FLAGS
from cockpit.text import safe_text
from cockpit.ui.chart_model import (
    LABEL,
    LIGHT,
    POINTER,
    SHADE,
    SOLID,
    Chart,
    ChartContext,
    Panel,
    Rule,
    Series,
    words,
)
from cockpit.ui.chart_tiers import ordered_tiers, tiers_chart

CHANGES_SAID = 5
"""What-if changes listed in the text fallback: the biggest first."""
ChartBuilder = Callable[[Panes, ChartContext], Chart]
Row = dict[str, Any]
__all__ = [
    "ChartBuilder",
    "churn_chart",
    "growth_chart",
    "leads_chart",
    "review_chart",
    "tiers_chart",
]


def _name(row: Row, selected: bool = False) -> str:
    return (POINTER if selected else "") + safe_text(row.get("name"), LABEL)


# Growth -----------------------------------------------------------------------------------


def growth_chart(panes: Panes, context: ChartContext) -> Chart:
    """Days since each top-tier rep's last growth conversation against the stale threshold,
    none on record first, then the longest ago."""
    days = context.stale_days
    title = f"Top tier: days since the last growth conversation (stale after {days})"
    top = panes.growth.filter(pl.col("tier") == "top").sort(
        pl.col("days_since_growth_conversation").fill_null(10**9), descending=True
    )
    if top.is_empty():
        return Chart(title, (), ("No top-tier rep in this period.",))
    rows = list(top.iter_rows(named=True))
    gone = [r["days_since_growth_conversation"] for r in rows]
    stale = [d if d is not None and d > days else None for d in gone]
    fresh = [d if d is not None and d <= days else None for d in gone]
    texts = tuple("none on record" if d is None else f"{d} d" for d in gone)
    series = (
        Series(f"over {days} days (stale)", SOLID, "warning", tuple(stale), texts=texts),
        Series(f"within {days} days", SHADE, "success", tuple(fresh), texts=texts),
    )
    panel = Panel(
        "",
        "bars",
        series,
        categories=tuple(_name(r, r["rep_id"] == context.key) for r in rows),
        x_unit="days",
        x_label="days since the last growth conversation",
        rules=(Rule("x", days, f"stale after {days} days"),),
        selected=_index(rows, "rep_id", context.key),
    )
    summary = [
        f"{SHADE if d is not None and d <= days else SOLID} {safe_text(r['name'], LABEL * 2)}: "
        + ("no growth conversation on record" if d is None else f"{d} days ago")
        for r, d in zip(rows, gone, strict=True)
    ]
    return Chart(title, (panel,), tuple(summary))


def _index(rows: Sequence[Row], column: str, key: str | None) -> int | None:
    return next((i for i, r in enumerate(rows) if key is not None and r[column] == key), None)


# Leads ------------------------------------------------------------------------------------


def leads_chart(panes: Panes, context: ChartContext) -> Chart:
    """Each tier's share of company leads beside its share of wins, and each rep's company
    leads today and under the what-if (biggest changes first)."""
    shares, p, leads = panes.lead_tier_shares, panes.projection, panes.leads
    if shares is None or p is None or leads is None:
        return Chart("No leads data", (), ("No leads data: add leads.csv to see this chart.",))
    title = (
        f"Leads vs wins by tier · conversions {p.today_conversions:.0f} → "
        f"{p.whatif_conversions:.0f} (±{p.gain_band:.0f})"
    )
    tiers = list(ordered_tiers(shares).iter_rows(named=True))
    moves = _whatif_rows(leads)
    summary = [
        f"{words(r['tier'])}: {pct(r['lead_share'])} of company leads, "
        f"{pct(r['win_share'])} of wins"
        for r in tiers
    ]
    changes = "; ".join(
        f"{safe_text(r['name'], LABEL * 2)} {r['company_leads']} → {r['whatif_leads']}"
        for r in moves[:CHANGES_SAID]
    )
    summary.append(f"What-if, biggest changes: {changes}")
    panels = (_share_panel(tiers), _whatif_panel(moves, _cap(leads), context.key))
    return Chart(title, panels, tuple(summary))


def _share_panel(tiers: list[Row]) -> Panel:
    """Per tier (in tier order), its share of company leads above its share of wins."""
    lead = [(r["lead_share"] or 0) * 100 for r in tiers]
    win = [(r["win_share"] or 0) * 100 for r in tiers]
    return Panel(
        "Share of company leads vs share of wins",
        "grouped",
        (
            Series("% of company leads", SOLID, "primary", tuple(lead), texts=_pcts(lead)),
            Series("% of wins", SHADE, "success", tuple(win), texts=_pcts(win)),
        ),
        categories=tuple(words(r["tier"]) for r in tiers),
        x_unit="%",
    )


def _whatif_panel(moves: list[Row], cap: float | None, key: str | None) -> Panel:
    """Per rep, company leads today (○) and under the what-if (●) on one row."""
    today = [float(r["company_leads"] or 0) for r in moves]
    after = [float(r["whatif_leads"] or 0) for r in moves]
    return Panel(
        "Company leads per rep, today → what-if" + (f" (cap {cap:g}×)" if cap else ""),
        "dumbbell",
        (
            Series("today", "○", "secondary", tuple(today), texts=_counts(today)),
            Series("what-if", "●", "primary", tuple(after), texts=_counts(after)),
        ),
        categories=tuple(_name(r, r["rep_id"] == key) for r in moves),
        x_unit="count",
        x_label="company leads",
        selected=_index(moves, "rep_id", key),
    )


def _cap(leads: pl.DataFrame) -> float | None:
    """The what-if's cap (× today's leads) the table was computed with, when it says."""
    if "cap_multiple" not in leads.columns or leads.is_empty():
        return None
    value = leads["cap_multiple"].max()
    return float(value) if isinstance(value, int | float) else None


def _counts(values: list[float]) -> tuple[str, ...]:
    return tuple(f"{v:.0f}" for v in values)


def _pcts(values: list[float]) -> tuple[str, ...]:
    return tuple(pct(v / 100) for v in values)


def _whatif_rows(leads: pl.DataFrame) -> list[Row]:
    """Reps by the size of their what-if change, biggest first (ties by name)."""
    change = (pl.col("whatif_leads") - pl.col("company_leads")).abs()
    ordered = leads.with_columns(change.alias("_change")).sort(
        ["_change", "name"], descending=[True, False], nulls_last=True
    )
    return list(ordered.iter_rows(named=True))


# Churn ------------------------------------------------------------------------------------


def churn_chart(panes: Panes, context: ChartContext) -> Chart:
    """Per segment, bookings and logo churn on separate axes, the alert segments marked."""
    threshold = 100 * context.churn_alert
    title = "Per segment: bookings beside logo churn · ! = churn alert"
    frame = panes.churn.filter(pl.col("segment").is_not_null())
    if frame.is_empty():
        return Chart(title, (), ("No segment to chart: add accounts.csv with a segment.",))
    rows = list(frame.iter_rows(named=True))
    alert = ["churn_alert" in (r["flags"] or []) for r in rows]
    names = tuple(
        (POINTER if r["segment"] == context.key else "")
        + ("! " if a else "")
        + safe_text(r["segment"], LABEL)
        for r, a in zip(rows, alert, strict=True)
    )
    bookings = [r["bookings"] for r in rows]
    churn = [None if r["logo_churn"] is None else 100 * r["logo_churn"] for r in rows]
    chosen = _index(rows, "segment", context.key)
    money = Panel(
        "Bookings" + (f" ({safe_text(panes.currency)})" if panes.currency else ""),
        "bars",
        _alert_split(bookings, alert, tuple(num(v) for v in bookings)),
        categories=names,
        x_unit="money",
        selected=chosen,
    )
    lost = Panel(
        "Logo churn",
        "bars",
        _alert_split(churn, alert, tuple(pct(r["logo_churn"]) for r in rows)),
        categories=names,
        x_unit="%",
        rules=(Rule("x", threshold, f"churn alert from {threshold:.0f}%"),),
        selected=chosen,
    )
    summary = [
        f"{SOLID if a else SHADE} {safe_text(r['segment'], LABEL * 2)}: bookings "
        f"{num(r['bookings'])}, logo churn {pct(r['logo_churn'])}" + (" — churn alert" if a else "")
        for r, a in zip(rows, alert, strict=True)
    ]
    return Chart(title, (money, lost), tuple(summary))


def _alert_split(
    values: list[float | None], alert: list[bool], texts: tuple[str, ...]
) -> tuple[Series, ...]:
    """The same values as two series: segments with a churn alert, and the others."""
    pairs = list(zip(values, alert, strict=True))
    return (
        Series(
            "churn alert", SOLID, "error", tuple(v if a else None for v, a in pairs), texts=texts
        ),
        Series(
            "no alert", SHADE, "primary", tuple(None if a else v for v, a in pairs), texts=texts
        ),
    )


# Review -----------------------------------------------------------------------------------

SEVERITIES = (("high", SOLID, "error"), ("medium", SHADE, "warning"), ("low", LIGHT, "primary"))


def review_chart(panes: Panes, context: ChartContext) -> Chart:
    """Review items by the pane they come from and their severity."""
    queue = panes.review
    title = f"Review items by pane and severity · {queue.height} items"
    if queue.is_empty():
        return Chart(title, (), ("Nothing flagged: the review queue is empty.",))
    pane_of = {kind: pane for kind, (pane, _, _) in FLAGS.items()}
    counted = queue.with_columns(
        pl.col("kind").replace_strict(pane_of, default="other").alias("_pane")
    )
    count = {
        (str(pane), str(sev)): int(n)
        for pane, sev, n in counted.group_by("_pane", "severity").len().iter_rows()
    }
    specs = [s for s in PANES if s.name != "review"]
    said = [_severities(count, s.name) for s in specs]  # "" where nothing is flagged
    series = tuple(
        Series(
            severity,
            glyph,
            tone,
            tuple(float(count.get((s.name, severity), 0)) for s in specs),
            # The first series says "none" where a pane has nothing, so no row is left blank.
            texts=tuple(
                _count(count.get((s.name, severity), 0), severity, i == 0 and not flagged)
                for s, flagged in zip(specs, said, strict=True)
            ),
        )
        for i, (severity, glyph, tone) in enumerate(SEVERITIES)
    )
    chosen = _review_pane(queue, pane_of, context.key)
    panel = Panel(
        "",
        "stacked",
        series,
        categories=tuple((POINTER if s.name == chosen else "") + s.title for s in specs),
        x_unit="count",
        x_label="review items",
        selected=next((i for i, s in enumerate(specs) if s.name == chosen), None),
    )
    summary = tuple(
        f"{s.title}: {words or 'nothing flagged'}" for s, words in zip(specs, said, strict=True)
    )
    return Chart(title, (panel,), summary)


def _severities(count: dict[tuple[str, str], int], pane: str) -> str:
    """`1 high, 4 low`; empty when the pane has nothing flagged."""
    parts = [f"{n} {sev}" for sev, _, _ in SEVERITIES if (n := count.get((pane, sev), 0))]
    return ", ".join(parts)


def _count(n: int, severity: str, say_none: bool) -> str:
    return f"{n} {severity}" if n else ("none" if say_none else "")


def _review_pane(queue: pl.DataFrame, pane_of: dict[str, str], key: str | None) -> str | None:
    kinds = queue.filter(pl.col("item_id") == key)["kind"].to_list() if key else []
    return pane_of.get(kinds[0]) if kinds else None
