"""The bundled sample tells the stories the four panes exist for, computed by hand from its CSVs."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest

from cockpit.demo.generate import STORY_REPS
from cockpit.paths import SAMPLE_DATA

PERIOD_START = date(2026, 1, 1)
AS_OF = date(2026, 9, 30)
WEEKS_ELAPSED = ((AS_OF - PERIOD_START).days + 1) / 7
RAMP_CUTOFF = date(2026, 4, 30)  # five months before as_of


def read(table: str) -> pl.DataFrame:
    """One committed sample table, with dates and booleans typed."""
    return pl.read_csv(SAMPLE_DATA / f"{table}.csv", try_parse_dates=True)


def number(value: object) -> float:
    """A numeric aggregate as a float (fails loudly on null)."""
    assert isinstance(value, int | float), value
    return float(value)


def in_period(column: str) -> pl.Expr:
    """True when `column` falls in the elapsed 2026 review period."""
    return pl.col(column).is_between(pl.lit(PERIOD_START), pl.lit(AS_OF))


@pytest.fixture(scope="module")
def reps() -> pl.DataFrame:
    """Per rep: attainment, activity per week and index, tenure and growth conversation age."""
    people = read("reps").with_columns((pl.col("hire_date") > RAMP_CUTOFF).alias("ramping"))
    won = (
        read("deals")
        .filter((pl.col("stage") == "won") & in_period("close_date"))
        .group_by("rep_id")
        .agg(pl.col("amount").sum().alias("won_amount"))
    )
    activity = (
        read("activities")
        .filter(in_period("date"))
        .group_by("rep_id")
        .agg((pl.sum_horizontal("calls", "emails", "meetings").sum() / WEEKS_ELAPSED).alias("apw"))
    )
    growth = read("growth").with_columns(
        (pl.lit(AS_OF) - pl.col("last_growth_conversation")).dt.total_days().alias("growth_age")
    )
    frame = (
        people.join(won, on="rep_id", how="left")
        .join(activity, on="rep_id", how="left")
        .join(growth, on="rep_id", how="left")
        .with_columns(
            (pl.col("won_amount").fill_null(0) / pl.col("quota")).alias("attainment"),
        )
    )
    median = number(frame.filter(~pl.col("ramping"))["apw"].median())
    return frame.with_columns((pl.col("apw") / median).alias("activity_index"))


def rep(reps: pl.DataFrame, story: str) -> dict[str, Any]:
    """The row of the rep who carries `story`."""
    rows = reps.filter(pl.col("rep_id") == STORY_REPS[story]).to_dicts()
    assert len(rows) == 1
    return rows[0]


def test_as_of_is_the_latest_date_in_the_sample() -> None:
    columns = {
        "deals": ("created_date", "close_date"),
        "leads": ("assigned_date",),
        "activities": ("date",),
        "accounts": ("start_date", "churn_date"),
        "growth": ("last_growth_conversation",),
    }
    latest = [read(t).select(pl.col(c).max()).item() for t, names in columns.items() for c in names]
    assert max(latest) == AS_OF


def test_about_25_named_reps_in_several_teams_and_segments(reps: pl.DataFrame) -> None:
    assert 20 <= reps.height <= 30
    assert reps["name"].n_unique() == reps.height
    assert reps["team"].n_unique() >= 3
    assert reps["segment"].n_unique() >= 4
    assert not reps["name"].str.contains(r"\d").any()


def test_typical_attainment_is_between_40_and_120_percent(reps: pl.DataFrame) -> None:
    veterans = reps.filter(~pl.col("ramping"))["attainment"]
    assert 0.4 <= number(veterans.median()) <= 1.2
    assert number(veterans.is_between(0.3, 1.3).mean()) >= 0.8
    assert (veterans >= 1.0).sum() >= 2  # over quota is rare, but the team has some


def test_strategic_seller_is_over_quota_with_little_activity(reps: pl.DataFrame) -> None:
    seller = rep(reps, "outcome_over_activity")
    assert seller["attainment"] >= 1.5
    assert seller["activity_index"] <= 0.7
    assert not seller["ramping"]


def test_busy_rep_has_poor_results(reps: pl.DataFrame) -> None:
    busy = rep(reps, "activity_without_outcome")
    assert busy["activity_index"] >= 1.2
    assert busy["attainment"] < 0.7
    assert not busy["ramping"]


def test_top_rep_has_a_stale_growth_conversation_and_no_stretch(reps: pl.DataFrame) -> None:
    top = rep(reps, "flight_risk")
    assert top["attainment"] >= 1.0
    assert top["growth_age"] > 60
    assert top["stretch_assignment"] is None
    assert not top["ramping"]


def test_ramping_rep_was_hired_less_than_five_months_ago(reps: pl.DataFrame) -> None:
    ramping = rep(reps, "ramping")
    assert ramping["hire_date"] > RAMP_CUTOFF
    assert reps["ramping"].sum() == 1


def test_growth_rows_cover_most_reps_with_gaps_and_stale_talks(reps: pl.DataFrame) -> None:
    growth = read("growth")
    assert 0.8 * reps.height <= growth.height < reps.height
    assert growth["next_skill"].null_count() >= 2  # no plan
    stale = reps.filter(pl.col("growth_age") > 45).height
    assert 3 <= stale <= growth.height - 3
    assert set(growth["promotion_readiness"]) <= {"ready", "6-12 months", "not yet"}
    assert growth["rep_id"].is_in(reps["rep_id"].implode()).all()


def segment_health() -> pl.DataFrame:
    """Per segment: accounts at period start, logo churn, adoption and 2026 bookings."""
    accounts = read("accounts")
    at_start = accounts.filter(
        (pl.col("start_date") < PERIOD_START)
        & (pl.col("churn_date").is_null() | (pl.col("churn_date") >= PERIOD_START))
    )
    churn = at_start.group_by("segment").agg(
        pl.len().alias("accounts"),
        in_period("churn_date").sum().alias("churned"),
    )
    adoption = (
        accounts.filter(pl.col("churn_date").is_null())
        .group_by("segment")
        .agg((pl.col("active_seats").sum() / pl.col("seats").sum()).alias("adoption"))
    )
    bookings = (
        read("deals")
        .filter((pl.col("stage") == "won") & in_period("close_date"))
        .group_by("segment")
        .agg(pl.col("amount").sum().alias("bookings"))
    )
    return (
        churn.join(adoption, on="segment")
        .join(bookings, on="segment")
        .with_columns((pl.col("churned") / pl.col("accounts")).alias("logo_churn"))
        .sort("segment")
    )


def test_one_segment_books_strongly_while_half_its_logos_churn() -> None:
    health = segment_health()
    median_bookings = health["bookings"].median()
    hot = health.filter(pl.col("segment") == "Healthcare").row(0, named=True)
    assert hot["bookings"] > number(median_bookings)
    assert 0.4 <= hot["logo_churn"] <= 0.6
    assert hot["adoption"] < 0.40
    others = health.filter(pl.col("segment") != "Healthcare")
    assert others.height >= 3
    assert others["logo_churn"].is_between(0.04, 0.16).all()
    assert others["adoption"].is_between(0.60, 0.85).all()


def company_leads_in_period() -> pl.DataFrame:
    """Per non-ramping rep: company leads received in 2026 and their conversion."""
    veterans = read("reps").filter(pl.col("hire_date") < PERIOD_START)["rep_id"]
    return (
        read("leads")
        .filter(
            (pl.col("origin") == "company")
            & in_period("assigned_date")
            & pl.col("rep_id").is_in(veterans.implode())
        )
        .group_by("rep_id")
        .agg(pl.len().alias("leads"), pl.col("converted").mean().alias("conversion"))
    )


def test_company_leads_are_split_evenly_though_conversion_differs_several_fold() -> None:
    leads = company_leads_in_period()
    assert leads.height >= 20
    counts = leads["leads"]
    assert number(counts.max()) <= 1.1 * number(counts.min())
    conversion = dict(zip(leads["rep_id"], leads["conversion"], strict=True))
    high, low = conversion[STORY_REPS["high_converter"]], conversion[STORY_REPS["low_converter"]]
    assert high >= 0.3
    assert low <= 0.1
    assert high >= 3 * low


def test_some_leads_are_self_sourced_and_converted_is_written_as_true_false() -> None:
    text = pl.read_csv(SAMPLE_DATA / "leads.csv", infer_schema=False)
    assert set(text["converted"]) == {"true", "false"}
    assert set(text["origin"]) == {"company", "self"}
    assert 0.1 <= number((text["origin"] == "self").mean()) <= 0.3
