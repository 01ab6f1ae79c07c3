"""A drafted table as TOML sections: every setting, column, value map and date format, each
with the comment saying why (or what is still missing)."""

from __future__ import annotations

import glob

from cockpit.data.draft.dates import DateGuess
from cockpit.data.draft.profile import profile
from cockpit.data.draft.tables import Choice, TableDraft
from cockpit.data.draft.toml_text import Entry, Section, shown
from cockpit.data.mapping import ANY_OTHER_VALUE
from cockpit.data.schema import TABLES

RULE = "-" * 64


def table_sections(draft: TableDraft) -> list[Section]:
    """The `[tables.NAME]` section of a drafted table and its sub-sections."""
    path = ("tables", draft.table)
    lines = [_file_line(part) for part in draft.all_parts]
    main = Section(path, comments=[f"{RULE} {draft.table}", *lines, *draft.comments])
    if draft.parts:
        names = sorted(glob.escape(part.sample.name) for part in draft.parts)
        main.add("source", [names], "these files, read together as one table")
    else:
        main.add("source", glob.escape(draft.sample.name))
    _read_settings(draft, main)
    _row_settings(draft, main)
    sections = [main, *_joins(draft), _columns(draft)]
    for name, mapped in draft.values.items():
        sections.append(_value_map(draft, name, mapped))
    formats = _date_formats(draft)
    if formats.entries:
        sections.append(formats)
    return sections


def _file_line(draft: TableDraft) -> str:
    table = TABLES[draft.table]
    required = [c.name for c in table.columns if c.required]
    found = len(required) - len(draft.missing)
    why = "its name and columns" if draft.hint else "its columns"
    return (
        f"{draft.sample.name}: guessed from {why} ({found} of {len(required)} required "
        f"columns found; {draft.sample.rows_said} read)"
    )


def _read_settings(draft: TableDraft, main: Section) -> None:
    samples = [part.sample for part in draft.all_parts]
    if any(not s.utf8 for s in samples):
        main.add("encoding", "auto", "not UTF-8: read as cp1252 (Excel, Salesforce on Windows)")
    if samples[0].separator != ",":
        main.add("separator", samples[0].separator, "the header row is separated by it")
    comma = [
        c.header
        for part in draft.all_parts
        for name, c in part.choices.items()
        if TABLES[draft.table].column(name).kind in ("float", "int")
        and c.header
        and profile(part.sample, c.header).comma_number
    ]
    if comma:
        main.add("decimal", ",", f"{shown(comma[0])} writes numbers with a decimal comma")
    footers = [s for s in samples if s.footer is not None]
    if footers:
        why = f"row {footers[0].footer} is blank and a report's totals or footer follow it"
        main.add("stop_at_blank_row", True, why)
    elif any(s.footer_at_end for s in samples):
        why = "a blank row near the end is followed by a report's totals or footer"
        main.add("stop_at_blank_row", True, why)


def _row_settings(draft: TableDraft, main: Section) -> None:
    allow = _allow_empty(draft)
    if allow:
        main.add("allow_empty", [name for name, _ in allow], "; ".join(why for _, why in allow))
    if draft.booleans:
        flags = list(dict.fromkeys(draft.booleans))
        main.add("booleans", flags, "flags: 1/0, true/false, yes/no, empty is false")
    if draft.where:
        main.add("where", draft.where[0], draft.where[1])
    if draft.salesforce_ids:
        why = "Salesforce ids of 15 and 18 characters in this export: cut to 15 so they join"
        main.add("salesforce_ids", draft.salesforce_ids, why)
    if draft.constants:
        main.add("constants", draft.constants)
    if draft.defaults:
        main.add("defaults", draft.defaults, "an empty cell counts as this")


def _allow_empty(draft: TableDraft) -> list[tuple[str, str]]:
    """Required columns (not ids) with empty cells in the rows read, and how many."""
    found: dict[str, list[str]] = {}
    for column in TABLES[draft.table].columns:
        skip = column.unique or column.fallback or column.name in draft.defaults
        if not column.required or skip:
            continue
        for part in draft.all_parts:
            choice = part.choices.get(column.name)
            if choice is None or choice.header is None:
                continue
            empty = profile(part.sample, choice.header).empty
            if empty:
                said = f"{empty:,} of {part.sample.rows_said} of {shown(part.sample.name)}"
                found.setdefault(column.name, []).append(f"{said} have no {shown(choice.header)}")
    return [(name, "; ".join(why)) for name, why in found.items()]


def _joins(draft: TableDraft) -> list[Section]:
    sections = []
    for join in draft.joins:
        section = Section(("tables", draft.table, "joins"), array=True)
        section.comments.append(f"columns from {shown(str(join['file']))}, matched on a key")
        for key, value in join.items():
            section.add(key, value)
        sections.append(section)
    return sections


def _columns(draft: TableDraft) -> Section:
    section = Section(("tables", draft.table, "columns"))
    table = TABLES[draft.table]
    optional_missing = []
    for column in table.columns:
        choice = draft.choices.get(column.name)
        if choice is not None:
            section.add(column.name, choice.value, choice.note)
        elif column.name in draft.constants:
            continue
        elif column.required:
            need = f"needed for {column.needed_for}" if column.needed_for else "required"
            why = f"not found: add the column that holds {column.meaning} ({need})"
            section.add(column.name, None, why)
        else:
            optional_missing.append(column.name)
    if optional_missing:
        section.comments.append(f"not found (optional): {', '.join(optional_missing)}")
    return section


def _value_map(draft: TableDraft, name: str, mapped: list[tuple[str, str, str]]) -> Section:
    section = Section(("tables", draft.table, "values", name))
    if name in draft.notes:
        section.comments.append(draft.notes[name])
    for found, to, why in mapped:
        if found == ANY_OTHER_VALUE:
            section.comments.append("a value '*' was found: it cannot be listed ('*' is any other)")
            continue
        section.entries.append(Entry(found, to, why))
    if name in draft.other_value:
        section.add(ANY_OTHER_VALUE, draft.other_value[name], "any value not listed")
    return section


def _date_formats(draft: TableDraft) -> Section:
    section = Section(("tables", draft.table, "date_formats"))
    for name in draft.choices:
        formats: list[str] = []
        notes: list[str] = []
        for part in draft.all_parts:
            choice = part.choices.get(name)
            guess = draft.dates.get(choice.header or "") if choice else None
            if choice is None or guess is None or not guess.formats:
                continue
            formats += [f for f in guess.formats if f not in formats]
            notes.append(_date_note(guess, choice))
        if formats:
            section.add(name, formats, "; ".join(dict.fromkeys(notes)))
    return section


def _date_note(guess: DateGuess, choice: Choice) -> str:
    header = shown(choice.header or "")
    match guess.order:
        case "day":
            return _decided("day-first", guess, header)
        case "month":
            return _decided("month-first (US)", guess, header)
        case "mixed":
            return (
                f"{header} has day-first and month-first dates ({guess.evidence}): both are "
                "listed; dates read either way are ambiguous, fix them at the source"
            )
        case "unknown":
            return (
                f"cannot tell day-first from month-first: no day above 12 in {header}. "
                "Month-first (US) is a guess: for day-first dates swap %m and %d"
            )
        case _:
            return f"dates written as {shown(choice.header or '')} writes them"


def _decided(order: str, guess: DateGuess, header: str) -> str:
    if guess.evidence.startswith("as "):
        return f"{order}, {guess.evidence}"
    return f"{order}: {header} has {shown(guess.evidence)}"
