"""Segment churn, growth status and flight risk, and the review queue, by hand."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from cockpit.analytics.churn import at_least, rep_churn, segment_table, with_rep_churn
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
    # Expected rate: each account at start counts its segment's logo churn (Retail 2/4, Bank
    # 0/1). R1: a1, a2 in Retail → 0.5; R2: a3, a4 in Retail and b1 in Bank → (0.5 + 0.5 + 0) / 3.
    assert t["segment_logo_churn"].to_list() == pytest.approx([0.5, 1 / 3])


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


def sold_accounts() -> pl.DataFrame:
    """SMB: 24 accounts at start, 6 churned in the period (25%); Bank: 5, 1 churned (20%)."""
    rows: list[tuple[str, str, float, date | None]] = []

    def sell(rep: str, segment: str, live: int, churned_arr: list[float]) -> None:
        for arr in churned_arr:
            rows.append((rep, segment, arr, date(2026, 5, 1)))
        rows.extend((rep, segment, 100.0, None) for _ in range(live))

    sell("T1", "SMB", 2, [100.0, 150.0, 200.0, 250.0])  # top: 4 of 6 churned
    sell("C1", "SMB", 2, [100.0, 100.0])  # core: 2 of 4
    sell("O1", "SMB", 14, [])
    sell("T2", "Bank", 0, [300.0])  # top: 1 of 1 churned
    sell("O1", "Bank", 4, [])
    return pl.DataFrame(
        [
            (f"a{i}", segment, rep, date(2024, 1, 1), arr, 0.0 if churn else arr, churn, 10, 5)
            for i, (rep, segment, arr, churn) in enumerate(rows)
        ],
        schema=["account_id", "segment", "rep_id", "start_date", "arr_start", "arr_now",
                "churn_date", "seats", "active_seats"],
        orient="row",
    )  # fmt: skip


def sold_tiers() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "rep_id": ["T1", "T2", "T3", "C1", "O1"],
            "name": ["Tia", "Tom", "Tess", "Cal", "Oli"],
            "tier": ["top", "top", "top", "core", "core"],
            "flags": [["outcome_over_activity"], [], [], [], []],
        }
    )


def test_a_top_rep_whose_accounts_churn_above_their_segment_is_flagged() -> None:
    by_rep = rep_churn(sold_accounts().lazy(), PERIOD)
    t = with_rep_churn(sold_tiers(), by_rep, ChurnSettings())
    rows = {r["rep_id"]: r for r in t.iter_rows(named=True)}
    assert t["rep_id"].to_list() == ["T1", "T2", "T3", "C1", "O1"]  # the tier order kept
    tia = rows["T1"]
    # 4 of the 6 accounts Tia sold churned (100 + 150 + 200 + 250 ARR); SMB churned 6 of 24 =
    # 25%, so hers were expected to churn at 25%: 67% > 1.25 × 25%. By chance, 4 or more of 6
    # at 25%: 15·.25⁴·.75² + 6·.25⁵·.75 + .25⁶ = 0.0376, under 0.1.
    assert (tia["sold_accounts"], tia["sold_churned"]) == (6, 4)
    assert (tia["sold_logo_churn"], tia["sold_churned_arr"]) == (pytest.approx(4 / 6), 700.0)
    assert tia["segment_logo_churn"] == 0.25
    assert tia["sold_churn_chance"] == pytest.approx(0.03759765625)
    assert tia["flags"] == ["outcome_over_activity", "bookings_do_not_stay"]
    # Cal churned 2 of 4 but is not a top rep; Tom lost 1 of 1 (Bank 1/5 = 20%): one account
    # is not a finding; Tess sold nothing: 0 accounts, no rate.
    assert rows["C1"]["sold_logo_churn"] == 0.5 and rows["C1"]["flags"] == []
    assert (rows["T2"]["sold_accounts"], rows["T2"]["sold_logo_churn"]) == (1, 1.0)
    assert rows["T2"]["segment_logo_churn"] == pytest.approx(0.2) and rows["T2"]["flags"] == []
    assert (rows["T3"]["sold_accounts"], rows["T3"]["sold_churned_arr"]) == (0, 0.0)
    assert rows["T3"]["sold_logo_churn"] is None and rows["T3"]["flags"] == []
    # Oli: 14 SMB at 25% and 4 Bank at 20%, weighted by his accounts: (14·0.25 + 4·0.2) / 18.
    assert rows["O1"]["segment_logo_churn"] == pytest.approx(4.3 / 18)


def test_the_flag_needs_the_thresholds_of_the_config() -> None:
    by_rep = rep_churn(sold_accounts().lazy(), PERIOD)
    tiers = sold_tiers()

    def flagged(**kw: float) -> list[str]:
        t = with_rep_churn(tiers, by_rep, ChurnSettings(**kw))  # type: ignore[arg-type]
        return t.filter(pl.col("flags").list.contains("bookings_do_not_stay"))["rep_id"].to_list()

    assert flagged() == ["T1"]
    assert flagged(rep_churn_min_accounts=7) == []  # Tia sold 6
    assert flagged(rep_churn_min_churned=5) == []  # 4 of hers churned
    assert flagged(rep_churn_ratio=3.0) == []  # 67% is not above 3 × 25%
    assert flagged(rep_churn_max_chance=0.03) == []  # 0.0376 by chance
    # Tom's 1 of 1 at 20% happens by chance 20% of the time: a finding only if allowed.
    assert flagged(rep_churn_min_accounts=1, rep_churn_min_churned=1) == ["T1"]
    loose = {"rep_churn_min_accounts": 1, "rep_churn_min_churned": 1, "rep_churn_max_chance": 0.2}
    assert flagged(**loose) == ["T1", "T2"]


def test_two_of_twelve_where_nine_percent_is_expected_is_not_a_finding() -> None:
    # P(X ≥ 2) for 12 accounts at 9%: 1 − .91¹² − 12·.09·.91¹¹ = 0.295.
    assert at_least(2, 12, 0.09) == pytest.approx(1 - 0.91**12 - 12 * 0.09 * 0.91**11)
    assert at_least(2, 12, 0.09) == pytest.approx(0.295, abs=0.001)
    assert at_least(0, 5, 0.3) == 1.0


def test_a_rate_equal_to_the_threshold_is_not_above_it() -> None:
    # 5/6 = 0.8333333333333334 and 1.25 × 4/6 = 0.8333333333333333: equal, so not above.
    assert 5 / 6 > 1.25 * (4 / 6)
    by_rep = pl.DataFrame(
        {"rep_id": ["T1"], "accounts": [6], "churned": [5], "logo_churn": [5 / 6],
         "churned_arr": [500.0], "segment_logo_churn": [4 / 6]}
    )  # fmt: skip
    tiers = (
        sold_tiers()
        .filter(pl.col("rep_id") == "T1")
        .with_columns(flags=pl.lit([], pl.List(pl.String)))
    )
    # Chance set aside (1.0): only the ratio decides here.
    settings = ChurnSettings(rep_churn_max_chance=1.0)
    assert with_rep_churn(tiers, by_rep, settings)["flags"].to_list() == [[]]
    above = by_rep.with_columns(segment_logo_churn=pl.lit(0.66))
    assert with_rep_churn(tiers, above, settings)["flags"].to_list() == [["bookings_do_not_stay"]]


def test_without_accounts_the_rep_churn_columns_are_null_and_nothing_is_flagged() -> None:
    t = with_rep_churn(sold_tiers(), None, ChurnSettings())
    for column in ("sold_accounts", "sold_churned", "sold_logo_churn", "sold_churned_arr",
                   "segment_logo_churn", "sold_churn_chance"):  # fmt: skip
        assert t[column].null_count() == t.height, column
    assert t["flags"].to_list() == [["outcome_over_activity"], [], [], [], []]


def test_the_review_queue_words_bookings_that_do_not_stay_with_their_numbers() -> None:
    t = with_rep_churn(sold_tiers(), rep_churn(sold_accounts().lazy(), PERIOD), ChurnSettings())
    flagged = t.with_columns(
        pl.col("flags").list.set_difference(["outcome_over_activity"]).alias("flags")
    )
    (item,) = review_queue({"tiers": flagged}).iter_rows(named=True)
    assert (item["item_id"], item["severity"]) == ("bookings_do_not_stay:rep:T1", "medium")
    assert item["reason"] == (
        "Top performer whose bookings do not stay: 4 of the 6 accounts they sold churned (67%, "
        "700 ARR) where the same segments churned 25% (that many by chance: 4%): look at fit "
        "and handover before rewarding the bookings."
    )
