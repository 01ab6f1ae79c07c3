"""The what-if a manager can accept: floors kept, caps respected, leads conserved, a top rep
never cut without a flag, more cap never less of what it ranks by, and every rep's number
explained by the rule that set it."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cockpit.analytics.explain import whatif_reason
from cockpit.analytics.insights import MEANINGFUL_CONVERSIONS, MEANINGFUL_REVENUE, trade_off
from cockpit.analytics.leads import Projection, project, with_whatif
from cockpit.analytics.review import advice
from cockpit.config import LeadSettings, Settings, read_settings
from cockpit.data.files.load import load_dataset
from cockpit.errors import UsageError
from cockpit.paths import SAMPLE_DATA
from cockpit.period import Period
from cockpit.session import panes_of

TIERS = ("top", "core", "developing", "at_risk", "ramping")


def team(
    leads: list[int],
    rates: list[float],
    values: list[float],
    tiers: list[str] | None = None,
) -> pl.DataFrame:
    """Reps R0… with company leads, shrunk conversion and average won deal, as the what-if
    reads them (no uncertainty: the bands are not what these tests are about)."""
    n = len(leads)
    tiers = tiers or ["core"] * n
    return pl.DataFrame(
        {
            "rep_id": [f"R{i}" for i in range(n)],
            "tier": tiers,
            "ramping": [tier == "ramping" for tier in tiers],
            "company_leads": leads,
            "shrunk_conversion": rates,
            "shrunk_variance": [0.0] * n,
            "value_per_conversion": values,
            "team_conversion": [0.2] * n,
            "team_company_leads": [sum(leads)] * n,
        },
        schema_overrides={"company_leads": pl.Int64, "value_per_conversion": pl.Float64},
    )


def whatif(frame: pl.DataFrame, **changes: object) -> pl.DataFrame:
    return with_whatif(frame, LeadSettings(**changes))


# One rep for each rule. Leads 10, 10, 4 (ramping), 0, 7: 31 in all.
# Floors (half, rounded up; all for the ramping rep): 5, 5, 4, 0, 4 (3.5 up) = 18; 13 spare.
# Caps (1.5× today, rounded down): 15, 15, 6, 0, 10 (10.5 down).
# Expected revenue per lead: R0 .2 × 10,000 = 2,000; R3 .5 × 1,000 = 500; R1 .3 × 1,000 = 300;
# R4 .25 × 1,000 = 250; R2 .1 × 1,000 = 100. So the rank is R0, R3, R1, R4, R2.
# R0 takes 10 of the 13 spare (its cap, 15); R3 has no room (cap 0); R1 takes the last 3 (8);
# R4 and R2 keep their floors, 4 and 4.
RULES = team(
    [10, 10, 4, 0, 7],
    [0.2, 0.3, 0.1, 0.5, 0.25],
    [10_000, 1_000, 1_000, 1_000, 1_000],
    ["top", "top", "ramping", "core", "core"],
)


def test_each_rep_gets_floor_then_spare_leads_by_expected_revenue_up_to_the_cap() -> None:
    t = whatif(RULES)
    assert t["whatif_floor"].to_list() == [5, 5, 4, 0, 4]
    assert t["whatif_cap"].to_list() == [15, 15, 6, 0, 10]
    assert t["whatif_leads"].to_list() == [15, 8, 4, 0, 4]
    assert t["whatif_rank"].to_list() == [1, 3, 5, 2, 4]
    assert t["whatif_rule"].to_list() == ["cap", "rank", "ramping_floor", "none", "floor"]


def test_the_rep_screen_says_which_rule_set_each_number() -> None:
    said = [whatif_reason(row) for row in whatif(RULES).iter_rows(named=True)]
    assert said == [
        "15 (today 10): set by the cap, 1.5× today = 15; ranked 1 of 5 by expected revenue per "
        "lead 2,000 (shrunk conversion 20% × expected won deal 10,000), so filled up to it",
        "8 (today 10): set by the rank, the floor of 5 + the 3 leads left once the reps ranked "
        "above reached their caps; ranked 3 of 5 by expected revenue per lead 300 (shrunk "
        "conversion 30% × expected won deal 1,000)",
        "4 (today 4): set by the ramping floor (a ramping rep keeps today's leads); ranked 5 of "
        "5 by expected revenue per lead 100 (shrunk conversion 10% × expected won deal 1,000), "
        "so the spare leads went to the reps ranked above",
        "0 (today 0): no company leads today, so none to keep or move",
        "4 (today 7): set by the floor, 50% of today = 3.5, rounded up to 4; ranked 4 of 5 by "
        "expected revenue per lead 250 (shrunk conversion 25% × expected won deal 1,000), so the "
        "spare leads went to the reps ranked above",
    ]


def test_ranked_by_conversion_the_reason_names_the_rate_and_the_team() -> None:
    # By conversion: R3 .5 (no room), R1 .3, R4 .25, R0 .2, R2 .1. R1 takes 10 of the 13 spare
    # (cap 15), R4 the last 3 (7).
    t = whatif(RULES, route_by="conversion")
    assert t["whatif_leads"].to_list() == [5, 15, 4, 0, 7]
    assert whatif_reason(t.row(0, named=True)) == (
        "5 (today 10): set by the floor, 50% of today = 5; ranked 4 of 5 by shrunk conversion "
        "(20%; team 20%), so the spare leads went to the reps ranked above"
    )


def test_a_top_rep_cut_below_todays_share_is_flagged_with_the_reason_in_words() -> None:
    t = whatif(RULES)
    # R1 is top tier and drops from 10 to 8; R0, also top, rises to 15: no flag.
    assert t["flags"].to_list() == [[], ["top_rep_loses_leads"], [], [], []]
    said = advice("top_rep_loses_leads", t.row(1, named=True))
    # Shares of the 31 leads: 10/31 = 32%, 8/31 = 26%.
    assert said["finding"] == (
        "Top performer the what-if would cut from 10 to 8 company leads (32% → 26% of them): "
        "ranked 3 of 5 by expected revenue per lead 300 (shrunk conversion 30% × expected won "
        "deal 1,000)."
    )
    assert "losing lead share is itself a reason top reps leave" in said["next_step"]
    assert "average won deal is 1,000" in said["next_step"]


# Two reps whose rankings disagree: R0 converts 30% of deals worth 10 (3 a lead), R1 20% of
# deals worth 100 (20 a lead); R2 10% of 10 (1). 10 leads each; floors 5; 15 spare.
TRADE = team([10, 10, 10], [0.3, 0.2, 0.1], [10, 100, 10])


def test_more_cap_ranked_by_conversion_can_cut_revenue_and_the_summary_says_why() -> None:
    # Cap 1.5 (15 each): R0 takes 10 → 15, R1 the last 5 → 10, R2 5.
    #   conversions 15×.3 + 10×.2 + 5×.1 = 7.0; revenue 15×3 + 10×20 + 5×1 = 250.
    # Cap 2.0 (20 each): R0 takes all 15 → 20, R1 5, R2 5.
    #   conversions 20×.3 + 5×.2 + 5×.1 = 7.5; revenue 20×3 + 5×20 + 5×1 = 165.
    # Ranked by revenue at 2.0: R1 → 20, R0 5, R2 5: conversions 6.0, revenue 420.
    # Today: 10 each: conversions 6.0, revenue 240.
    low, high = (project(whatif(TRADE, route_by="conversion", cap_multiple=c)) for c in (1.5, 2))
    assert (low.whatif_conversions, low.whatif_revenue) == pytest.approx((7.0, 250))
    assert (high.whatif_conversions, high.whatif_revenue) == pytest.approx((7.5, 165))
    assert (high.other_conversions, high.other_revenue) == pytest.approx((6.0, 420))
    assert trade_off(high) == (
        " Ranked by conversion, more leads go to reps whose deals are smaller: ranked by "
        "expected revenue per lead it would project +0.0 conversions and +180 revenue."
    )


def test_more_cap_ranked_by_revenue_never_cuts_revenue_and_says_what_conversions_cost() -> None:
    # Cap 1.5: R1 takes 10 → 15, R0 5 → 10, R2 5: conversions 3 + 3 + .5 = 6.5, revenue 335.
    # Cap 2.0: R1 → 20, R0 5, R2 5: conversions 4 + 1.5 + .5 = 6.0, revenue 420.
    # Ranked by conversion at 2.0 (see above): 7.5 conversions, 165 revenue; today 6.0, 240.
    low, high = (project(whatif(TRADE, cap_multiple=c)) for c in (1.5, 2))
    assert (low.whatif_conversions, low.whatif_revenue) == pytest.approx((6.5, 335))
    assert (high.whatif_conversions, high.whatif_revenue) == pytest.approx((6.0, 420))
    assert trade_off(high) == (
        " Ranked by expected revenue per lead, more leads go to reps with larger deals who "
        "convert less: ranked by conversion alone it would project +1.5 conversions and -75 "
        "revenue."
    )


@st.composite
def teams(draw: st.DrawFn) -> pl.DataFrame:
    n = draw(st.integers(1, 10))
    return team(
        draw(st.lists(st.integers(0, 60), min_size=n, max_size=n)),
        draw(st.lists(st.floats(0, 1), min_size=n, max_size=n)),
        draw(st.lists(st.floats(0, 1e5), min_size=n, max_size=n)),
        draw(st.lists(st.sampled_from(TIERS), min_size=n, max_size=n)),
    )


caps = st.floats(1.0, 3.0)
shares = st.floats(0.0, 1.0)


@settings(max_examples=200, deadline=None)
@given(teams(), caps, shares, st.booleans(), st.sampled_from(["revenue", "conversion"]))
def test_floors_kept_caps_respected_leads_conserved_top_reps_flagged(
    frame: pl.DataFrame, cap: float, share: float, protect: bool, route_by: str
) -> None:
    t = whatif(frame, cap_multiple=cap, floor_share=share, protect_ramping=protect,
               route_by=route_by)  # fmt: skip
    assert t["whatif_leads"].sum() == frame["company_leads"].sum()
    for row in t.iter_rows(named=True):
        today, got = row["company_leads"], row["whatif_leads"]
        assert got <= math.floor(round(today * cap, 9))
        kept = today if row["ramping"] and protect else math.ceil(round(today * share, 9))
        assert got >= kept
        cut_top = row["tier"] == "top" and got < today
        assert ("top_rep_loses_leads" in row["flags"]) == cut_top


@settings(max_examples=200, deadline=None)
@given(teams(), caps, caps, shares)
def test_more_cap_never_lowers_what_the_what_if_ranks_by_or_the_reason_is_given(
    frame: pl.DataFrame, cap_a: float, cap_b: float, share: float
) -> None:
    low_cap, high_cap = sorted((cap_a, cap_b))

    def at(cap: float, route_by: str) -> Projection:
        return project(whatif(frame, cap_multiple=cap, floor_share=share, route_by=route_by))

    low, high = at(low_cap, "revenue"), at(high_cap, "revenue")
    assert high.whatif_revenue >= low.whatif_revenue - 1e-6 * max(1.0, low.whatif_revenue)
    if high.whatif_conversions < low.whatif_conversions - MEANINGFUL_CONVERSIONS:
        assert high.conversions_forgone >= MEANINGFUL_CONVERSIONS
        assert "convert less" in trade_off(high)
    low, high = at(low_cap, "conversion"), at(high_cap, "conversion")
    assert high.whatif_conversions >= low.whatif_conversions - 1e-9 * max(1.0, low.leads)
    if high.whatif_revenue < low.whatif_revenue - 2 * MEANINGFUL_REVENUE:
        assert high.revenue_forgone >= MEANINGFUL_REVENUE
        assert "deals are smaller" in trade_off(high)


def test_on_the_sample_more_cap_gives_more_projected_revenue() -> None:
    # The case: ranked by conversion alone (the old what-if) 1.5× → 1.6× lowered the
    # projected revenue. Ranked by expected revenue per lead it cannot.
    dataset = load_dataset(SAMPLE_DATA)
    year = Period(date(2026, 1, 1), date(2026, 12, 31), date(2026, 9, 30))
    gains = []
    for cap in (1.5, 1.6):
        leads = Settings().leads.model_copy(update={"cap_multiple": cap})
        projection = panes_of(dataset, year, Settings(leads=leads)).projection
        assert projection is not None
        gains.append(projection.whatif_revenue - projection.today_revenue)
    assert 0 < gains[0] < gains[1]


def test_a_floor_above_all_of_todays_leads_or_an_unknown_ranking_is_a_config_error(
    tmp_path: Path,
) -> None:
    config = tmp_path / "cockpit.toml"
    config.write_text('[leads]\nfloor_share = 2\nroute_by = "deal_size"\n', encoding="utf-8")
    with pytest.raises(UsageError) as raised:
        read_settings(config)
    said = str(raised.value)
    assert "leads.floor_share: Input should be less than or equal to 1" in said
    assert "leads.route_by: Input should be 'revenue' or 'conversion'" in said
