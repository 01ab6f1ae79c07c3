"""Which column of a file holds each canonical column: by its header (CRM vocabularies and
close spellings), then by its values (dates, numbers, flags)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache

from cockpit.data.draft.profile import Profile, profile
from cockpit.data.draft.sample import Sample
from cockpit.data.draft.vocab import COLUMN_NAMES, normalize
from cockpit.data.schema import TABLES, Column
from cockpit.text import safe_text

CLOSE_SPELLING = 0.85
BOOKKEEPING = "_"
"""Headers a sync tool adds (_fivetran_synced, _airbyte_extracted_at, _sdc_batched_at) hold
no CRM field."""


@dataclass(frozen=True)
class Pick:
    """A column of the file chosen for a canonical column, and why."""

    header: str
    score: float
    why: str
    others: tuple[str, ...] = ()
    """Other headers that could also hold it."""

    def note(self) -> str:
        """The guess in words, for the comment beside it."""
        also = (
            f" (also possible: {', '.join(_quoted(o) for o in self.others)})" if self.others else ""
        )
        return f"{self.why}{also}"


def _quoted(header: str) -> str:
    return f"'{safe_text(header, 40)}'"


def header_score(names: tuple[str, ...], header: str) -> float:
    """How well a header names a column: 100 for its CRM's own name (earlier names score
    higher), less for a close spelling or a longer name ending with one, 0 for none."""
    return _score(names, normalize(header))


@lru_cache(maxsize=1 << 16)
def _score(names: tuple[str, ...], key: str) -> float:
    # Cached: a weekly Data Export repeats the same headers across hundreds of object files.
    if not key:
        return 0.0
    if key in names:
        return 100.0 - names.index(key)
    # Only names of about the same length can be CLOSE_SPELLING alike: the rest are not compared.
    near = [n for n in names if abs(len(n) - len(key)) <= len(key) * (1 - CLOSE_SPELLING) + 1]
    matcher = difflib.SequenceMatcher(None, "", key)  # the second sequence is the one cached
    best = 0.0
    for name in near:
        matcher.set_seq1(name)
        if matcher.real_quick_ratio() >= CLOSE_SPELLING and matcher.quick_ratio() >= CLOSE_SPELLING:
            best = max(best, matcher.ratio())
    if best >= CLOSE_SPELLING:
        return 70.0 * best
    if any(len(n) >= 5 and key.endswith(n) for n in names):
        return 40.0
    return 0.0


def fits(column: Column, found: Profile) -> bool:
    """True when the values can be the column's type (an empty column fits, weakly)."""
    if found.filled == 0:
        return True
    match column.kind:
        case "date":
            return found.dates is not None
        case "float" | "int":
            return found.number or found.comma_number
        case "bool":
            return found.flag
        case _:
            return True


def kind_word(column: Column) -> str:
    """What one value of a column is, for comments ("date", "number")."""
    return {"date": "date", "float": "number", "int": "whole number", "bool": "flag"}.get(
        column.kind, "text"
    )


def pick(
    sample: Sample, table: str, name: str, taken: set[str], by_values: bool = True
) -> Pick | None:
    """The file's best column for canonical `table.name`, by header, then (`by_values`) by
    its values."""
    column = TABLES[table].column(name)
    names = COLUMN_NAMES[table].get(name, (normalize(name),))
    scored = []
    for header in sample.headers:
        score = header_score(names, header)
        if header in taken or score == 0 or header.startswith(BOOKKEEPING):
            continue
        found = profile(sample, header)
        if not fits(column, found):
            continue
        # An empty column says nothing of its type: any column with values wins over it.
        scored.append((score if found.filled else score / 4, header))
    scored.sort(key=lambda s: -s[0])
    if scored:
        score, header = scored[0]
        others = tuple(h for _, h in scored[1:3])
        return Pick(header, score, f"guessed from the header {_quoted(header)}", others)
    return _by_values(sample, column, taken) if by_values else None


def _by_values(sample: Sample, column: Column, taken: set[str]) -> Pick | None:
    """The one unclaimed column whose values are dates (or numbers) when no header says so;
    several such columns are too many to choose from."""
    # Only for required columns: an optional one is better missing than a wrong guess.
    if column.kind not in ("date", "float") or not column.required or column.needed_for:
        return None
    free = [h for h in sample.headers if h not in taken and normalize(h) and not h.startswith("_")]
    typed = [h for h in free if profile(sample, h).filled and fits(column, profile(sample, h))]
    if len(typed) != 1:
        return None
    header = typed[0]
    why = f"guessed from its values: every value of {_quoted(header)} is a {kind_word(column)}"
    return Pick(header, 5.0, why)


def by_header(
    sample: Sample, names: tuple[str, ...], want_flag: bool = False, empty_ok: bool = False
) -> str | None:
    """The file's header named exactly one of `names`: a flag column when `want_flag` (an
    empty one too when `empty_ok`)."""
    for name in names:
        for header in sample.headers:
            if normalize(header) != name:
                continue
            found = profile(sample, header)
            if not want_flag or found.flag or (empty_ok and found.filled == 0):
                return header
    return None
