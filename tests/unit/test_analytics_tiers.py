"""Tiers, activity index and flags against hand-computed answers on tiny frames."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from cockpit.analytics.tiers import activity_insight, tier_table
from cockpit.config import FlagSettings, Settings, TierSettings
from cockpit.errors import UsageError
from cockpit.period import Period, resolve_period

# A closed period of 273 days = 39 weeks, judged on attainment (a running one is on pace: see
# test_periods_quotas.py); each rep's quota for it comes from the quotas table.
PERIOD = Period(date(2026, 1, 1), date(2026, 9, 30), date(2026, 9, 30))


def reps() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "rep_id": ["A", "B", "C", "D", "E"],
            "name": ["Ava", "Ben", "Cy", "Di", "Ed"],
            "team": ["x"] * 5,
            # C was hired 2026-06-01: under 5 months before as_of 2026-09-30, so ramping.
            "hire_date": [date(2020, 1, 1)] * 2 + [date(2026, 6, 1)] + [date(2021, 1, 1)] * 2,
            "quota": [1_200_000.0, 100_000.0, 50_000.0, 100_000.0, 100_000.0],
        }
    )


def deals() -> pl.DataFrame:
    rows = [
        ("1", "A", "won", 1_992_000.0, date(2026, 3, 1)),
        ("2", "A", "lost", 10.0, date(2026, 3, 2)),
        ("3", "B", "won", 30_000.0, date(2026, 4, 1)),
        ("4", "B", "won", 99_999.0, date(2025, 12, 31)),  # before the period: not counted
        ("5", "B", "lost", 1.0, date(2026, 5, 1)),
        ("6", "B", "lost", 1.0, date(2026, 5, 2)),
        ("7", "D", "won", 80_000.0, date(2026, 2, 1)),
        ("8", "E", "won", 50_000.0, date(2026, 2, 1)),
        ("9", "E", "open", 70_000.0, None),
    ]
    return pl.DataFrame(
        rows, schema=["deal_id", "rep_id", "stage", "amount", "close_date"], orient="row"
    )


def activities() -> pl.DataFrame:
    counts = {"A": 39, "B": 390, "C": 10, "D": 156, "E": 195}  # per period: /39 = per week
    return pl.DataFrame(
        {
            "rep_id": list(counts),
            "date": [date(2026, 2, 2)] * 5,
            "calls": list(counts.values()),
            "emails": [0] * 5,
            "meetings": [0] * 5,
        }
    )


def quotas() -> pl.DataFrame:
    """Each rep's quota for exactly the period: attainment is won / that amount."""
    return reps().select(
        "rep_id",
        pl.lit(PERIOD.start).alias("period_start"),
        pl.lit(PERIOD.end).alias("period_end"),
        pl.col("quota").alias("amount"),
    )


def table(acts: pl.DataFrame | None = None, quota: bool = True) -> pl.DataFrame:
    r = reps().with_columns(pl.lit(None, dtype=pl.Float64).alias("quota"))
    lazy_acts = None if acts is None else acts.lazy()
    by_period = quotas().lazy() if quota else None
    return tier_table(
        r.lazy(), deals().lazy(), lazy_acts, PERIOD, TierSettings(), FlagSettings(), by_period
    )


def test_outcomes_tiers_and_flags_by_hand() -> None:
    t = table(activities()).select(
        "rep_id", "won_amount", "attainment", "win_rate", "activity_per_week",
        "activity_index", "tier", "flags",
    )  # fmt: skip
    # Non-ramping weekly activity: A 1, B 10, D 4, E 5 → median 4.5.
    expected = pl.DataFrame(
        {
            "rep_id": ["A", "D", "E", "B", "C"],
            "won_amount": [1_992_000.0, 80_000.0, 50_000.0, 30_000.0, 0.0],
            "attainment": [1.66, 0.8, 0.5, 0.3, 0.0],
            "win_rate": [0.5, 1.0, 1.0, 1 / 3, None],
            "activity_per_week": [1.0, 4.0, 5.0, 10.0, 10 / 39],
            "activity_index": [1 / 4.5, 4 / 4.5, 5 / 4.5, 10 / 4.5, (10 / 39) / 4.5],
            "tier": ["top", "core", "developing", "at_risk", "ramping"],
            "flags": [["outcome_over_activity"], [], [], ["activity_without_outcome"], []],
        }
    )
    assert_frame_equal(t, expected, check_dtypes=False)


def test_without_activities_no_activity_flags() -> None:
    t = table(None)
    assert t["activity_index"].null_count() == t.height
    assert t["flags"].to_list() == [[]] * t.height


def test_without_quotas_tiers_fall_back_to_percentile() -> None:
    t = table(activities(), quota=False).select("rep_id", "tier", "tier_basis", "won_percentile")
    # Non-ramping won amounts A 1,992,000 > D 80,000 > E 50,000 > B 30,000: ranks 4,3,2,1 of 4.
    expected = pl.DataFrame(
        {
            "rep_id": ["A", "D", "E", "B", "C"],
            "tier": ["top", "core", "developing", "at_risk", "ramping"],
            "tier_basis": ["percentile"] * 4 + ["ramping"],
            "won_percentile": [1.0, 2 / 3, 1 / 3, 0.0, None],
        }
    )
    assert_frame_equal(t, expected, check_dtypes=False)


def test_without_quotas_or_wins_nobody_is_tiered() -> None:
    # A period in which nothing was won: a percentile among zeros would call someone "top".
    nothing = deals().with_columns(pl.lit("open").alias("stage"))
    r = reps().with_columns(pl.lit(None, dtype=pl.Float64).alias("quota"))
    t = tier_table(r.lazy(), nothing.lazy(), None, PERIOD, TierSettings(), FlagSettings())
    assert t.filter(~pl.col("ramping"))["tier"].to_list() == [None] * 4
    assert t.filter(pl.col("ramping"))["tier"].to_list() == ["ramping"]


def test_spearman_insight_on_non_ramping_reps() -> None:
    insight = activity_insight(table(activities()))
    # Activity ranks A1 D2 E3 B4; attainment ranks B1 E2 D3 A4: d² = 9+1+1+9 = 20.
    # rho = 1 - 6·20 / (4·15) = -1.
    assert insight.n == 4
    assert insight.rho == pytest.approx(-1.0)


def test_default_period_is_calendar_year_of_latest_date() -> None:
    p = resolve_period({"deals": deals().with_columns(pl.col("close_date").alias("created_date"))})
    assert (p.start, p.end, p.as_of) == (date(2026, 1, 1), date(2026, 12, 31), date(2026, 5, 2))
    assert (p.previous().start, p.previous().end) == (date(2025, 1, 1), date(2025, 12, 31))


@pytest.mark.parametrize("spec", ["2026-13-01:2026-12-31", "2026-06-01", "2026-06-01:2026-01-01"])
def test_bad_period_is_a_usage_error(spec: str) -> None:
    with pytest.raises(UsageError, match="--period"):
        resolve_period({"deals": deals()}, spec)


def test_settings_reject_unknown_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cockpit.config import read_settings

    path = tmp_path / "c.toml"
    path.write_text("[tiers]\ntop = 1.1\ncroe = 0.5\n")
    with pytest.raises(UsageError, match=r"tiers\.croe: unknown key"):
        read_settings(path)
    path.write_text("[churn]\ngrr_alert = -1\n")
    with pytest.raises(UsageError, match=r"churn\.grr_alert"):
        read_settings(path)
    path.write_text("[tiers]\ntop = 1.1\n")
    assert read_settings(path).tiers.top == 1.1
    assert Settings().churn.replacement_cost_multiple == 3.0
