"""Which subjects the data holds (reps, segments, accounts, review items), and the closest ones
to a subject it does not hold, so a note never lands on a subject that no screen shows."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import polars as pl

from cockpit.text import safe_text

Known = dict[str, dict[str, str]]
"""kind → id → the name a person reads (the id itself when the data names nothing)."""

SEGMENT_TABLES = ("accounts", "deals", "reps", "leads")
TABLE_OF = {"rep": "reps", "segment": "segments", "account": "accounts", "review": "review items"}
MAX_SUGGESTIONS = 3
CLOSE_ENOUGH = 0.6
"""difflib's own default: below it a match is shown only when nothing closer exists."""


def known_subjects(tables: Mapping[str, pl.LazyFrame], queue: pl.DataFrame | None) -> Known:
    """Every subject a note can be about, from the tables and the review queue (None: not
    computed, so review items are not known)."""
    known: Known = {"rep": {}, "segment": {}, "account": {}, "review": {}}
    if "reps" in tables:
        known["rep"] = _named(tables["reps"], "rep_id", "name")
    if "accounts" in tables:
        known["account"] = _named(tables["accounts"], "account_id", "name")
    for table in SEGMENT_TABLES:
        frame = tables.get(table)
        if frame is not None and "segment" in frame.collect_schema():
            found = frame.select(pl.col("segment").drop_nulls().unique()).collect()
            known["segment"].update({s: s for s in found["segment"].to_list()})
    if queue is not None:
        known["review"] = dict(zip(queue["item_id"], queue["subject_name"], strict=True))
    return known


def _named(frame: pl.LazyFrame, key: str, label: str) -> dict[str, str]:
    schema = frame.collect_schema()
    name = pl.col(label) if label in schema else pl.lit(None, dtype=pl.String)
    rows = frame.select(pl.col(key).cast(pl.String), name.cast(pl.String).alias("_name"))
    pairs = rows.drop_nulls(key).collect().iter_rows()
    return {ident: shown or ident for ident, shown in pairs}


def is_known(subject: str, known: Known) -> bool:
    """True when `subject` (`kind:id`) names something in the data."""
    kind, _, ident = subject.partition(":")
    return ident in known.get(kind, {})


def closest(subject: str, known: Known) -> list[str]:
    """Up to three subjects of the same kind nearest to `subject` by id or by name (case does
    not count), each as `rep:R00009 (Jamal Carter)`; the nearest ones even when none is close."""
    kind, _, ident = subject.partition(":")
    names = known.get(kind, {})
    spelled: dict[str, list[str]] = {}
    for key, name in names.items():
        for form in (key, name):
            spelled.setdefault(form.casefold(), []).append(key)
    wanted = ident.strip().casefold()
    # A part of a name ("jamal") is a strong hint that difflib's ratio undervalues.
    within = sorted(form for form in spelled if wanted and wanted in form)
    matches = within + difflib.get_close_matches(wanted, spelled, MAX_SUGGESTIONS, CLOSE_ENOUGH)
    if not matches:
        matches = difflib.get_close_matches(wanted, spelled, MAX_SUGGESTIONS, 0.0)
    keys = dict.fromkeys(key for form in matches for key in spelled[form])
    return [_shown(kind, key, names[key]) for key in list(keys)[:MAX_SUGGESTIONS]]


def _shown(kind: str, key: str, name: str) -> str:
    label = f"{kind}:{key}"
    return label if name == key else f"{label} ({name})"


def unknown_subject(subject: str, known: Known) -> str | None:
    """Why `subject` cannot take a note, naming the closest subjects; None when it is known."""
    if is_known(subject, known):
        return None
    kind = subject.partition(":")[0]
    shown = safe_text(subject, 200)
    where = "the review queue" if kind == "review" else "the data"
    if not known.get(kind):
        return f"{shown} is not in {where}: it has no {TABLE_OF.get(kind, kind)}"
    return f"{shown} is not in {where}; did you mean {_either(closest(subject, known))}?"


def _either(options: list[str]) -> str:
    shown = [safe_text(option, 200) for option in options]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
