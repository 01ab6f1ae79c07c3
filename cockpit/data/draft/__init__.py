"""`cockpit map`: a mapping file drafted from an export cockpit does not know, every guess
said in a comment, and what is still missing."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

from cockpit.data.draft.choose import choose_tables
from cockpit.data.draft.document import table_sections
from cockpit.data.draft.model import Drafted, TableDraft
from cockpit.data.draft.sample import SAMPLE_ROWS, read_samples, table_files
from cockpit.data.draft.toml_text import Entry, Section, render
from cockpit.data.mapping import Mapping
from cockpit.data.schema import TABLES
from cockpit.errors import DataError
from cockpit.text import safe_text


def draft_mapping(folder: Path) -> Drafted:
    """A mapping for the export in `folder`, guessed from its files' first rows."""
    if not table_files(folder):
        raise DataError(f"{folder}: no CSV or Parquet files to draft a mapping from")
    samples, unreadable = read_samples(folder)
    chosen = choose_tables(samples)
    used = {p.sample.name for d in chosen.values() for p in d.all_parts}
    unused = [s.name for s in samples if s.name not in used]
    head = _head(folder, chosen, unused, unreadable)
    top = [
        Entry("name", _name(folder)),
        Entry("description", f"Drafted by cockpit map from {safe_text(folder.name, 80)}"),
    ]
    sections: list[Section] = []
    for draft in chosen.values():
        sections += table_sections(draft)
    if not sections:
        why = "no file looks like any table: add a [tables.deals] section (see the README)"
        sections.append(Section(("tables",), comments=[why]))
    text = render(head, top, sections)
    Mapping.model_validate(tomllib.loads(text))  # a draft that is not a mapping is a bug
    return Drafted(text, _summary(chosen))


def _head(
    folder: Path, chosen: dict[str, TableDraft], unused: list[str], unreadable: list[str]
) -> list[str]:
    command = f"cockpit check {shlex.quote(str(folder))} --mapping my.toml"
    lines = [
        f"Mapping drafted by `cockpit map` from {folder}: guessed from the first "
        f"{SAMPLE_ROWS:,} rows of each file (value lists and empty cells: from every row).",
        "Each guess says why in a comment: check them, edit what is wrong, then run",
        f"  {command}",
        "to see what loads. The mapping language: cockpit/mappings/*.toml and the README.",
        "",
    ]
    lines += [f"{name}: {_files(draft)}" for name, draft in chosen.items()]
    missing = [t for t in TABLES.values() if t.name not in chosen]
    for table in missing:
        lines.append(f"{table.name}: not found (without it, {table.missing_effect()})")
    if unused:
        lines.append(f"files not used: {', '.join(unused)}")
    lines += unreadable
    return lines


def _files(draft: TableDraft) -> str:
    return " + ".join(p.sample.name for p in draft.all_parts)


def _name(folder: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", folder.resolve().name.lower()).strip("_")
    return f"{slug[:40]}_draft" if slug else "draft"


def _summary(chosen: dict[str, TableDraft]) -> list[str]:
    found = [f"{name} from {_files(d)}" for name, d in chosen.items()]
    missing = [name for name in TABLES if name not in chosen]
    lines = [f"drafted {', '.join(found) if found else 'no table'}"]
    if missing:
        lines.append(f"no file found for {', '.join(missing)}")
    gaps = [f"{n}.{c}" for n, d in chosen.items() for c in d.missing]
    if gaps:
        lines.append(f"required columns not found: {', '.join(gaps)}")
    return lines
