"""Canonical columns found in more than one way: stage from flags or names, converted from
a flag or a status, origin and activity counts from the values found, a rep's name."""

from __future__ import annotations

from cockpit.data.draft import values as vm
from cockpit.data.draft.columns import by_header, pick
from cockpit.data.draft.model import Choice, TableDraft
from cockpit.data.draft.profile import profile
from cockpit.data.draft.toml_text import shown
from cockpit.data.draft.vocab import (
    ACTIVITY_TYPES,
    CLOSED_FLAGS,
    COLUMN_NAMES,
    FIRST_NAMES,
    LAST_NAMES,
    WON_FLAGS,
    normalize,
)
from cockpit.data.schema import ACTIVITY_COUNTS


def stage(draft: TableDraft, name: str, taken: set[str]) -> None:
    """Won and lost from closed/won flags when the file has both, else from stage names."""
    sample = draft.sample
    closed = by_header(sample, CLOSED_FLAGS, want_flag=True)
    won = by_header(sample, WON_FLAGS, want_flag=True)
    named = pick(sample, "deals", "stage", taken | {h for h in (closed, won) if h})
    if closed and won and closed != won:
        why = f"won or lost from the flags {shown(closed)} and {shown(won)}, whatever the stage"
        draft.choices[name] = Choice({"join": [closed, won]}, why + " is called")
        draft.booleans += [closed, won]
        taken.update((closed, won))
        draft.values[name] = [
            ("true true", "won", ""),
            ("true false", "lost", ""),
            ("false false", "open", ""),
        ]
        if named is not None and (labels := profile(sample, named.header).labels):
            draft.label_headers.append(named.header)
            draft.notes[name] = f"stages found in {shown(named.header)}: {', '.join(labels)}"
        return
    if named is None:
        return
    draft.take(name, named, taken)
    labels = profile(sample, named.header).labels
    if labels is None:
        draft.notes[name] = (
            f"{shown(named.header)} has too many different values to list: map each stage "
            "to open, won or lost here"
        )
        return
    draft.values[name] = vm.stage_values(labels)
    draft.notes[name] = (
        f"every value found in {shown(named.header)} ({sample.rows_said}): won or lost where "
        "the name says so, else open. Check each; a stage not listed is reported by check"
    )


def converted(draft: TableDraft, name: str, taken: set[str]) -> None:
    """A converted flag, else a status column whose values say converted."""
    found = pick(draft.sample, "leads", name, taken)
    if found is not None:
        draft.take(name, found, taken)
        return
    for header in draft.sample.headers:
        if header in taken or normalize(header) not in COLUMN_NAMES["leads"]["converted"]:
            continue
        labels = profile(draft.sample, header).labels
        if labels:
            why = f"guessed from the header {shown(header)} and its values"
            draft.choices[name] = Choice(header, why, header)
            taken.add(header)
            draft.values[name] = vm.converted_values(labels)
            draft.notes[name] = f"every status found in {shown(header)}: true means converted"
            draft.other_value[name] = "false"
            return


def origin_values(draft: TableDraft) -> None:
    header = draft.choices["origin"].header
    found = profile(draft.sample, header).labels if header else None
    if header is None or not found:
        return
    draft.values["origin"] = vm.origin_values(found)
    draft.notes["origin"] = (
        f"every value found in {shown(header)}: self where the rep sourced the lead, else "
        "company (routed by the company)"
    )
    draft.other_value["origin"] = "company"
    if profile(draft.sample, header).empty:
        draft.defaults["origin"] = "company"


def rep_name(draft: TableDraft) -> None:
    """A name from first and last names, else the id itself."""
    first = by_header(draft.sample, FIRST_NAMES)
    last = by_header(draft.sample, LAST_NAMES)
    if first and last:
        why = f"joined from {shown(first)} and {shown(last)}"
        draft.choices["name"] = Choice({"join": [first, last]}, why)
    elif (rep := draft.choices.get("rep_id")) and rep.header:
        names = profile(draft.sample, rep.header).values.str.contains(r"[^\W\d_]+ [^\W\d_]+")
        if names.len() and bool(names.all()):
            why = "the ids are people's names"
        else:
            why = "not found: no name column, so the id stands in for the name"
        draft.choices["name"] = Choice(rep.header, why, rep.header)


def activity_counts(draft: TableDraft, taken: set[str]) -> None:
    """Count columns, else one row per activity counted from a column naming its type."""
    for count in ACTIVITY_COUNTS:
        found = pick(draft.sample, "activities", count, taken)
        if found is not None and profile(draft.sample, found.header).number:
            draft.take(count, found, taken)
    if any(c in draft.choices for c in ACTIVITY_COUNTS):
        return
    kinds = [
        (h, labels)
        for name in ACTIVITY_TYPES
        for h in draft.sample.headers
        if normalize(h) == name and (labels := profile(draft.sample, h).labels)
    ]
    for count in ACTIVITY_COUNTS:
        # The first type column with a value naming this count (Task Subtype: Call, Email;
        # Event Subtype: Event, in one report).
        for header, labels in kinds:
            mapped = vm.activity_values(labels, count)
            if any(to == "1" for _, to, _ in mapped):
                why = f"one row per activity: its type in {shown(header)}"
                draft.choices[count] = Choice(header, why, header)
                draft.values[count] = mapped
                draft.notes[count] = f"1 for the types in {shown(header)} that are {count}, else 0"
                draft.other_value[count] = "0"
                break
    if not any(c in draft.choices for c in ACTIVITY_COUNTS):
        _counts_from_file_name(draft)


def _counts_from_file_name(draft: TableDraft) -> None:
    """A file of one activity type (Event.csv: meetings), one row each."""
    stem = draft.sample.path.stem
    for count, words in vm.ACTIVITY_WORDS.items():
        if words.search(stem):
            draft.constants[count] = 1
            draft.comments.append(
                f"every row of {shown(draft.sample.name)} counts as one of {count}"
            )
            return
