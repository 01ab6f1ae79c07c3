"""Drill-down screens: a rep, a segment, an account. Every number with its formula."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor, wait
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
from cockpit.data.load import Dataset
from cockpit.text import safe_text
from cockpit.ui.widgets.frame_table import FrameTable

DEAL_COLUMNS = ("deal_id", "stage", "amount", "close_date", "segment", "account_id")
LEAD_COLUMNS = ("lead_id", "assigned_date", "origin", "converted", "segment", "deal_id")
ACCOUNT_COLUMNS = ("account_id", "name", "segment", "arr_start", "arr_now", "churn_date",
                   "seats", "active_seats")  # fmt: skip
RECORD_TABLES = {"rep-deals": "deals", "rep-leads": "leads", "rep-accounts": "accounts"}
RECORD_COLUMNS = {"rep-deals": DEAL_COLUMNS, "rep-leads": LEAD_COLUMNS,
                  "rep-accounts": ACCOUNT_COLUMNS}  # fmt: skip
GROWTH_FIELDS = ("track", "next_skill", "stretch_assignment", "promotion_readiness",
                 "last_growth_conversation", "status")  # fmt: skip


def lines(title: str, pairs: dict[str, Any]) -> Text:
    """A titled block of `key: value` lines, all plain text."""
    text = Text(title + "\n", style="bold")
    for key, value in pairs.items():
        text.append(f"  {key.replace('_', ' ')}: ")
        text.append(safe_text("—" if value is None else value, 200) + "\n")
    return text


def fill_table(table: FrameTable, frame: pl.DataFrame, columns: tuple[str, ...]) -> None:
    """Show `frame`'s `columns` in `table` (only the rows on screen get formatted), keyed by
    the first column."""
    present = [c for c in columns if c in frame.columns]
    table.load(frame, [(c, c) for c in present], present[0])


_GATHER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cockpit-drill")
"""One thread gathers drill-down records: Polars runs the scans on its own threads."""
FIRST_PAINT_WAIT = 0.04
"""Seconds the rep screen waits for its records before its first paint: a rep's rows take
about 10–25 ms, and painting them with the screen costs less than a second paint after it."""


@dataclass
class RecordsReady(Message):
    """A drill-down's records, gathered by a worker: table id → rows to show."""

    records: dict[str, pl.DataFrame | str]


class DetailScreen(Screen[None]):
    """Shared frame of the drill-down screens: breadcrumb, body, footer; esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("q", "app.pop_screen", "Back", show=False, id="back_q"),
    ]

    def __init__(self, crumbs: list[str]) -> None:
        super().__init__()
        self.crumbs = crumbs

    def compose(self) -> ComposeResult:
        """Header, breadcrumb, the body sections, footer."""
        yield Header()
        yield Static(Text(" › ".join(safe_text(c, 40) for c in self.crumbs)), classes="crumbs")
        with VerticalScroll(classes="detail"):
            yield from self.body()
        yield Footer()

    def body(self) -> ComposeResult:
        """The screen's own sections."""
        yield from ()


class RepScreen(DetailScreen):
    """One rep: metrics with formulas, growth track, deals and the accounts they sold."""

    def __init__(self, dataset: Dataset, panes: Panes, rep_id: str, crumbs: list[str]) -> None:
        self.dataset, self.panes, self.rep_id = dataset, panes, rep_id
        self.notes: list[Any] = []
        self.records_painted = False
        tier_row = panes.tiers.filter(pl.col("rep_id") == rep_id)
        self.name_ = tier_row["name"][0] if tier_row.height else rep_id
        super().__init__([*crumbs, str(self.name_)])
        # Gathered while Textual builds the screen, so they are usually there for its first paint.
        self._records = _GATHER.submit(self._gather_records)

    def body(self) -> ComposeResult:
        """Metrics, leads, growth, deals, accounts."""
        yield Static(self._metrics(), classes="section")
        if self.panes.leads is not None:
            yield Static(self._leads(), classes="section")
        yield Static(self._growth(), classes="section")
        yield Static(Text("Notes: none yet (n writes one, a an action item)"), id="rep-notes",
                     classes="section")  # fmt: skip
        yield Static(Text("Deals (closed in the period, and open)", style="bold"))
        yield FrameTable(column_cursor=False, id="rep-deals")
        if "leads" in self.dataset.tables:
            yield Static(Text("Leads assigned in the period", style="bold"))
            yield FrameTable(column_cursor=False, id="rep-leads")
        if "accounts" in self.dataset.tables:
            yield Static(Text("Accounts sold", style="bold"))
            yield FrameTable(column_cursor=False, id="rep-accounts")

    def on_mount(self) -> None:
        """Paint the notes, and the rep's records once gathered (now, if they already are)."""
        self._paint_notes()
        wait([self._records], timeout=FIRST_PAINT_WAIT)
        if self._records.done():
            self._paint_records(RecordsReady(self._records.result()))
        else:
            self._records.add_done_callback(
                lambda done: self.post_message(RecordsReady(done.result()))
            )

    def _gather_records(self) -> dict[str, pl.DataFrame | str]:
        """The rep's deals, leads and accounts as the tables show them (off the UI thread), or
        why they cannot be read."""
        try:
            # A rep's rows come from an index, or from a copy sorted by rep: no full scan.
            rows = self.dataset.rows_of_each(list(RECORD_TABLES.values()), "rep_id", self.rep_id)
        except (OSError, pl.exceptions.PolarsError) as exc:
            return {"rep-deals": f"the rep's records could not be read: {exc}"}
        return {
            table_id: self._shown(table, rows[table])
            for table_id, table in RECORD_TABLES.items()
            if table in rows
        }

    def _shown(self, table: str, rows: pl.DataFrame) -> pl.DataFrame:
        """Deals closed in the period (and open ones), leads assigned in it, every account."""
        p = self.panes.period
        if table == "deals":
            closed = pl.col("close_date").is_between(p.start, p.end)
            return rows.filter(closed | (pl.col("stage") == "open")).sort("close_date")
        if table == "leads":
            return rows.filter(pl.col("assigned_date").is_between(p.start, p.end)).sort(
                "assigned_date"
            )
        return rows

    @on(RecordsReady)
    def _paint_records(self, message: RecordsReady) -> None:
        """Fill the deal, lead and account tables (or say why one cannot be)."""
        for table_id, frame in message.records.items():
            table = self.query_one(f"#{table_id}", FrameTable)
            if isinstance(frame, str):
                table.display = False
                self.notify(safe_text(frame, 300), severity="error", markup=False)
            else:
                fill_table(table, frame, RECORD_COLUMNS[table_id])
        self.records_painted = True

    def show_notes(self, notes: list[Any]) -> None:
        """Keep the rep's notes and paint them once the screen is mounted."""
        self.notes = notes
        if self.is_mounted:
            self._paint_notes()

    def _paint_notes(self) -> None:
        """The notes, newest first, as plain text."""
        notes = self.notes
        if not notes:
            return
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
        self.query_one("#rep-notes", Static).update(text)

    def _row(self, frame: pl.DataFrame | None) -> dict[str, Any] | None:
        if frame is None:
            return None
        match = frame.filter(pl.col("rep_id") == self.rep_id)
        return match.row(0, named=True) if match.height else None

    def _metrics(self) -> Text:
        row = self._row(self.panes.tiers)
        if row is None:
            return Text("No metrics for this rep.")
        math = tiers_math(row)
        math["flags"] = ", ".join(row["flags"]) or "none"
        return lines(f"Performance — {self.panes.period.label()}", math)

    def _leads(self) -> Text:
        row = self._row(self.panes.leads)
        return lines("Leads", leads_math(row)) if row else Text("No leads.")

    def _growth(self) -> Text:
        row = self._row(self.panes.growth)
        if row is None:
            return Text("No growth track.")
        pairs = {k: row.get(k) for k in GROWTH_FIELDS}
        pairs["flight risk"] = "; ".join(row["flight_risk_reasons"]) or "none"
        return lines("Growth track", pairs)


class SegmentScreen(DetailScreen):
    """One segment: its churn math, then its accounts ordered by risk."""

    def __init__(self, dataset: Dataset, panes: Panes, segment: str, crumbs: list[str]) -> None:
        self.dataset, self.panes, self.segment = dataset, panes, segment
        super().__init__([*crumbs, segment])

    def body(self) -> ComposeResult:
        """Churn math and the accounts table."""
        match = self.panes.churn.filter(pl.col("segment") == self.segment)
        if match.height:
            yield Static(lines("Segment", churn_math(match.row(0, named=True))), classes="section")
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

    def body(self) -> ComposeResult:
        """The account's fields."""
        shown = {k: v for k, v in self.account.items() if not k.startswith("_")}
        yield Static(lines("Account", shown), classes="section")
