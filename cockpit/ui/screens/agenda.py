"""The Review pane as the meeting's agenda: a decision shows at once, the cursor goes to the next
open item, `u` takes the last decision back and `o` reopens any; the notes desk saves each.

A decision is painted before it is saved (the meeting should not wait on a file lock); a save
that fails paints the item back as it was and says why.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Protocol

from cockpit.analytics.words import words

if TYPE_CHECKING:
    import polars as pl
    from textual.notifications import SeverityLevel

    from cockpit.analytics.panes import Panes
    from cockpit.notes.models import Note
    from cockpit.ui.screens.main import MainScreen
    from cockpit.ui.screens.notes_desk import NotesDesk

OPEN = "open"


class AgendaHost(Protocol):
    """What the agenda needs of the app."""

    panes: Panes | None
    main: MainScreen
    desk: NotesDesk

    def notify(
        self,
        message: str,
        *,
        title: str = ...,
        severity: SeverityLevel = ...,
        timeout: float | None = ...,
        markup: bool = ...,
    ) -> None:
        """Say something in a toast."""


class Agenda:
    """Decisions on review items, painted at once, saved by the desk, undone in order."""

    def __init__(self, app: AgendaHost) -> None:
        self.app = app
        self.taken: list[tuple[str, str]] = []
        """(item_id, status before) of this session's decisions, newest last, for `u`."""

    def decide(self, item_id: str, status: str, until: date | None = None) -> None:
        """Mark `item_id` (discussed, snoozed until `until` or a week…), move to the next open
        item, save."""
        before = self.status_of(item_id)
        if before is None:
            return
        if before == status:
            self.app.notify(f"Already {status}: o reopens it.", severity="warning")
            return
        self.show({item_id: status}, follow=item_id)
        self.taken.append((item_id, before))
        self.app.desk.decide(item_id, status, before, until)

    def reopen(self, item_id: str) -> None:
        """Take a decision back on any item: it is open again (the history keeps the rest)."""
        before = self.status_of(item_id)
        if before is None or before == OPEN:
            self.app.notify("This item is open already.", severity="warning")
            return
        self.show({item_id: OPEN})
        self.taken.append((item_id, before))
        self.app.desk.decide(item_id, OPEN, before)

    def undo(self) -> None:
        """Take back this session's last decision: the item shows as it was, and is saved so."""
        if not self.taken:
            self.app.notify("Nothing to undo in this session.", severity="warning")
            return
        item_id, before = self.taken.pop()
        now = self.status_of(item_id)
        if now is None:
            return
        self.show({item_id: before}, cursor_to=item_id)
        self.app.desk.undo(item_id, now)

    def show_item_notes(self, item_id: str) -> None:
        """Under the Review table: the open actions and last note on the item and its subject."""
        from cockpit.ui.widgets.pane_view import PaneView

        panes = self.app.panes
        if panes is None:
            return
        rows = panes.review.filter(panes.review["item_id"] == item_id)
        if rows.is_empty():
            return
        views = self.app.main.query("#pane-review").results(PaneView)
        view = next(views, None)
        if view is None or view.selected_key() != item_id:
            return  # the panes are being replaced (or the app is closing), or the cursor moved
        notes = self.app.desk.notes_of(str(rows["subject"][0]))
        notes += self.app.desk.notes_of(f"review:{item_id}")
        view.show_detail(notes_line(notes))

    def status_of(self, item_id: str) -> str | None:
        """The item's status as shown (None: not in the queue any more)."""
        panes = self.app.panes
        if panes is None:
            return None
        rows = panes.review.filter(panes.review["item_id"] == item_id)
        return None if rows.is_empty() else str(rows["status"][0])

    def show(
        self, statuses: dict[str, str], follow: str | None = None, cursor_to: str | None = None
    ) -> None:
        """Paint new statuses; the cursor goes to the open item after `follow` (the one just
        decided), or onto `cursor_to`, else stays on its row."""
        from cockpit.analytics.review import apply_decisions
        from cockpit.ui.widgets.pane_view import PaneView

        panes = self.app.panes
        view = next(self.app.main.query("#pane-review").results(PaneView), None)
        if panes is None or view is None:
            return
        target = next_open(view.view, follow) if follow else cursor_to
        self.app.panes = replace(panes, review=apply_decisions(panes.review, statuses))
        self.app.main.repaint("review")
        index = view.table.index_of(target) if target else None
        if index is not None:
            view.table.move_cursor(row=index)


def next_open(shown: pl.DataFrame, item_id: str) -> str | None:
    """The open item after `item_id` in the order shown, else the last open one before it."""
    ids, statuses = shown["item_id"].to_list(), shown["status"].to_list()
    if item_id not in ids:
        return None
    at = ids.index(item_id)
    after = [i for i, s in zip(ids[at + 1 :], statuses[at + 1 :], strict=True) if s == OPEN]
    before = [i for i, s in zip(ids[:at], statuses[:at], strict=True) if s == OPEN]
    return after[0] if after else (before[-1] if before else None)


def notes_line(notes: list[Note]) -> str:
    """Open actions (owner, due) and the latest note, in a line or two."""
    actions = [n for n in notes if n.kind == "action" and not n.done]
    said = [n for n in notes if n.kind != "action"]
    parts = []
    if actions:
        listed = "; ".join(f"{n.owner or n.author} by {n.due}: {n.text}" for n in actions[:3])
        parts.append(f"Open actions ({len(actions)}): {listed}")
    if said:
        last = max(said, key=lambda n: n.created)
        parts.append(f"Last note ({last.created.date()}, {last.author}): {last.text}")
    return "\n".join(parts)


def subject_names(panes: Panes) -> dict[str, str]:
    """Subject key → what a person calls it: reps by name, review items by subject and flag."""
    names = {f"rep:{r}": str(n) for r, n in panes.tiers.select("rep_id", "name").iter_rows()}
    for item, kind, name in panes.review.select("item_id", "kind", "subject_name").iter_rows():
        names[f"review:{item}"] = f"{name} — {words(str(kind))}"
    return names
