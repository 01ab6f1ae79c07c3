"""Every open action item in the notes workspace: overdue first, filtered by what is typed,
`x` ticks one off, `enter` opens its subject. Reached with `A` from every screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import polars as pl
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from cockpit.errors import CockpitError
from cockpit.text import safe_text
from cockpit.ui.widgets.frame_table import FrameTable

if TYPE_CHECKING:
    from cockpit.notes.models import Note

COLUMNS = (
    ("due", "Due"),
    ("owner", "Owner"),
    ("about", "About"),
    ("text", "Action"),
    ("note_id", "Id"),
)
SUBJECT_PANES = {"rep": "tiers", "segment": "churn", "review": "review"}
"""The pane whose rows a subject kind opens like (enter on an action)."""


def actions_frame(notes: list[Note], names: dict[str, str], today: date) -> pl.DataFrame:
    """Open action items, overdue first, then by due date; `about` names the subject."""
    rows = [
        {
            "note_id": n.id,
            "due": n.due,
            "owner": n.owner or n.author,
            "subject": n.subject,
            "about": names.get(n.subject, n.subject),
            "text": n.text.replace("\n", " "),
            "overdue": n.due is not None and n.due < today,
        }
        for n in notes
        if n.kind == "action" and not n.done
    ]
    schema = {"note_id": pl.String, "due": pl.Date, "owner": pl.String, "subject": pl.String,
              "about": pl.String, "text": pl.String, "overdue": pl.Boolean}  # fmt: skip
    frame = pl.DataFrame(rows, schema=schema)
    return frame.sort(["overdue", "due", "note_id"], descending=[True, False, False])


class ActionsScreen(Screen[None]):
    """Open actions of the workspace: what the team promised, and to whom."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="actions_back"),
        Binding("q", "back", "Back", show=False, id="actions_back_q"),
        Binding("x", "tick", "Done", id="action_done", tooltip="mark the action done"),
        Binding("slash", "filter", "Filter", id="actions_filter",
                tooltip="show actions whose owner, subject or text contains the typed text"),
    ]  # fmt: skip

    def __init__(self, workspace: Path, names: dict[str, str], today: date) -> None:
        super().__init__(id="actions-screen")
        self.workspace, self.names, self.today = workspace, names, today
        self.actions = actions_frame([], names, today)

    def compose(self) -> ComposeResult:
        """Title line, the actions, filter box, footer."""
        yield Header()
        yield Static(Text("Open actions: reading the notes workspace…"), id="actions-title")
        yield FrameTable(column_cursor=False, id="actions-table")
        yield Static("", id="actions-detail", markup=False)
        yield Input(placeholder="filter by owner, subject or text (esc clears)", id="actions-box")
        yield Footer()

    def on_mount(self) -> None:
        """Read the workspace off the UI thread."""
        self.query_one("#actions-box", Input).display = False
        self.read_actions()

    @work(thread=True, exclusive=True, group="actions")
    def read_actions(self) -> None:
        """The workspace's notes, read in a worker (other managers may be writing)."""
        from cockpit.notes.store import NoteStore

        try:
            store = NoteStore(self.workspace)
            frame = actions_frame(store.notes(), self.names, self.today)
        except (CockpitError, OSError) as exc:
            self.app.call_from_thread(self.app.notify, safe_text(str(exc), 300), severity="error")
            return
        self.app.call_from_thread(self.show_actions, frame)

    def show_actions(self, frame: pl.DataFrame) -> None:
        """Paint the actions (keeping the filter typed)."""
        self.actions = frame
        self._paint()

    def _paint(self) -> None:
        text = self.query_one("#actions-box", Input).value.strip().casefold()
        shown = self.actions
        if text:
            hay = pl.concat_str(["owner", "about", "subject", "text"], separator=" ")
            shown = shown.filter(hay.str.to_lowercase().str.contains(text, literal=True))
        overdue = int(self.actions["overdue"].sum())
        title = f"Open actions: {self.actions.height} ({overdue} overdue)"
        if text:
            title += f" · {shown.height} match “{safe_text(text, 40)}”"
        title += " · x done · enter opens the subject · / filter"
        self.query_one("#actions-title", Static).update(Text(title))
        self.query_one(FrameTable).load(shown.with_columns(pl.col("due")), list(COLUMNS), "note_id")

    def action_filter(self) -> None:
        """Show the filter box."""
        box = self.query_one("#actions-box", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#actions-box")
    def _filtered(self) -> None:
        self._paint()

    @on(Input.Submitted, "#actions-box")
    def _filter_done(self) -> None:
        self.query_one(FrameTable).focus()

    def action_back(self) -> None:
        """esc: clear the filter first, then go back."""
        box = self.query_one("#actions-box", Input)
        if box.value:
            box.value = ""
            box.display = False
            self.query_one(FrameTable).focus()
            return
        self.app.pop_screen()

    def action_tick(self) -> None:
        """x: mark the action under the cursor done (saved off the UI thread)."""
        note_id = self.query_one(FrameTable).cursor_key
        if note_id is not None:
            self.tick(note_id)

    @work(thread=True, group="actions-tick")
    def tick(self, note_id: str) -> None:
        """Tick `note_id` off in the workspace, then read the actions again."""
        from cockpit.notes.store import NoteStore

        try:
            NoteStore(self.workspace).done(note_id)
        except (CockpitError, OSError) as exc:
            self.app.call_from_thread(
                self.app.notify, f"Not saved: {safe_text(str(exc), 300)}", severity="error"
            )
            return
        self.app.call_from_thread(self.app.notify, "Action done.")
        self.read_actions()

    @on(FrameTable.RowHighlighted)
    def _detail(self, event: FrameTable.RowHighlighted) -> None:
        """The selected action in full under the table (the column cuts long text)."""
        if type(event) is not FrameTable.RowHighlighted:
            return
        rows = self.actions.filter(pl.col("note_id") == event.row_key)
        text = ""
        if not rows.is_empty():
            row = rows.row(0, named=True)
            text = f"{row['about']} · {row['owner']} by {row['due']}: {row['text']}"
        self.query_one("#actions-detail", Static).update(Text(safe_text(text)))

    @on(FrameTable.RowSelected)
    def _open(self, event: FrameTable.RowSelected) -> None:
        event.stop()
        rows = self.actions.filter(pl.col("note_id") == event.row_key)
        if rows.is_empty():
            return
        kind, _, ident = str(rows["subject"][0]).partition(":")
        pane = SUBJECT_PANES.get(kind)
        if pane is None:
            self.app.notify(f"No screen for {safe_text(kind)} subjects yet.", severity="warning")
            return
        opener = getattr(self.app, "open_subject", None)
        if opener is not None:
            opener(pane, ident)
