"""`cockpit map DIR --preset NAME`: a shipped preset written out as a mapping file to edit,
each table, column, row filter and value map marked with what the folder has of it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import polars as pl

from cockpit.data.draft.model import Drafted
from cockpit.data.draft.preset_notes import (
    column_note,
    date_note,
    unlisted_values,
    used_source,
    where_note,
)
from cockpit.data.draft.sample import Sample, read_sample
from cockpit.data.draft.toml_text import Entry, Section, render, shown
from cockpit.data.files.read import find_table_files
from cockpit.data.mapping import Mapping, TableMapping, resolve_mapping
from cockpit.data.schema import TABLES

SUBTABLES = ("columns", "values", "corrections", "date_formats")
"""TableMapping fields written as their own `[tables.NAME.FIELD]` sections."""


def preset_draft(folder: Path, name: str) -> Drafted:
    """Preset `name` as a mapping file, with what `folder` has of each of its parts."""
    preset = resolve_mapping(name)
    head = [
        f"The {name} preset, checked against {folder}:",
        f"  {preset.description}",
        "Each table, column, row filter and value map says what the folder has of it (from",
        "the first rows of each file). Edit it, then run: cockpit check DIR --mapping my.toml",
    ]
    top = [Entry("name", f"{preset.name}_edited"), Entry("description", preset.description)]
    sections = [_detect(preset)]
    summary: list[str] = []
    for table, mapping in preset.tables.items():
        files = find_table_files(folder, table, mapping)
        samples = [_sample(p) for p in files]
        sections += _table(table, mapping, [s for s in samples if s is not None])
        found = ", ".join(p.name for p in files) if files else "no file"
        summary.append(f"{table}: {found}")
    text = render(head, top, sections)
    Mapping.model_validate(tomllib.loads(text))  # a draft that is not a mapping is a bug
    return Drafted(text, [f"{name} preset: " + "; ".join(summary)])


def _sample(path: Path) -> Sample | None:
    try:
        return read_sample(path)
    except (OSError, pl.exceptions.PolarsError, ValueError):
        return None  # said as "cannot be read" beside the table


def _detect(preset: Mapping) -> Section:
    section = Section(("detect",), comments=["how cockpit recognises this export"])
    section.add("any_of", preset.detect.any_of)
    return section


def _table(name: str, mapping: TableMapping, samples: list[Sample]) -> list[Section]:
    data = mapping.model_dump(mode="json", exclude_defaults=True)
    main = Section(("tables", name), comments=[f"{'-' * 64} {name}", _found_line(mapping, samples)])
    subs: list[Section] = []
    for key, value in data.items():
        if key in SUBTABLES:
            continue
        if key == "joins":
            subs += [_join(name, join, samples) for join in value]
        else:
            note = where_note(mapping, samples) if key == "where" else ""
            main.add(key, value, note)
    subs.append(_columns(name, mapping, samples))
    for column, mapped in data.get("values", {}).items():
        subs.append(_value_map(name, "values", column, mapped, mapping, samples))
    for column, mapped in data.get("corrections", {}).items():
        subs.append(_value_map(name, "corrections", column, mapped, mapping, samples))
    if data.get("date_formats"):
        formats = Section(("tables", name, "date_formats"))
        for column, value in data["date_formats"].items():
            formats.add(column, value, date_note(mapping, column, samples))
        subs.append(formats)
    return [main, *subs]


def _found_line(mapping: TableMapping, samples: list[Sample]) -> str:
    if samples:
        return f"found: {', '.join(s.name for s in samples)}"
    patterns = ", ".join(shown(p) for p in mapping.patterns)
    return f"not found: no file of the folder matches {patterns}" if patterns else "not found"


def _join(name: str, join: dict[str, object], samples: list[Sample]) -> Section:
    section = Section(("tables", name, "joins"), array=True)
    file = str(join.get("file", ""))
    there = samples and (samples[0].path.parent / file).is_file()
    section.comments.append(f"{shown(file)} {'found' if there else 'not found in the folder'}")
    for key, value in join.items():
        section.add(key, value)
    return section


def _columns(name: str, mapping: TableMapping, samples: list[Sample]) -> Section:
    section = Section(("tables", name, "columns"))
    for column, source in mapping.model_dump(mode="json")["columns"].items():
        section.add(column, source, column_note(name, mapping, column, samples) if samples else "")
    unlisted = [
        c.name for c in TABLES[name].columns if c.required and c.name not in mapping.columns
    ]
    for column in unlisted:
        if column in mapping.constants:
            continue
        there = any(column in s.headers for s in samples)
        said = "found by its own name" if there else "not found by its own name (required)"
        section.comments.append(f"{column}: {said}")
    return section


def _value_map(
    name: str,
    field: str,
    column: str,
    mapped: dict[str, str],
    mapping: TableMapping,
    samples: list[Sample],
) -> Section:
    section = Section(("tables", name, field, column))
    header = used_source(mapping, column, samples)
    if field == "values" and header is not None:
        section.comments += unlisted_values(mapped, header, samples)
    for value, to in mapped.items():
        section.add(value, to)
    return section
