"""Several files read together as one table (Salesforce's Task.csv and Event.csv as
activities): their drafts combined into one."""

from __future__ import annotations

from cockpit.data.draft import values as vm
from cockpit.data.draft.model import Choice, TableDraft
from cockpit.data.draft.profile import profile
from cockpit.data.draft.toml_text import shown
from cockpit.data.schema import ACTIVITY_COUNTS

COMBINED = ("activities",)
"""Tables whose rows come from several object files (tasks and events, calls and e-mails);
two user or deal files are more likely two different things than halves of one table."""


def can_join(first: TableDraft, other: TableDraft) -> bool:
    """True when `other` holds the same table as `first` and can be read beside it."""
    return (
        first.table in COMBINED
        and other.eligible
        and other.hint
        and not other.missing
        and not other.constants
        and not first.constants
        and other.sample.separator == first.sample.separator
    )


def combine(drafts: list[TableDraft]) -> TableDraft:
    """One draft reading every file of `drafts` together."""
    first = drafts[0]
    merged = TableDraft(first.table, first.sample, first.hint, parts=drafts)
    for draft in drafts:
        for name, choice in draft.choices.items():
            _add_choice(merged, name, choice)
        merged.booleans += [b for b in draft.booleans if b not in merged.booleans]
        for name, mapped in draft.values.items():
            _add_values(merged, name, mapped)
        merged.notes = draft.notes | merged.notes
        merged.other_value = draft.other_value | merged.other_value
        merged.defaults = draft.defaults | merged.defaults
        merged.dates = draft.dates | merged.dates
        merged.salesforce_ids += [c for c in draft.salesforce_ids if c not in merged.salesforce_ids]
    _combined_where(merged, drafts)
    if first.table == "activities":
        _activity_types(merged, drafts)
    return merged


def _add_choice(merged: TableDraft, name: str, choice: Choice) -> None:
    """Another file's source for a column: an alternative the loader tries in order."""
    known = merged.choices.get(name)
    if known is None:
        merged.choices[name] = Choice(choice.value, choice.note, choice.header)
        return
    values = known.value if isinstance(known.value, list) else [known.value]
    if choice.value not in values:
        values.append(choice.value)
        known.note = known.note if choice.note == known.note else f"{known.note}; {choice.note}"
    known.value = values if len(values) > 1 else values[0]


def _add_values(merged: TableDraft, name: str, mapped: list[vm.MappedValue]) -> None:
    found = merged.values.setdefault(name, [])
    known = {value for value, _, _ in found}
    found += [m for m in mapped if m[0] not in known]


def _combined_where(merged: TableDraft, drafts: list[TableDraft]) -> None:
    """One condition, or alternatives in order (TRUE last when a file has none)."""
    conditions: list[str] = []
    for draft in drafts:
        if draft.where:
            given = draft.where[0]
            conditions += [c for c in ([given] if isinstance(given, str) else given)]
    conditions = list(dict.fromkeys(conditions))
    if not conditions:
        return
    notes = "; ".join(dict.fromkeys(d.where[1] for d in drafts if d.where))
    if len(conditions) == 1 and all(d.where for d in drafts):
        merged.where = (conditions[0], notes)
        return
    if not all(d.where for d in drafts):
        conditions.append("TRUE")
    merged.where = (conditions, f"{notes} (the first condition whose columns a file has)")


def _activity_types(merged: TableDraft, drafts: list[TableDraft]) -> None:
    """Each count reads the type column of whichever file a row comes from (Task: TaskSubtype,
    Event: EventSubtype), every type of every file mapped to 1 or 0."""
    headers: list[str] = []
    labels: list[str] = []
    for draft in drafts:
        for name, choice in draft.choices.items():
            if name in ACTIVITY_COUNTS and choice.header and choice.header not in headers:
                headers.append(choice.header)
                labels += profile(draft.sample, choice.header).labels or []
    if len(headers) < 2:
        return
    for count in ACTIVITY_COUNTS:
        mapped = vm.activity_values(list(dict.fromkeys(labels)), count)
        if not any(to == "1" for _, to, _ in mapped):
            continue
        types = ", ".join(shown(h) for h in headers)
        why = f"one row per activity: its type, in whichever of {types} the file has"
        merged.choices[count] = Choice(headers, why, None)
        merged.notes[count] = f"1 for the types in {types} that are {count}, else 0"
        merged.values[count] = mapped
        merged.other_value[count] = "0"
