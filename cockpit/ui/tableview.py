"""What each pane's table shows, and filtering and sorting done in Polars (no widget code)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from rich.text import Text

from cockpit.analytics.pane_specs import SPECS
from cockpit.analytics.words import words
from cockpit.report.panes import format_cell
from cockpit.text import safe_text
from cockpit.ui.panes import LOOKS

CELL_WIDTH = 40
WIDE_CELLS = {"reason": 110, "flight_risk_reasons": 80}  # sentences people read whole

# Week-over-week columns, shown once the panes were compared with a previous snapshot.
COMPARED_ONLY = {"changes", "new"}


def shown_columns(pane: str, frame: pl.DataFrame | None) -> tuple[tuple[str, str], ...]:
    """The (key, header) pairs shown for `pane`: week-over-week ones only when compared."""
    compared = frame is not None and "changes" in frame.columns
    return tuple(c for c in LOOKS[pane].columns if compared or c[0] not in COMPARED_ONLY)


# Status words always carry a glyph: meaning never rests on colour alone.
GLYPHS = {
    "top": "★",
    "core": "●",
    "developing": "◐",
    "at_risk": "▼",
    "ramping": "↗",
    "high": "‼",
    "medium": "!",
    "low": "·",
    "on_track": "✓",
    "stale": "⌛",
    "no_plan": "✗",
    "open": "○",
    "discussed": "✓",
    "snoozed": "z",
    "action": "→",
}
GLYPH_COLUMNS = {"tier", "severity", "status"}


def row_key(pane: str) -> str:
    """The column that identifies a row of `pane` (rep_id for the rep panes)."""
    return SPECS[pane].key_column


def display_cell(column: str, value: Any) -> Text:
    """A cell as plain Text (never markup), made safe and cut to a readable width."""
    if column in GLYPH_COLUMNS and isinstance(value, str):
        shown = f"{GLYPHS.get(value, '')} {words(value)}".strip()
    else:
        shown = format_cell(column, value)
    text = safe_text(shown, WIDE_CELLS.get(column, CELL_WIDTH))
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    return Text(text, no_wrap=True, justify="right" if numeric else "left")


@dataclass(frozen=True)
class ViewState:
    """Filter and sort of one table, restored when the user comes back to it."""

    filter_text: str = ""
    sort_column: str | None = None
    descending: bool = False


def apply_view(frame: pl.DataFrame, pane: str, state: ViewState) -> pl.DataFrame:
    """Rows of `frame` matching the filter (any searched column, case-insensitive), sorted."""
    if state.filter_text:
        # Tiers show as words (`at risk`) over ids (`at_risk`): either finds them.
        needles = {state.filter_text.lower(), state.filter_text.lower().replace(" ", "_")}
        columns = [c for c in LOOKS[pane].searched if c in frame.columns]
        match = pl.any_horizontal(
            pl.col(c).cast(pl.String).str.to_lowercase().str.contains(needle, literal=True)
            for c in columns
            for needle in needles
        )
        frame = frame.filter(match.fill_null(False))
    if state.sort_column and state.sort_column in frame.columns:
        key = pl.col(state.sort_column)
        if frame.schema[state.sort_column] == pl.List(pl.String):
            key = key.list.len()
        frame = frame.sort(key, descending=state.descending, nulls_last=True, maintain_order=True)
    return frame


def header(label: str, column: str, state: ViewState) -> Text:
    """A column header, with ▲ or ▼ when the table is sorted by it."""
    arrow = ("▼" if state.descending else "▲") if state.sort_column == column else ""
    return Text(f"{label}{arrow}", no_wrap=True)
