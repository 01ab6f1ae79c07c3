"""The canonical data contract in code: tables, columns, dtypes and rules (one source of truth)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

Kind = Literal["str", "date", "float", "int", "bool"]

POLARS_DTYPES: dict[Kind, pl.DataType] = {
    "str": pl.String(),
    "date": pl.Date(),
    "float": pl.Float64(),
    "int": pl.Int64(),
    "bool": pl.Boolean(),
}

STAGES = ("open", "won", "lost")
ORIGINS = ("company", "self")
ROW = "_row"
FILE = "_file"
"""Bookkeeping columns every loaded row carries: its line in the source file, and the file."""
ACTIVITY_COUNTS = ("calls", "emails", "meetings")
GROWTH_PLAN_FIELDS = ("track", "next_skill", "stretch_assignment", "promotion_readiness")
"""The growth table's plan fields: imported from data, or edited in cockpit (notes workspace)."""
GROWTH_DATE = "last_growth_conversation"
LEAD_COUNT = "lead_count"
"""A database source reduces leads to one row per rep, origin and outcome, counted in this
column; a row without it stands for one lead."""


@dataclass(frozen=True)
class Column:
    """One canonical column: its type, whether it is required, and the rules its values keep."""

    name: str
    kind: Kind
    meaning: str
    required: bool = False
    unique: bool = False
    non_negative: bool = False
    allowed: tuple[str, ...] | None = None
    references: str | None = None
    needed_for: str | None = None
    fallback: str | None = None
    """Column whose value stands in (with a warning) when this one is empty."""

    @property
    def dtype(self) -> pl.DataType:
        """The Polars dtype a loaded column has."""
        return POLARS_DTYPES[self.kind]


@dataclass(frozen=True)
class Table:
    """One canonical table and what goes missing when it is absent."""

    name: str
    required: bool
    columns: tuple[Column, ...]
    purpose: str
    without: str | None = None
    """What cockpit does without the table, when it still does something (None: the panes
    that need it say what is missing)."""

    def missing_effect(self) -> str:
        """What a missing optional table costs, in words."""
        return self.without or f"{self.purpose} will not be shown"

    @property
    def key(self) -> str | None:
        """The column that identifies a row, when the table has one."""
        return next((c.name for c in self.columns if c.unique), None)

    @property
    def column_names(self) -> list[str]:
        """Canonical column names in contract order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        """The column called `name`."""
        return next(c for c in self.columns if c.name == name)

    @property
    def polars_schema(self) -> dict[str, pl.DataType]:
        """Column name → Polars dtype, the schema every loaded frame has."""
        return {c.name: c.dtype for c in self.columns}


def _c(name: str, kind: Kind, meaning: str, **rules: object) -> Column:
    return Column(name, kind, meaning, **rules)  # type: ignore[arg-type]


REPS = Table(
    "reps",
    False,
    (
        _c("rep_id", "str", "stable id of the rep", required=True, unique=True),
        _c("name", "str", "display name", required=True, fallback="rep_id"),
        _c("team", "str", "team / region"),
        _c("manager", "str", "manager's name or id"),
        _c("role", "str", "e.g. AE, Strategic AE, SDR"),
        _c("segment", "str", "customer segment the rep mainly covers"),
        _c("hire_date", "date", "start date (drives ramping)"),
        _c("level", "str", "current level / title"),
        _c("level_since", "date", "when the rep reached the current level"),
        _c("quota", "float", "annual quota (other periods: the quotas table)", non_negative=True),
        _c("active", "bool", "still a user of the CRM (inactive: tiered only if they sold)"),
        _c("is_seller", "bool", "a seller (false: system, integration or manager users)"),
    ),
    "every pane: the people under review",
    "reps are derived from the deals' owners, named by their ids",
)

DEALS = Table(
    "deals",
    False,
    (
        _c("deal_id", "str", "opportunity id", required=True, unique=True),
        _c("rep_id", "str", "owner", required=True, references="reps"),
        _c("account_id", "str", "customer account", references="accounts"),
        _c("segment", "str", "if missing, taken from the account's segment"),
        _c("source", "str", "company, self, partner or another label"),
        _c("created_date", "date", "opened", required=True),
        _c("close_date", "date", "closed (empty while open)"),
        _c("stage", "str", "open / won / lost", required=True, allowed=STAGES),
        _c("amount", "float", "deal value", required=True, non_negative=True),
        _c("modified_date", "date", "last change to the record (caps as_of)"),
        _c("currency", "str", "ISO 4217 code of the amount (empty: the reporting currency)"),
    ),
    "tiers (won amount, win rate) and segment bookings",
    "the Tiers, Growth and Leads panes have nothing to show, and the Churn pane no bookings",
)

LEADS = Table(
    "leads",
    False,
    (
        _c("lead_id", "str", "lead id", required=True, unique=True),
        _c("rep_id", "str", "owner it was assigned to", required=True, references="reps"),
        _c("assigned_date", "date", "assigned", required=True),
        _c("origin", "str", "company or self", required=True, allowed=ORIGINS),
        _c("segment", "str", "customer segment"),
        _c("converted", "bool", "became a won deal (or opportunity)", required=True),
        _c("deal_id", "str", "the resulting deal", references="deals"),
    ),
    "the Leads pane (conversion, shrinkage, what-if) and flight risk's lead share",
)

ACTIVITIES = Table(
    "activities",
    False,
    (
        _c("rep_id", "str", "rep", required=True, references="reps"),
        _c("date", "date", "day (or week start) of the counts", required=True),
        _c("calls", "int", "calls that day/week", non_negative=True),
        _c("emails", "int", "emails that day/week", non_negative=True),
        _c("meetings", "int", "meetings that day/week", non_negative=True),
    ),
    "activity per week, activity index and the activity-vs-outcome flags",
)

ACCOUNTS = Table(
    "accounts",
    False,
    (
        _c("account_id", "str", "customer", required=True, unique=True),
        _c("name", "str", "account name"),
        _c("segment", "str", "customer segment", required=True),
        _c("rep_id", "str", "who sold it", references="reps"),
        _c("start_date", "date", "became a customer"),
        _c(
            "arr_start",
            "float",
            "ARR at period start",
            required=True,
            non_negative=True,
            needed_for="logo churn, GRR and NRR",
        ),
        _c(
            "arr_now",
            "float",
            "ARR as of as_of (0 when churned)",
            required=True,
            non_negative=True,
            needed_for="GRR and NRR",
        ),
        _c("churn_date", "date", "empty while live"),
        _c("seats", "int", "licensed seats", non_negative=True),
        _c("active_seats", "int", "seats actively used", non_negative=True),
        _c("currency", "str", "ISO 4217 code of the ARR (empty: the reporting currency)"),
    ),
    "the Churn pane (logo churn, GRR/NRR, adoption) and deal segments",
)

GROWTH = Table(
    "growth",
    False,
    (
        _c("rep_id", "str", "rep", required=True, unique=True, references="reps"),
        _c("track", "str", "e.g. AE → Strategic AE"),
        _c("next_skill", "str", "the next skill the rep is building"),
        _c("stretch_assignment", "str", "current stretch assignment"),
        _c("promotion_readiness", "str", "ready, 6-12 months, not yet"),
        _c("last_growth_conversation", "date", "last development conversation"),
    ),
    "the Growth pane (imported tracks; notes made in cockpit take precedence)",
)

QUOTAS = Table(
    "quotas",
    False,
    (
        _c("rep_id", "str", "rep", required=True, references="reps"),
        _c("period_start", "date", "first day the quota covers", required=True),
        _c("period_end", "date", "last day the quota covers", required=True),
        _c("amount", "float", "quota for those days", required=True, non_negative=True),
    ),
    "attainment against quarterly or monthly quotas",
    "reps.quota is read as an annual quota and prorated by days",
)

CURRENCY_RATES = Table(
    "currency_rates",
    False,
    (
        _c("currency", "str", "ISO 4217 code", required=True),
        _c(
            "rate",
            "float",
            "units of the currency per one unit of the reporting currency",
            required=True,
            non_negative=True,
        ),
        _c("valid_from", "date", "first day the rate applies (empty: whenever no dated one does)"),
    ),
    "amounts in several currencies converted to the reporting currency",
    "amounts are taken as they are; rows in a currency other than the reporting one are not "
    "counted",
)

TABLES: dict[str, Table] = {
    t.name: t for t in (REPS, DEALS, LEADS, ACTIVITIES, ACCOUNTS, GROWTH, QUOTAS, CURRENCY_RATES)
}
TABLE_NAMES: tuple[str, ...] = tuple(TABLES)
REVIEWABLE: tuple[str, ...] = ("deals", "accounts")
"""Tables of which one must hold rows for a review: deals give the Tiers, Growth and Leads
panes, accounts the Churn pane (a churn-only data set has no reps or deals)."""
CHECK_ORDER: tuple[str, ...] = (
    "reps", "currency_rates", "accounts", "deals", "leads", "activities", "growth", "quotas",
)  # fmt: skip
"""Tables in the order they are checked: every table a column references comes earlier, and
the currency rates before the amounts they convert."""
CURRENCY_CODE = r"^[A-Z]{3}$"
"""An ISO 4217 code as cockpit keeps it: three letters, upper-cased when read."""
