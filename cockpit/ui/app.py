"""The cockpit Textual app: five panes, drill-downs, keyboard triage. Wires screens and keys."""

from __future__ import annotations

import csv
import io
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.notifications import SeverityLevel
from textual.widgets import Footer, Header, Input, Static

from cockpit.analytics.pane_specs import PANE_NAMES, PANES, SPECS, Subject
from cockpit.errors import CockpitError
from cockpit.text import safe_text
from cockpit.ui.clipboard import fits_osc52, too_large_message
from cockpit.ui.commands import JumpCommands
from cockpit.ui.messages import (
    ChangesReady,
    DataReady,
    Drill,
    LoadFailed,
    LoadProgress,
    RowRested,
    WhatIfReady,
)
from cockpit.ui.notes_actions import NotesActions
from cockpit.ui.options import UiOptions
from cockpit.ui.screens.confirm import ConfirmQuitScreen
from cockpit.ui.screens.help import HelpScreen, report_command
from cockpit.ui.source import Source

# Polars, pydantic and the analytics load in the worker, after the frame is painted: they cost
# about a second of imports, and the user should see the cockpit at once.
if TYPE_CHECKING:
    from textual.timer import Timer

    from cockpit.analytics.panes import Panes
    from cockpit.config import LeadSettings, Settings
    from cockpit.data.dataset import Dataset
    from cockpit.session import Review
    from cockpit.ui.records import RecordsAhead
    from cockpit.ui.screens.detail import RepScreen
    from cockpit.ui.widgets.frame_table import FrameTable
    from cockpit.ui.widgets.pane_view import PaneView

EXIT_INTERRUPTED = 130
WIDE = 140
NEEDS_DATA = {"show_pane", "whatif", "note", "decide", "move", "scroll", "edge"}
MAIN_SCREEN_ONLY = {"chart", "filter", "sort", "copy", "export", "clear_filter", "quit"}


class CockpitApp(NotesActions):
    """cockpit: the frame paints at once; a worker loads data and computes the panes."""

    CSS_PATH = "app.tcss"
    TITLE = "cockpit"
    COMMANDS = App.COMMANDS | {JumpCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(str(p.number), f"show_pane('{p.name}')", p.title, show=p.number == 1,
                    id=f"pane_{p.name}", key_display="1-5" if p.number == 1 else None)
            for p in PANES
        ),
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("s", "sort", "Sort", id="sort"),
        Binding("y", "copy(False)", "Copy", id="copy_row"),
        Binding("Y", "copy(True)", "Copy table", show=False, id="copy_table"),
        Binding("e", "export", "Export", show=False, id="export"),
        Binding("c", "chart", "Chart", show=False, id="chart"),
        Binding("n", "note('note')", "Note", show=False, id="note"),
        Binding("a", "note('action')", "Action item", show=False, id="action_item"),
        Binding("d", "decide('discussed')", "Discussed", show=False, id="discussed"),
        Binding("z", "decide('snoozed')", "Snooze 7 days", show=False, id="snooze"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="clear_filter"),
        Binding("right_square_bracket", "whatif('cap', 0.1)", "Cap +", show=False, id="cap_up"),
        Binding("left_square_bracket", "whatif('cap', -0.1)", "Cap −", show=False, id="cap_down"),
        Binding("f", "whatif('floor', 0)", "Ramp floor", show=False, id="ramp_floor"),
        Binding("right_curly_bracket", "whatif('prior', 5)", "Prior +", show=False, id="prior_up"),
        Binding("left_curly_bracket", "whatif('prior', -5)", "Prior −", show=False,
                id="prior_down"),
        Binding("j", "move(1)", show=False, id="down"),
        Binding("k", "move(-1)", show=False, id="up"),
        Binding("h", "scroll(-1)", show=False, id="left"),
        Binding("l", "scroll(1)", show=False, id="right"),
        Binding("g", "edge(False)", show=False, id="first"),
        Binding("G", "edge(True)", show=False, id="last"),
    ]  # fmt: skip

    def __init__(self, source: Source, options: UiOptions | None = None) -> None:
        super().__init__()
        self.source = source
        self.options = options or UiOptions()
        self.dataset: Dataset | None = None
        self.panes: Panes | None = None
        self.settings: Settings | None = None
        self.lead_settings: LeadSettings | None = None
        self.workspace: Path | None = None
        self.status_line = ""
        self._step: str | None = None
        self._step_started = 0.0
        self._ticker: Timer | None = None
        self._first_screen_key: str | None = None
        self._reused_rep_screen: RepScreen | None = None
        self._records: RecordsAhead | None = None

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification as literal text: they carry names, subjects and paths from data."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def compose(self) -> ComposeResult:
        """Header, status line, the five panes, filter box, footer."""
        yield Header()
        yield Static(Text("Loading data…"), id="status")
        yield Container(id="main")
        # Disabled until used, so it never takes the focus (or the keys) while data loads.
        yield Input(placeholder="filter (esc clears)", id="filter", disabled=True)
        yield Footer()

    def on_mount(self) -> None:
        """Start loading in a thread; the panes are mounted when the data is there."""
        self.query_one("#filter", Input).display = False
        self._show_preview()
        self.sub_title = "loading…"
        # Start after the first paint: the worker's imports would otherwise hold the GIL first.
        self.call_after_refresh(self.load)

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Load and compute off the UI thread, and wait for it only while the app runs."""
        from textual.worker import get_current_worker

        worker = get_current_worker()
        done = threading.Event()
        # Polars cannot be interrupted inside a large read; in a daemon thread, quitting the app
        # during a minutes-long load exits at once instead of waiting for the read to end.
        threading.Thread(target=self._load_and_post, args=(done,), daemon=True).start()
        while not done.wait(0.1):
            if worker.is_cancelled:
                return

    def _load_and_post(self, done: threading.Event) -> None:
        """Read, check, compute; post the results, then last week's changes (a daemon thread)."""
        try:
            self.post_message(LoadProgress("Reading and checking the data (1/2)…"))
            from cockpit import session
            from cockpit.config import read_settings
            from cockpit.report.check import render_check

            # Imported here, off the UI thread, so mounting the panes later costs nothing.
            from cockpit.ui.widgets.pane_view import PaneView  # noqa: F401

            src = self.source
            settings = src.settings or read_settings(None)
            pinned = src.snapshot or session.pin(src.data, src.mapping)
            request = session.Request(
                src.data, src.mapping, src.period, src.notes, pinned, src.storage_options
            )
            dataset = session.open_source(request, self._post_step)
            if not dataset.usable:
                self.post_message(LoadFailed("The data is not usable.", render_check(dataset)))
                return
            self.post_message(LoadProgress(f"Computing the five panes (2/2) for {dataset.source}…"))
            review = session.review_of(dataset, request, settings)
            self.workspace = review.workspace
            banner = pinned.banner() if pinned else None
            self.post_message(DataReady(dataset, review.panes, review.unreadable, settings, banner))
            self._compare(review)
            # Drill-downs gather a rep's rows from an index, built here rather than on enter.
            for table in ("deals", "leads", "accounts"):
                dataset.warm_index(table, "rep_id")
            self._finish(dataset)
        except CockpitError as exc:
            self.post_message(LoadFailed(str(exc)))
        except Exception as exc:  # a bug: said on screen, not lost in a thread's stderr
            name = type(exc).__name__
            self.post_message(LoadFailed(f"Internal error while loading ({name}: {exc})."))
        finally:
            done.set()

    def _finish(self, dataset: Dataset) -> None:
        """Write a first open's validated copy, now that the panes show (in the worker).

        The panes are on screen by now: a failure here only makes the next open slower, so it
        is said in a notification, not in place of the panes.
        """
        try:
            dataset.finish()
        except Exception as exc:
            why = safe_text(f"{type(exc).__name__}: {exc}", 160)
            self.notify(f"No copy kept for the next open ({why}).", severity="warning")

    def _post_step(self, step: str) -> None:
        """Tell the status line which file the loader is on (called from the worker)."""
        self.post_message(LoadProgress(f"{step} (1/2)"))

    def _compare(self, review: Review) -> None:
        """Week over week (in the loading worker): the panes with changes since last snapshot."""
        from cockpit import session

        if review.request.pinned is None:
            return
        comparison = session.compare(review)
        if comparison.previous is not None:
            self.post_message(ChangesReady(comparison.panes, comparison.previous))

    @on(LoadProgress)
    def _progress(self, message: LoadProgress) -> None:
        self._step, self._step_started = message.step, time.monotonic()
        if self._ticker is None:
            # A large file can take minutes: a ticking clock shows the load is alive.
            self._ticker = self.set_interval(1.0, self._show_step)
        self._show_step()

    def _show_step(self) -> None:
        """The current loading step and how long it has taken so far."""
        if self.panes is not None or self._step is None:
            if self._ticker is not None:
                self._ticker.stop()
            return
        elapsed = int(time.monotonic() - self._step_started)
        shown = self._step + (f" {elapsed} s" if elapsed else "")
        self.query_one("#status", Static).update(Text(safe_text(shown, 200)))

    @on(DataReady)
    async def _paint(self, message: DataReady) -> None:
        from textual.widgets import ContentSwitcher

        from cockpit.ui.records import RecordsAhead
        from cockpit.ui.widgets.pane_view import PaneView

        self.settings, self.lead_settings = message.settings, message.settings.leads
        if message.settings.keys:
            self.set_keymap(message.settings.keys)
        switcher = ContentSwitcher(
            *(PaneView(p.name) for p in PANES), initial="pane-tiers", id="panes"
        )
        await self.query("#preview").remove()
        await self.query_one("#main", Container).mount(switcher)
        self.dataset, self.panes = message.dataset, message.panes
        self._records = RecordsAhead(message.dataset)
        self.sub_title = safe_text(
            f"{Path(message.dataset.source).name} · {message.panes.period.label()}", 80
        )
        aside = sum(s.rows_set_aside for s in message.dataset.summaries.values())
        status = "Data as of " + str(message.panes.period.as_of)
        if message.banner:
            status = safe_text(message.banner[:1].upper() + message.banner[1:], 120)
        if message.dataset.error_count:
            rows = "row" if aside == 1 else "rows"
            status += f" · {aside:,} {rows} set aside (cockpit check lists them)"
        self.status_line = status
        self.query_one("#status", Static).update(Text(status))
        for problem in message.unreadable:
            self.notify(f"Notes file skipped: {safe_text(problem, 200)}", severity="warning")
        for pane in PANE_NAMES:
            self._repaint(pane)
        self._current().table.focus()
        self._keep_preview()
        self.call_after_refresh(self._build_rep_screen)

    def _preview_key(self) -> str | None:
        """The first screen's key, stamped once at start (what was loaded is what is kept)."""
        from cockpit.firstscreen import preview_key

        if self._first_screen_key is None:
            src = self.source
            self._first_screen_key = preview_key(src.data, src.mapping, src.period, src.config)
        return self._first_screen_key

    def _show_preview(self) -> None:
        """The Tiers table as last computed for unchanged data and settings, until it loads."""
        from cockpit.firstscreen import read_preview
        from cockpit.ui.preview import preview_text

        stored = read_preview(self._preview_key())
        if stored is not None:
            shown = Static(preview_text(stored), id="preview", markup=False)
            self.query_one("#main", Container).mount(shown)

    def _keep_preview(self) -> None:
        """Store the Tiers table's first rows, as shown, for the next start."""
        from cockpit.firstscreen import ROWS as PREVIEW_ROWS
        from cockpit.firstscreen import write_preview
        from cockpit.ui.widgets.pane_view import PaneView

        table = self.query_one("#pane-tiers", PaneView).table
        rows = [table.cells(row) for row in range(min(table.row_count, PREVIEW_ROWS))]
        right = [column.numeric for column in table.columns]
        write_preview(self._preview_key(), table.labels, rows, right)

    @on(ChangesReady)
    def _paint_changes(self, message: ChangesReady) -> None:
        """Show the `changes` columns, keeping this session's review decisions and what-if."""
        if self.panes is None:
            return
        from cockpit.analytics.review import apply_decisions

        compared = message.panes
        decided = dict(zip(self.panes.review["item_id"], self.panes.review["status"], strict=True))
        compared.review = apply_decisions(compared.review, decided)
        compared.leads = self._leads_with_changes(self.panes.leads, compared.leads)
        compared.projection = self.panes.projection
        self.panes = compared
        self.status_line += f" · changes since snapshot {safe_text(message.since, 40)}"
        self.query_one("#status", Static).update(Text(self.status_line))
        for pane in PANE_NAMES:
            self._repaint(pane)

    @staticmethod
    def _leads_with_changes(leads: Any, compared: Any) -> Any:
        """The shown leads table (what-if knobs as set) with the compared `changes` column."""
        if leads is None or compared is None or "changes" not in compared.columns:
            return leads
        return leads.drop("changes", strict=False).join(
            compared.select("rep_id", "changes"), on="rep_id", how="left", maintain_order="left"
        )

    def _repaint(self, pane: str) -> None:
        """Paint one pane from the current panes: table, insight, missing data, chart."""
        assert self.panes is not None
        from cockpit.analytics.insights import INSIGHTS

        view: Any = self.query_one(f"#pane-{pane}")
        missing = self.panes.missing.get(pane, [])
        view.show(getattr(self.panes, pane), INSIGHTS[pane](self.panes), missing)
        view.draw_chart(self.panes)

    @on(LoadFailed)
    def _failed(self, message: LoadFailed) -> None:
        # The loading clock stops, or its next tick would write the last step over the reason.
        self._step = None
        self.sub_title = "no data"
        text = Text(safe_text(message.message) + "\n\n")
        text.append("\n".join(safe_text(line) for line in message.report.splitlines()))
        self.query_one("#status", Static).update(text)

    def on_resize(self) -> None:
        """Side panels (charts) beside the tables from 140 columns; one thing at a time below."""
        self.set_class(self.size.width >= WIDE, "wide")

    def action_chart(self) -> None:
        """c: show the chart instead of the table (narrow terminals), or back."""
        self._current().toggle_class("chart-only")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Table actions need the data and the main screen; elsewhere they are hidden."""
        if action in MAIN_SCREEN_ONLY | NEEDS_DATA and self.panes is None:
            return True if action == "quit" else None  # shown greyed until the data is in
        return not (action in MAIN_SCREEN_ONLY and len(self.screen_stack) > 1)

    def _current(self) -> PaneView:
        from textual.widgets import ContentSwitcher

        from cockpit.ui.widgets.pane_view import PaneView

        switcher = self.query_one("#panes", ContentSwitcher)
        return self.query_one(f"#{switcher.current}", PaneView)

    def action_show_pane(self, pane: str) -> None:
        """Switch to a pane (from any screen); its cursor, sort and filter are as left."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.query_one("#panes").current = f"pane-{pane}"  # type: ignore[attr-defined]
        self._current().table.focus()
        self._sync_filter_box()

    def action_filter(self) -> None:
        """Open the filter box for the current table."""
        box = self.query_one("#filter", Input)
        box.disabled = False
        box.display = True
        box.value = self._current().state.filter_text
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self.panes is not None:
            self._current().set_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self._current().table.focus()

    def action_clear_filter(self) -> None:
        """esc: clear the current table's filter."""
        self._current().set_filter("")
        self._sync_filter_box()
        self._current().table.focus()

    def _sync_filter_box(self) -> None:
        box = self.query_one("#filter", Input)
        text = self._current().state.filter_text
        with box.prevent(Input.Changed):
            box.value = text
        box.display = bool(text)
        box.disabled = not text

    def action_whatif(self, knob: str, step: float) -> None:
        """Leads pane: change cap, ramp floor or prior strength and recompute in a worker."""
        if self.panes is None or self.panes.leads is None or self.lead_settings is None:
            return
        s = self.lead_settings
        if knob == "cap":
            s = s.model_copy(update={"cap_multiple": max(1.0, round(s.cap_multiple + step, 2))})
        elif knob == "prior":
            s = s.model_copy(update={"prior_strength": max(0.0, s.prior_strength + step)})
        else:
            s = s.model_copy(update={"protect_ramping": not s.protect_ramping})
        self.lead_settings = s
        self.action_show_pane("leads")
        self.recompute_whatif(s)

    @work(thread=True, exclusive=True, group="whatif")
    def recompute_whatif(self, settings: LeadSettings) -> None:
        """The what-if with new settings, computed off the UI thread."""
        assert self.dataset is not None and self.panes is not None
        leads, deals = self.dataset.lazy("leads"), self.dataset.lazy("deals")
        assert leads is not None and deals is not None
        from cockpit.analytics.leads import allocation_table, project

        table = allocation_table(self.panes.tiers, leads, deals, self.panes.period, settings)
        self.post_message(WhatIfReady(table, project(table), settings))

    @on(WhatIfReady)
    def _paint_whatif(self, message: WhatIfReady) -> None:
        if self.panes is None or message.settings != self.lead_settings:
            return  # a newer request is on its way
        leads = self._leads_with_changes(message.leads, self.panes.leads)
        self.panes.leads, self.panes.projection = leads, message.projection
        s = message.settings
        knobs = (
            f"What-if: cap {s.cap_multiple:g}× · ramp floor {'on' if s.protect_ramping else 'off'}"
            f" · prior {s.prior_strength:g} leads  ([ ] cap, f floor, {{ }} prior)"
        )
        from cockpit.analytics.insights import INSIGHTS

        view: Any = self.query_one("#pane-leads")
        view.show(leads, INSIGHTS["leads"](self.panes), [knobs])
        view.draw_chart(self.panes)

    def action_sort(self) -> None:
        """Sort by the column under the cursor."""
        self._current().sort_by_cursor()

    def _table(self) -> FrameTable | None:
        from cockpit.ui.widgets.frame_table import FrameTable  # Polars: loaded after first paint

        focused = self.focused
        return focused if isinstance(focused, FrameTable) else None

    def action_move(self, step: int) -> None:
        """j / k: one row down or up."""
        if table := self._table():
            table.move_cursor(row=table.cursor_row + step)

    def action_scroll(self, step: int) -> None:
        """h / l: one column left or right."""
        if table := self._table():
            table.move_cursor(column=table.cursor_column + step)

    def action_edge(self, last: bool) -> None:
        """g / G: first or last row."""
        if table := self._table():
            table.move_cursor(row=table.row_count - 1 if last else 0)

    def action_help(self) -> None:
        """Show every key."""
        self.push_screen(HelpScreen(report_command(self.source)))

    async def action_quit(self) -> None:
        """q / ctrl+q: quit, after a y/n question when confirm-quit is on."""
        if self.options.confirm_quit and len(self.screen_stack) == 1:
            self._ask_to_quit()
        else:
            self.exit()

    def action_help_quit(self) -> None:
        """ctrl+c: asks to quit when confirm-quit is on; else quits with 130, as every command."""
        if self.options.confirm_quit and len(self.screen_stack) == 1:
            self._ask_to_quit()
        else:
            self.exit(return_code=EXIT_INTERRUPTED)

    def _ask_to_quit(self) -> None:
        def quit_if(answer: bool | None) -> None:
            if answer:
                self.exit()

        self.push_screen(ConfirmQuitScreen(), callback=quit_if)

    def action_copy(self, whole_table: bool) -> None:
        """Copy the row or table as TSV through the terminal (OSC 52), if terminals take it."""
        text = self._current().as_tsv(whole_table)
        what = "table" if whole_table else "row"
        if not fits_osc52(text):
            self.notify(too_large_message(text, what), severity="warning", timeout=10)
            return
        self.copy_to_clipboard(text)
        self.notify(f"Copied the {what} ({len(text):,} characters) via OSC 52.")

    def action_export(self) -> None:
        """Export the current pane's shown rows as CSV into the user's private exports folder."""
        view = self._current()
        if self.panes is None:
            return
        import polars as pl

        from cockpit.report.panes import csv_value, output_columns, pane_rows
        from cockpit.ui.tableview import row_key

        shown = set(view.view[row_key(view.pane)].cast(pl.String).to_list())
        compared = view.frame is not None and "changes" in view.frame.columns
        columns = output_columns(view.pane, compared)
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for row in pane_rows(self.panes, view.pane, compared):
            if str(row.get(row_key(view.pane))) in shown:
                writer.writerow([csv_value(row[c]) for c in columns])
        name = f"cockpit-{view.pane}-{self.panes.period.as_of}.csv"
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
            self.notify(f"Not exported: {safe_text(exc, 300)}", severity="error", timeout=10)
            return
        self.notify(f"Exported {rows:,} rows to {safe_text(path)}")

    @on(Drill)
    def _drill(self, message: Drill) -> None:
        self.open_subject(message.pane, message.key)

    def open_subject(self, pane: str, key: str) -> None:
        """Open the screen for a rep, a segment or a review item's subject."""
        if self.dataset is None or self.panes is None:
            return
        from cockpit.ui.screens.detail import SegmentScreen

        subject = self._subject_of(pane, key)
        if subject is None:
            return
        crumbs = [SPECS[pane].title]
        if subject.kind == "segment":
            self.push_screen(SegmentScreen(self.dataset, self.panes, subject.id, crumbs))
        else:
            self.push_screen(self._rep_screen(subject.id, crumbs))

    def _subject_of(self, pane: str, key: str) -> Subject | None:
        """What the row keyed `key` of `pane` is about; None when it is gone (or not a row)."""
        spec = SPECS[pane]
        if self.panes is None:
            return None
        if spec.name in ("tiers", "growth", "leads"):  # the key is the rep: no lookup needed
            return Subject("rep", key)
        frame = spec.frame(self.panes)
        if frame is None:
            return None
        rows = frame.filter(frame[spec.key_column] == key)
        return None if rows.is_empty() else spec.subject(rows.row(0, named=True))

    def _rep_screen(self, rep_id: str, crumbs: list[str]) -> RepScreen:
        """The rep screen built ahead, now showing `rep_id` (or a new one, see below)."""
        from cockpit.ui.screens.detail import RepScreen

        assert self._records is not None and self.panes is not None
        notes = self._notes_of(f"rep:{rep_id}")
        reused = self._reused_rep_screen
        # Already open: a second screen, so esc goes back to the first rep. Not mounted yet:
        # its widgets are being built from the rep it was built for.
        if reused is None or reused in self.screen_stack or not reused.is_mounted:
            return RepScreen(self._records, self.panes, rep_id, crumbs, notes)
        reused.show_rep(self.panes, rep_id, crumbs, notes)
        return reused

    def _build_rep_screen(self) -> None:
        """Build the rep screen once the data is painted, off the user's path."""
        from cockpit.ui.screens.detail import RepScreen

        if self._records is None or self.panes is None or self.panes.tiers.is_empty():
            return
        # Composing a screen costs about as much as the rest of a drill-down.
        rep_id = str(self.panes.tiers["rep_id"][0])
        screen = RepScreen(self._records, self.panes, rep_id, ["Tiers"])
        self.install_screen(screen, "rep")
        # Mounting a screen without showing it has no public API; Textual is pinned exactly
        # and tests/test_drill.py checks the first drill-down finds the screen already built.
        self._get_screen(screen)
        self._reused_rep_screen = screen

    @on(RowRested)
    def _gather_ahead(self, message: RowRested) -> None:
        """The cursor rests on a rep: gather what their drill-down shows before enter."""
        subject = self._subject_of(message.pane, message.key)
        if subject and subject.kind == "rep" and self._records and self.panes is not None:
            self._records.records_of(self.panes.period, subject.id)


def run_app(source: Source, options: UiOptions | None = None) -> int:
    """Run the TUI until the user quits."""
    options = options or UiOptions()
    app = CockpitApp(source, options)
    app.run(mouse=options.mouse)
    return app.return_code or 0
