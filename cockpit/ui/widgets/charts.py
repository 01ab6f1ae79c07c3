"""The chart beside a pane's table: built from the panes, drawn to fit, redrawn on every change.

Driven with methods: `draw(panes)` when the panes change, `highlight(key)` when the cursor moves.
It paints at any size: a plot when one is readable, else the same finding in a few lines. The
chart is built when it is first shown (or asked for): below 140 columns a chart is out of view
until `c`, and building one from thousands of reps costs more than painting its table.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.color import Color
from textual_plotext import PlotextPlot

from cockpit.analytics.panes import Panes
from cockpit.config import Settings
from cockpit.ui.chart_draw import Rgb
from cockpit.ui.chart_model import Chart, ChartContext
from cockpit.ui.chart_paint import paint
from cockpit.ui.charts import ChartBuilder


class PaneChart(PlotextPlot):
    """The chart of one pane; `chart` is what it shows now (None until the panes are in)."""

    def __init__(self, builder: ChartBuilder) -> None:
        super().__init__(classes="chart")
        self.builder = builder
        self.panes: Panes | None = None
        self.key: str | None = None
        self._chart: Chart | None = None
        self._stale = False
        """The panes or the selected row changed since `_chart` was built."""

    @property
    def chart(self) -> Chart | None:
        """What the chart shows now, built from the latest panes and selection if they changed."""
        if self._stale and self.panes is not None:
            settings = getattr(self.app, "settings", None)
            known = settings if isinstance(settings, Settings) else None
            self._chart = self.builder(self.panes, ChartContext.of(known, self.key))
            self._stale = False
        return self._chart

    def draw(self, panes: Panes) -> None:
        """Rebuild the chart from freshly computed panes."""
        self.panes = panes
        self._rebuild()

    def highlight(self, key: str | None) -> None:
        """Mark the selected row's subject: a rep id (a segment on Churn, an item on Review)."""
        if key != self.key:
            self.key = key
            self._rebuild()

    def _rebuild(self) -> None:
        """Build again when next shown (a chart out of view is not built at all)."""
        if self.panes is None:
            return
        self._stale = True
        self.refresh()

    def render(self) -> RenderResult:
        """The chart fitted to the widget's size (its words when a plot would not be read)."""
        chart = self.chart
        if chart is None:
            return Text("")
        theme = f"textual-auto-{self.app.theme}" if self.theme == "auto" else self.theme
        return paint(chart, self.size.width, self.size.height, self._tone, theme)

    def _tone(self, name: str) -> Rgb:
        """A theme variable's colour now, so every theme (and NO_COLOR's greys) applies."""
        variables = self.app.theme_variables
        value = variables.get(name) or variables.get("foreground") or "white"
        return Color.parse(value).rgb
