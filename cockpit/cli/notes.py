"""`cockpit notes add|list|done|growth`: the notes workspace from the shell."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from cockpit.cli.args import GROWTH_OPTIONS, notes_parser
from cockpit.errors import UsageError
from cockpit.notes.workspace import workspace_for
from cockpit.text import safe_text

if TYPE_CHECKING:
    from cockpit.notes.models import Note, NoteKind
    from cockpit.notes.store import NoteStore

TEXT_WIDTH = 60


def run_notes(argv: Sequence[str]) -> int:
    """`cockpit notes add|list|done`: exit 0, 1 when the workspace has unreadable files."""
    args = notes_parser().parse_args(argv)
    from cockpit.notes.store import NoteStore

    store = NoteStore(workspace_for(args.notes, args.data)[0], on_wait=_say_waiting)
    if args.command == "add":
        return _add(store, args)
    if args.command == "done":
        return _done(store, args.id)
    if args.command == "growth":
        return _growth(store, args)
    return _list(store, args.subject, args.format)


def _say_waiting(seconds: float) -> None:
    """Another cockpit holds the workspace lock: say so, now and then, on stderr."""
    if int(seconds) in (1, 5, 15, 30, 45):
        print(f"cockpit: waiting for the notes workspace ({seconds:.0f} s)…", file=sys.stderr)


def _add(store: NoteStore, args: argparse.Namespace) -> int:
    from cockpit.notes.store import subject_path

    text = sys.stdin.read() if args.text == "-" else args.text
    kind: NoteKind = args.kind or ("action" if args.due or args.owner else "note")
    if not text.strip():
        raise UsageError("the note text is empty")
    if not args.force:
        _check_subject(args)
    note = store.add(args.subject, text, kind=kind, due=args.due, owner=args.owner)
    where = subject_path(store.workspace, note.subject)
    print(f"Saved {note.kind} {note.id} about {safe_text(note.subject)} in {safe_text(where)}")
    return 0


def _check_subject(args: argparse.Namespace) -> None:
    """Refuse a subject the data does not hold, naming the closest ones: such a note would show
    nowhere. Loads the data (and, for a review item, computes the queue) only here."""
    from cockpit import session
    from cockpit.analytics.subjects import known_subjects, unknown_subject
    from cockpit.cli.common import progress_on_stderr
    from cockpit.cli.opening import data_named, request_of, settings_of
    from cockpit.interrupt import run_interruptibly
    from cockpit.notes.models import parse_subject

    try:
        kind, _ = parse_subject(args.subject)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    settings = settings_of(args)
    request = request_of(args, settings)
    say = progress_on_stderr()
    if kind == "review":
        review = run_interruptibly(lambda: session.open_review(request, settings, say))
        tables, queue = review.dataset.lazy_tables(), review.panes.review
    else:
        dataset = run_interruptibly(lambda: session.open_source(request, say, settings))
        tables, queue = dataset.lazy_tables(), None
    problem = unknown_subject(args.subject, known_subjects(tables, queue))
    if problem:
        raise UsageError(
            f"{problem} (searched {safe_text(data_named(args))}: give --data for other data, "
            "or --force to save the note anyway)"
        )


def _growth(store: NoteStore, args: argparse.Namespace) -> int:
    changes: dict[str, str | date | None] = {f: None for f in args.clear}
    changes |= {f: getattr(args, f) for f in GROWTH_OPTIONS if getattr(args, f) is not None}
    if not changes:
        raise UsageError(f"nothing to change: give --{' / --'.join(GROWTH_OPTIONS)} or --clear")
    store.edit_growth(args.rep_id, changes)
    shown = ", ".join(f"{k} = {safe_text(v) if v else '(empty)'}" for k, v in changes.items())
    print(f"Growth plan of {safe_text(args.rep_id)}: {shown}")
    return 0


def _done(store: NoteStore, note_id: str) -> int:
    before = store.get(note_id)
    note = store.done(before.id)
    if before.done:
        print(f"Note {note.id} was already done ({safe_text(note.done_by)}).")
    else:
        print(f"Done: {note.id} about {safe_text(note.subject)}.")
    return 0


def _list(store: NoteStore, subject: str | None, fmt: str) -> int:
    notes = store.notes(subject)
    if fmt == "json":
        # ensure_ascii escapes every control, bidi and non-ASCII character: terminal-safe, exact.
        print(json.dumps([n.public() for n in notes], ensure_ascii=True, indent=2))
    else:
        print(_table(notes) if notes else "No notes.")
    for problem in store.problems:
        print(f"cockpit: unreadable, skipped: {safe_text(problem)}", file=sys.stderr)
    return 1 if store.problems else 0


def _status(note: Note) -> str:
    if note.done:
        return "done"
    if note.kind == "action":
        return f"due {note.due}" if note.due else "open"
    return ""


def _table(notes: list[Note]) -> str:
    header = ("ID", "CREATED (UTC)", "AUTHOR", "SUBJECT", "KIND", "OWNER", "STATUS", "TEXT")
    rows = [
        (
            note.id,
            f"{note.created:%Y-%m-%d %H:%M}",
            safe_text(note.author, 16),
            safe_text(note.subject, 32),
            note.kind + (" (conflict copy)" if note.conflict_of else ""),
            safe_text(note.owner or "", 16),
            _status(note),
            safe_text(note.text, TEXT_WIDTH),
        )
        for note in notes
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    lines = []
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)
