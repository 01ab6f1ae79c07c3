"""`cockpit brief rep:ID`: one page for a 1:1 development conversation."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from cockpit.cli.args import brief_parser
from cockpit.cli.output import checked_out, emit
from cockpit.errors import UsageError
from cockpit.interrupt import run_interruptibly
from cockpit.text import safe_text


def run_brief(argv: Sequence[str]) -> int:
    """`cockpit brief rep:ID`: the rep's page; exit 2 (with the closest reps) for an unknown one."""
    args = brief_parser().parse_args(argv)
    kind, _, rep_id = args.subject.partition(":")
    if kind != "rep" or not rep_id:
        raise UsageError(f"{safe_text(args.subject, 200)}: give a rep as rep:ID, e.g. rep:R00007")
    out = checked_out(args.out)

    from cockpit.cli.opening import data_named, open_review_of
    from cockpit.report.brief import render_brief
    from cockpit.report.meeting import notes_store, rep_record

    review = open_review_of(args)
    if review.request.pinned is not None:
        print(f"cockpit: {safe_text(review.request.pinned.banner())}", file=sys.stderr)
    store = notes_store(review)
    try:
        today = datetime.now(UTC).date()
        record = run_interruptibly(lambda: rep_record(review, args.subject, store, today))
    except UsageError as exc:
        raise UsageError(f"{exc} (searched {safe_text(data_named(args))})") from None
    emit(render_brief(record, args.format), out, "brief")
    if store.problems:
        print(
            f"cockpit: the brief leaves out {len(store.problems)} unreadable notes file(s), "
            "named above",
            file=sys.stderr,
        )
    return 1 if store.problems else 0
