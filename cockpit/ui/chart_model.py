"""What a chart shows, as data and words: series with glyphs, reference lines, names by points.

`cockpit.ui.charts` builds these from the panes (no drawing), `cockpit.ui.chart_paint` draws
them with plotext, and tests read them instead of pixels (plotext places ticks differently from
run to run). Every series has its own glyph and label, so nothing relies on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from cockpit.analytics.words import words as id_words
from cockpit.text import safe_text

if TYPE_CHECKING:
    from cockpit.config import Settings

Kind = Literal["scatter", "bars", "grouped", "stacked", "dumbbell"]
"""scatter: points; bars: one bar a row; grouped: one row per series in each category;
stacked: the series end to end on one row; dumbbell: two glyphs on one row, joined."""
Unit = Literal["%", "index", "days", "money", "count"]

LABEL = 16
"""Characters of a name shown on a chart (the table and the detail line show it whole)."""
SOLID, SHADE, LIGHT = "█", "▒", "░"
TIER_GLYPHS = {"top": "▲", "core": "●", "developing": "◆", "at_risk": "▼", "ramping": "○"}
SELECTED = "◎"
POINTER = "▶ "
"""Put before the selected row's name on a bar chart."""
RULE_GLYPHS = {"x": "│", "y": "─"}


@dataclass(frozen=True)
class Series:
    """One set of points or bars: its name in words, the glyph that tells it apart without
    colour, its theme colour (a theme variable), and one value per category or point."""

    label: str
    glyph: str
    tone: str
    values: tuple[float | None, ...]
    """None: nothing drawn for that category (another series has it, or it is unknown)."""
    x: tuple[float, ...] = ()
    """Scatter only: the x of each value."""
    texts: tuple[str, ...] = ()
    """Bars: each value as the table writes it, shown at the bar's end ('' for none)."""


@dataclass(frozen=True)
class Rule:
    """A reference line across the plot at `at` on the x (or y) axis, said in `label`."""

    axis: Literal["x", "y"]
    at: float
    label: str

    @property
    def glyph(self) -> str:
        """How the line looks: vertical for the x axis, horizontal for the y axis."""
        return RULE_GLYPHS[self.axis]


@dataclass(frozen=True)
class Mark:
    """A name written beside a point of a scatter."""

    text: str
    x: float
    y: float


@dataclass(frozen=True)
class Panel:
    """One plot: a scatter of points, or rows of bars (one category per row group)."""

    title: str
    kind: Kind
    series: tuple[Series, ...]
    categories: tuple[str, ...] = ()
    """Bars: each row group's label, made safe and cut; in the order they are drawn."""
    x_unit: Unit = "count"
    y_unit: Unit = "count"
    x_label: str = ""
    y_label: str = ""
    rules: tuple[Rule, ...] = ()
    marks: tuple[Mark, ...] = ()
    selected: int | None = None
    """Bars: the category of the selected row (kept when rows must be left out to fit)."""


@dataclass(frozen=True)
class Chart:
    """A pane's chart: its title, its panels, and the same finding as a few lines of words
    (shown instead when the terminal is too small for a readable plot)."""

    title: str
    panels: tuple[Panel, ...]
    summary: tuple[str, ...]

    @property
    def legend(self) -> tuple[tuple[str, str, str], ...]:
        """(glyph, label, tone) of every series and reference line, each once, in order."""
        seen: dict[tuple[str, str], str] = {}
        for panel in self.panels:
            for series in panel.series:
                seen.setdefault((series.glyph, series.label), series.tone)
            for rule in panel.rules:
                seen.setdefault((rule.glyph, rule.label), "foreground-muted")
        return tuple((glyph, label, tone) for (glyph, label), tone in seen.items())


@dataclass(frozen=True)
class ChartContext:
    """What a chart needs beyond the panes: the selected row and the configured thresholds."""

    key: str | None = None
    """The selected row's key (rep id; segment on Churn; review item id on Review)."""
    stale_days: int = 45
    churn_alert: float = 0.25
    top: float = 1.0

    @classmethod
    def of(cls, settings: Settings | None, key: str | None) -> ChartContext:
        """The context from the app's settings (the defaults until they are read)."""
        if settings is None:
            return cls(key=key)
        return cls(
            key=key,
            stale_days=settings.growth.stale_days,
            churn_alert=settings.churn.logo_churn_alert,
            top=settings.tiers.top,
        )


def words(value: object) -> str:
    """A tier or flag id in the words the tables use, made safe: `at_risk` → `at risk`."""
    return safe_text(id_words(str(value)))
