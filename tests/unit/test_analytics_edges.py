"""Edges where a number said something untrue: thresholds met exactly, undefined correlations,
calendar months at level, and a team that converts nothing. Answers worked out by hand."""

from __future__ import annotations

from datetime import date

import polars as pl

from cockpit.analytics.growth import _months_between
from cockpit.analytics.tiers import activity_insight, tier_table
from cockpit.config import FlagSettings, TierSettings
from cockpit.period import Period

PERIOD = Period(date(2026, 1, 1), date(2026, 12, 31), date(2026, 9, 30))  # 39 weeks elapsed


def three_reps(calls: dict[str, int], won: dict[str, float]) -> pl.DataFrame:
    """Three seasoned reps with a 100 quota each: their tiers table for PERIOD."""
    reps = pl.DataFrame(
        {
            "rep_id": list(calls),
            "name": list(calls),
            "team": ["x"] * 3,
            "hire_date": [date(2020, 1, 1)] * 3,
            "quota": [100.0] * 3,
        }
    )
    deals = pl.DataFrame(
        {
            "deal_id": [f"D{r}" for r in won],
            "rep_id": list(won),
            "stage": ["won"] * len(won),
            "amount": list(won.values()),
            "close_date": [date(2026, 3, 1)] * len(won),
        }
    )
    acts = pl.DataFrame(
        {
            "rep_id": list(calls),
            "date": [date(2026, 2, 2)] * 3,
            "calls": list(calls.values()),
            "emails": [0] * 3,
            "meetings": [0] * 3,
        }
    )
    return tier_table(
        reps.lazy(), deals.lazy(), acts.lazy(), PERIOD, TierSettings(), FlagSettings()
    )


def test_an_activity_index_of_exactly_0_7_is_do_not_pip() -> None:
    # X: 7 calls / 39 weeks, median 10 / 39 → index 7/10, which floats compute as 0.70…01.
    tiers = three_reps({"X": 7, "Y": 10, "Z": 10}, {"X": 150.0, "Y": 50.0, "Z": 50.0})
    x = tiers.filter(pl.col("rep_id") == "X").row(0, named=True)
    assert round(x["activity_index"], 9) == 0.7 and x["attainment"] == 1.5
    assert x["flags"] == ["outcome_over_activity"]


def test_an_undefined_correlation_is_not_a_finding() -> None:
    # Same activity for everyone: Spearman's ρ is undefined (NaN), not "runs against".
    tiers = three_reps({"X": 10, "Y": 10, "Z": 10}, {"X": 150.0, "Y": 50.0, "Z": 80.0})
    assert activity_insight(tiers).rho is None


def test_months_at_level_are_calendar_months() -> None:
    frame = pl.DataFrame(
        {
            "since": [
                date(2025, 8, 31),  # 13 months: the 31st counts to a 30-day month's end (was 12)
                date(2024, 9, 30),  # two years to the day: 24 (days / 30.44 said 23)
                date(2025, 4, 1),  # 17 months and 29 days: not yet 18
            ]
        }
    )
    months = frame.select(_months_between(pl.col("since"), PERIOD).alias("m"))["m"].to_list()
    assert months == [13, 24, 17]
