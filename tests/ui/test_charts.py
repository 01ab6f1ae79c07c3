"""Each pane's chart under Pilot: what it shows in the table's units and in words, the selected
row marked, its words when the terminal is small, hostile names as literal labels, and series told
apart by glyph under NO_COLOR.

plotext places ticks differently from run to run, so the tests read the chart the widget built
(`PaneChart.chart`) and the legend and words it renders, not pixels. Numbers are worked out by
hand from tests/fixtures/charts (see its README).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from rich.text import Text
from textual.pilot import Pilot

from cockpit.text import safe_text
from cockpit.ui.app import CockpitApp
from cockpit.ui.chart_model import Chart, Series
from cockpit.ui.source import Source
from cockpit.ui.widgets.charts import PaneChart
from tests.helpers.paths import FIXTURES, HOSTILE
from tests.helpers.pilot import pane, ready

CHARTS = FIXTURES / "charts"
KEYS = {"tiers": "1", "growth": "2", "leads": "3", "churn": "4", "review": "5"}


def copy_of(folder: Path, tmp_path: Path) -> str:
    """The fixture copied, so nothing the app writes lands in tests/fixtures."""
    return str(shutil.copytree(folder, tmp_path / folder.name))


def open_app(data: str, tmp_path: Path) -> CockpitApp:
    return CockpitApp(Source(data, notes=str(tmp_path / "ws")))


def widget(app: CockpitApp, name: str) -> PaneChart:
    return pane(app, name).query_one(PaneChart)


def unmarked(app: CockpitApp) -> None:
    """No row marked on any chart (the cursor's rest rings one: tested apart)."""
    for chart in app.query(PaneChart):
        chart.highlight(None)


def built(app: CockpitApp, name: str) -> Chart:
    chart = widget(app, name).chart
    assert chart is not None, f"the {name} chart was never built"
    return chart


def by_label(chart: Chart, panel: int = 0) -> dict[str, Series]:
    return {s.label: s for s in chart.panels[panel].series}


def points(series: Series) -> list[tuple[float, float]]:
    return sorted(
        (round(x, 2), round(y or 0, 2)) for x, y in zip(series.x, series.values, strict=True)
    )


async def shown_alone(app: CockpitApp, pilot: Pilot[int], name: str) -> str:
    """Open the pane, show its chart alone (c) and return what the chart draws, as text."""
    await pilot.press(KEYS[name], "c")
    await pilot.pause()
    chart = widget(app, name)
    assert chart.display and not pane(app, name).table.display
    rendered = chart.render()
    assert isinstance(rendered, Text)
    return rendered.plain


async def test_tiers_scatter_is_in_percent_in_tier_order_with_outliers_named(
    tmp_path: Path,
) -> None:
    app = open_app(copy_of(CHARTS, tmp_path), tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        unmarked(app)
        chart = built(app, "tiers")
        # Activity ranks R1 1, R2 2, R6 3, R3 4, R4 5; attainment ranks R1 5, R6 4, R2 3, R3 2,
        # R4 1: d² = 16+1+1+4+16 = 38, ρ = 1 − 6·38/(5·24) = −0.90.
        assert chart.title == "Activity vs attainment · Spearman ρ -0.90, n = 5"
        series = chart.panels[0].series
        # Tier order, not alphabetical (at_risk would come first), each with its own glyph.
        assert [(s.label, s.glyph) for s in series] == [
            ("top", "▲"), ("core", "●"), ("developing", "◆"), ("at risk", "▼")
        ]  # fmt: skip
        # (activity ÷ median 250, won ÷ quota 100,000 in %): the table says 150%, not 1.5.
        assert points(series[0]) == [(0.4, 150.0), (1.0, 120.0)]
        assert points(series[1]) == [(0.8, 80.0)]
        assert points(series[3]) == [(1.6, 20.0)]
        panel = chart.panels[0]
        assert panel.y_label == "attainment %" and panel.y_unit == "%"
        # Named: the two activity/outcome flags (R1 over, R3 and R4 without) — R1 is also the
        # highest attainment and R4 the highest activity.
        assert {m.text for m in panel.marks} == {"Ann Lee", "Cy Diaz", "Di Evans"}
        assert [(r.axis, r.at) for r in panel.rules] == [("x", 1.0), ("y", 100.0)]
        drawn = await shown_alone(app, pilot, "tiers")
        assert "Ann Lee" in drawn and "150%" not in chart.title
        assert "▲ top  ● core  ◆ developing  ▼ at risk" in drawn


async def test_the_selected_rep_is_ringed_and_named_and_moves_with_highlight(
    tmp_path: Path,
) -> None:
    app = open_app(copy_of(CHARTS, tmp_path), tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        scatter = widget(app, "tiers")
        scatter.highlight("R2")  # Bo Chen: 80% at 0.80, not an outlier
        selected = by_label(built(app, "tiers"))["selected: Bo Chen"]
        assert selected.glyph == "◎" and points(selected) == [(0.8, 80.0)]
        assert "Bo Chen" in {m.text for m in built(app, "tiers").panels[0].marks}
        drawn = await shown_alone(app, pilot, "tiers")
        assert "◎ selected: Bo Chen" in drawn and "Bo Chen" in drawn.split("\n", 1)[1]
        scatter.highlight("R4")
        assert "selected: Di Evans" in by_label(built(app, "tiers"))
        assert "selected: Bo Chen" not in by_label(built(app, "tiers"))
        scatter.highlight(None)
        assert not any(s.glyph == "◎" for s in built(app, "tiers").panels[0].series)
        widget(app, "growth").highlight("R6")  # bars: the selected rep's name points
        assert built(app, "growth").panels[0].categories[0] == "▶ Fay Gold"


async def test_growth_bars_days_since_the_growth_talk_against_the_stale_threshold(
    tmp_path: Path,
) -> None:
    app = open_app(copy_of(CHARTS, tmp_path), tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        unmarked(app)
        chart = built(app, "growth")
        panel = chart.panels[0]
        # Top tier only (R1, R6), longest ago first. As of 2026-12-31: R6's talk on 2026-09-01
        # was 29 + 31 + 30 + 31 = 121 days ago, over 45 (stale); R1's on 2026-12-01, 30 days.
        assert panel.categories == ("Fay Gold", "Ann Lee")
        stale, fresh = panel.series
        assert (stale.label, stale.glyph, stale.values) == (
            "over 45 days (stale)",
            "█",
            (121, None),
        )
        assert (fresh.label, fresh.glyph, fresh.values) == ("within 45 days", "▒", (None, 30))
        assert stale.texts == ("121 d", "30 d")
        assert [(r.axis, r.at, r.label) for r in panel.rules] == [("x", 45, "stale after 45 days")]
        drawn = await shown_alone(app, pilot, "growth")
        assert "121 d" in drawn and "Fay Gold" in drawn and "│ stale after 45 days" in drawn


async def test_leads_shares_by_tier_and_the_whatif_per_rep(tmp_path: Path) -> None:
    app = open_app(copy_of(CHARTS, tmp_path), tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        unmarked(app)
        chart = built(app, "leads")
        shares, whatif = chart.panels
        assert shares.categories == ("top", "core", "developing", "at risk")
        leads, wins = shares.series
        # Company leads: top 5 + 5 = 10 of 50 = 20%, core 10 (20%), developing and at risk 15
        # (30%). Won deals: top 2 + 1 = 3 of 6 = 50%, each other tier 1 of 6 = 17%.
        assert leads.texts == ("20%", "20%", "30%", "30%")
        assert wins.texts == ("50%", "17%", "17%", "17%")
        assert [round(v or 0, 1) for v in wins.values] == [50.0, 16.7, 16.7, 16.7]
        today, after = whatif.series
        assert (today.glyph, after.glyph) == ("○", "●")
        frame = pane(app, "leads").frame
        assert frame is not None
        table = {r["name"]: (r["company_leads"], r["whatif_leads"]) for r in frame.to_dicts()}
        drawn = dict(
            zip(whatif.categories, zip(today.values, after.values, strict=True), strict=True)
        )
        assert drawn == table  # the chart shows the table's numbers, rep by rep
        assert {k: v[0] for k, v in drawn.items()} == {
            "Ann Lee": 5, "Fay Gold": 5, "Bo Chen": 10, "Cy Diaz": 15, "Di Evans": 15
        }  # fmt: skip
        assert sum(v or 0 for v in after.values) == 50  # leads are moved, never made
        changes = [
            abs((a or 0) - (t or 0)) for t, a in zip(today.values, after.values, strict=True)
        ]
        assert changes == sorted(changes, reverse=True)  # the biggest change first
        assert "% of company leads" in await shown_alone(app, pilot, "leads")


async def test_churn_puts_bookings_and_logo_churn_on_their_own_axes_alert_marked(
    tmp_path: Path,
) -> None:
    app = open_app(copy_of(CHARTS, tmp_path), tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        unmarked(app)
        money, lost = built(app, "churn").panels
        assert (money.title, money.x_unit, lost.title, lost.x_unit) == (
            "Bookings", "money", "Logo churn", "%"
        )  # fmt: skip
        # Alpha: 2 of 4 accounts churned = 50% ≥ 25%, a churn alert; bookings 75,000 × 2.
        # Beta: 0 of 4; bookings 120,000 + 80,000 + 50,000 + 20,000 = 270,000.
        assert money.categories == lost.categories == ("! Alpha", "Beta")
        alert, calm = money.series
        assert (alert.label, alert.values, calm.values) == (
            "churn alert", (150000.0, None), (None, 270000.0)
        )  # fmt: skip
        assert alert.texts == ("150,000", "270,000")
        assert lost.series[0].values == (50.0, None) and lost.series[1].values == (None, 0.0)
        assert lost.series[0].texts == ("50%", "0%")
        assert [(r.at, r.label) for r in lost.rules] == [(25.0, "churn alert from 25%")]
        drawn = await shown_alone(app, pilot, "churn")
        assert "50%" in drawn and "270,000" in drawn and "█ churn alert  ▒ no alert" in drawn


async def test_review_counts_items_by_pane_and_severity(tmp_path: Path) -> None:
    app = open_app(copy_of(CHARTS, tmp_path), tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        unmarked(app)
        chart = built(app, "review")
        # Tiers: outcome over activity (R1) and activity without outcome (R3: 1.20 ≥ 1.2 at
        # 50%; R4), medium. Growth: R6 a top rep 121 days from a growth talk, flight risk (high)
        # and stale (low); R2, R3, R4 have no plan (low). Churn: Alpha's alert (high).
        assert chart.panels[0].categories == ("Tiers", "Growth", "Leads", "Churn")
        high, medium, low = chart.panels[0].series
        assert high.values == (0, 1, 0, 1) and medium.values == (3, 0, 0, 0)
        assert low.values == (0, 4, 0, 0)
        assert chart.summary == (
            "Tiers: 3 medium", "Growth: 1 high, 4 low", "Leads: nothing flagged", "Churn: 1 high"
        )  # fmt: skip
        drawn = await shown_alone(app, pilot, "review")
        assert "1 high · 4 low" in drawn and "█ high  ▒ medium  ░ low" in drawn


async def test_too_small_for_a_plot_the_chart_says_its_finding_in_words(tmp_path: Path) -> None:
    app = open_app(copy_of(CHARTS, tmp_path), tmp_path)
    async with app.run_test(size=(34, 24)) as pilot:  # under the 36 columns a plot needs
        await ready(pilot)
        unmarked(app)
        drawn = await shown_alone(app, pilot, "churn")
        assert "Per segment: bookings beside logo churn" in drawn
        assert "█ Alpha: bookings 150,000, logo churn 50% — churn alert" in drawn
        assert "▒ Beta: bookings 270,000, logo churn 0%" in drawn
        assert "┤" not in drawn  # words, not a squashed plot
        drawn = await shown_alone(app, pilot, "growth")
        assert "█ Fay Gold: 121 days ago" in drawn and "▒ Ann Lee: 30 days ago" in drawn


async def test_no_color_tells_every_series_apart_by_glyph_and_label(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = open_app(copy_of(CHARTS, tmp_path), tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        unmarked(app)
        assert app.no_color  # colours are greys now: only glyphs and words tell series apart
        for name in KEYS:
            chart = built(app, name)
            glyphs = [glyph for glyph, _, _ in chart.legend]
            assert len(glyphs) == len(set(glyphs)), f"{name}: two series share a glyph"
            drawn = await shown_alone(app, pilot, name)
            for glyph, label, _ in chart.legend:
                assert f"{glyph} {label}" in drawn, f"{name}: {glyph} {label} not said"
            await pilot.press("c")


async def test_hostile_names_are_literal_chart_labels(tmp_path: Path) -> None:
    data = Path(copy_of(HOSTILE, tmp_path))
    # Every rep gets activities, so the scatter names outliers from the hostile names too.
    with (data / "reps.csv").open(encoding="utf-8", newline="") as handle:
        reps = [row["rep_id"] for row in csv.DictReader(handle)]
    rows = [f"{rep},2026-02-02,{5 + 3 * i},0,0" for i, rep in enumerate(reps)]
    (data / "activities.csv").write_text("rep_id,date,calls,emails,meetings\n" + "\n".join(rows))
    app = open_app(str(data), tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        unmarked(app)
        frame = pane(app, "growth").frame
        assert frame is not None
        top = frame.filter(frame["tier"] == "top")["name"].to_list()
        growth = built(app, "growth").panels[0]
        assert sorted(growth.categories) == sorted(safe_text(n, 16) for n in top)
        labels = [*growth.categories, *(m.text for m in built(app, "tiers").panels[0].marks)]
        labels += built(app, "churn").panels[0].categories
        for label in labels:
            assert not any(c in label for c in "\x1b\x07\u202e\t\n"), repr(label)
        assert "[/bold]" in growth.categories  # markup stays text
        drawn = await shown_alone(app, pilot, "growth")
        assert "[/bold]" in drawn and "\\x1b[31mRed" in drawn
        await shown_alone(app, pilot, "tiers")
        assert app.is_running
