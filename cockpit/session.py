"""One review, opened end to end: the only module that orchestrates.

source → Dataset → focus(period) → what managers recorded (notes) → the five panes → the
previous snapshot's panes. The TUI's loading worker (and so the browser, which runs the TUI) and
`cockpit report` call `open_review` and `compare`; analytics never reads anything itself.

A snapshot root is read the same way by all of them: the pinned snapshot's tables, the notes
workspace of the root (it outlives any one snapshot), and the previous snapshot computed with its
own default period.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import polars as pl

from cockpit.analytics.changes import with_changes
from cockpit.analytics.pane_specs import PANES
from cockpit.analytics.panes import Panes, Recorded, compute_panes
from cockpit.analytics.teams import team_tables, teams
from cockpit.config import Settings
from cockpit.data.copies.snapshot import Snapshot, open_root, previous_snapshot
from cockpit.data.copies.stored import open_snapshot
from cockpit.data.dataset import Dataset
from cockpit.data.schema import REVIEWABLE, TABLES
from cockpit.data.source import open_dataset
from cockpit.errors import DataError, UsageError
from cockpit.notes.store import NoteStore
from cockpit.notes.workspace import workspace_for
from cockpit.period import Calendar, Period, PeriodChoice, resolve_period
from cockpit.runtime import Runtime

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Request:
    """What to open: DATA (None: the bundled sample), its mapping, the period, the notes folder."""

    data: str | None = None
    mapping: str | None = None
    period: str | None = None
    notes: str | None = None
    pinned: Snapshot | None = None
    """The snapshot to read when DATA is a snapshot root (see `pin`)."""
    storage_options: Mapping[str, str] = field(default_factory=dict, repr=False)
    """Object-storage options for s3:// and other object-store DATA (may hold secrets)."""
    runtime: Runtime | None = field(default=None, repr=False)
    """The cache and the memory budget (`settings.runtime`); None: the environment's alone."""
    as_of: date | None = None
    """The review day (--as-of); None: the config's, else the data's latest event."""
    team: str | None = None
    """Review one team (`reps.team`, --team); None: everyone."""


def period_choice(request: Request, settings: Settings) -> PeriodChoice:
    """The period asked for, with --as-of over the config's as_of, on the config's calendar."""
    data = settings.data
    calendar = Calendar(data.fiscal_year_start, data.fiscal_year_named_by)
    return PeriodChoice(request.period, request.as_of or data.as_of, calendar)


def pin(data: str | None, mapping: str | None) -> Snapshot | None:
    """The snapshot DATA's `current` points at when DATA is a snapshot root, else None."""
    return open_root(data, mapping)


class UnusableDataError(DataError):
    """The source loaded, but reps or deals did not: the dataset says why (`cockpit check`)."""

    def __init__(self, dataset: Dataset) -> None:
        super().__init__(unusable_message(dataset))
        self.dataset = dataset


def unusable_message(dataset: Dataset) -> str:
    """Why the data gives no review, and what to try: a folder no preset recognised names the
    presets and --mapping."""
    deals = dataset.summaries["deals"]
    if dataset.mapping_name is None and deals.status == "missing":
        return no_preset_fits(dataset.source)
    empty = [
        f"none of the {summary.rows_read:,} {name} rows of {', '.join(summary.files)} was kept"
        for name in REVIEWABLE
        if (summary := dataset.summaries[name]).status == "loaded"
        and summary.rows_loaded == 0
        and summary.rows_read > 0
    ]
    if empty:
        return (
            f"the data is not usable: {'; '.join(empty)} (left out by the mapping's where, "
            "e.g. deleted records, or set aside): `cockpit check` says why for each"
        )
    return (
        "the data is not usable (neither deals nor accounts loaded with a row): run cockpit check"
    )


def no_preset_fits(source: str) -> str:
    """A folder with no deals file that no preset fits: each preset tried and why it does not
    fit, one line each, then how to draft a mapping (`cockpit map`)."""
    from cockpit.data.mapping import preset_names, presets_tried

    folder = Path(source)
    tried = presets_tried(folder) if folder.is_dir() else []
    quoted = shlex.quote(source)
    files = folder.is_dir() and any(
        p.suffix.lower() in (".csv", ".parquet") for p in folder.iterdir() if p.is_file()
    )
    which = "its files match" if files else "it holds no CSV or Parquet file, so it matches"
    return "\n".join(
        [
            f"{source} has no deals.csv or accounts.csv (or .parquet), and {which} none of the "
            f"export presets ({', '.join(preset_names())}): give --mapping PRESET, or a mapping "
            "file saying which file and columns hold deals and reps."
            + (" Presets tried:" if tried else ""),
            *(f"  {line}" for line in tried),
            f"Draft a mapping from the files: cockpit map {quoted} > my.toml, check it, then "
            f"cockpit check {quoted} --mapping my.toml shows what loaded; open the review "
            "with --mapping my.toml",
        ]
    )


@dataclass(frozen=True)
class Review:
    """One review's inputs and panes."""

    request: Request
    settings: Settings
    dataset: Dataset
    panes: Panes
    recorded: Recorded
    workspace: Path
    unreadable: list[str]
    """Notes files that could not be read (named with line and reason)."""


@dataclass(frozen=True)
class Comparison:
    """This review's panes with what changed since the previous snapshot."""

    panes: Panes
    previous: str | None
    """The previous snapshot's name; None when there is none (nothing is marked changed)."""


def open_source(
    request: Request, progress: Progress | None = None, settings: Settings | None = None
) -> Dataset:
    """The pinned snapshot's tables (already canonical: no mapping), else DATA as it is.

    The period tells a database source which rows to reduce its heavy tables to.
    """
    choice = period_choice(request, settings or Settings())
    if request.pinned is not None:
        pinned = request.pinned
        return open_snapshot(pinned) or open_dataset(
            str(pinned.path), progress=progress, runtime=request.runtime
        )
    return open_dataset(
        request.data,
        request.mapping,
        choice,
        progress=progress,
        timezone=(settings or Settings()).data.timezone,
        storage_options=request.storage_options,
        runtime=request.runtime,
    )


def notes_workspace(request: Request) -> Path:
    """The notes workspace: --notes, else beside the snapshot root or the data folder."""
    data = str(request.pinned.root) if request.pinned else request.data
    return workspace_for(request.notes, data)[0]


def open_review(request: Request, settings: Settings, progress: Progress | None = None) -> Review:
    """Read the source, the notes, and compute the panes; UnusableDataError when it cannot."""
    dataset = open_source(request, progress, settings)
    return review_of(dataset, request, settings)


def review_of(dataset: Dataset, request: Request, settings: Settings) -> Review:
    """The panes of a loaded dataset for the request's period, with what managers recorded."""
    if not dataset.usable:
        raise UnusableDataError(dataset)
    workspace = notes_workspace(request)
    recorded, unreadable = read_recorded(workspace, date.today())
    period = resolve_period(dataset.lazy_tables(), period_choice(request, settings))
    panes = panes_of(dataset, period, settings, recorded, request.team)
    return Review(request, settings, dataset, panes, recorded, workspace, unreadable)


def panes_of(
    dataset: Dataset,
    period: Period,
    settings: Settings,
    recorded: Recorded | None = None,
    team: str | None = None,
) -> Panes:
    """Prepare the dataset for `period` (a database reduces its tables), then compute the panes
    (of one `team`'s reps and what they own, when given)."""
    dataset.focus(period)
    missing = {
        spec.name: [dataset.missing_message(t) for t in spec.needs if t not in dataset.tables]
        for spec in PANES
    }
    tables, team = scoped_tables(dataset, team)
    panes = compute_panes(tables, period, settings, recorded, missing)
    panes = replace(panes, team=team)
    if "deals" not in dataset.tables:  # no bookings are unknown bookings, not 0
        unknown = [pl.lit(None, dtype=pl.Float64).alias(c) for c in ("bookings", "win_rate")]
        panes = replace(panes, churn=panes.churn.with_columns(unknown))
    return replace(panes, notices=(*panes.notices, *set_aside_notice(dataset)))


def scoped_tables(dataset: Dataset, team: str | None) -> tuple[dict[str, pl.LazyFrame], str | None]:
    """The tables the panes are computed from (reps and deals always present), cut to `team`
    (returned as the data spells it)."""
    tables = with_sales_tables(dataset.lazy_tables())
    if team is not None:
        team = known_team(tables["reps"], team)
        tables = team_tables(tables, team)
    return tables, team


def whatif_tables(
    dataset: Dataset, settings: Settings, period: Period, team: str | None
) -> dict[str, pl.LazyFrame]:
    """The tables a what-if recomputed on its own reads: the panes' team, amounts in the
    reporting currency (as `compute_panes` converts them)."""
    from cockpit.analytics.money import convert_money

    tables, _ = scoped_tables(dataset, team)
    return convert_money(tables, settings.data.currency, period.as_of)[0]


def with_sales_tables(tables: dict[str, pl.LazyFrame]) -> dict[str, pl.LazyFrame]:
    """The tables with reps and deals always present: without deals they are empty (a churn-only
    data set), and without a user file the deals' owners are the reps (as the file loader
    derives them; a database or partitioned source has no such step)."""
    tables = dict(tables)
    if "deals" not in tables:
        tables["deals"] = pl.LazyFrame(schema=TABLES["deals"].polars_schema)
    if "reps" not in tables:
        owners = tables["deals"].select(pl.col("rep_id").drop_nulls().unique(maintain_order=True))
        schema = TABLES["reps"].polars_schema
        tables["reps"] = owners.select(
            *(
                pl.col("rep_id")
                if c == "rep_id"
                else pl.col("rep_id").alias(c)
                if c == "name"
                else pl.lit(None, dtype=t).alias(c)
                for c, t in schema.items()
            )
        )
    return tables


def known_team(reps: pl.LazyFrame, team: str) -> str:
    """`team` as the data spells it (any case); a UsageError naming the teams otherwise."""
    named = teams(reps)
    match = next((t for t in named if t.casefold() == team.strip().casefold()), None)
    if match is None:
        listed = ", ".join(named) if named else "none: the reps table has no team column"
        raise UsageError(f"no team {team!r} in the data (teams: {listed})")
    return match


def set_aside_notice(dataset: Dataset) -> list[str]:
    """Rows the loader set aside, per table, in one sentence (none: nothing)."""
    counts = {n: s.rows_set_aside for n, s in dataset.summaries.items() if s.rows_set_aside > 0}
    if not counts:
        return []
    total = sum(counts.values())
    where = ", ".join(f"{name} {count:,}" for name, count in counts.items())
    rows = "row was" if total == 1 else "rows were"
    return [
        f"{total:,} {rows} set aside while loading ({where}) and are not counted: "
        "`cockpit check` lists each with its reason."
    ]


def read_recorded(workspace: Path, today: date) -> tuple[Recorded, list[str]]:
    """The workspace's growth edits and decisions as of `today`, and unreadable files in words."""
    if not workspace.is_dir():
        return Recorded(), []
    store = NoteStore(workspace)
    growth = store.growth_overrides()
    decisions = {item: d.status_on(today) for item, d in store.decisions().items()}
    return Recorded(growth, decisions), [str(p) for p in store.problems]


def previous_panes(review: Review) -> Panes | None:
    """The panes of the snapshot before the pinned one, with its own default period (or None)."""
    pinned = review.request.pinned
    before = previous_snapshot(pinned) if pinned is not None else None
    if before is None:
        return None
    dataset = open_snapshot(before) or open_dataset(
        str(before.path), runtime=review.request.runtime
    )
    if not dataset.usable:
        raise DataError(f"{before.path}: the previous snapshot is not usable; run cockpit check")
    # Its own default period, as of its own data: what last week's review showed.
    choice = replace(period_choice(review.request, review.settings), spec=None, as_of=None)
    period = resolve_period(dataset.lazy_tables(), choice)
    return panes_of(dataset, period, review.settings, review.recorded, review.request.team)


def compare(review: Review) -> Comparison:
    """The review's panes with a `changes` column and new review items marked, since the
    previous snapshot (nothing marked when there is none)."""
    before = previous_panes(review)
    pinned = review.request.pinned
    previous = previous_snapshot(pinned) if pinned is not None and before is not None else None
    return Comparison(with_changes(review.panes, before), previous.name if previous else None)
