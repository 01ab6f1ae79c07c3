"""`cockpit report`: the panes' numbers headless, as table, CSV, JSON or Markdown."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from cockpit.cli.args import report_parser
from cockpit.cli.common import banner, progress_on_stderr, storage_options
from cockpit.interrupt import run_interruptibly
from cockpit.text import safe_text


def run_report(argv: Sequence[str]) -> int:
    """`cockpit report`: the panes' numbers as table, CSV, JSON or Markdown."""
    args = report_parser().parse_args(argv)

    from cockpit import session
    from cockpit.config import read_settings
    from cockpit.report.panes import render

    settings = read_settings(Path(args.config) if args.config else None)
    pinned = session.pin(args.data, args.mapping)
    if pinned is not None:
        banner(pinned.banner(), to_stdout=args.format in ("table", "markdown"))
    options = storage_options(args, settings.runtime)
    request = session.Request(
        args.data,
        args.mapping,
        args.period,
        args.notes,
        pinned,
        options,
        settings.runtime,
        args.as_of,
        args.team,
    )
    review = run_interruptibly(lambda: session.open_review(request, settings, progress_on_stderr()))
    for problem in review.unreadable:
        print(f"cockpit: notes file skipped: {safe_text(problem)}", file=sys.stderr)
    panes = review.panes
    if args.format in ("csv", "json"):
        # Those formats carry rows alone: what a reader must know goes beside them.
        for warning in panes.warnings:
            print(f"cockpit: note: {safe_text(warning)}", file=sys.stderr)
    if args.changes or args.pane in ("review", "all"):
        # Review items are marked new against last week's queue; other panes need --changes.
        comparison = session.compare(review)
        if args.changes and comparison.previous is None:
            print("cockpit: no previous snapshot to compare with, so no changes", file=sys.stderr)
        panes = comparison.panes
    sys.stdout.write(render(panes, args.pane, args.format, changes=args.changes))
    sys.stdout.flush()  # the numbers first; then the validated copy of a first open is written
    run_interruptibly(review.dataset.finish)
    return 0
