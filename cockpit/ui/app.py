"""The cockpit Textual app: five panes, drill-downs, keyboard triage. Wires screens and keys."""

from __future__ import annotations

import contextlib
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel

from cockpit.analytics.pane_specs import PANE_NAMES, SPECS, Subject
from cockpit.errors import CockpitError
from cockpit.text import safe_text
from cockpit.ui.commands import JumpCommands
from cockpit.ui.messages import (
    ChangesReady,
    DataReady,
    Drill,
    LoadFailed,
    LoadProgress,
    NoteSaved,
    PanesRecomputed,
    RowRested,
    SaveFailed,
    StackLoaded,
)
from cockpit.ui.options import UiOptions
from cockpit.ui.screens.agenda import Agenda
from cockpit.ui.screens.main import MainScreen, pane_bindings, with_changes_column
from cockpit.ui.screens.notes_desk import NotesDesk
from cockpit.ui.source import Source
from cockpit.ui.terminal_watch import watch

# Polars, pydantic and the analytics load in the worker, after the frame is painted: they cost
# about a second of imports, and the user should see the cockpit at once.
if TYPE_CHECKING:
    from textual.timer import Timer

    from cockpit.analytics.panes import Panes
    from cockpit.config import Settings
    from cockpit.data.dataset import Dataset
    from cockpit.runtime import Runtime
    from cockpit.session import Request, Review
    from cockpit.ui.records import RecordsAhead
    from cockpit.ui.screens.detail import RepScreen
    from cockpit.ui.widgets.pane_view import PaneView

EXIT_INTERRUPTED = 130
WIDE = 140
NEEDS_DATA = {"show_pane", "actions"}


class CockpitApp(App[int]):
    """cockpit: the frame paints at once; a worker loads data and computes the panes."""

    CSS_PATH = "app.tcss"
    TITLE = "cockpit"
    COMMANDS = App.COMMANDS | {JumpCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        *pane_bindings("the {} pane (from any screen)"),
        Binding("question_mark", "help", "Help", id="help", tooltip="this help"),
        Binding("A", "actions", "Actions", id="actions",
                tooltip="every open action item: overdue first, x ticks one off"),
        Binding("M", "minutes", "Minutes", show=False, id="minutes",
                tooltip="write the meeting's minutes (Markdown) and say where"),
        Binding("q", "quit", "Quit", id="quit", tooltip="back, or quit on the main screen"),
    ]  # fmt: skip

    def __init__(self, source: Source, options: UiOptions | None = None) -> None:
        super().__init__()
        self.source = source
        self.options = options or UiOptions()
        self.dataset: Dataset | None = None
        self.panes: Panes | None = None
        self.settings: Settings | None = None
        self.main = MainScreen()
        self.desk = NotesDesk(self)
        self.agenda = Agenda(self)
        self.request: Request | None = None
        """What the panes on screen were computed for (period, team), once loaded."""
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

    def get_default_screen(self) -> MainScreen:
        """The main screen: the five panes and the keys that act on them, with the first
        screen as last computed until the data is in."""
        self.main.preview = self._preview()
        return self.main

    def on_mount(self) -> None:
        """Start loading in a thread; the panes are mounted when the data is there."""
        self.sub_title = "loading…"
        # Start after the first paint: the worker's imports would otherwise hold the GIL first.
        self.call_after_refresh(self.load)
        # A terminal that goes away without SIGHUP must not leave cockpit spinning on stdin.
        watch(self)

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Load and compute off the UI thread, and wait for it only while the app runs."""
        from textual.worker import get_current_worker

        from cockpit.interrupt import AbandonedError, run_interruptibly

        worker = get_current_worker()
        # Polars cannot be interrupted inside a large read: quitting the app during a
        # minutes-long load stops the wait at once and leaves the read to end with the process.
        with contextlib.suppress(AbandonedError):
            run_interruptibly(self._load_and_post, stop=lambda: worker.is_cancelled)

    def _load_and_post(self) -> None:
        """Read, check, compute; post the results, then last week's changes (a daemon thread)."""
        try:
            self.post_message(LoadProgress("Reading and checking the data (1/2)…"))
            from cockpit import session
            from cockpit.config import read_settings
            from cockpit.report.check import render_check

            # The UI thread builds the panes meanwhile: Polars reads and computes without the GIL.
            self.post_message(StackLoaded())
            src = self.source
            settings = src.settings or read_settings(None)
            pinned = src.snapshot or session.pin(src.data, src.mapping)
            request = session.Request(
                src.data,
                src.mapping,
                src.period,
                src.notes,
                pinned,
                src.storage_options,
                settings.runtime,
                src.as_of,
                src.team,
            )
            dataset = session.open_source(request, self._post_step, settings)
            if not dataset.usable:
                why = session.unusable_message(dataset)
                if not why.startswith("the data is not usable"):
                    why = f"the data is not usable: {why}"
                said = why[:1].upper() + why[1:] + "."
                self.post_message(LoadFailed(said, render_check(dataset)))
                return
            self.post_message(LoadProgress(f"Computing the five panes (2/2) for {dataset.source}…"))
            review = session.review_of(dataset, request, settings)
            self.request = request
            self.desk.workspace = review.workspace
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
        self.main.show_status(Text(safe_text(shown, 200)))

    @on(StackLoaded)
    async def _build_panes(self) -> None:
        """Build the five panes, out of view, while the worker reads and computes."""
        await self.main.build_panes()

    @on(DataReady)
    async def _paint(self, message: DataReady) -> None:
        from cockpit.ui.records import RecordsAhead

        self.settings = message.settings
        if message.settings.keys:
            self.set_keymap(message.settings.keys)
        self.dataset, self.panes = message.dataset, message.panes
        # One frame for the pane, its tab and the status line: none is drawn half-way.
        with self.batch_update():
            await self.main.mount_panes(message.settings.leads)
            self._records = RecordsAhead(message.dataset)
            self.sub_title = safe_text(
                f"{Path(message.dataset.source).name} · {message.panes.scope}", 120
            )
            self.status_line = _status_line(message)
            self.main.show_status(Text(self.status_line))
        for problem in message.unreadable:
            self.notify(f"Notes file skipped: {safe_text(problem, 200)}", severity="warning")
        # Kept before the screen shows the data: a session quit at once still leaves it.
        self._keep_preview()
        self.call_after_refresh(self._after_shown)

    def _after_shown(self) -> None:
        """Once the pane in view is on screen: the other panes and the rep screen built
        ahead."""
        self.main.paint_hidden_panes()
        self._build_rep_screen()

    def _preview_key(self) -> str | None:
        """The first screen's key, stamped once at start (what was loaded is what is kept)."""
        from cockpit.ui.preview import preview_key

        if self._first_screen_key is None:
            src = self.source
            try:
                key = preview_key(
                    src.data, src.mapping, src.period, src.config, self._runtime(), src.as_of
                )
            except CockpitError:  # said by the load, which meets the same folder
                key = None
            self._first_screen_key = key
        return self._first_screen_key

    def _runtime(self) -> Runtime | None:
        """Cache dir and the like from the config file the CLI read (None: the environment's;
        without a config file the settings are built later, and the environment is all)."""
        return self.source.settings.runtime if self.source.settings else None

    def _preview(self) -> Text | None:
        """The Tiers table as last computed for unchanged data and settings (None: none kept)."""
        from cockpit.ui.preview import preview_text, read_preview

        stored = read_preview(self._preview_key(), self._runtime())
        return None if stored is None else preview_text(stored)

    def _keep_preview(self) -> None:
        """Store the Tiers table's first rows, as shown, for the next start."""
        from cockpit.ui.preview import ROWS as PREVIEW_ROWS
        from cockpit.ui.preview import write_preview

        table = self.main.painted("tiers").table
        rows = [table.cells(row) for row in range(min(table.row_count, PREVIEW_ROWS))]
        right = [column.numeric for column in table.columns]
        write_preview(self._preview_key(), table.labels, rows, right, self._runtime())

    @on(ChangesReady)
    def _paint_changes(self, message: ChangesReady) -> None:
        """Show the `changes` columns, keeping this session's review decisions and what-if."""
        if self.panes is None:
            return
        from cockpit.analytics.review import apply_decisions

        compared = message.panes
        decided = dict(zip(self.panes.review["item_id"], self.panes.review["status"], strict=True))
        self.panes = replace(
            compared,
            review=apply_decisions(compared.review, decided),
            leads=with_changes_column(self.panes.leads, compared.leads),
            projection=self.panes.projection,
        )
        self.status_line += f" · changes since snapshot {safe_text(message.since, 40)}"
        self.main.show_status(Text(self.status_line))
        for pane in PANE_NAMES:
            self._repaint(pane)

    def _repaint(self, pane: str) -> None:
        """Paint one pane of the main screen from the current panes."""
        self.main.repaint(pane)

    @on(LoadFailed)
    def _failed(self, message: LoadFailed) -> None:
        # The loading clock stops, or its next tick would write the last step over the reason.
        self._step = None
        self.sub_title = "no data"
        text = Text(safe_text(message.message) + "\n\n")
        text.append("\n".join(safe_text(line) for line in message.report.splitlines()))
        self.main.show_failure(text)

    def on_resize(self, event: events.Resize) -> None:
        """Side panels (charts) beside the tables from 140 columns; one thing at a time below.
        The event's size, not the app's: that is updated after this handler runs, so shrinking
        the terminal (re-attaching tmux from a smaller window) kept the chart and crushed the
        table."""
        self.set_class(event.size.width >= WIDE, "wide")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that act on the data are shown greyed until it is in."""
        if action in NEEDS_DATA and self.panes is None:
            return None
        return True

    def _current(self) -> PaneView:
        """The pane in view on the main screen."""
        return self.main.current()

    def action_show_pane(self, pane: str) -> None:
        """Switch to a pane (from any screen); its cursor, sort and filter are as left."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.main.show_pane(pane)

    def action_actions(self) -> None:
        """A: the open action items of the notes workspace."""
        from datetime import date

        from cockpit.ui.screens.actions import ActionsScreen
        from cockpit.ui.screens.agenda import subject_names

        if self.workspace is None or self.panes is None:
            self.notify("The actions show once the data has loaded.", severity="warning")
            return
        if isinstance(self.screen, ActionsScreen):
            return
        names = subject_names(self.panes)
        self.push_screen(ActionsScreen(self.workspace, names, date.today()))

    def action_minutes(self) -> None:
        """M: write the minutes of this meeting to a file, off the UI thread."""
        self.write_page(None)

    @work(thread=True, group="pages")
    def write_page(self, rep_id: str | None) -> None:
        """The minutes (`rep_id` None) or a rep's brief, written to a file; said when done."""
        from cockpit.ui.pages import brief_page, keep_page, minutes_page, review_now

        if None in (self.request, self.settings, self.dataset, self.panes):
            return
        assert self.request and self.settings and self.dataset and self.panes
        try:
            review = review_now(self.request, self.settings, self.dataset, self.panes)
            text, name = minutes_page(review) if rep_id is None else brief_page(review, rep_id)
        except CockpitError as exc:
            self.notify(f"Not written: {safe_text(exc, 300)}", severity="error", timeout=10)
            return
        what = "Minutes" if rep_id is None else "Brief"
        self.notify(f"{what}: {keep_page(text, name)}", timeout=10)

    def action_help(self) -> None:
        """Show every key."""
        # Imported on first use, as the other screens: each module loaded before the first frame
        # delays it.
        from cockpit.ui.screens.help import HelpScreen, key_rows, report_command

        self.push_screen(HelpScreen(key_rows(self.screen), report_command(self.source)))

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
        from cockpit.ui.screens.confirm import ConfirmQuitScreen

        def quit_if(answer: bool | None) -> None:
            if answer:
                self.exit()

        self.push_screen(ConfirmQuitScreen(), callback=quit_if)

    @property
    def workspace(self) -> Path | None:
        """The notes workspace of the loaded review (None until the data is in)."""
        return self.desk.workspace

    @on(NoteSaved)
    def _saved(self, message: NoteSaved) -> None:
        """A note or decision is saved: say where, show the decision, refresh the rep's notes."""
        from cockpit.ui.screens.detail import RepScreen

        self.notify(f"{message.summary} in {safe_text(self.workspace)}.")
        if message.decision and self.panes is not None:
            item, status = message.decision
            if self.agenda.status_of(item) != status:
                # An action item (saved, not painted ahead) moves on to the next open item;
                # an undo that restored a snooze stays on its item.
                follow = item if status == "action" else None
                self.agenda.show({item: status}, follow=follow, cursor_to=item)
        if message.recompute and self.request is not None:
            self.recompute(self.request)
        screen = self.screen
        if isinstance(screen, RepScreen) and message.subject == f"rep:{screen.rep_id}":
            screen.show_notes(self.desk.notes_of(message.subject))

    @on(SaveFailed)
    def _failed_save(self, message: SaveFailed) -> None:
        self.notify(f"Not saved: {safe_text(message.message, 300)}", severity="error", timeout=10)
        if message.revert is not None:
            item, status = message.revert
            self.agenda.show({item: status})

    @work(thread=True, exclusive=True, group="recompute")
    def recompute(self, request: Request) -> None:
        """The panes again for `request` (its period and team), with what managers recorded
        since the data loaded, off the UI thread."""
        from cockpit import session

        if self.dataset is None or self.settings is None:
            return
        try:
            review = session.review_of(self.dataset, request, self.settings)
        except CockpitError as exc:
            self.notify(safe_text(str(exc), 300), severity="error", timeout=10)
            return
        self.post_message(PanesRecomputed(review.panes, request))
        self._compare(review)

    @on(PanesRecomputed)
    def _repaint_all(self, message: PanesRecomputed) -> None:
        """Show the recomputed panes; the what-if keeps the knobs the manager set."""
        self.request, self.panes = message.request, message.panes
        if self.dataset is not None:
            self.sub_title = safe_text(
                f"{Path(self.dataset.source).name} · {message.panes.scope}", 120
            )
        for pane in PANE_NAMES:
            self._repaint(pane)
        knobs = self.main.lead_settings
        if knobs is not None and self.settings is not None and knobs != self.settings.leads:
            self.main.recompute_whatif(knobs)

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
        notes = self.desk.notes_of(f"rep:{rep_id}")
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
        # and tests/ui/test_drill.py checks the first drill-down finds the screen already built.
        self._get_screen(screen)
        self._reused_rep_screen = screen

    @on(RowRested)
    def _gather_ahead(self, message: RowRested) -> None:
        """The cursor rests on a rep: gather what their drill-down shows before enter; on a
        review item, show its open actions and last note under the table."""
        if message.pane == "review":
            self.agenda.show_item_notes(message.key)
        subject = self._subject_of(message.pane, message.key)
        if subject and subject.kind == "rep" and self._records and self.panes is not None:
            self._records.records_of(self.panes.period, subject.id)


def _status_line(message: DataReady) -> str:
    """`Data as of …` (or the snapshot's banner), with the rows set aside when there are any."""
    aside = sum(s.rows_set_aside for s in message.dataset.summaries.values())
    status = "Data as of " + str(message.panes.period.as_of)
    if message.banner:
        status = safe_text(message.banner[:1].upper() + message.banner[1:], 120)
    if aside:
        rows = "row" if aside == 1 else "rows"
        status += f" · {aside:,} {rows} set aside (cockpit check lists them)"
    return status


def run_app(source: Source, options: UiOptions | None = None) -> int:
    """Run the TUI until the user quits."""
    options = options or UiOptions()
    app = CockpitApp(source, options)
    app.run(mouse=options.mouse)
    return app.return_code or 0
