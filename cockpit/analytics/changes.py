"""Week over week: what changed between the panes of two snapshots, as tidy frames.

Each snapshot's panes are computed with its own default period (as_of from its own data), so
the comparison is "this week's review against last week's review", not one period re-cut twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl

from cockpit.analytics.pane_specs import SPECS
from cockpit.analytics.panes import Panes
from cockpit.analytics.review import FLAGS, mark_new

TIER_RANK = {"at_risk": 0, "developing": 1, "core": 2, "top": 3}
FLAG_PANES = ("tiers", "growth", "leads", "churn")
FLAG_SCHEMA = pl.Schema(
    {"pane": pl.String, "key": pl.String, "flag": pl.String, "change": pl.String}
)
NOTE_SCHEMA = pl.Schema({"pane": pl.String, "key": pl.String, "order": pl.Int64, "note": pl.String})
# Order of notes in a cell: the move first, then flags raised, cleared, then the shifts.
ORDER = {"tier": 0, "new": 1, "cleared": 2, "delta": 3}


@dataclass(frozen=True)
class Changes:
    """Tidy frames of what changed since the previous snapshot."""

    tier_moves: pl.DataFrame
    """rep_id, name, tier_before, tier_now (reps in both snapshots whose tier differs)."""
    flags: pl.DataFrame
    """pane, key (rep_id or segment), flag, change (`new` or `cleared`)."""
    lead_share: pl.DataFrame
    """rep_id, share_before, share_now, delta_pp (percentage points, now − before)."""
    churn: pl.DataFrame
    """segment, logo_churn_before, logo_churn_now, delta_pp."""


def tier_moves(now: pl.DataFrame, before: pl.DataFrame) -> pl.DataFrame:
    """Reps present in both tier tables whose tier changed."""
    return (
        now.select("rep_id", "name", pl.col("tier").alias("tier_now"))
        .join(before.select("rep_id", pl.col("tier").alias("tier_before")), on="rep_id")
        .filter(pl.col("tier_now") != pl.col("tier_before"))
        .select("rep_id", "name", "tier_before", "tier_now")
        .sort("rep_id")
    )


def _pane_flags(frame: pl.DataFrame | None, pane: str) -> pl.DataFrame:
    """(key, flag) pairs a pane raised, only the flags that pane owns."""
    if frame is None:
        return pl.DataFrame(schema={"key": pl.String, "flag": pl.String})
    owned = [flag for flag, (owner, _, _) in FLAGS.items() if owner == pane]
    return (
        frame.select(
            pl.col(SPECS[pane].key_column).cast(pl.String).alias("key"),
            pl.col("flags").alias("flag"),
        )
        .explode("flag")
        .filter(pl.col("flag").is_in(owned))
        .unique()
    )


def flag_changes(now: Panes, before: Panes) -> pl.DataFrame:
    """Flags raised since the previous snapshot (`new`) and flags no longer raised (`cleared`)."""
    parts = []
    for pane in FLAG_PANES:
        flags_now = _pane_flags(getattr(now, pane), pane)
        flags_before = _pane_flags(getattr(before, pane), pane)
        for change, left, right in (
            ("new", flags_now, flags_before),
            ("cleared", flags_before, flags_now),
        ):
            found = left.join(right, on=["key", "flag"], how="anti")
            parts.append(found.select(pl.lit(pane).alias("pane"), "key", "flag", pl.lit(change)))
    frames = [p.rename({"literal": "change"}) for p in parts]
    return pl.concat(frames).cast(FLAG_SCHEMA).sort("pane", "key", "change", "flag")


def _delta(
    now: pl.DataFrame | None, before: pl.DataFrame | None, key: str, column: str, name: str
) -> pl.DataFrame:
    """`column` now and before per `key`, and the change in percentage points."""
    schema = {key: pl.String, f"{name}_before": pl.Float64, f"{name}_now": pl.Float64}
    if now is None or before is None:
        return pl.DataFrame(schema={**schema, "delta_pp": pl.Float64})
    return (
        now.select(key, pl.col(column).alias(f"{name}_now"))
        .join(before.select(key, pl.col(column).alias(f"{name}_before")), on=key)
        .drop_nulls()
        .select(
            key,
            f"{name}_before",
            f"{name}_now",
            ((pl.col(f"{name}_now") - pl.col(f"{name}_before")) * 100).alias("delta_pp"),
        )
        .sort(key)
    )


def compare_panes(now: Panes, before: Panes) -> Changes:
    """Everything that changed from `before` (the previous snapshot) to `now`."""
    return Changes(
        tier_moves=tier_moves(now.tiers, before.tiers),
        flags=flag_changes(now, before),
        lead_share=_delta(now.leads, before.leads, "rep_id", "lead_share", "share"),
        churn=_delta(now.churn, before.churn, "segment", "logo_churn", "logo_churn"),
    )


def _signed(delta: pl.Expr) -> pl.Expr:
    """`+3.1` / `-0.4`: one decimal, always signed."""
    sign = pl.when(delta >= 0).then(pl.lit("+")).otherwise(pl.lit("-"))
    return pl.concat_str(sign, delta.abs().round(1).cast(pl.String))


def _tier_notes(changes: Changes, pane: str) -> pl.DataFrame:
    before, now = (
        pl.col(c).replace_strict(TIER_RANK, default=None, return_dtype=pl.Int64)
        for c in ("tier_before", "tier_now")
    )
    glyph = (
        pl.when(before.is_null() | now.is_null())
        .then(pl.lit("◇"))
        .when(now > before)
        .then(pl.lit("▲"))
        .otherwise(pl.lit("▼"))
    )
    note = pl.concat_str(glyph, pl.lit(" "), "tier_before", pl.lit("→"), "tier_now")
    return changes.tier_moves.select(
        pl.lit(pane).alias("pane"),
        pl.col("rep_id").alias("key"),
        pl.lit(ORDER["tier"]).alias("order"),
        note.alias("note"),
    )


def _flag_notes(changes: Changes) -> pl.DataFrame:
    sign = pl.when(pl.col("change") == "new").then(pl.lit("+flag ")).otherwise(pl.lit("-flag "))
    order = pl.col("change").replace_strict(ORDER, return_dtype=pl.Int64)
    return changes.flags.select(
        "pane", "key", order.alias("order"), pl.concat_str(sign, "flag").alias("note")
    )


def _delta_notes(frame: pl.DataFrame, pane: str, key: str, label: str) -> pl.DataFrame:
    shown = frame.filter(pl.col("delta_pp").round(1) != 0)
    return shown.select(
        pl.lit(pane).alias("pane"),
        pl.col(key).alias("key"),
        pl.lit(ORDER["delta"]).alias("order"),
        pl.concat_str(pl.lit(f"Δ{label} "), _signed(pl.col("delta_pp")), pl.lit("pp")).alias(
            "note"
        ),
    )


def change_notes(changes: Changes) -> pl.DataFrame:
    """One short note per change, per pane and row key: `▲ core→top`, `+flag …`, `Δshare +3.1pp`."""
    parts = [
        _tier_notes(changes, "tiers"),
        _tier_notes(changes, "growth"),
        _flag_notes(changes),
        _delta_notes(changes.lead_share, "leads", "rep_id", "share"),
        _delta_notes(changes.churn, "churn", "segment", "churn"),
    ]
    return pl.concat([p.cast(NOTE_SCHEMA) for p in parts]).sort("pane", "key", "order", "note")


def changes_column(frame: pl.DataFrame, pane: str, notes: pl.DataFrame) -> pl.DataFrame:
    """`frame` with a `changes` list column (empty list for rows with no change)."""
    key = SPECS[pane].key_column
    per_row = (
        notes.filter(pl.col("pane") == pane)
        .group_by("key", maintain_order=True)
        .agg(pl.col("note").alias("changes"))
    )
    joined = frame.join(per_row, left_on=pl.col(key).cast(pl.String), right_on="key", how="left")
    return joined.drop("key", strict=False).with_columns(
        pl.col("changes").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    )


def with_changes(now: Panes, before: Panes | None) -> Panes:
    """`now` with a `changes` column on every pane and `new` marked in the review queue.

    Without a previous snapshot every `changes` list is empty and no review item is new.
    """
    changes = compare_panes(now, before) if before is not None else None
    notes = change_notes(changes) if changes else pl.DataFrame(schema=NOTE_SCHEMA)
    leads = changes_column(now.leads, "leads", notes) if now.leads is not None else None
    review = mark_new(now.review, before.review if before is not None else None)
    review_notes = pl.when(pl.col("new")).then(pl.lit(["new"])).otherwise(pl.lit([]))
    return replace(
        now,
        tiers=changes_column(now.tiers, "tiers", notes),
        growth=changes_column(now.growth, "growth", notes),
        leads=leads,
        churn=changes_column(now.churn, "churn", notes),
        review=review.with_columns(review_notes.cast(pl.List(pl.String)).alias("changes")),
    )
