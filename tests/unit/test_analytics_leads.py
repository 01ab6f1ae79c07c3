"""Lead allocation: conversion, shrinkage, the what-if and its guarantees."""

from __future__ import annotations

import math
from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cockpit.analytics.leads import allocation_table, project, whatif_leads
from cockpit.config import LeadSettings
from cockpit.period import Period

PERIOD = Period(date(2026, 1, 1), date(2026, 12, 31), date(2026, 9, 30))


def rep_frame(ramping: list[bool]) -> pl.DataFrame:
    ids = [f"R{i}" for i in range(len(ramping))]
    return pl.DataFrame(
        {"rep_id": ids, "name": ids, "tier": ["core"] * len(ids), "ramping": ramping}
    )


def lead_frame(
    spec: dict[str, tuple[int, int]], self_spec: dict[str, tuple[int, int]] | None = None
) -> pl.DataFrame:
    rows = []
    for origin, table in (("company", spec), ("self", self_spec or {})):
        for rep, (n, converted) in table.items():
            rows += [
                (f"{origin}{rep}-{i}", rep, date(2026, 2, 1), origin, i < converted)
                for i in range(n)
            ]
    rows.append(("old", "R0", date(2025, 6, 1), "company", True))  # outside the period
    return pl.DataFrame(
        rows, schema=["lead_id", "rep_id", "assigned_date", "origin", "converted"], orient="row"
    )


def deal_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "deal_id": ["1", "2", "3"],
            "rep_id": ["R0", "R0", "R1"],
            "stage": ["won", "won", "won"],
            "amount": [100.0, 300.0, 50.0],
            "close_date": [date(2026, 3, 1)] * 3,
        }
    )


def allocate(
    spec: dict[str, tuple[int, int]],
    ramping: list[bool],
    deals: pl.DataFrame | None = None,
    **kw: float,
) -> pl.DataFrame:
    return allocation_table(
        rep_frame(ramping),
        lead_frame(spec, {"R0": (4, 1)}).lazy(),
        (deal_frame() if deals is None else deals).lazy(),
        PERIOD,
        LeadSettings(**kw),  # type: ignore[arg-type]
    )


def test_conversion_and_shrinkage_by_hand() -> None:
    t = allocate({"R0": (20, 8), "R1": (20, 2), "R2": (10, 1)}, [False, False, True])
    # Team rate 11/50 = 0.22. Shrunk = (k + 20·0.22) / (n + 20).
    assert t["conversion"].to_list() == [0.4, 0.1, 0.1]
    assert t["shrunk_conversion"].to_list() == pytest.approx([12.4 / 40, 6.4 / 40, 5.4 / 30])
    assert t["lead_share"].to_list() == [0.4, 0.4, 0.2]
    assert t["self_leads"].to_list() == [4, 0, 0]
    assert t["self_conversion"].to_list() == [0.25, None, None]
    # Average won deal: R0 (100+300)/2 = 200, R1 50, R2 none → team mean of reps 125.
    assert t["avg_won_deal"].to_list() == [200.0, 50.0, None]
    assert t["team_avg_won_deal"].to_list() == [125.0] * 3
    # What a conversion is expected to be worth: shrunk toward 125 by 20 × 0.22 = 4.4 prior
    # wins. R0 (400 + 4.4·125) / 6.4 = 148.4375, R1 (50 + 550) / 5.4, R2 no win: 125.
    assert t["value_per_conversion"].to_list() == pytest.approx([148.4375, 600 / 5.4, 125.0])


def test_one_large_win_does_not_top_the_revenue_ranking() -> None:
    # R0 converts 8 of 20 and won deals of 100 and 300; R1 converted 1 of 20, one deal of
    # 5,000. Team rate 9/40, so 20 × 0.225 = 4.5 prior wins at the team's 2,600 (mean of 200
    # and 5,000); shrunk conversion R0 12.5/40, R1 5.5/40. Unshrunk, R1's 5.5/40 × 5,000 = 687.5
    # per lead would beat R0's 12.5/40 × 200 = 62.5. Shrunk: R0 12.5/40 × (400 + 11,700)/6.5 =
    # 581.7, R1 5.5/40 × (5,000 + 11,700)/5.5 = 417.5: R0 first, and the spare leads are R0's.
    deals = deal_frame().with_columns(
        pl.Series("amount", [100.0, 300.0, 5000.0]), pl.Series("rep_id", ["R0", "R0", "R1"])
    )
    t = allocate({"R0": (20, 8), "R1": (20, 1)}, [False, False], deals)
    assert t["value_per_conversion"].to_list() == pytest.approx([12100 / 6.5, 16700 / 5.5])
    assert t["whatif_rank"].to_list() == [1, 2]
    assert t["whatif_leads"].to_list() == [30, 10]


def test_whatif_fills_best_converters_first_within_caps() -> None:
    t = allocate({"R0": (20, 8), "R1": (20, 2), "R2": (10, 1)}, [False, False, True],
                 route_by="conversion", floor_share=0)  # fmt: skip
    # 50 leads. Caps 30/30/15; R2 ramping keeps ≥ 10. Order by shrunk: R0 .31, R2 .18, R1 .16.
    # R0 → 30, R2 → 15, R1 gets the remaining 5.
    assert t["whatif_leads"].to_list() == [30, 5, 15]
    assert t["flags"].to_list() == [["underused_converter"], [], []]


def test_whatif_by_default_keeps_half_and_ranks_by_expected_revenue() -> None:
    t = allocate({"R0": (20, 8), "R1": (20, 2), "R2": (10, 1)}, [False, False, True])
    # Floors: half of 20 = 10 for R0 and R1, all 10 for ramping R2; 20 spare leads. Expected
    # revenue per lead: R0 12.4/40 × 148.4 = 46, R2 5.4/30 × 125 = 22.5, R1 6.4/40 × 111.1 = 18.
    # R0 fills to its cap 30 with the 20 spare; R2 and R1 keep their floors.
    assert t["whatif_leads"].to_list() == [30, 10, 10]
    assert t["whatif_rule"].to_list() == ["cap", "floor", "ramping_floor"]


def test_unprotected_ramping_rep_can_lose_leads() -> None:
    t = allocate({"R0": (20, 8), "R1": (20, 2), "R2": (10, 0)}, [False, False, True],
                 protect_ramping=False)  # fmt: skip
    assert t["whatif_leads"].sum() == 50
    assert t["whatif_leads"].to_list()[0] == 30


def test_projection_compares_like_with_like() -> None:
    t = allocate({"R0": (20, 8), "R1": (20, 2), "R2": (10, 1)}, [False, False, True])
    p = project(t)
    rates = t["shrunk_conversion"].to_list()
    assert p.today_conversions == pytest.approx(20 * rates[0] + 20 * rates[1] + 10 * rates[2])
    # The what-if by default: [30, 10, 10] (see the test above).
    assert p.whatif_conversions == pytest.approx(30 * rates[0] + 10 * rates[1] + 10 * rates[2])
    assert p.whatif_conversions > p.today_conversions
    assert p.conversions_band > 0 and p.revenue_band > 0
    assert p.leads == 50


@st.composite
def teams(draw: st.DrawFn) -> pl.DataFrame:
    n = draw(st.integers(1, 12))
    leads = draw(st.lists(st.integers(0, 60), min_size=n, max_size=n))
    rates = draw(st.lists(st.floats(0, 1), min_size=n, max_size=n))
    ramping = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    return pl.DataFrame(
        {
            "rep_id": [f"R{i:02d}" for i in range(n)],
            "company_leads": leads,
            "shrunk_conversion": rates,
            "ramping": ramping,
        }
    )


@settings(max_examples=200, deadline=None)
@given(teams(), st.floats(1.0, 3.0), st.booleans())
def test_whatif_conserves_leads_respects_caps_and_floors(
    team: pl.DataFrame, cap: float, protect: bool
) -> None:
    settings = LeadSettings(cap_multiple=cap, protect_ramping=protect, route_by="conversion")
    got = whatif_leads(team, settings).to_list()
    current = team["company_leads"].to_list()
    assert sum(got) == sum(current)
    for g, c, ramp in zip(got, current, team["ramping"].to_list(), strict=True):
        assert 0 <= g <= math.floor(round(c * cap, 9))
        if ramp and protect:
            assert g >= c


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=1, max_size=8))
def test_rates_stay_within_zero_and_one(pairs: list[tuple[int, int]]) -> None:
    spec = {f"R{i}": (n, min(k, n)) for i, (n, k) in enumerate(pairs)}
    t = allocate(spec, [False] * len(spec))
    for column in ("conversion", "shrunk_conversion", "lead_share"):
        values = [v for v in t[column].to_list() if v is not None]
        assert all(0 <= v <= 1 for v in values)


def test_a_tiny_lead_share_is_shown_with_its_digits_not_as_zero() -> None:
    from cockpit.analytics.explain import small_pct

    assert small_pct(351 / 682_592) == "0.051%"  # one rep of 2,000
    assert small_pct(0.0123) == "1.2%"
    assert small_pct(0.25) == "25%" and small_pct(0) == "0%" and small_pct(None) == "n/a"


def test_no_underused_converter_when_the_team_converts_nothing() -> None:
    t = allocate({"R0": (20, 0), "R1": (20, 0)}, [False, False])
    # Team rate 0/40: every shrunk rate is 0, and 0 ≥ 1.25 × 0. The what-if still feeds R0
    # (ties go by rep id) but nobody converts better than anybody: no finding.
    assert t["team_conversion"].to_list() == [0.0, 0.0]
    assert t["whatif_leads"].to_list() == [30, 10]
    assert t["flags"].to_list() == [[], []]


def test_no_underused_converter_on_fewer_leads_than_the_minimum() -> None:
    spec = {"R0": (9, 6), "R1": (40, 4)}
    # Team 10/49; R0 shrunk (6 + 20·10/49) / 29 = 0.348 ≥ 1.25 × 0.204, and the what-if gives
    # R0 floor(9 × 1.5) = 13 > 9: a flag on 10 leads, not on 9.
    t = allocate(spec, [False, False])
    assert t["shrunk_conversion"][0] == pytest.approx((6 + 20 * 10 / 49) / 29)
    assert t["whatif_leads"].to_list() == [13, 36]
    assert t["flags"].to_list() == [[], []]
    at_minimum = allocate(spec, [False, False], underused_min_leads=9)
    assert at_minimum["flags"].to_list() == [["underused_converter"], []]


def test_revenue_per_lead_without_deal_links_is_all_won_per_company_lead() -> None:
    t = allocate({"R0": (20, 8), "R1": (20, 2), "R2": (10, 1)}, [False, False, True])
    # The leads name no deal: R0 won 100 + 300 = 400 over 20 company leads, R1 50 / 20, R2 0 / 10.
    assert t["revenue_basis"].to_list() == ["all_won"] * 3
    assert t["lead_revenue"].to_list() == [400.0, 50.0, 0.0]
    assert t["revenue_per_lead"].to_list() == [20.0, 2.5, 0.0]


def linked_leads() -> pl.DataFrame:
    rows = [
        # lead, rep, assigned, origin, converted, deal
        ("l1", "R0", date(2026, 2, 1), "company", True, "D1"),
        ("l2", "R0", date(2026, 2, 2), "company", True, "D1"),  # same deal again: counted once
        ("l3", "R0", date(2026, 2, 3), "company", True, "D2"),  # lost: no revenue
        ("l4", "R0", date(2026, 2, 4), "company", False, None),
        ("l5", "R0", date(2026, 2, 5), "self", True, "D3"),  # self-sourced: not a company lead
        ("l6", "R1", date(2026, 2, 6), "company", True, "D4"),  # won in 2025: not this period
        ("l7", "R1", date(2026, 2, 7), "company", True, "D5"),
        ("l8", "R1", date(2025, 12, 1), "company", True, "D6"),  # assigned before the period
    ]
    return pl.DataFrame(
        rows,
        schema=["lead_id", "rep_id", "assigned_date", "origin", "converted", "deal_id"],
        orient="row",
    )


def linked_deals() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "deal_id": ["D1", "D2", "D3", "D4", "D5", "D6", "D7"],
            "rep_id": ["R0", "R0", "R0", "R1", "R1", "R1", "R1"],
            "stage": ["won", "lost", "won", "won", "won", "won", "won"],
            "amount": [1000.0, 500.0, 700.0, 90.0, 250.5, 400.0, 3000.0],
            "close_date": [date(2026, 3, 1)] * 3
            + [date(2025, 12, 20)]
            + [date(2026, 3, 1)] * 3,  # D7: won by R1, but from no lead
        }
    )


def test_revenue_per_lead_counts_the_won_deals_of_the_reps_company_leads() -> None:
    t = allocation_table(
        rep_frame([False, False]), linked_leads().lazy(), linked_deals().lazy(), PERIOD,
        LeadSettings(),
    )  # fmt: skip
    # R0: company leads l1–l4; their won deals closed in the period: D1 once = 1,000 → 250.
    # R1: company leads l6, l7 (l8 is from 2025); D4 closed in 2025, so D5 alone = 250.5 → 125.25.
    assert t["revenue_basis"].to_list() == ["lead_deals"] * 2
    assert t["company_leads"].to_list() == [4, 2]
    assert t["lead_revenue"].to_list() == [1000.0, 250.5]
    assert t["revenue_per_lead"].to_list() == [250.0, 125.25]


def test_one_converted_lead_without_its_deal_falls_back_to_all_won() -> None:
    leads = linked_leads().with_columns(
        pl.when(pl.col("lead_id") == "l7").then(None).otherwise(pl.col("deal_id")).alias("deal_id")
    )
    t = allocation_table(
        rep_frame([False, False]), leads.lazy(), linked_deals().lazy(), PERIOD, LeadSettings()
    )
    # l7 converted but names no deal: which won deals came from leads is not known, so every
    # deal won in the period counts. R0: 1,000 + 700 = 1,700 / 4; R1: 250.5 + 400 + 3,000 / 2.
    assert t["revenue_basis"].to_list() == ["all_won"] * 2
    assert t["lead_revenue"].to_list() == [1700.0, 3650.5]
    assert t["revenue_per_lead"].to_list() == [425.0, 1825.25]
