"""Headless output of the panes: aligned table, CSV, JSON (list of row objects) or Markdown."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import polars as pl

from cockpit.analytics.explain import churn_math, leads_math, num, pct, share, small_pct, tiers_math
from cockpit.analytics.pane_specs import PANE_NAMES, SPECS
from cockpit.analytics.panes import Panes
from cockpit.analytics.words import WORDED_COLUMNS, in_words, words
from cockpit.text import safe_json, safe_text

FORMATS = ("table", "csv", "json", "markdown")
Row = dict[str, Any]

RATIOS = {
    "attainment", "pace", "win_rate", "activity_index", "lead_share", "conversion",
    "shrunk_conversion", "self_conversion", "logo_churn", "grr", "nrr", "adoption",
    "sold_logo_churn", "segment_logo_churn", "sold_churn_chance",
}  # fmt: skip
MONEY = {
    "won_amount", "quota", "quota_to_date", "bookings", "churned_arr", "replacement_cost",
    "sold_churned_arr", "revenue_per_lead",
    "amount", "arr_start", "arr_now",  # a drill-down's deals and accounts
}  # fmt: skip
# The review's advice, printed whole in table and Markdown (never cut: it is what to do). The
# reason is the finding and the next step in one sentence, so those two stand in for it there.
WHOLE_TEXT: dict[str, tuple[str, ...]] = {"review": ("finding", "next_step")}
SHOWN_AS_PARTS: dict[str, tuple[str, ...]] = {"review": ("reason",)}
MATH: dict[str, Callable[[Row], dict[str, str]]] = {
    "tiers": tiers_math,
    "leads": leads_math,
    "churn": churn_math,
}


def pane_frame(panes: Panes, pane: str) -> pl.DataFrame | None:
    """The table behind a pane (None when its data is missing)."""
    return SPECS[pane].frame(panes)


def output_columns(pane: str, changes: bool = False) -> tuple[str, ...]:
    """The columns a pane prints; `changes` (week over week) last when asked for."""
    columns = SPECS[pane].columns
    return (*columns, "changes") if changes else columns


def pane_rows(panes: Panes, pane: str, changes: bool = False, explained: bool = True) -> list[Row]:
    """A pane's rows as dicts of the output columns, with a `math` entry where it applies
    (unless not `explained`: CSV and the table print no formulas)."""
    frame = pane_frame(panes, pane)
    if frame is None:
        return []
    explain = MATH.get(pane) if explained else None
    rows = []
    for full in frame.iter_rows(named=True):
        row = {c: full.get(c) for c in output_columns(pane, changes)}
        if changes and row["changes"] is None:
            row["changes"] = []  # compared with nothing: no change to report
        if explain:
            row["math"] = explain(full)
        rows.append(row)
    return rows


def render(panes: Panes, pane: str, fmt: str, changes: bool = False) -> str:
    """One pane (or `all`) in the given format; `changes` adds the week-over-week column."""
    names = PANE_NAMES if pane == "all" else (pane,)
    if fmt == "json":
        data: Any = (
            {name: pane_rows(panes, name, changes) for name in names}
            if pane == "all"
            else pane_rows(panes, pane, changes)
        )
        return safe_json(data) + "\n"
    parts = [RENDERERS[fmt](panes, name, changes) for name in names]
    return "\n".join(parts)


def format_cell(column: str, value: Any, limit: int | None = 60) -> str:
    """A value as people read it: ratios in %, money and counts with separators, tiers and flags
    in words, lists joined; text cut to `limit` characters (None: whole)."""
    if value is None:
        return "—"
    if column == "new":
        return "✦ new" if value else ""
    if column == "changes" and not value:
        return ""  # blank, so the rows that did change stand out
    if isinstance(value, list):
        return ", ".join(safe_text(_worded(column, v)) for v in value) or "—"
    if column in WORDED_COLUMNS and isinstance(value, str):
        return safe_text(words(value), limit)
    if column == "lead_share":
        return small_pct(value)  # one rep of 2,000 holds 0.05%, not 0%
    if column in ("attainment", "pace"):
        return share(value, 0)  # cut, not rounded: 39.8% beside at_risk is not "40%"
    if column in RATIOS:
        return f"{value:.2f}" if column == "activity_index" else pct(value)
    if column in MONEY:
        return num(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return safe_text(value, limit)


def _worded(column: str, value: Any) -> Any:
    """One entry of a list cell: a flag in words, ids inside a change note in words."""
    if column in WORDED_COLUMNS and isinstance(value, str):
        return words(value)
    return in_words(value) if column == "changes" and isinstance(value, str) else value


def _heading(panes: Panes, pane: str) -> list[str]:
    spec = SPECS[pane]
    lines = [f"{spec.title} — {safe_text(panes.scope)}", spec.insight(panes)]
    lines += [f"Note: {text}" for text in panes.missing.get(pane, [])]
    lines += [f"Note: {text}" for text in panes.warnings]
    if pane == "tiers" and panes.quota_basis in ("percentile", "mixed"):
        lines.append(
            "Note: no quotas for some or all reps, so those are tiered by percentile rank of won "
            "amount (tier_basis = percentile), not by attainment."
        )
    if pane == "tiers" and panes.period.running and panes.quota_basis in ("pace", "mixed"):
        lines.append(
            f"Note: tiers are on pace: won to date / the quota prorated to {panes.period.as_of} "
            "(quota_to_date); attainment is won / the whole period's quota."
        )
    return lines


def _table(panes: Panes, pane: str, changes: bool) -> str:
    rows = pane_rows(panes, pane, changes, explained=False)
    whole = WHOLE_TEXT.get(pane, ())
    hidden = (*whole, *SHOWN_AS_PARTS.get(pane, ()))
    columns = [c for c in output_columns(pane, changes) if c not in hidden]
    cells = [list(columns)] + [[format_cell(c, r[c]) for c in columns] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    body = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    if whole:  # each item's text on its own lines under it, whole: a terminal wraps it
        body = [body[0]] + [
            "\n".join([line, *_whole_lines(row, whole)])
            for line, row in zip(body[1:], rows, strict=True)
        ]
    return "\n".join([*_heading(panes, pane), "", *body, ""])


def _whole_lines(row: Row, columns: tuple[str, ...]) -> list[str]:
    """`    next step: …` for each column, the text whole (escaped, not cut)."""
    return [f"    {c.replace('_', ' ')}: {format_cell(c, row[c], limit=None)}" for c in columns]


def _csv(panes: Panes, pane: str, changes: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = output_columns(pane, changes)
    writer.writerow(columns)
    for row in pane_rows(panes, pane, changes, explained=False):
        writer.writerow([csv_value(row[c]) for c in columns])
    return buffer.getvalue()


def csv_value(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(safe_text(v) for v in value)
    if isinstance(value, str):
        text = safe_text(value)
        # A leading = + - @ would run as a formula in a spreadsheet.
        return "'" + text if text[:1] in ("=", "+", "-", "@") else text
    return "" if value is None else value


def _markdown(panes: Panes, pane: str, changes: bool) -> str:
    rows = pane_rows(panes, pane, changes)
    hidden = SHOWN_AS_PARTS.get(pane, ())
    columns = [c for c in output_columns(pane, changes) if c not in hidden]
    whole = WHOLE_TEXT.get(pane, ())
    lines = [f"## {_heading(panes, pane)[0]}", ""]
    lines += [_md(text) for text in _heading(panes, pane)[1:2]]
    lines += [f"> {_md(text)}" for text in _heading(panes, pane)[2:]]
    lines += ["", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += [
        "| "
        + " | ".join(_md(format_cell(c, r[c], None if c in whole else 60)) for c in columns)
        + " |"
        for r in rows
    ]
    if rows and "math" in rows[0]:
        lines += ["", "### See the math", ""]
        for r in rows:
            who = _md(safe_text(r.get("name") or r.get("segment"), 60))
            lines.append(
                f"- **{who}**: " + "; ".join(f"{k} = {_md(v)}" for k, v in r["math"].items())
            )
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell: pipes and markup characters escaped."""
    for char in ("\\", "|", "*", "_", "`", "[", "]", "<", ">"):
        text = text.replace(char, "\\" + char)
    return text


RENDERERS: dict[str, Callable[[Panes, str, bool], str]] = {
    "table": _table,
    "csv": _csv,
    "markdown": _markdown,
}
