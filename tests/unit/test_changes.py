"""Week over week on hand-built panes: tier moves, flags raised and cleared, share and churn."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from cockpit.analytics.changes import compare_panes, with_changes
from cockpit.analytics.panes import Panes
from cockpit.analytics.review import mark_new
from cockpit.period import Period

FLAGS = pl.List(pl.String)


def panes(
    tiers: list[tuple[str, str, list[str]]],
    shares: dict[str, float],
    churn: list[tuple[str, float, list[str]]],
    review: list[tuple[str, str]],
    growth_flags: dict[str, list[str]] | None = None,
) -> Panes:
    """Panes holding only the columns week over week reads."""
    growth_flags = growth_flags or {}
    tier_frame = pl.DataFrame(
        {
            "rep_id": [t[0] for t in tiers],
            "name": [f"Rep {t[0]}" for t in tiers],
            "tier": [t[1] for t in tiers],
            "flags": [t[2] for t in tiers],
        },
        schema_overrides={"flags": FLAGS},
    )
    growth = tier_frame.select(
        "rep_id",
        "name",
        "tier",
        pl.col("rep_id")
        .replace_strict(growth_flags, default=[], return_dtype=FLAGS)
        .alias("flags"),
    )
    leads = pl.DataFrame(
        {"rep_id": list(shares), "lead_share": list(shares.values()), "flags": [[]] * len(shares)},
        schema_overrides={"flags": FLAGS},
    )
    churn_frame = pl.DataFrame(
        {
            "segment": [c[0] for c in churn],
            "logo_churn": [c[1] for c in churn],
            "flags": [c[2] for c in churn],
        },
        schema_overrides={"flags": FLAGS},
    )
    queue = pl.DataFrame(
        {
            "item_id": [f"{k}:{s}" for k, s in review],
            "kind": [k for k, _ in review],
            "subject": [s for _, s in review],
            "status": ["open"] * len(review),
        }
    )
    period = Period(date(2026, 1, 1), date(2026, 12, 31), date(2026, 10, 2))
    none: Any = None
    return Panes(period, tier_frame, none, growth, leads, None, None, churn_frame, None, queue)


BEFORE = panes(
    tiers=[
        ("R1", "core", []),
        ("R2", "top", ["outcome_over_activity"]),
        ("R3", "ramping", []),
        ("R4", "developing", ["activity_without_outcome"]),
    ],
    shares={"R1": 0.30, "R2": 0.25, "R3": 0.20, "R4": 0.25},
    churn=[("SMB", 0.20, []), ("Enterprise", 0.10, [])],
    review=[("outcome_over_activity", "rep:R2"), ("activity_without_outcome", "rep:R4")],
)
NOW = panes(
    tiers=[
        ("R1", "top", ["activity_without_outcome"]),
        ("R2", "core", []),
        ("R3", "core", []),
        ("R4", "developing", ["activity_without_outcome"]),
    ],
    shares={"R1": 0.331, "R2": 0.25, "R3": 0.17, "R4": 0.249},
    churn=[("SMB", 0.25, ["churn_alert"]), ("Enterprise", 0.10, [])],
    review=[
        ("churn_alert", "segment:SMB"),
        ("activity_without_outcome", "rep:R1"),
        ("activity_without_outcome", "rep:R4"),
        ("flight_risk", "rep:R1"),
    ],
    growth_flags={"R1": ["flight_risk"]},
)


def test_tier_moves_name_old_and_new_tier() -> None:
    moves = compare_panes(NOW, BEFORE).tier_moves
    expected = pl.DataFrame(
        {
            "rep_id": ["R1", "R2", "R3"],
            "name": ["Rep R1", "Rep R2", "Rep R3"],
            "tier_before": ["core", "top", "ramping"],
            "tier_now": ["top", "core", "core"],
        }
    )
    assert_frame_equal(moves, expected)


def test_flags_new_and_cleared_per_pane() -> None:
    flags = compare_panes(NOW, BEFORE).flags
    got = set(flags.iter_rows())
    assert got == {
        ("tiers", "R1", "activity_without_outcome", "new"),
        ("tiers", "R2", "outcome_over_activity", "cleared"),
        ("growth", "R1", "flight_risk", "new"),
        ("churn", "SMB", "churn_alert", "new"),
    }


def test_lead_share_and_churn_change_in_points() -> None:
    changes = compare_panes(NOW, BEFORE)
    share = dict(zip(changes.lead_share["rep_id"], changes.lead_share["delta_pp"], strict=True))
    # 0.331 − 0.30 = 3.1 points; 0.17 − 0.20 = −3 points; 0.249 − 0.25 = −0.1 points.
    assert share["R1"] == pytest_approx(3.1)
    assert share["R3"] == pytest_approx(-3.0)
    assert share["R4"] == pytest_approx(-0.1)
    assert share["R2"] == 0
    churn = dict(zip(changes.churn["segment"], changes.churn["delta_pp"], strict=True))
    assert churn == {"Enterprise": 0, "SMB": pytest_approx(5.0)}


def pytest_approx(value: float) -> Any:
    return pytest.approx(value, abs=1e-9)


def cell(frame: pl.DataFrame, key: str, value: str) -> list[str]:
    return list(frame.filter(pl.col(key) == value)["changes"].item())


def test_changes_column_reads_like_the_week() -> None:
    shown = with_changes(NOW, BEFORE)
    assert cell(shown.tiers, "rep_id", "R1") == ["▲ core→top", "+flag activity_without_outcome"]
    assert cell(shown.tiers, "rep_id", "R2") == ["▼ top→core", "-flag outcome_over_activity"]
    assert cell(shown.tiers, "rep_id", "R3") == ["◇ ramping→core"]
    assert cell(shown.tiers, "rep_id", "R4") == []
    assert cell(shown.growth, "rep_id", "R1") == ["▲ core→top", "+flag flight_risk"]
    assert shown.leads is not None
    assert cell(shown.leads, "rep_id", "R1") == ["Δshare +3.1pp"]
    assert cell(shown.leads, "rep_id", "R3") == ["Δshare -3.0pp"]
    assert cell(shown.leads, "rep_id", "R4") == ["Δshare -0.1pp"]
    assert cell(shown.leads, "rep_id", "R2") == []
    assert cell(shown.churn, "segment", "SMB") == ["+flag churn_alert", "Δchurn +5.0pp"]
    assert cell(shown.churn, "segment", "Enterprise") == []


def test_review_items_absent_last_week_are_new() -> None:
    shown = with_changes(NOW, BEFORE).review
    new = dict(zip(shown["item_id"], shown["new"], strict=True))
    assert new == {
        "churn_alert:segment:SMB": True,
        "activity_without_outcome:rep:R1": True,
        "activity_without_outcome:rep:R4": False,
        "flight_risk:rep:R1": True,
    }
    assert shown["item_id"].to_list() == NOW.review["item_id"].to_list()  # order kept


def test_without_a_previous_snapshot_nothing_is_new_or_changed() -> None:
    shown = with_changes(NOW, None)
    assert shown.tiers["changes"].list.len().sum() == 0
    assert not shown.review["new"].any()
    assert mark_new(NOW.review, None)["new"].to_list() == [False] * 4
