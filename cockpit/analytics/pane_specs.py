"""The five panes, each defined once: number, title, what a row stands for, what it prints.

The TUI (`cockpit.ui.panes` adds how each is drawn), the headless report, the palette, the
review queue and the week-over-week comparison all read this table. Standard library only at
import: the TUI builds its pane keys from it before Polars is loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import polars as pl

    from cockpit.analytics.panes import Panes

SubjectKind = Literal["rep", "segment", "account", "review"]


@dataclass(frozen=True)
class Subject:
    """What a row, a review item or a note is about: `rep:R00007`, `segment:Healthcare`."""

    kind: SubjectKind
    id: str

    @property
    def key(self) -> str:
        """The `kind:id` form the notes workspace and the review queue store."""
        return f"{self.kind}:{self.id}"

    @staticmethod
    def parse(key: str) -> Subject:
        """`rep:R1` → Subject("rep", "R1"); ValueError for anything else."""
        kind, sep, ident = key.partition(":")
        if not sep or kind not in ("rep", "segment", "account", "review") or not ident:
            raise ValueError(f"{key!r} is not a subject (rep:ID, segment:NAME, account:ID…)")
        return Subject(kind, ident)  # type: ignore[arg-type]


@dataclass(frozen=True)
class PaneSpec:
    """One pane: its key, what identifies a row and what the row is about, and its output."""

    name: str
    number: int
    title: str
    key_column: str
    """The column that identifies a row (and keys week-over-week changes)."""
    label_column: str
    """The column a person reads as the row's name."""
    columns: tuple[str, ...]
    """What `cockpit report` prints, PRODUCT.md's promised keys first, then what explains them."""
    needs: tuple[str, ...] = ()
    """Optional tables the pane needs; without them it says what to add."""

    def insight(self, panes: Panes) -> str:
        """The pane's finding in one or two sentences, with its numbers."""
        from cockpit.analytics.insights import INSIGHTS

        return INSIGHTS[self.name](panes)

    def frame(self, panes: Panes) -> pl.DataFrame | None:
        """The pane's table in `panes` (None when its data is missing)."""
        frame: pl.DataFrame | None = getattr(panes, self.name)
        return frame

    def subject(self, row: Mapping[str, Any]) -> Subject:
        """What a row of this pane is about (a review item: the subject it flags)."""
        if self.name == "review":
            return Subject.parse(str(row["subject"]))
        if self.name == "churn":
            return Subject("segment", str(row["segment"]))
        return Subject("rep", str(row["rep_id"]))

    def item(self, row: Mapping[str, Any]) -> Subject:
        """What a note written on this row attaches to (a review item itself, on pane 5)."""
        if self.name == "review":
            return Subject("review", str(row["item_id"]))
        return self.subject(row)


NEEDS = {
    "tiers": ("deals", "activities"),
    "growth": ("deals", "growth"),
    "leads": ("deals", "leads"),
    "churn": ("accounts", "deals"),
}


def _spec(name: str, number: int, key: str, label: str, columns: tuple[str, ...]) -> PaneSpec:
    return PaneSpec(name, number, name.capitalize(), key, label, columns, NEEDS.get(name, ()))


PANES: tuple[PaneSpec, ...] = (
    _spec(
        "tiers", 1, "rep_id", "name",
        ("rep_id", "name", "tier", "won_amount", "quota", "attainment", "win_rate",
         "activity_per_week", "activity_index", "flags", "tier_basis", "pace", "quota_to_date",
         "won_deals", "lost_deals", "sold_accounts", "sold_churned", "sold_logo_churn",
         "sold_churned_arr", "segment_logo_churn", "sold_churn_chance"),
    ),
    _spec(
        "growth", 2, "rep_id", "name",
        ("rep_id", "name", "tier", "status", "days_since_growth_conversation", "next_skill",
         "flight_risk_reasons", "flags", "track", "stretch_assignment", "promotion_readiness",
         "last_growth_conversation", "months_at_level"),
    ),
    _spec(
        "leads", 3, "rep_id", "name",
        ("rep_id", "name", "company_leads", "lead_share", "conversion", "shrunk_conversion",
         "self_leads", "self_conversion", "whatif_leads", "flags", "tier", "revenue_per_lead",
         "revenue_basis"),
    ),
    _spec(
        "churn", 4, "segment", "segment",
        ("segment", "accounts", "churned", "logo_churn", "grr", "nrr", "adoption", "bookings",
         "win_rate", "churned_arr", "replacement_cost", "flags", "bookings_hide_churn"),
    ),
    _spec(
        "review", 5, "item_id", "subject_name",
        ("kind", "subject", "reason", "severity", "status", "finding", "next_step", "new",
         "item_id", "subject_name"),
    ),
)  # fmt: skip
SPECS: dict[str, PaneSpec] = {spec.name: spec for spec in PANES}
PANE_NAMES: tuple[str, ...] = tuple(SPECS)
