"""The minutes of a review meeting: what was decided, written and assigned since a day, what
changed since the previous snapshot, and the actions still open. Pure: records in, a page out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from cockpit.analytics.subjects import Known
from cockpit.analytics.words import words
from cockpit.notes.models import Decision, Note
from cockpit.report.document import Document, Item, Section, render

Row = Mapping[str, Any]
FORMATS = ("markdown", "html")


@dataclass(frozen=True)
class MeetingRecord:
    """What the minutes are made of: the workspace's records and the review as it stands."""

    since: date
    """Records from this day on (UTC) belong to this meeting."""
    today: date
    """The day the minutes are written: actions due before it are overdue."""
    scope: str
    """The period (and team) reviewed, as headings say it."""
    notes: Sequence[Note]
    """Every note of the workspace (notes, growth conversations, actions)."""
    decisions: Sequence[Decision]
    """Every review decision, the whole history."""
    queue: Sequence[Row]
    """The review queue now, each item with `new` (raised since the previous snapshot)."""
    names: Known
    """The subjects the data holds, with their names."""
    changes: Sequence[tuple[str, Sequence[str]]] = ()
    """(subject, what changed) since the previous snapshot."""
    snapshot: str | None = None
    """The snapshot reviewed; None when DATA is not a snapshot root."""
    previous: str | None = None
    """The snapshot compared with; None when there is none."""


def flag_words(flag: str) -> str:
    """`flight_risk` → `flight risk`: flags as words on pages people read."""
    return words(flag)


def subject_label(subject: str, names: Known) -> str:
    """A subject as a person reads it: `Elena Marsh (R00001)`, `Tomás Rivera — flight risk`."""
    kind, _, ident = subject.partition(":")
    name = names.get(kind, {}).get(ident)
    if kind == "review":
        flag, _, about = ident.partition(":")
        inner = subject_label(about, names) if ":" in about else (name or about)
        return f"{inner} — {flag_words(flag)}"
    if kind == "segment":
        return f"{ident} (segment)"
    if name is None or name == ident:
        return subject
    return f"{name} ({ident})" if kind == "rep" else f"{name} ({kind} {ident})"


def when(moment: datetime) -> str:
    """A stored time as the minutes print it (UTC, to the minute)."""
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def _since(moment: datetime | None, day: date) -> bool:
    return moment is not None and moment.astimezone(UTC).date() >= day


def decision_words(decision: Decision) -> str:
    """`discussed`, `snoozed until 2026-10-12`, `action for bo, due 2026-10-09`, `reopened`."""
    match decision.status:
        case "snoozed":
            return f"snoozed until {decision.until}"
        case "action":
            return f"action for {decision.owner}, due {decision.due}"
        case "open":
            return "reopened"
        case status:
            return str(status)


def latest_decisions(decisions: Sequence[Decision], since: date) -> list[Decision]:
    """The latest decision on each item taken since `since`, in the order they were taken."""
    latest: dict[str, Decision] = {}
    for decision in sorted(decisions, key=lambda d: d.at):
        if _since(decision.at, since):
            latest[decision.item_id] = decision
    return sorted(latest.values(), key=lambda d: d.at)


def _decided(record: MeetingRecord) -> Section:
    queue = {str(row["item_id"]): row for row in record.queue}
    actions = {note.id: note for note in record.notes}
    items = []
    for decision in latest_decisions(record.decisions, record.since):
        row = queue.get(decision.item_id)
        points = [f"Finding: {row['finding']}", f"Next step: {row['next_step']}"] if row else []
        if row is None:
            points.append("No longer in the review queue of this period.")
        action = actions.get(decision.action_id or "")
        if action is not None:
            points.append(f"Action: {action.text}")
        if decision.comment and (action is None or decision.comment != action.text):
            points.append(f"Comment: {decision.comment}")
        items.append(
            Item(
                subject_label(f"review:{decision.item_id}", record.names),
                f"— {decision_words(decision)} ({decision.author}, {when(decision.at)})",
                tuple(points),
            )
        )
    return _section(f"Decided ({len(items)})", items)


def _written(record: MeetingRecord) -> Section:
    notes = [n for n in record.notes if n.kind != "action" and _since(n.created, record.since)]
    items = [
        Item(
            subject_label(note.subject, record.names),
            f"— {'growth conversation' if note.kind == 'growth' else 'note'} by {note.author}, "
            f"{when(note.created)}" + (" (a conflict copy)" if note.conflict_of else ""),
            quote=note.text,
        )
        for note in sorted(notes, key=lambda n: n.created)
    ]
    return _section(f"Notes ({len(items)})", items)


def action_item(note: Note, names: Known, today: date) -> Item:
    """An action as a task-list line: owner, due (overdue said in words), subject, its text."""
    overdue = not note.done and note.due is not None and note.due < today
    due = f"due {note.due}" + (" — OVERDUE" if overdue else "") if note.due else "no due date"
    done = f", done by {note.done_by}" if note.done and note.done_by else ""
    return Item(
        note.owner or note.author,
        f"— {due}, about {subject_label(note.subject, names)}{done}",
        quote=note.text,
        check="done" if note.done else "open",
    )


def _new_actions(record: MeetingRecord) -> Section:
    actions = [n for n in record.notes if n.kind == "action" and _since(n.created, record.since)]
    items = [action_item(n, record.names, record.today) for n in _by_created(actions)]
    return _section(f"New actions ({len(items)})", items)


def _ticked(record: MeetingRecord) -> Section:
    """Actions from before `since` ticked off since (newer ones show under New actions)."""
    earlier = [
        n for n in record.notes if n.kind == "action" and not _since(n.created, record.since)
    ]
    done = [n for n in earlier if n.done and _since(n.done_at, record.since)]
    items = [action_item(n, record.names, record.today) for n in _by_created(done)]
    return _section(f"Earlier actions done ({len(items)})", items)


def overdue_first(actions: Sequence[Note], today: date) -> list[Note]:
    """Open actions: overdue first, then by due date (none last), then oldest first."""

    def order(note: Note) -> tuple[bool, date, datetime]:
        due = note.due or date.max
        return (due >= today, due, note.created)

    return sorted(actions, key=order)


def _carried(record: MeetingRecord) -> Section:
    carried = [
        n
        for n in record.notes
        if n.kind == "action" and not n.done and not _since(n.created, record.since)
    ]
    items = [
        action_item(n, record.names, record.today) for n in overdue_first(carried, record.today)
    ]
    return _section(f"Open actions carried over ({len(items)})", items)


def _changed(record: MeetingRecord) -> Section:
    title = "What changed since last week"
    if record.snapshot is None:
        return Section(
            title,
            (
                "No earlier snapshot to compare with: the data is not a snapshot root. Run "
                "cockpit refresh DATA --into ROOT each week and give ROOT to see what changed.",
            ),
        )
    if record.previous is None:
        return Section(
            title, (f"No earlier snapshot to compare with: {record.snapshot} is the first.",)
        )
    new = [row for row in record.queue if row.get("new")]
    items = [
        Item(
            f"New: {subject_label('review:' + str(row['item_id']), record.names)}",
            f"— {row['finding']}",
        )
        for row in new
    ]
    items += [
        Item(subject_label(subject, record.names), "— " + ", ".join(map(flag_words, notes)))
        for subject, notes in record.changes
    ]
    said = f"Snapshot {record.snapshot} compared with {record.previous}."
    return Section(title, (said,) if items else (said, "Nothing changed."), tuple(items))


def _section(title: str, items: list[Item]) -> Section:
    return Section(title, () if items else ("None.",), tuple(items))


def _by_created(notes: Sequence[Note]) -> list[Note]:
    return sorted(notes, key=lambda n: n.created)


def minutes_document(record: MeetingRecord) -> Document:
    """The minutes as a page: decisions, notes, actions, changes, then what is carried over."""
    return Document(
        f"Review meeting minutes — since {record.since}",
        (
            f"Review of {record.scope}. What was decided, written and assigned from "
            f"{record.since} on; times are UTC.",
        ),
        (
            _decided(record),
            _written(record),
            _new_actions(record),
            _ticked(record),
            _changed(record),
            _carried(record),
        ),
    )


def render_minutes(record: MeetingRecord, fmt: str) -> str:
    """The minutes as Markdown or as a self-contained HTML page."""
    return render(minutes_document(record), fmt)
