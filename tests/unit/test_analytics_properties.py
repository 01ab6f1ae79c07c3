"""Properties that hold for any data: ratios in range, GRR ≤ 1, flags agree with thresholds."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from cockpit.analytics.churn import segment_table
from cockpit.analytics.tiers import tier_table
from cockpit.config import ChurnSettings, FlagSettings, TierSettings
from cockpit.period import Period

PERIOD = Period(date(2026, 1, 1), date(2026, 12, 31), date(2026, 9, 30))
DAY0 = date(2024, 1, 1)
days = st.integers(0, 1000).map(lambda n: DAY0 + timedelta(days=n))
maybe_day = st.none() | days


@st.composite
def account_frames(draw: st.DrawFn) -> pl.DataFrame:
    n = draw(st.integers(1, 25))
    rows = []
    for i in range(n):
        seats = draw(st.integers(0, 50))
        rows.append(
            (
                f"a{i}",
                draw(st.sampled_from(["Retail", "Bank", "SMB"])),
                draw(maybe_day),
                draw(st.floats(0, 1e6)),
                draw(st.floats(0, 1e6)),
                draw(maybe_day),
                seats,
                draw(st.integers(0, seats)),
            )
        )
    cols = ["account_id", "segment", "start_date", "arr_start", "arr_now", "churn_date",
            "seats", "active_seats"]  # fmt: skip
    return pl.DataFrame(rows, schema=cols, orient="row")


EMPTY_DEALS = pl.DataFrame(
    schema={"rep_id": pl.String, "segment": pl.String, "stage": pl.String,
            "amount": pl.Float64, "close_date": pl.Date}
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(account_frames())
def test_churn_ratios_in_range_and_alert_matches_thresholds(accounts: pl.DataFrame) -> None:
    s = ChurnSettings()
    t = segment_table(accounts.lazy(), EMPTY_DEALS.lazy(), PERIOD, s)
    for row in t.iter_rows(named=True):
        for key in ("logo_churn", "grr", "adoption"):
            assert row[key] is None or 0 <= row[key] <= 1 + 1e-12
        assert row["churned"] <= row["accounts"]
        alert = (
            (row["logo_churn"] is not None and row["logo_churn"] >= s.logo_churn_alert)
            or (row["grr"] is not None and row["grr"] < s.grr_alert)
            or (row["adoption"] is not None and row["adoption"] < s.adoption_alert)
        )
        assert row["flags"] == (["churn_alert"] if alert else [])


@st.composite
def teams(draw: st.DrawFn) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    n = draw(st.integers(1, 12))
    ids = [f"R{i}" for i in range(n)]
    reps = pl.DataFrame(
        {
            "rep_id": ids,
            "name": ids,
            "team": ["t"] * n,
            "hire_date": [draw(maybe_day) for _ in ids],
            "quota": [draw(st.none() | st.floats(0, 1e6)) for _ in ids],
        },
        schema_overrides={"hire_date": pl.Date, "quota": pl.Float64},
    )
    deal_rows = [
        (f"d{j}", draw(st.sampled_from(ids)), draw(st.sampled_from(["won", "lost", "open"])),
         draw(st.floats(0, 1e5)), draw(days))
        for j in range(draw(st.integers(0, 40)))
    ]  # fmt: skip
    deals = pl.DataFrame(
        deal_rows,
        schema={"deal_id": pl.String, "rep_id": pl.String, "stage": pl.String,
                "amount": pl.Float64, "close_date": pl.Date},
        orient="row",
    )  # fmt: skip
    acts = pl.DataFrame(
        {
            "rep_id": ids,
            "date": [date(2026, 3, 1)] * n,
            "calls": [draw(st.integers(0, 500)) for _ in ids],
            "emails": [0] * n,
            "meetings": [0] * n,
        }
    )
    return reps, deals, acts


@settings(max_examples=150, deadline=None)
@given(teams())
def test_tier_flags_agree_with_thresholds(team: tuple[pl.DataFrame, ...]) -> None:
    reps, deals, acts = team
    f, tiers = FlagSettings(), TierSettings()
    t = tier_table(reps.lazy(), deals.lazy(), acts.lazy(), PERIOD, tiers, f)
    assert t.height == reps.height
    for row in t.iter_rows(named=True):
        assert row["win_rate"] is None or 0 <= row["win_rate"] <= 1
        # Flags judge pace while the period runs (PERIOD does), attainment once it is over; the
        # thresholds are compared at 9 decimals (0.7 computed is 0.7000000000000001).
        a, i = row["score"], row["activity_index"]
        assert row["score_name"] == ("pace" if PERIOD.running else "attainment")
        usable = not row["ramping"] and a is not None and i is not None
        if usable:
            a, i = round(a, 9), round(i, 9)
        expect = []
        if usable and a >= f.outcome_min_attainment and i <= f.outcome_max_activity_index:
            expect.append("outcome_over_activity")
        if usable and i >= f.activity_min_index and a < f.activity_max_attainment:
            expect.append("activity_without_outcome")
        assert row["flags"] == expect
        if row["tier_basis"] in ("attainment", "pace"):
            assert (row["tier"] == "top") == (round(row["score"], 9) >= tiers.top)
        assert (row["tier"] == "ramping") == row["ramping"]
