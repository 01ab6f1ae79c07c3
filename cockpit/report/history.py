"""A rep's row in every snapshot of a snapshot root, each with its own default period: the
trend a 1:1 brief shows. Session work (it opens snapshots), kept beside the command using it."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cockpit.session import Review

MAX_SNAPSHOTS = 12
TREND_COLUMNS = ("tier", "won_amount", "score_name", "score", "win_rate", "activity_index")


def rep_history(review: Review, rep_id: str) -> list[dict[str, Any]] | None:
    """The rep's tier row in each snapshot up to the pinned one (the latest MAX_SNAPSHOTS,
    oldest first); None when the data is not a snapshot root."""
    from cockpit.data.copies.snapshot import SNAPSHOTS, read_snapshot, snapshot_names
    from cockpit.data.copies.stored import open_snapshot
    from cockpit.data.source import open_dataset
    from cockpit.period import resolve_period
    from cockpit.session import panes_of, period_choice

    pinned = review.request.pinned
    if pinned is None:
        return None
    names = [n for n in snapshot_names(pinned.root) if n <= pinned.name][-MAX_SNAPSHOTS:]
    # What each week's review showed: its own default period, as of its own data.
    choice = replace(period_choice(review.request, review.settings), spec=None, as_of=None)
    rows = []
    for name in names:
        snapshot = read_snapshot(pinned.root, pinned.root / SNAPSHOTS / name)
        dataset = open_snapshot(snapshot) or open_dataset(
            str(snapshot.path), runtime=review.request.runtime
        )
        if not dataset.usable:
            continue
        period = resolve_period(dataset.lazy_tables(), choice)
        panes = panes_of(dataset, period, review.settings, review.recorded, review.request.team)
        found = panes.tiers.filter(panes.tiers["rep_id"] == rep_id).to_dicts()
        if found:
            picked = {column: found[0].get(column) for column in TREND_COLUMNS}
            rows.append({"snapshot": name, "as_of": period.as_of, **picked})
    return rows
