"""A canonical table as drafted from one file (or several read together): what each column
reads, and why."""

from __future__ import annotations

from dataclasses import dataclass, field

from cockpit.data.draft.columns import Pick
from cockpit.data.draft.dates import DateGuess
from cockpit.data.draft.sample import Sample
from cockpit.data.draft.values import MappedValue
from cockpit.data.schema import ACTIVITY_COUNTS, TABLES


@dataclass(frozen=True)
class Drafted:
    """A drafted mapping file and, in a few lines, what it found."""

    text: str
    summary: list[str]


SIGNALS: dict[str, tuple[str, ...]] = {
    "deals": ("stage", "amount"),
    "reps": ("name",),
    "leads": ("converted",),
    "activities": ACTIVITY_COUNTS,
    "accounts": ("segment",),
    "quotas": ("period_start", "amount"),
    "growth": ("track", "next_skill", "stretch_assignment", "last_growth_conversation"),
}
"""Columns that say a file holds the table even when its name does not (one is enough)."""
NAMED_ONLY = ("reps", "accounts", "quotas", "growth")
"""Tables read only from a file named for them: contacts have owners and names, but are not
reps (without a user file, cockpit derives the reps from the deals' owners)."""


@dataclass
class Choice:
    """What a canonical column reads: a header, a join or a constant, and why."""

    value: object
    note: str
    header: str | None = None
    """The one header it reads, whose values decide formats and empties (None: a join)."""


@dataclass
class TableDraft:
    """A canonical table as drafted from one file."""

    table: str
    sample: Sample
    hint: bool
    thorough: bool = True
    """Columns no header names were looked for among the values too."""
    choices: dict[str, Choice] = field(default_factory=dict)
    booleans: list[str] = field(default_factory=list)
    where: tuple[str | list[str], str] | None = None
    """The row filter (or alternatives in order) and why."""
    values: dict[str, list[MappedValue]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    """Column → a comment above its value map."""
    other_value: dict[str, str] = field(default_factory=dict)
    """Column → what any value not listed maps to (`*`)."""
    constants: dict[str, int | str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)
    dates: dict[str, DateGuess] = field(default_factory=dict)
    """Header of a date column → how its dates are written."""
    salesforce_ids: list[str] = field(default_factory=list)
    label_headers: list[str] = field(default_factory=list)
    """Headers read for what their values say, besides the columns' own (stage names)."""
    joins: list[dict[str, object]] = field(default_factory=list)
    """Columns taken from other files of the export (`[[tables.NAME.joins]]`)."""
    parts: list[TableDraft] = field(default_factory=list)
    """The one-file drafts combined into this one (empty: it is one file's)."""

    @property
    def all_parts(self) -> list[TableDraft]:
        """The one-file drafts this table reads (itself, when it reads one file)."""
        return self.parts or [self]

    def take(self, name: str, found: Pick, taken: set[str]) -> None:
        """Read canonical column `name` from the picked header (flags as booleans)."""
        self.choices[name] = Choice(found.header, found.note(), found.header)
        taken.add(found.header)
        if TABLES[self.table].column(name).kind == "bool":
            self.booleans.append(found.header)

    @property
    def missing(self) -> list[str]:
        """Required columns not found."""
        table = TABLES[self.table]
        return [c.name for c in table.columns if c.required and c.name not in self.choices]

    @property
    def score(self) -> float:
        """How surely the file holds the table: its name, its required and telling columns."""
        table = TABLES[self.table]
        required = [c.name for c in table.columns if c.required]
        found = sum(1 for c in required if c in self.choices) / len(required)
        optional = sum(1 for c in self.choices if c not in required)
        return 6.0 * self.hint + 10.0 * found + 0.5 * min(optional, 6)

    @property
    def eligible(self) -> bool:
        """True when the file plausibly holds the table."""
        if self.table in NAMED_ONLY and not self.hint:
            return False
        required = [c.name for c in TABLES[self.table].columns if c.required]
        found = sum(1 for c in required if c in self.choices)
        if found * 2 < len(required):
            return False
        signal = any(s in self.choices or s in self.constants for s in SIGNALS[self.table])
        return (self.hint and (signal or found == len(required))) or (
            found == len(required) and signal
        )


@dataclass(frozen=True)
class Keys:
    """Values another table points with (the deals' owners), to find the column they name."""

    column: str
    values: set[str]
    what: str
    """Whose values they are, in words ("owners of deals")."""
