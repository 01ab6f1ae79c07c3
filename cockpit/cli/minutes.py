"""`cockpit minutes`: the review meeting's record, as Markdown or one HTML page."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from cockpit.cli.args import minutes_parser
from cockpit.cli.output import checked_out, emit
from cockpit.interrupt import run_interruptibly
from cockpit.text import safe_text


def run_minutes(argv: Sequence[str]) -> int:
    """`cockpit minutes`: exit 0, 1 when notes files could not be read (named on stderr)."""
    args = minutes_parser().parse_args(argv)
    out = checked_out(args.out)

    from cockpit import session
    from cockpit.cli.opening import open_review_of
    from cockpit.report.meeting import meeting_record, notes_store
    from cockpit.report.minutes import render_minutes

    review = open_review_of(args)
    pinned = review.request.pinned
    if pinned is not None:
        print(f"cockpit: {safe_text(pinned.banner())}", file=sys.stderr)
    comparison = run_interruptibly(lambda: session.compare(review))
    store = notes_store(review)
    today = datetime.now(UTC).date()
    record = meeting_record(review, comparison, store, today, args.since)
    emit(render_minutes(record, args.format), out, "minutes")
    if store.problems:
        count = len(store.problems)
        print(
            f"cockpit: the minutes leave out {count} unreadable notes file(s), named above",
            file=sys.stderr,
        )
    return 1 if store.problems else 0
