"""The main screen: the five panes with their filter, sort, charts, copy, export and what-if.

The app loads the data and owns it (`ReviewState`); this screen shows it and holds the keys
that act on the pane in view. Keys that work on every screen (panes 1–5, notes, help, quit)
stay on the app.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, ClassVar, Protocol, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from cockpit.analytics.pane_specs import PANES, SPECS
from cockpit.errors import CockpitError
from cockpit.text import safe_text
from cockpit.ui.clipboard import fits_osc52, too_large_message
from cockpit.ui.messages import WhatIfReady
from cockpit.ui.screens.notes_desk import NOTE_BINDINGS

# Polars and the analytics load in the app's worker, after the frame is painted.
if TYPE_CHECKING:
    import polars as pl
    from textual.widgets import ContentSwitcher

    from cockpit.analytics.panes import Panes
    from cockpit.config import LeadSettings, Settings
    from cockpit.data.dataset import Dataset
    from cockpit.session import Request
    from cockpit.ui.screens.notes_desk import NotesDesk
    from cockpit.ui.widgets.pane_view import PaneView

NEEDS_DATA = {
    "note",
    "decide",
    "snooze_until",
    "undo",
    "reopen",
    "period",
    "team",
    "whatif",
    "chart",
    "filter",
    "sort",
    "copy",
    "export",
    "clear_filter",
}
WHATIF_HINT = "[ ] cap, ( ) floor share, f ramping floor, r ranking, { } prior"
PANE_KEYS = {
    "decide": "review",
    "snooze_until": "review",
    "undo": "review",
    "reopen": "review",
    "whatif": "leads",
}
"""Actions that belong to one pane: shown in its footer, and acting there only."""
GROWTH_ITEMS = ("stale", "no_plan", "flight_risk")
"""Review items a growth conversation answers: `n` on them records one about the rep."""


def tab_bar(current: str | None) -> Text:
    """The five panes with their keys; the open one bold, reversed and bracketed (so it shows
    without colour too)."""
    text = Text(" ")
    for spec in PANES:
        label = f"{spec.number} {spec.title}"
        if spec.name == current:
            text.append(f"[{label}]", style="bold reverse")
        else:
            text.append(f" {label} ")
        text.append(" ")
    return text


def pane_bindings(words: str) -> list[Binding]:
    """1–5, one binding a pane (ids `pane_tiers`…, for [keys]); `words` says what each does."""
    return [
        Binding(str(p.number), f"show_pane('{p.name}')", "Panes" if p.number == 1 else p.title,
                show=p.number == 1,
                id=f"pane_{p.name}", key_display="1-5" if p.number == 1 else None,
                tooltip=words.format(p.title))
        for p in PANES
    ]  # fmt: skip


class Decisions(Protocol):
    """The review decisions the main screen's keys ask for (the app's `Agenda`)."""

    def decide(self, item_id: str, status: str, until: date | None = None) -> None:
        """Mark an item; the cursor goes to the next open one."""

    def reopen(self, item_id: str) -> None:
        """Reopen an item."""

    def undo(self) -> None:
        """Take back the session's last decision."""


class ReviewState(Protocol):
    """What the main screen reads of the app: the loaded review, and its notes desk."""

    dataset: Dataset | None
    panes: Panes | None
    desk: NotesDesk
    agenda: Decisions
    request: Request | None
    settings: Settings | None

    def recompute(self, request: Request) -> object:
        """Compute the panes again for `request` (a worker)."""


class MainScreen(Screen[None]):
    """Header, status line, the five panes (mounted once the data is in), filter box, footer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # The pane keys, first in the footer; the app binds them too for the other screens.
        *pane_bindings("the {} pane"),
        *NOTE_BINDINGS,
        Binding("d", "decide('discussed')", "Discussed", show=True, id="discussed",
                tooltip="Review pane: mark the item discussed"),
        Binding("z", "decide('snoozed')", "Snooze", show=True, id="snooze",
                tooltip="Review pane: snooze the item for a week"),
        Binding("Z", "snooze_until", "Snooze until…", show=False, id="snooze_until",
                tooltip="Review pane: snooze the item until a date you type (or +14d)"),
        Binding("p", "period", "Period", id="period",
                tooltip="review another period: this or last quarter, QTD, YTD, or typed"),
        Binding("t", "team", "Team", show=False, id="team",
                tooltip="review one team (reps.team), or everyone"),
        Binding("u", "undo", "Undo", show=True, id="undo",
                tooltip="Review pane: take back this session's last decision"),
        Binding("o", "reopen", "Reopen", show=False, id="reopen",
                tooltip="Review pane: reopen the item (its decision no longer holds)"),
        Binding("slash", "filter", "Filter", id="filter",
                tooltip="filter the table: rows containing the typed text (esc clears)"),
        Binding("s", "sort", "Sort", show=False, id="sort",
                tooltip="sort by the column under the cursor (again: reverse)"),
        Binding("y", "copy(False)", "Copy", show=False, id="copy_row",
                tooltip="copy the row as TSV through the terminal (OSC 52, works over SSH)"),
        Binding("Y", "copy(True)", "Copy table", show=False, id="copy_table",
                tooltip="copy the whole table as TSV (OSC 52)"),
        Binding("e", "export", "Export", show=False, id="export",
                tooltip="export the rows shown to CSV in your private exports folder"),
        Binding("c", "chart", "Chart", show=False, id="chart",
                tooltip="show the pane's chart instead of its table, or back"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="clear_filter",
                tooltip="clear the table's filter"),
        Binding("right_square_bracket", "whatif('cap', 0.1)", "Cap +", show=True, id="cap_up",
                tooltip="Leads what-if: raise the per-rep cap by 0.1×"),
        Binding("left_square_bracket", "whatif('cap', -0.1)", "Cap −", show=True,
                id="cap_down", tooltip="Leads what-if: lower the per-rep cap by 0.1×"),
        Binding("f", "whatif('floor', 0)", "Floor", show=True, id="ramp_floor",
                tooltip="Leads what-if: ramping reps keep today's leads, or not"),
        Binding("right_parenthesis", "whatif('share', 0.1)", "Floor +", show=False,
                id="floor_up", tooltip="Leads what-if: reps keep 10 points more of today's"),
        Binding("left_parenthesis", "whatif('share', -0.1)", "Floor −", show=False,
                id="floor_down", tooltip="Leads what-if: reps keep 10 points less of today's"),
        Binding("r", "whatif('route', 0)", "Ranking", show=True, id="ranking",
                tooltip="Leads what-if: rank by revenue per lead, or conversion"),
        Binding("right_curly_bracket", "whatif('prior', 5)", "Prior +", show=False,
                id="prior_up", tooltip="Leads what-if: shrink small samples more (+5 leads)"),
        Binding("left_curly_bracket", "whatif('prior', -5)", "Prior −", show=False,
                id="prior_down", tooltip="Leads what-if: shrink small samples less (−5 leads)"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__(id="main-screen")
        self.lead_settings: LeadSettings | None = None
        """The what-if's knobs as the manager has set them (None until the data is in)."""
        self.preview: Text | None = None
        """The first screen as last computed, shown until the data is in (see ui/preview.py)."""
        self.pending_pane: str | None = None
        """A pane key typed while the data loads: opened when the panes are mounted."""
        self._unpainted: set[str] = set()
        """Panes out of view not painted yet since the data came in."""

    @property
    def review(self) -> ReviewState:
        """The app's loaded review."""
        return cast(ReviewState, self.app)

    def compose(self) -> ComposeResult:
        """Header, status line, the panes' place, filter box, footer."""
        yield Header()
        yield Static(tab_bar(None), id="tabs")
        with VerticalScroll(id="status-box", can_focus=False):
            yield Static(Text("Loading data…"), id="status")
        with Container(id="main"):
            if self.preview is not None:
                yield Static(self.preview, id="preview", markup=False)
        # Disabled until used, so it never takes the focus (or the keys) while data loads.
        yield Input(placeholder="filter (esc clears)", id="filter", disabled=True)
        # The palette (ctrl+p) is listed in help: the footer's width goes to the pane's keys.
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        """The filter box shows only while a filter is typed or set."""
        self.query_one("#filter", Input).display = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Table actions need the data: shown greyed until it is in. A pane's own keys (the
        review decisions, the what-if knobs) show in the footer on that pane only."""
        home = PANE_KEYS.get(action)
        if home is not None:
            return self._pane_in_view() == home
        if action in NEEDS_DATA and self.review.panes is None:
            return None
        return True

    def show_status(self, text: Text) -> None:
        """Replace the status line (loading steps, data as of, or why the data is unusable)."""
        self.query_one("#status", Static).update(text)

    def show_failure(self, text: Text) -> None:
        """Why the data gives no review, with the check report: the whole screen, scrolled
        with the arrows and page keys (at 80×24 the reasons run below the fold)."""
        self.show_status(text)
        self.add_class("failed")
        box = self.query_one("#status-box", VerticalScroll)
        box.can_focus = True
        box.focus()

    async def build_panes(self) -> ContentSwitcher:
        """Mount the five panes, hidden until the data is in (once): built while the worker
        reads and computes, they cost nothing when the data arrives."""
        from textual.widgets import ContentSwitcher

        # Called once the worker has imported Polars: only the widgets' own modules load here.
        from cockpit.ui.widgets.pane_view import PaneView

        built = next(self.query("#panes").results(ContentSwitcher), None)
        if built is not None:
            return built
        switcher = ContentSwitcher(*(PaneView(spec.name) for spec in PANES), id="panes")
        switcher.display = False  # takes no room from the preview meanwhile
        await self.query_one("#main", Container).mount(switcher)
        return switcher

    async def mount_panes(self, lead_settings: LeadSettings) -> None:
        """Show the panes in place of the preview: the pane in view painted now, the others
        right after the screen shows it (`paint_hidden_panes`)."""
        self.lead_settings = lead_settings
        switcher = await self.build_panes()
        first = self._first_pane()
        self._unpainted = {spec.name for spec in PANES}
        self.repaint(first)
        await self.query("#preview").remove()
        switcher.current = f"pane-{first}"
        switcher.display = True
        if self.pending_pane is not None:  # typed while loading (or while mounting)
            self.show_pane(self.pending_pane)
            self.pending_pane = None
        self.current().table.focus()
        self._pane_shown()

    def paint_hidden_panes(self) -> None:
        """Paint the panes not painted yet (out of view since the data came in)."""
        for spec in PANES:
            if spec.name in self._unpainted:
                self.repaint(spec.name)

    def painted(self, pane: str) -> PaneView:
        """The pane's view, painted from the current panes if it was still waiting to be."""
        from cockpit.ui.widgets.pane_view import PaneView

        if pane in self._unpainted:
            self.repaint(pane)
        return self.query_one(f"#pane-{pane}", PaneView)

    def _first_pane(self) -> str:
        """Tiers, unless it has no rows and another pane has (a churn-only data set)."""
        panes = self.review.panes
        assert panes is not None
        with_rows = [s.name for s in PANES if (f := s.frame(panes)) is not None and f.height > 0]
        return "tiers" if "tiers" in with_rows or not with_rows else with_rows[0]

    def _pane_in_view(self) -> str | None:
        """The open pane's name; None before the panes are mounted (or while they switch)."""
        from textual.widgets import ContentSwitcher

        switchers = self.query("#panes").results(ContentSwitcher)
        switcher = next(switchers, None)
        current = switcher.current if switcher is not None else None
        return current.removeprefix("pane-") if current else None

    def current(self) -> PaneView:
        """The pane in view."""
        from textual.widgets import ContentSwitcher

        from cockpit.ui.widgets.pane_view import PaneView

        switcher = self.query_one("#panes", ContentSwitcher)
        return self.query_one(f"#{switcher.current}", PaneView)

    def repaint(self, pane: str) -> None:
        """Paint one pane from the review's panes: table, insight, missing data, chart."""
        from cockpit.ui.widgets.pane_view import PaneView

        panes = self.review.panes
        assert panes is not None
        view = self.query_one(f"#pane-{pane}", PaneView)
        spec = SPECS[pane]
        view.show(spec.frame(panes), spec.insight(panes), self._pane_notes(pane))
        view.draw_chart(panes)
        self._unpainted.discard(pane)

    def _pane_notes(self, pane: str) -> list[str]:
        """What the pane says under its insight: data it misses, warnings, and on Leads the
        what-if's settings with their keys (visible before any key is pressed)."""
        panes = self.review.panes
        assert panes is not None
        notes = [*panes.missing.get(pane, []), *panes.warnings]
        settings = self.lead_settings or (self.review.settings and self.review.settings.leads)
        if pane == "leads" and settings:
            notes.append(f"{whatif_knobs(settings)}  ({WHATIF_HINT})")
        return notes

    def show_pane(self, pane: str) -> None:
        """Switch to a pane; its cursor, sort and filter are as left. Typed while the data
        loads, the pane opens as soon as it is in (type-ahead is kept, not dropped)."""
        if self.review.panes is None or not self.query("#panes"):
            self.pending_pane = pane
            title = SPECS[pane].title
            self.app.notify(f"{title} opens when the data is in.", timeout=2)
            return
        self.painted(pane)
        self.query_one("#panes").current = f"pane-{pane}"  # type: ignore[attr-defined]
        self.current().table.focus()
        self._sync_filter_box()
        self._pane_shown()

    def _pane_shown(self) -> None:
        """The tab bar marks the open pane; the footer shows that pane's own keys."""
        self.query_one("#tabs", Static).update(tab_bar(self.current().pane))
        self.refresh_bindings()

    def action_show_pane(self, pane: str) -> None:
        """1–5: switch to a pane."""
        self.show_pane(pane)

    def action_note(self, kind: str) -> None:
        """n / a: write about the row under the cursor (on Growth, a growth conversation)."""
        row = self.current().selected_row() if self.review.panes is not None else None
        if row is None:
            self.review.desk.write_about(None, "", kind)
            return
        spec = SPECS[self.current().pane]
        subject = spec.item(row)
        if kind == "note" and spec.name == "growth":
            kind = "growth"
        if kind == "note" and spec.name == "review" and row.get("kind") in GROWTH_ITEMS:
            # A note on a growth item is the growth conversation itself, about the rep.
            subject, kind = spec.subject(row), "growth"
        self.review.desk.write_about(subject.key, str(row[spec.label_column]), kind)

    def action_decide(self, status: str) -> None:
        """d / z on the Review pane: mark the item discussed, or snooze it for a week; the
        cursor goes to the next open item."""
        item = self._review_item()
        if item is not None:
            self.review.agenda.decide(item, status)

    def action_snooze_until(self) -> None:
        """Z on the Review pane: snooze the item until a typed date."""
        from cockpit.ui.screens.snooze import SnoozeScreen

        item = self._review_item()
        if item is not None:
            self.app.push_screen(SnoozeScreen(date.today()), partial(self._snooze, item))

    def _snooze(self, item: str, until: date | None) -> None:
        if until is not None:
            self.review.agenda.decide(item, "snoozed", until)

    def action_period(self) -> None:
        """p: choose another review period; every pane recomputes."""
        from cockpit.ui.screens.scope import PeriodScreen

        panes, request = self.review.panes, self.review.request
        if panes is not None and request is not None:
            self.app.push_screen(PeriodScreen(panes.period.label()), self._period_chosen)

    def _period_chosen(self, spec: str | None) -> None:
        request = self.review.request
        if spec is not None and request is not None:
            self.app.notify(f"Computing the panes for {safe_text(spec, 60)}…", timeout=2)
            self.review.recompute(replace(request, period=spec))

    def action_team(self) -> None:
        """t: review one team, or everyone; every pane recomputes."""
        from cockpit.analytics.teams import teams
        from cockpit.ui.screens.scope import TeamScreen

        dataset, request = self.review.dataset, self.review.request
        reps = dataset.lazy("reps") if dataset is not None else None
        if request is not None:
            named = teams(reps) if reps is not None else []
            self.app.push_screen(TeamScreen(named, request.team), self._team_chosen)

    def _team_chosen(self, team: str | None) -> None:
        from cockpit.ui.screens.scope import EVERYONE

        request = self.review.request
        if team is not None and request is not None:
            self.review.recompute(replace(request, team=None if team == EVERYONE else team))

    def action_undo(self) -> None:
        """u: take back this session's last review decision."""
        self.review.agenda.undo()

    def action_reopen(self) -> None:
        """o on the Review pane: reopen the item under the cursor."""
        item = self._review_item()
        if item is not None:
            self.review.agenda.reopen(item)

    def _review_item(self) -> str | None:
        """The review item under the cursor; None (and said) elsewhere."""
        view = self.current()
        row = view.selected_row()
        if view.pane != "review" or row is None:
            self.app.notify("Select a review item first (pane 5).", severity="warning")
            return None
        return str(row["item_id"])

    def action_chart(self) -> None:
        """c: show the chart instead of the table (narrow terminals), or back."""
        view = self.current()
        view.toggle_class("chart-only")
        if not view.has_class("chart-only"):
            view.table.focus()  # back to the table: enter, j and k act on it again

    def action_filter(self) -> None:
        """Open the filter box for the current table."""
        box = self.query_one("#filter", Input)
        box.disabled = False
        box.display = True
        box.value = self.current().state.filter_text
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self.review.panes is not None:
            self.current().set_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.current().table.focus()

    def action_clear_filter(self) -> None:
        """esc: clear the current table's filter."""
        self.current().set_filter("")
        self._sync_filter_box()
        self.current().table.focus()

    def _sync_filter_box(self) -> None:
        box = self.query_one("#filter", Input)
        text = self.current().state.filter_text
        with box.prevent(Input.Changed):
            box.value = text
        box.display = bool(text)
        box.disabled = not text

    def action_sort(self) -> None:
        """Sort by the column under the cursor."""
        self.current().sort_by_cursor()

    def action_whatif(self, knob: str, step: float) -> None:
        """Leads pane: change cap, ramp floor or prior strength and recompute in a worker."""
        panes, s = self.review.panes, self.lead_settings
        if panes is None or panes.leads is None or s is None:
            return
        if knob == "cap":
            s = s.model_copy(update={"cap_multiple": max(1.0, round(s.cap_multiple + step, 2))})
        elif knob == "prior":
            s = s.model_copy(update={"prior_strength": max(0.0, s.prior_strength + step)})
        elif knob == "share":
            share = min(1.0, max(0.0, round(s.floor_share + step, 2)))
            s = s.model_copy(update={"floor_share": share})
        elif knob == "route":
            other = "conversion" if s.route_by == "revenue" else "revenue"
            s = s.model_copy(update={"route_by": other})
        else:
            s = s.model_copy(update={"protect_ramping": not s.protect_ramping})
        self.lead_settings = s
        self.show_pane("leads")
        self.recompute_whatif(s)

    @work(thread=True, exclusive=True, group="whatif")
    def recompute_whatif(self, settings: LeadSettings) -> None:
        """The what-if with new settings, computed off the UI thread."""
        dataset, panes, config = self.review.dataset, self.review.panes, self.review.settings
        assert dataset is not None and panes is not None and config is not None
        from cockpit.analytics.leads import allocation_table, project
        from cockpit.session import whatif_tables

        # The panes' team and currency: the raw tables would mix other teams and currencies.
        tables = whatif_tables(dataset, config, panes.period, panes.team)
        leads, deals = tables.get("leads"), tables["deals"]
        assert leads is not None
        table = allocation_table(panes.tiers, leads, deals, panes.period, settings)
        self.post_message(WhatIfReady(table, project(table), settings))

    @on(WhatIfReady)
    def _paint_whatif(self, message: WhatIfReady) -> None:
        panes = self.review.panes
        if panes is None or message.settings != self.lead_settings:
            return  # a newer request is on its way
        leads = with_changes_column(message.leads, panes.leads)
        panes = replace(panes, leads=leads, projection=message.projection)
        self.review.panes = panes
        from cockpit.ui.widgets.pane_view import PaneView

        view = self.query_one("#pane-leads", PaneView)
        view.show(leads, SPECS["leads"].insight(panes), self._pane_notes("leads"))
        view.draw_chart(panes)

    def action_copy(self, whole_table: bool) -> None:
        """Copy the row or table as TSV through the terminal (OSC 52), if terminals take it."""
        text = self.current().as_tsv(whole_table)
        what = "table" if whole_table else "row"
        if not fits_osc52(text):
            self.app.notify(too_large_message(text, what), severity="warning", timeout=10)
            return
        self.app.copy_to_clipboard(text)
        self.app.notify(
            f"Sent the {what} ({len(text):,} characters) to the terminal's clipboard (OSC 52); "
            "? says what tmux needs if it does not arrive."
        )

    def action_export(self) -> None:
        """Export the current pane's shown rows as CSV into the user's private exports folder."""
        view, panes = self.current(), self.review.panes
        if panes is None:
            return
        import polars as pl

        from cockpit.report.panes import csv_value, output_columns, pane_rows

        key = SPECS[view.pane].key_column
        shown = set(view.view[key].cast(pl.String).to_list())
        compared = view.frame is not None and "changes" in view.frame.columns
        columns = output_columns(view.pane, compared)
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for row in pane_rows(panes, view.pane, compared):
            if str(row.get(key)) in shown:
                writer.writerow([csv_value(row[c]) for c in columns])
        name = f"cockpit-{view.pane}-{panes.period.as_of}.csv"
        self._write_export(name, buffer.getvalue().encode("utf-8"), len(shown))

    @work(thread=True, group="export")
    def _write_export(self, name: str, content: bytes, rows: int) -> None:
        """Write the export off the UI thread; a folder that cannot be written is a notice."""
        from cockpit.paths import exports_dir
        from cockpit.private_files import private_folder, write_new_file

        try:
            folder = exports_dir()
            private_folder(folder.parent)  # the user's cockpit data dir holds notes too
            path = write_new_file(private_folder(folder), name, content)
        except (OSError, CockpitError) as exc:
            self.app.notify(f"Not exported: {safe_text(exc, 300)}", severity="error", timeout=10)
            return
        self.app.notify(f"Exported {rows:,} rows to {safe_text(path)}")


def with_changes_column(
    leads: pl.DataFrame | None, compared: pl.DataFrame | None
) -> pl.DataFrame | None:
    """The leads table (what-if knobs as set) with the compared table's `changes` column."""
    if leads is None or compared is None or "changes" not in compared.columns:
        return leads
    return leads.drop("changes", strict=False).join(
        compared.select("rep_id", "changes"), on="rep_id", how="left", maintain_order="left"
    )


def whatif_knobs(s: LeadSettings) -> str:
    """The what-if's settings in one line: `What-if: cap 1.5× · keep 50% · ramping keep all ·
    by revenue per lead · prior 20 leads`."""
    ranking = "revenue per lead" if s.route_by == "revenue" else "conversion"
    return (
        f"What-if: cap {s.cap_multiple:g}× · keep {s.floor_share:.0%} · ramping keep "
        f"{'all' if s.protect_ramping else 'no floor'} · by {ranking} · prior "
        f"{s.prior_strength:g} leads"
    )
