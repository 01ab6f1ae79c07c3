"""The Tiers chart: activity index against the outcome tiers are judged by, one glyph per tier.

Does activity predict outcome on this team? The outcome is in the table's % (166%, not 1.66),
the selected rep is ringed, and the reps worth a word are named beside their point.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from cockpit.analytics.explain import share
from cockpit.analytics.panes import Panes
from cockpit.analytics.tiers import TIER_ORDER
from cockpit.text import safe_text
from cockpit.ui.chart_model import (
    LABEL,
    SELECTED,
    TIER_GLYPHS,
    Chart,
    ChartContext,
    Mark,
    Panel,
    Rule,
    Series,
    words,
)

Row = dict[str, Any]
MOST_NAMED = 4
"""Outliers named on the plot at most (besides the selected rep): more would hide the points."""
SCATTER_FLAGS = ("outcome_over_activity", "activity_without_outcome")
TIER_TONES = {
    "top": "success",
    "core": "primary",
    "developing": "warning",
    "at_risk": "error",
    "ramping": "secondary",
}


def ordered_tiers(frame: pl.DataFrame) -> pl.DataFrame:
    """Rows in tier order (top, core, developing, at risk, ramping), whatever order they had."""
    rank = {tier: i for i, tier in enumerate(TIER_ORDER)}
    return frame.with_columns(
        pl.col("tier").replace_strict(rank, default=len(rank)).alias("_rank")
    ).sort("_rank", maintain_order=True)


def outcome_of(panes: Panes) -> tuple[str, str]:
    """The column tiers are judged by and its name: pace while the period runs, else
    attainment; the won amount's percentile rank when no rep has a quota."""
    if panes.quota_basis == "percentile":
        return "won_percentile", "percentile of won"
    return "score", "pace" if panes.period.running else "attainment"


def tiers_chart(panes: Panes, context: ChartContext) -> Chart:
    """Activity index against attainment (pace while the period runs), one glyph per tier,
    the selected rep ringed and the outliers named."""
    column, outcome = outcome_of(panes)
    rho = "n/a" if panes.insight.rho is None else f"{panes.insight.rho:+.2f}"
    title = f"Activity vs {outcome} · Spearman ρ {rho}, n = {panes.insight.n}"
    plotted = (
        pl.col("activity_index").is_finite() & pl.col(column).is_finite()
    )  # null or NaN: left out
    points = ordered_tiers(panes.tiers.filter(plotted)).with_columns(
        (pl.col(column) * 100).alias("_y")
    )
    left_out = panes.tiers.height - points.height
    if points.is_empty():
        return Chart(title, (), (f"No rep has both an activity index and a {outcome} to plot.",))
    rows = list(points.iter_rows(named=True))
    series = [_tier_series(tier, [r for r in rows if r["tier"] == tier]) for tier in _tiers(rows)]
    chosen = next((r for r in rows if r["rep_id"] == context.key), None)
    if chosen is not None:
        label = f"selected: {safe_text(chosen['name'], LABEL)}"
        series.append(
            Series(label, SELECTED, "accent", (chosen["_y"],), (chosen["activity_index"],))
        )
    named = _outliers(rows, chosen)
    panel = Panel(
        "",
        "scatter",
        tuple(series),
        x_unit="index",
        y_unit="%",
        x_label="activity index (× team median)",
        y_label=f"{outcome} %",
        rules=_rules(column, context),
        marks=tuple(Mark(safe_text(r["name"], LABEL), r["activity_index"], r["_y"]) for r in named),
    )
    summary = _summary(rows, named, chosen, outcome)
    if left_out:
        summary += (f"{left_out} reps without an activity index or a {outcome} are not shown.",)
    return Chart(title, (panel,), summary)


def _rules(column: str, context: ChartContext) -> tuple[Rule, ...]:
    """The team median's activity, and where the top tier starts (when tiers are on quota)."""
    median = Rule("x", 1.0, "1.00 = team median activity")
    if column != "score":
        return (median,)
    return median, Rule("y", 100 * context.top, f"{100 * context.top:.0f}% = top tier")


def _tiers(rows: list[Row]) -> list[str]:
    return list(dict.fromkeys(str(r["tier"]) for r in rows))


def _tier_series(tier: str, rows: list[Row]) -> Series:
    label = words(tier) + (" (not in ρ)" if tier == "ramping" else "")
    values = tuple(float(r["_y"]) for r in rows)
    x = tuple(float(r["activity_index"]) for r in rows)
    return Series(label, TIER_GLYPHS.get(tier, "·"), TIER_TONES.get(tier, "foreground"), values, x)


def _outliers(rows: list[Row], chosen: Row | None) -> list[Row]:
    """Reps worth naming: the flagged ones (outcome without activity and the reverse), the
    highest outcome and the highest activity, and the selected rep."""
    flagged = [r for r in rows if _scatter_flags(r)]
    extremes = [max(rows, key=lambda r: r["_y"]), max(rows, key=lambda r: r["activity_index"])]
    named = {str(r["rep_id"]): r for r in [*flagged, *extremes][:MOST_NAMED]}
    if chosen is not None:
        named[str(chosen["rep_id"])] = chosen
    return list(named.values())


def _scatter_flags(row: Row) -> list[str]:
    return [str(f) for f in row.get("flags") or [] if f in SCATTER_FLAGS]


def _span(values: list[float], say: Callable[[float], str]) -> str:
    """`lo–hi` in the table's units, or the one value when they are the same."""
    lo, hi = say(min(values)), say(max(values))
    return lo if lo == hi else f"{lo}–{hi}"


def _summary(
    rows: list[Row], named: list[Row], chosen: Row | None, outcome: str
) -> tuple[str, ...]:
    """The scatter in words: each tier's ranges, then each named rep with their numbers."""
    lines = []
    for tier in _tiers(rows):
        of_tier = [r for r in rows if r["tier"] == tier]
        ys = [r["_y"] / 100 for r in of_tier]
        xs = [r["activity_index"] for r in of_tier]
        reps = f"{len(of_tier)} rep" + ("" if len(of_tier) == 1 else "s")
        lines.append(
            f"{TIER_GLYPHS.get(tier, '·')} {words(tier)}: {reps}, {outcome} "
            f"{_span(ys, lambda v: share(v, 0))}, activity {_span(xs, '{:.2f}'.format)}"
        )
    for row in named:
        flags = ", ".join(words(f) for f in _scatter_flags(row))
        lead = f"{SELECTED} selected: " if row is chosen else ""
        lines.append(
            f"{lead}{safe_text(row['name'], LABEL * 2)}: {outcome} {share(row['_y'] / 100, 0)}, "
            f"activity {row['activity_index']:.2f}" + (f" ({flags})" if flags else "")
        )
    return tuple(lines)
