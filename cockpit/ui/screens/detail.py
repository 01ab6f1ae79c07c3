"""Drill-down screens: a rep, a segment, an account. Every number with its formula."""

from __future__ import annotations

from concurrent.futures import wait
from dataclasses import dataclass
from typing import Any, ClassVar

import polars as pl
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from cockpit.analytics.explain import churn_math, leads_math, tiers_math
from cockpit.analytics.panes import Panes
from cockpit.analytics.words import WORDED_COLUMNS
from cockpit.data.dataset import Dataset
from cockpit.data.schema import GROWTH_DATE, GROWTH_PLAN_FIELDS
from cockpit.report.panes import format_cell
from cockpit.text import safe_text
from cockpit.ui.records import ACCOUNT_COLUMNS, Records, RecordsAhead, Shown
from cockpit.ui.screens.notes_desk import NOTE_BINDINGS, NotesDesk
from cockpit.ui.widgets.frame_table import FrameTable

NO_NOTES = Text("Notes: none yet (n writes one, a an action item)")
GROWTH_SHOWN = (*GROWTH_PLAN_FIELDS, GROWTH_DATE, "status")


def lines(title: str, pairs: dict[str, Any]) -> Text:
    """A titled block of `key: value` lines, all plain text, each value as the tables show it
    (money and counts with separators, tiers and flags in words)."""
    text = Text(title + "\n", style="bold")
    for key, value in pairs.items():
        text.append(f"  {key.replace('_', ' ')}: ")
        # A formula is already words; a status or tier id is not.
        said = isinstance(value, str) and key not in WORDED_COLUMNS
        text.append((safe_text(value, 200) if said else format_cell(key, value, 200)) + "\n")
    return text


def in_currency(title: str, panes: Panes) -> str:
    """`title`, with the currency its amounts are in when the data names one."""
    return f"{title} · amounts in {panes.currency}" if panes.currency else title


def fill_table(table: FrameTable, frame: pl.DataFrame, columns: tuple[str, ...]) -> None:
    """Show `frame`'s `columns` in `table` (only the rows on screen get formatted), keyed by
    the first column."""
    present = [c for c in columns if c in frame.columns]
    table.load(frame, [(c, c) for c in present], present[0])


FIRST_PAINT_WAIT = 0.04
"""Seconds the rep screen waits for its records before its first paint: a rep's rows take
about 10–25 ms, and painting them with the screen costs less than a second paint after it."""


@dataclass
class RecordsReady(Message):
    """A drill-down's records, gathered by a worker: table id → rows to show."""

    aim: int
    """Which showing of the screen they were gathered for (a reused screen ignores old ones)."""
    records: Records


class DetailScreen(Screen[None]):
    """Shared frame of the drill-down screens: breadcrumb, body, footer; esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("q", "app.pop_screen", "Back", show=False, id="back_q"),
        *NOTE_BINDINGS,
    ]

    def __init__(self, crumbs: list[str]) -> None:
        super().__init__()
        self.crumbs = crumbs

    def compose(self) -> ComposeResult:
        """Header, breadcrumb, the body sections, footer."""
        yield Header()
        yield Static(self._crumbs_text(), classes="crumbs", id="crumbs")
        with VerticalScroll(classes="detail"):
            yield from self.body()
        yield Footer()

    def _crumbs_text(self) -> Text:
        """The breadcrumb as plain text."""
        return Text(" › ".join(safe_text(c, 40) for c in self.crumbs))

    def body(self) -> ComposeResult:
        """The screen's own sections."""
        yield from ()

    def about(self) -> tuple[str, str] | None:
        """What a note written here is about: (`kind:id`, the name shown); None: nothing."""
        return None

    def action_note(self, kind: str) -> None:
        """n / a: write a note or an action item about what this screen shows."""
        desk: NotesDesk = self.app.desk  # type: ignore[attr-defined]
        subject, label = self.about() or (None, "")
        desk.write_about(subject, label, kind)


class RepScreen(DetailScreen):
    """One rep: metrics with formulas, growth track, notes, deals, leads and accounts sold."""

    # The app builds one ahead and shows each rep on it in turn (`show_rep`): building a screen
    # costs about as much as the rest of a drill-down.

    def __init__(
        self,
        ahead: RecordsAhead,
        panes: Panes,
        rep_id: str,
        crumbs: list[str],
        notes: list[Any] | None = None,
    ) -> None:
        super().__init__(crumbs)
        self.ahead, self.dataset = ahead, ahead.dataset
        self._aimed = 0
        self._built_ahead = False
        self._shown = False
        """Shown since last aimed at a rep (scrolled, focused: `show_rep` resets it)."""
        self._problems = False
        """The records painted last could not all be read."""
        self._aim(panes, rep_id, crumbs, notes or [])

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("P", "edit_plan", "Growth plan", id="edit_plan",
                tooltip="edit the rep's growth plan: track, next skill, stretch, readiness"),
        Binding("B", "brief", "1:1 brief", id="brief",
                tooltip="write the rep's 1:1 brief (Markdown) and say where"),
    ]  # fmt: skip

    def action_brief(self) -> None:
        """B: write this rep's 1:1 brief to a file (the app's worker says where)."""
        self.app.write_page(self.rep_id)  # type: ignore[attr-defined]

    def action_edit_plan(self) -> None:
        """P: edit the growth plan in a form; saved off the UI thread, the panes recompute."""
        from cockpit.ui.screens.growth_plan import FIELDS, GrowthPlanScreen

        rows = self.panes.growth.filter(pl.col("rep_id") == self.rep_id)
        plan = {f: rows[f][0] for f, _ in FIELDS if rows.height and f in rows.columns}
        desk: NotesDesk = self.app.desk  # type: ignore[attr-defined]
        screen = GrowthPlanScreen(self.rep_id, str(self.name_), plan)
        self.app.push_screen(screen, desk.save_plan)

    def about(self) -> tuple[str, str] | None:
        """Notes here are about the rep."""
        return f"rep:{self.rep_id}", str(self.name_)

    def _aim(self, panes: Panes, rep_id: str, crumbs: list[str], notes: list[Any]) -> None:
        """Point the screen at `rep_id`; their records are usually gathered already."""
        self.panes, self.rep_id, self.notes = panes, rep_id, notes
        tier_row = panes.tiers.filter(pl.col("rep_id") == rep_id)
        self.name_ = tier_row["name"][0] if tier_row.height else rep_id
        self.crumbs = [*crumbs, str(self.name_)]
        self.records_painted = False
        self._shown = False
        self._aimed += 1
        self._records = self.ahead.records_of(panes.period, rep_id)

    def show_rep(self, panes: Panes, rep_id: str, crumbs: list[str], notes: list[Any]) -> None:
        """Show another rep (and their notes) on this screen."""
        if self._painted_ahead(panes, rep_id, crumbs, notes):
            self._built_ahead = False  # nothing left to say: the records were read whole
            return
        self._aim(panes, rep_id, crumbs, notes)
        self._built_ahead = False
        if not self.is_mounted:
            return
        self.query_one("#crumbs", Static).update(self._crumbs_text())
        self._paint_notes()
        self.query_one(VerticalScroll).scroll_home(animate=False)
        for table in self.query(FrameTable):  # the last rep's column and scroll do not carry over
            table.cursor_column = 0
            table.scroll_to(x=0, y=0, animate=False)
        self.set_focus(None)  # shown again, Textual focuses its first widget, as on a new screen
        self._show_records(wait_first=True)  # about to be shown

    def _painted_ahead(
        self, panes: Panes, rep_id: str, crumbs: list[str], notes: list[Any]
    ) -> bool:
        """Built ahead for this very rep (the first of the Tiers pane), painted whole and not
        shown since: there is nothing to repaint."""
        return (
            self.is_mounted
            and self.records_painted
            and not self._shown
            and not self._problems
            and panes is self.panes
            and (rep_id, [*crumbs, str(self.name_)], notes)
            == (self.rep_id, self.crumbs, self.notes)
        )

    def body(self) -> ComposeResult:
        """Metrics, leads, growth, notes; deals, leads, accounts."""
        # One widget for the four text sections: each widget adds to the drill-down's styling.
        yield Static(self._sections(), classes="section", id="rep-sections")
        yield Static(Text("Deals (closed in the period, and open)", style="bold"))
        yield FrameTable(column_cursor=False, id="rep-deals")
        if "leads" in self.dataset.tables:
            yield Static(Text("Leads assigned in the period", style="bold"))
            yield FrameTable(column_cursor=False, id="rep-leads")
        if "accounts" in self.dataset.tables:
            yield Static(Text("Accounts sold", style="bold"))
            yield FrameTable(column_cursor=False, id="rep-accounts")

    def on_mount(self) -> None:
        """Paint the rep's records once gathered (now, if they already are)."""
        # A screen built ahead, not shown yet, does not hold the app up (nor speak up).
        self._built_ahead = not self.is_active
        self._show_records(wait_first=self.is_active)

    def _show_records(self, wait_first: bool) -> None:
        """Paint the records now if they arrive within `FIRST_PAINT_WAIT`, else when they do."""
        aim, future = self._aimed, self._records
        if wait_first:
            wait([future], timeout=FIRST_PAINT_WAIT)
        if future.done():
            self._paint_records(RecordsReady(aim, future.result()))
            return
        for table in self.query(FrameTable):
            table.load(pl.DataFrame(), [], "")  # not the last rep's rows under this one's name
        future.add_done_callback(lambda done: self.post_message(RecordsReady(aim, done.result())))

    @on(RecordsReady)
    def _paint_records(self, message: RecordsReady) -> None:
        """Fill the deal, lead and account tables (or say why they cannot be)."""
        if message.aim != self._aimed:
            return
        problems = [shown for shown in message.records.values() if isinstance(shown, str)]
        self._problems = bool(problems)
        for problem in [] if self._built_ahead else problems:  # said when the rep is opened
            self.notify(safe_text(problem, 300), severity="error", markup=False)
        for table in self.query(FrameTable):
            shown = message.records.get(table.id or "")
            table.display = isinstance(shown, Shown)
            if isinstance(shown, Shown):
                table.set_columns(shown.columns, shown.key)
                table.swap(shown.frame)
        self.records_painted = True
        if self.is_active:
            self.focus_records()

    def on_screen_resume(self) -> None:
        """Shown (again): j/k/g/G move in the records at once, no Tab needed first."""
        self._shown = True
        self.focus_records()

    def focus_records(self) -> None:
        """Focus the first records table shown, unless a table already has the focus."""
        if isinstance(self.focused, FrameTable):
            return
        first = next((t for t in self.query(FrameTable) if t.display and t.row_count), None)
        if first is not None:
            first.focus()

    def show_notes(self, notes: list[Any]) -> None:
        """Keep the rep's notes and paint them once the screen is mounted."""
        self.notes = notes
        if self.is_mounted:
            self._paint_notes()

    def _paint_notes(self) -> None:
        """Repaint the text sections with the notes."""
        self.query_one("#rep-sections", Static).update(self._sections())

    def _sections(self) -> Text:
        """Metrics, leads, growth track and notes, a blank line between them."""
        parts = [self._metrics(), self._growth(), self._notes()]
        if self.panes.leads is not None:
            parts.insert(1, self._leads())
        return Text("\n").join(parts)

    def _notes(self) -> Text:
        """The notes, newest first, as plain text."""
        notes = self.notes
        if not notes:
            return NO_NOTES
        text = Text("Notes\n", style="bold")
        for note in sorted(notes, key=lambda n: n.created, reverse=True):
            due = (
                f", due {note.due}, owner {safe_text(note.owner, 40)}"
                if note.kind == "action"
                else ""
            )
            done = " ✓ done" if note.done else ""
            text.append(
                f"  {note.created:%Y-%m-%d} {safe_text(note.author, 30)} [{note.kind}{due}]{done}: "
            )
            text.append(safe_text(note.text, 500) + "\n")
        return text

    def _row(self, frame: pl.DataFrame | None) -> dict[str, Any] | None:
        if frame is None:
            return None
        match = frame.filter(pl.col("rep_id") == self.rep_id)
        return match.row(0, named=True) if match.height else None

    def _metrics(self) -> Text:
        row = self._row(self.panes.tiers)
        if row is None:
            return Text("No metrics for this rep.\n")
        math: dict[str, Any] = dict(tiers_math(row))
        math["flags"] = row["flags"] or "none"
        return lines(in_currency(f"Performance — {self.panes.period.label()}", self.panes), math)

    def _leads(self) -> Text:
        row = self._row(self.panes.leads)
        return (
            lines(in_currency("Leads", self.panes), leads_math(row)) if row else Text("No leads.\n")
        )

    def _growth(self) -> Text:
        row = self._row(self.panes.growth)
        if row is None:
            return Text("No growth track.\n")
        pairs = {k: row.get(k) for k in GROWTH_SHOWN}
        pairs["flight risk"] = "; ".join(row["flight_risk_reasons"]) or "none"
        return lines("Growth track", pairs)


class SegmentScreen(DetailScreen):
    """One segment: its churn math, then its accounts ordered by risk."""

    def __init__(self, dataset: Dataset, panes: Panes, segment: str, crumbs: list[str]) -> None:
        self.dataset, self.panes, self.segment = dataset, panes, segment
        super().__init__([*crumbs, segment])

    def about(self) -> tuple[str, str] | None:
        """Notes here are about the segment."""
        return f"segment:{self.segment}", self.segment

    def body(self) -> ComposeResult:
        """Churn math and the accounts table."""
        match = self.panes.churn.filter(pl.col("segment") == self.segment)
        if match.height:
            math = churn_math(match.row(0, named=True))
            yield Static(lines(in_currency("Segment", self.panes), math), classes="section")
        yield Static(Text("Accounts, riskiest first (churned, then lowest adoption)", style="bold"))
        yield FrameTable(column_cursor=False, id="segment-accounts")

    def on_mount(self) -> None:
        """Fill the accounts table."""
        accounts = self.dataset.rows_of("accounts", "segment", self.segment)
        if accounts is None:
            return
        risk = accounts.with_columns((pl.col("active_seats") / pl.col("seats")).alias("_adoption"))
        ordered = risk.sort(
            [pl.col("churn_date").is_null(), "_adoption"], nulls_last=True, maintain_order=True
        )
        table = self.query_one("#segment-accounts", FrameTable)
        fill_table(table, ordered, ACCOUNT_COLUMNS)
        table.focus()  # enter opens the account under the cursor at once

    @on(FrameTable.RowSelected, "#segment-accounts")
    def _account(self, event: FrameTable.RowSelected) -> None:
        match = self.dataset.rows_of("accounts", "account_id", event.row_key)
        if match is not None and match.height:
            self.app.push_screen(AccountScreen(match.row(0, named=True), self.crumbs))


class AccountScreen(DetailScreen):
    """One account: every field it has."""

    def __init__(self, account: dict[str, Any], crumbs: list[str]) -> None:
        self.account = account
        super().__init__([*crumbs, str(account.get("name") or account["account_id"])])

    def about(self) -> tuple[str, str] | None:
        """Notes here are about the account."""
        name = str(self.account.get("name") or self.account["account_id"])
        return f"account:{self.account['account_id']}", name

    def body(self) -> ComposeResult:
        """The account's fields."""
        shown = {k: v for k, v in self.account.items() if not k.startswith("_")}
        yield Static(lines("Account", shown), classes="section")
