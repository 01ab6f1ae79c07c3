"""`cockpit notes add|list|done` and `cockpit info`: the workspace from the shell."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cockpit.errors import UsageError
from cockpit.notes.workspace import workspace_for
from cockpit.text import safe_text

if TYPE_CHECKING:
    from cockpit.notes.models import Note, NoteKind
    from cockpit.notes.store import NoteStore

TEXT_WIDTH = 60


class _Parser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of exiting, so main() owns every exit code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _add_workspace_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--notes", metavar="DIR", help="notes workspace folder")
    parser.add_argument(
        "--data", metavar="DIR", help="use DIR's default workspace (when --notes is not given)"
    )


def _notes_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cockpit notes", description="Add, list and tick off notes; edit growth plans."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="add|list|done|growth")
    add = commands.add_parser("add", help="save a note", description="Save a note.")
    add.add_argument("--subject", required=True, help="rep:ID, segment:NAME, account:ID, review:ID")
    add.add_argument("--text", required=True, help="the note ('-' reads it from stdin)")
    add.add_argument("--kind", choices=("note", "growth", "action"), help="default: note")
    add.add_argument("--due", type=_iso_date, metavar="YYYY-MM-DD", help="action: due date")
    add.add_argument("--owner", metavar="NAME", help="action: who does it (default: you)")
    _add_workspace_option(add)
    show = commands.add_parser("list", help="list notes", description="List notes, oldest first.")
    show.add_argument("--subject", help="only notes about this subject")
    show.add_argument("--format", choices=("table", "json"), default="table")
    _add_workspace_option(show)
    done = commands.add_parser("done", help="tick a note off", description="Tick a note off.")
    done.add_argument("id", help="note id (or a unique prefix of at least 4 characters)")
    _add_workspace_option(done)
    growth = commands.add_parser(
        "growth",
        help="edit a rep's growth plan",
        description="Edit a rep's growth plan; it takes precedence over the imported growth table.",
    )
    growth.add_argument("rep_id", help="the rep's id")
    for field in GROWTH_OPTIONS:
        growth.add_argument(f"--{field.replace('_', '-')}", metavar="TEXT")
    growth.add_argument(
        "--clear", action="append", default=[], choices=GROWTH_OPTIONS, help="empty a field"
    )
    _add_workspace_option(growth)
    return parser


GROWTH_OPTIONS = ("track", "next_skill", "stretch_assignment", "promotion_readiness")


def _info_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cockpit info", description="Where config, workspace and data are.")
    parser.add_argument("data", nargs="?", help="data folder (default: the bundled sample data)")
    parser.add_argument("--notes", metavar="DIR", help="notes workspace folder")
    parser.add_argument("--config", metavar="FILE", help="settings TOML")
    return parser


def run_notes(argv: Sequence[str]) -> int:
    """`cockpit notes add|list|done`: exit 0, 1 when the workspace has unreadable files."""
    args = _notes_parser().parse_args(argv)
    from cockpit.notes.store import NoteStore

    store = NoteStore(workspace_for(args.notes, args.data)[0])
    if args.command == "add":
        return _add(store, args)
    if args.command == "done":
        return _done(store, args.id)
    if args.command == "growth":
        return _growth(store, args)
    return _list(store, args.subject, args.format)


def _add(store: NoteStore, args: argparse.Namespace) -> int:
    from cockpit.notes.store import subject_path

    text = sys.stdin.read() if args.text == "-" else args.text
    kind: NoteKind = args.kind or ("action" if args.due or args.owner else "note")
    if not text.strip():
        raise UsageError("the note text is empty")
    note = store.add(args.subject, text, kind=kind, due=args.due, owner=args.owner)
    where = subject_path(store.workspace, note.subject)
    print(f"Saved {note.kind} {note.id} about {safe_text(note.subject)} in {safe_text(where)}")
    return 0


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


def run_info(argv: Sequence[str]) -> int:
    """`cockpit info`: print where the config, the data and the notes workspace are."""
    args = _info_parser().parse_args(argv)
    from cockpit.data.sources.uri import is_remote, public_uri
    from cockpit.notes.store import NoteStore
    from cockpit.paths import SAMPLE_DATA, default_config_path

    config = Path(args.config).expanduser() if args.config else default_config_path()
    config_state = "exists" if config.is_file() else "not found: built-in defaults are used"
    print(f"config     {safe_text(config)}  ({config_state})")
    if is_remote(args.data):
        # A URI is shown without its credentials; it is not looked up on disk.
        print(f"data       {safe_text(public_uri(args.data))}  (database or object storage)")
        workspace, why = workspace_for(args.notes, args.data)
        print(f"workspace  {safe_text(workspace)}  ({why})")
        return 0
    data = Path(args.data).expanduser() if args.data else SAMPLE_DATA
    data_state = "bundled sample" if not args.data else "exists" if data.exists() else "not found"
    print(f"data       {safe_text(data.resolve())}  ({data_state})")
    if not (args.notes or data.exists()):
        print("workspace  unknown  (the data folder does not exist; give --notes DIR)")
        return 1
    workspace, why = workspace_for(args.notes, args.data)
    print(f"workspace  {safe_text(workspace)}  ({why})")
    store = NoteStore(workspace)
    notes = store.notes() if workspace.is_dir() else []
    print(f"notes      {len(notes)} readable, {len(store.problems)} unreadable file(s)")
    for problem in store.problems:
        print(f"           {safe_text(problem)}")
    settings_ok = _print_cache()
    return 0 if data.exists() and not store.problems and settings_ok else 1


def _print_cache() -> bool:
    """Where validated copies and first screens are kept (they hold CRM data: mode 0700), and
    how much a first open may hold in memory; False when that setting is invalid."""
    from cockpit.paths import cache_dir, cache_enabled

    state = "private" if cache_enabled() else "off: COCKPIT_NO_CACHE is set"
    print(f"cache      {safe_text(cache_dir())}  ({state})")
    from cockpit.errors import UsageError
    from cockpit.paths import BUDGET_ENV, memory_budget_bytes

    try:
        budget = f"up to {memory_budget_bytes() / 1_000_000:,.0f} MB of tables"
    except UsageError as exc:
        print(f"memory     invalid: {safe_text(exc)}")
        return False
    print(f"memory     a first open checks {budget} in memory ({BUDGET_ENV})")
    return True
