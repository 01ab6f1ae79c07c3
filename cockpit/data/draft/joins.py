"""Columns a table takes from another file of the export: a HubSpot deal names its stage by
id, and whether that stage is closed, and won, lives in the stage table."""

from __future__ import annotations

from cockpit.data.draft.columns import by_header
from cockpit.data.draft.model import Choice, TableDraft
from cockpit.data.draft.profile import profile
from cockpit.data.draft.sample import Sample
from cockpit.data.draft.toml_text import shown
from cockpit.data.draft.values import sql_name
from cockpit.data.draft.vocab import CLOSED_FLAGS, DELETED_FLAGS, WON_FLAGS, normalize

STAGE_KEYS = ("stageid", "dealstageid", "id")
"""Names of a stage table's key column, best first."""


def stage_from_stage_table(deals: TableDraft, samples: list[Sample]) -> None:
    """Won, lost or open from the closed and won flags of the stage a deal points to, when
    the deals file has a stage id and no stage the draft could read."""
    if "stage" in deals.choices or deals.parts:
        return
    pointers = [h for h in deals.sample.headers if normalize(h).endswith("stageid")]
    for header in pointers:
        for other in samples:
            found = _stage_join(deals.sample, header, other)
            if found is not None:
                _join_stage(deals, header, other.name, found)
                return


Join = tuple[dict[str, object], str, str]
"""A join as the mapping writes it, and the closed and won flags it brings."""


def _stage_join(deals: Sample, header: str, other: Sample) -> Join | None:
    """The join bringing `other`'s closed and won flags to the deals, or None."""
    closed = by_header(other, CLOSED_FLAGS, want_flag=True)
    won = by_header(other, WON_FLAGS, want_flag=True)
    key = next((h for name in STAGE_KEYS for h in other.headers if normalize(h) == name), None)
    if other is deals or not (closed and won and key) or closed == won:
        return None
    if closed in deals.headers or won in deals.headers:
        return None  # the joined columns would be renamed: keep the draft plain
    pointed = profile(deals, header).id_set()
    if pointed and not pointed & profile(other, key).id_set():
        return None
    join: dict[str, object] = {"file": other.name, "on": {header: key}, "columns": [closed, won]}
    deleted = by_header(other, DELETED_FLAGS, want_flag=True, empty_ok=True)
    if deleted is not None:
        flag = sql_name(deleted)
        join["where"] = f"{flag} IS NULL OR LOWER({flag}) NOT IN ('true', 't', 'yes', 'y', '1')"
    return join, closed, won


def _join_stage(deals: TableDraft, header: str, file: str, found: Join) -> None:
    join, closed, won = found
    checked = profile(deals.sample, header).filled > 0
    why = (
        f"won or lost from {shown(closed)} and {shown(won)} of {shown(file)}, the stage "
        f"{shown(header)} points to"
    )
    if not checked:
        why += f" (no deal has a {shown(header)} in the rows read: the ids could not be matched)"
    deals.joins.append(join)
    deals.choices["stage"] = Choice({"join": [closed, won]}, why)
    deals.booleans += [closed, won]
    deals.values["stage"] = [
        ("true true", "won", ""),
        ("true false", "lost", ""),
        ("false false", "open", "also a deal without a stage"),
    ]
