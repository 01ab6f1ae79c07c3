"""Which file feeds each canonical table, and what the chosen tables tell each other: the ids
that join them, Salesforce's two id lengths, and the folder's one date order."""

from __future__ import annotations

from typing import Literal

from cockpit.data.draft.combine import can_join, combine
from cockpit.data.draft.dates import in_order
from cockpit.data.draft.joins import stage_from_stage_table
from cockpit.data.draft.profile import profile
from cockpit.data.draft.sample import Sample
from cockpit.data.draft.tables import Keys, TableDraft, draft_table
from cockpit.data.draft.toml_text import shown
from cockpit.data.draft.whole import count_whole_file

ORDER = ("deals", "reps", "accounts", "leads", "activities", "quotas", "growth")
"""Deals first: the reps and accounts files are then found by the ids the deals hold."""
LINKS = {"reps": ("rep_id", "owners of deals"), "accounts": ("account_id", "accounts of deals")}
ID_COLUMNS = ("deal_id", "rep_id", "account_id", "lead_id", "manager")


def choose_tables(samples: list[Sample]) -> dict[str, TableDraft]:
    """The best file for each table (each file feeds one table; activity files like the best
    one are read with it), in `ORDER`."""
    chosen: dict[str, TableDraft] = {}
    free = list(samples)
    for table in ORDER:
        keys = _keys(chosen.get("deals"), table)
        quick = (draft_table(s, table, keys, thorough=False) for s in free)
        drafts = [d for d in quick if d.eligible]
        if not drafts:
            continue
        best = max(drafts, key=lambda d: d.score)
        alike = [d for d in drafts if d is not best and can_join(best, d)]
        parts = [_counted(d, keys) for d in (best, *alike)]
        chosen[table] = combine(parts) if alike else parts[0]
        free = [s for s in free if all(s is not p.sample for p in parts)]
        if table == "deals":
            stage_from_stage_table(chosen[table], samples)
    _salesforce_ids(chosen)
    _date_order(chosen)
    return chosen


def _counted(draft: TableDraft, keys: Keys | None) -> TableDraft:
    """The draft redone with counts over every row of its file (value maps list every
    value, allow_empty knows every empty cell)."""
    headers = [c.header for c in draft.choices.values() if c.header]
    labelled = [*draft.label_headers, *(c for c in headers if profile(draft.sample, c).labels)]
    count_whole_file(draft.sample, headers, list(dict.fromkeys(labelled)))
    return draft_table(draft.sample, draft.table, keys)


def _keys(deals: TableDraft | None, table: str) -> Keys | None:
    if deals is None or table not in LINKS:
        return None
    column, what = LINKS[table]
    choice = deals.choices.get(column)
    if choice is None or choice.header is None:
        return None
    return Keys(column, profile(deals.sample, choice.header).id_set(), what)


def _salesforce_ids(chosen: dict[str, TableDraft]) -> None:
    """Cut 18-character Salesforce ids to 15 where the files write ids both ways, so that
    they join (Data Loader's OwnerId has 18 characters, a report's User ID 15)."""
    lengths: set[int] = set()
    id_columns: dict[str, list[str]] = {}
    for name, draft in chosen.items():
        for column in ID_COLUMNS:
            choice = draft.choices.get(column)
            if choice is None or choice.header is None:
                continue
            found = profile(draft.sample, choice.header)
            if found.filled and found.salesforce_ids:
                lengths.update(found.values.str.len_chars().unique().to_list())
                id_columns.setdefault(name, []).append(column)
    if lengths >= {15, 18}:
        for name, columns in id_columns.items():
            chosen[name].salesforce_ids = columns


def _date_order(chosen: dict[str, TableDraft]) -> None:
    """Dates that cannot tell day-first from month-first follow the folder's other dates
    (one export, one locale) when those decide it, and all agree."""
    decided: dict[Literal["day", "month"], str] = {}
    for draft in chosen.values():
        for header, guess in draft.dates.items():
            if guess.order == "day" or guess.order == "month":
                where = f"{shown(draft.sample.name)} {shown(header)}"
                decided.setdefault(guess.order, f"{where} has {shown(guess.evidence)}")
    if len(decided) != 1:
        return
    ((order, evidence),) = decided.items()
    for draft in chosen.values():
        for header, guess in list(draft.dates.items()):
            if guess.order == "unknown":
                draft.dates[header] = in_order(guess, order, f"as {evidence}")
