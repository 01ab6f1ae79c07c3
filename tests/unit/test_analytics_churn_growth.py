"""Segment churn, growth status and flight risk, and the review queue, by hand."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from cockpit.analytics.churn import rep_churn, segment_table
from cockpit.analytics.growth import growth_table
from cockpit.analytics.review import review_queue
from cockpit.config import ChurnSettings, GrowthSettings
from cockpit.period import Period

PERIOD = Period(date(2026, 1, 1), date(2026, 12, 31), date(2026, 9, 30))


def accounts() -> pl.DataFrame:
    rows = [
        # id, segment, rep, start, arr_start, arr_now, churn, seats, active
        ("a1", "Retail", "R1", date(2024, 1, 1), 100.0, 0.0, date(2026, 3, 1), 10, 1),
        ("a2", "Retail", "R1", date(2024, 1, 1), 100.0, 0.0, date(2026, 4, 1), 10, 2),
        ("a3", "Retail", "R2", date(2024, 1, 1), 100.0, 120.0, None, 10, 3),
        ("a4", "Retail", "R2", date(2024, 1, 1), 100.0, 90.0, None, 10, 2),
        ("a5", "Retail", "R2", date(2026, 5, 1), 500.0, 500.0, None, 10, 10),  # new: not at start
        (
            "a6",
            "Retail",
            "R2",
            date(2023, 1, 1),
            100.0,
            0.0,
            date(2025, 6, 1),
            10,
            0,
        ),  # gone before
        ("b1", "Bank", "R2", None, 200.0, 220.0, None, 20, 15),  # unknown start: a customer
    ]
    cols = ["account_id", "segment", "rep_id", "start_date", "arr_start", "arr_now",
            "churn_date", "seats", "active_seats"]  # fmt: skip
    return pl.DataFrame(rows, schema=cols, orient="row")


def deals() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "deal_id": ["1", "2", "3", "4"],
            "rep_id": ["R1"] * 4,
            "segment": ["Retail", "Retail", "Bank", "Bank"],
            "stage": ["won", "lost", "won", "won"],
            "amount": [900.0, 5.0, 100.0, 50.0],
            "close_date": [date(2026, 2, 1)] * 4,
        }
    )


def test_segment_metrics_by_hand() -> None:
    t = segment_table(accounts().lazy(), deals().lazy(), PERIOD, ChurnSettings())
    retail = t.filter(pl.col("segment") == "Retail").row(0, named=True)
    # At start: a1..a4 (a5 started in the period, a6 churned before it).
    assert (retail["accounts"], retail["churned"], retail["logo_churn"]) == (4, 2, 0.5)
    assert retail["grr"] == pytest.approx((0 + 0 + 100 + 90) / 400)
    assert retail["nrr"] == pytest.approx((0 + 0 + 120 + 90) / 400)
    # Live at as_of: a3, a4, a5 → (3 + 2 + 10) / 30.
    assert retail["adoption"] == pytest.approx(15 / 30)
    assert (retail["bookings"], retail["win_rate"]) == (900.0, 0.5)
    assert (retail["churned_arr"], retail["replacement_cost"]) == (200.0, 600.0)
    assert retail["flags"] == ["churn_alert"]
    assert retail["bookings_hide_churn"] is True  # 900 > median of (900, 150)
    bank = t.filter(pl.col("segment") == "Bank").row(0, named=True)
    assert (bank["accounts"], bank["logo_churn"], bank["grr"], bank["nrr"]) == (1, 0.0, 1.0, 1.1)
    assert bank["flags"] == [] and bank["bookings_hide_churn"] is False
    assert t["segment"].to_list()[0] == "Retail"  # alerts hiding behind bookings come first


def test_grr_never_exceeds_one() -> None:
    t = segment_table(accounts().lazy(), deals().lazy(), PERIOD, ChurnSettings())
    assert all(g <= 1 for g in t["grr"].drop_nulls())


def test_rep_churn_of_accounts_they_sold() -> None:
    t = rep_churn(accounts().lazy(), PERIOD).sort("rep_id")
    assert t["accounts"].to_list() == [2, 3]
    assert t["logo_churn"].to_list() == [1.0, 0.0]


def test_segments_without_accounts_still_show_bookings() -> None:
    t = segment_table(None, deals().lazy(), PERIOD, ChurnSettings()).sort("segment")
    assert t["bookings"].to_list() == [150.0, 900.0]
    assert t["logo_churn"].to_list() == [None, None]
    assert t["flags"].to_list() == [[], []]


def growth_inputs() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    tiers = pl.DataFrame(
        {"rep_id": ["T1", "T2", "C1", "C2"], "name": ["t1", "t2", "c1", "c2"],
         "tier": ["top", "top", "core", "core"]}
    )  # fmt: skip
    reps = pl.DataFrame(
        {
            "rep_id": ["T1", "T2", "C1", "C2"],
            "level": ["AE"] * 4,
            "level_since": [date(2024, 1, 1), date(2026, 1, 1), date(2026, 1, 1), None],
        }
    )
    growth = pl.DataFrame(
        {
            "rep_id": ["T1", "T2", "C1"],
            "track": ["AE → Lead", "AE → Strategic AE", None],
            "next_skill": ["coaching", "exec selling", "forecasting"],
            "stretch_assignment": [None, "pilot", None],
            "promotion_readiness": ["ready", "not yet", None],
            "last_growth_conversation": [date(2026, 6, 1), date(2026, 9, 1), date(2026, 9, 20)],
        }
    )
    return tiers, reps, growth


def test_growth_status_and_flight_risk_reasons() -> None:
    tiers, reps, growth = growth_inputs()
    # T2's share fell from 10% to 5% (a drop of half, past the 20% tolerance); T1's from
    # 10% to 9% (a tenth: noise).
    share = pl.DataFrame(
        {
            "rep_id": ["T1", "T2"],
            "lead_share_before": [0.1, 0.1],
            "lead_share_delta": [-0.01, -0.05],
        }
    )
    t = growth_table(tiers, reps.lazy(), growth.lazy(), PERIOD, GrowthSettings(), share)
    rows = {r["rep_id"]: r for r in t.iter_rows(named=True)}
    # T1: 121 days since 2026-06-01; 32 months at level since 2024-01-01.
    assert rows["T1"]["days_since_growth_conversation"] == 121
    assert rows["T1"]["status"] == "stale"
    assert rows["T1"]["flight_risk_reasons"] == [
        "no growth conversation in 121 days",
        "no stretch assignment",
        "32 months at the same level",
    ]
    assert rows["T1"]["flags"] == ["flight_risk", "stale"]
    assert rows["T2"]["status"] == "on_track"
    assert rows["T2"]["flight_risk_reasons"] == [
        "company-lead share down from 10.0% to 5.0% vs the previous period"
    ]
    assert rows["C1"]["status"] == "no_plan" and rows["C1"]["flight_risk_reasons"] == []
    assert rows["C2"]["status"] == "no_plan" and rows["C2"]["flags"] == ["no_plan"]


def test_no_growth_data_raises_no_growth_flags() -> None:
    tiers, reps, _ = growth_inputs()
    t = growth_table(tiers, reps.lazy(), None, PERIOD, GrowthSettings())
    assert t["status"].to_list() == [None] * 4
    assert t.filter(pl.col("rep_id") == "T1")["flight_risk_reasons"].to_list() == [
        ["32 months at the same level"]
    ]


def test_review_queue_ranks_and_words_items() -> None:
    tiers, reps, growth = growth_inputs()
    g = growth_table(tiers, reps.lazy(), growth.lazy(), PERIOD, GrowthSettings())
    c = segment_table(accounts().lazy(), deals().lazy(), PERIOD, ChurnSettings())
    q = review_queue({"growth": g, "churn": c})
    assert q["severity"].to_list()[:2] == ["high", "high"]
    assert q["item_id"].to_list()[0] == "churn_alert:segment:Retail"
    retail = q.row(0, named=True)
    assert "logo churn 50%" in retail["reason"] and "strong sales hiding churn" in retail["reason"]
    assert "flight_risk:rep:T1" in q["item_id"].to_list()
    assert q["item_id"].n_unique() == q.height
    assert set(q["status"]) == {"open"}
