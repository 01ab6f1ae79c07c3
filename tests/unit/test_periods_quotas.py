"""The period language, as_of, quotas per period and pace, against hand-computed answers."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cockpit.analytics.explain import share, tiers_math
from cockpit.analytics.quotas import window_quotas
from cockpit.analytics.tiers import tier_table
from cockpit.config import FlagSettings, TierSettings
from cockpit.errors import UsageError
from cockpit.period import Calendar, Period, PeriodChoice, event_span, parse_period, resolve_period

AS_OF = date(2026, 9, 30)


@pytest.mark.parametrize(
    ("spec", "start", "end"),
    [
        ("2026Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),  # leap year
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("FY2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("qtd", date(2026, 7, 1), AS_OF),
        ("ytd", date(2026, 1, 1), AS_OF),
        ("mtd", date(2026, 9, 1), AS_OF),
        ("this-quarter", date(2026, 7, 1), date(2026, 9, 30)),
        ("last-quarter", date(2026, 4, 1), date(2026, 6, 30)),
        ("last-month", date(2026, 8, 1), date(2026, 8, 31)),
        ("last-year", date(2025, 1, 1), date(2025, 12, 31)),
        ("2026-02-10:2026-03-09", date(2026, 2, 10), date(2026, 3, 9)),
    ],
)
def test_period_language_on_the_calendar_year(spec: str, start: date, end: date) -> None:
    assert parse_period(spec, AS_OF)[:2] == (start, end)


def test_fiscal_year_starting_in_february() -> None:
    named_by_end = Calendar(2, "end")
    # FY2026 runs Feb 2025 – Jan 2026 (Salesforce's default naming: by the ending year).
    assert parse_period("2026", AS_OF, named_by_end)[:2] == (date(2025, 2, 1), date(2026, 1, 31))
    assert parse_period("2026Q1", AS_OF, named_by_end)[:2] == (date(2025, 2, 1), date(2025, 4, 30))
    assert parse_period("2026Q4", AS_OF, named_by_end)[:2] == (date(2025, 11, 1), date(2026, 1, 31))
    # 30 Sept 2026 falls in FY2027's Q3 (Aug–Oct): qtd starts 1 Aug, ytd 1 Feb.
    assert parse_period("qtd", AS_OF, named_by_end)[:2] == (date(2026, 8, 1), AS_OF)
    assert parse_period("ytd", AS_OF, named_by_end)[:2] == (date(2026, 2, 1), AS_OF)
    assert parse_period("last-quarter", AS_OF, named_by_end)[:2] == (
        date(2026, 5, 1),
        date(2026, 7, 31),
    )
    named_by_start = Calendar(2, "start")
    assert parse_period("2026", AS_OF, named_by_start)[:2] == (date(2026, 2, 1), date(2027, 1, 31))
    # The default period is the fiscal year containing as_of.
    assert parse_period(None, AS_OF, named_by_end)[:2] == (date(2026, 2, 1), date(2027, 1, 31))


@pytest.mark.parametrize("spec", ["2026Q5", "Q3", "2026-13", "yesterday", "2026-06-01"])
def test_misspelt_period_names_every_form(spec: str) -> None:
    with pytest.raises(UsageError, match=r"expected 2026Q3, 2026-09, 2026 \(fiscal year\), qtd"):
        parse_period(spec, AS_OF)


def deals() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "deal_id": ["1", "2", "3", "4"],
            "rep_id": ["A", "A", "B", "B"],
            "created_date": [
                date(2025, 3, 4),
                date(2026, 1, 5),
                date(2026, 2, 1),
                date(2026, 9, 1),
            ],
            # Deal 4 is open with a planned close date: a plan, not an event.
            "close_date": [
                date(2026, 3, 1),
                date(2026, 9, 20),
                date(2026, 4, 1),
                date(2026, 12, 15),
            ],
            "stage": ["won", "won", "lost", "open"],
            "amount": [100_000.0, 173_000.0, 5.0, 9.0],
        }
    )


def test_as_of_is_the_latest_event_not_a_planned_close() -> None:
    first, latest = event_span({"deals": deals()})
    assert (first, latest) == (date(2025, 3, 4), date(2026, 9, 20))


def test_a_closed_deal_after_the_latest_record_stamp_does_not_move_as_of() -> None:
    stamped = deals().with_columns(
        pl.Series("modified_date", [date(2026, 3, 1), date(2026, 9, 10), None, None])
    )
    # Deal 2 says it closed on 20 Sept, but no record changed after 10 Sept: as_of is 10 Sept.
    assert event_span({"deals": stamped})[1] == date(2026, 9, 10)


def test_as_of_given_wins_and_a_period_after_it_is_refused() -> None:
    tables = {"deals": deals()}
    assert resolve_period(tables, PeriodChoice("2026Q2", date(2026, 6, 30))).as_of == date(
        2026, 6, 30
    )
    with pytest.raises(UsageError, match="starts after the data's as-of day"):
        resolve_period(tables, "2026-10")
    with pytest.raises(UsageError, match=r"ends before the data's first record \(2025-03-04\)"):
        resolve_period(tables, "2024")


def test_period_before_the_data_is_covered_from_its_first_day_with_a_warning() -> None:
    period = resolve_period({"deals": deals()}, "2024-12-01:2025-05-31")
    assert period.covered_start == date(2025, 3, 4)
    assert period.covered_days == 89  # 4 March – 31 May
    assert period.running
    assert period.warnings() == [
        "The period starts before the data (2025-03-04): figures from that day, quotas "
        "prorated to match."
    ]


def reps(quota: float | None = 365_000.0) -> pl.LazyFrame:
    return pl.LazyFrame(
        {"rep_id": ["A"], "name": ["Ava"], "team": ["x"], "hire_date": [date(2020, 1, 1)]}
    ).with_columns(pl.lit(quota, dtype=pl.Float64).alias("quota"))


def test_quota_row_straddling_the_review_period_is_prorated_by_days() -> None:
    # An 89-day quota row (15 Feb – 14 May) of 89,000 shares 44 days with Q2 (1 Apr – 14 May):
    # 44,000; Q2's other 47 days take the annual 365,000 × 47/365 = 47,000.
    quotas = pl.LazyFrame(
        {
            "rep_id": ["A"],
            "period_start": [date(2026, 2, 15)],
            "period_end": [date(2026, 5, 14)],
            "amount": [89_000.0],
        }
    )
    row = window_quotas(reps(), quotas, date(2026, 4, 1), date(2026, 6, 30), Calendar()).collect()
    assert row.row(0, named=True) == {
        "rep_id": "A",
        "quota": pytest.approx(91_000.0),
        "quota_from_table": pytest.approx(44_000.0),
        "table_days": 44,
        "annual_quota": 365_000.0,
        "annual_days": 47,
        "year_days": 365,
    }


def test_days_no_quota_covers_leave_the_rep_without_one() -> None:
    quotas = pl.LazyFrame(
        {
            "rep_id": ["A"],
            "period_start": [date(2026, 1, 1)],
            "period_end": [date(2026, 3, 31)],
            "amount": [90_000.0],
        }
    )
    # No annual quota to fill April: a half-covered quota would double attainment.
    row = window_quotas(reps(None), quotas, date(2026, 1, 1), date(2026, 4, 30), Calendar())
    assert row.collect()["quota"].to_list() == [None]


def test_running_period_is_tiered_on_pace_and_says_its_basis() -> None:
    period = Period(date(2026, 1, 1), date(2026, 12, 31), AS_OF)
    won = pl.LazyFrame(
        {"rep_id": ["A"], "stage": ["won"], "amount": [273_000.0], "close_date": [AS_OF]}
    )
    row = tier_table(reps(), won, None, period, TierSettings(), FlagSettings()).row(0, named=True)
    # Annual 365,000: to date (273 of 365 days) 273,000, so pace 100% while attainment is 74.8%.
    assert row["quota"] == pytest.approx(365_000.0)
    assert row["quota_to_date"] == pytest.approx(273_000.0)
    assert row["attainment"] == pytest.approx(273 / 365)
    assert row["pace"] == pytest.approx(1.0)
    assert (row["tier"], row["tier_basis"]) == ("top", "pace")
    said = tiers_math(row)
    assert said["pace"] == (
        "won 273,000 / quota to date 273,000 (annual 365,000 × 273/365 days) = 100.0%"
    )
    assert said["attainment"] == (
        "won 273,000 / quota 365,000 (annual 365,000 × 365/365 days) = 74.7%"
    )
    assert said["tier"] == "top by pace 100.0%"


def test_attainment_is_cut_not_rounded_up_to_a_threshold() -> None:
    # 39.96% is at_risk (below 40%): it must never read as 40%.
    assert share(0.3996) == "39.9%"
    assert share(0.3996, 0) == "39%"
    assert share(0.7) == "70.0%"  # 0.7 computed as 0.69999… or 0.70000…1 still reads 70%
    assert share(0.6999999999999999) == "70.0%"


@settings(max_examples=60, deadline=None)
@given(
    cuts=st.lists(st.integers(min_value=1, max_value=364), unique=True, max_size=6),
    start_month=st.integers(min_value=1, max_value=12),
    annual=st.floats(min_value=0, max_value=1e8, allow_nan=False),
)
def test_prorated_quotas_over_a_partition_of_a_year_sum_to_the_annual_quota(
    cuts: list[int], start_month: int, annual: float
) -> None:
    calendar = Calendar(start_month)
    year_start, year_end = calendar.year_of(date(2026, 6, 15))
    days = sorted(cuts)
    edges = [year_start, *(year_start + timedelta(days=d) for d in days), year_end + timedelta(1)]
    total = 0.0
    for first, after in itertools.pairwise(edges):
        if first >= after or first > year_end:
            continue
        window = window_quotas(reps(annual), None, first, after - timedelta(1), calendar)
        total += window.collect()["quota"].item()
    assert total == pytest.approx(annual, rel=1e-9, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    offset=st.integers(min_value=-400, max_value=400),
    length=st.integers(min_value=1, max_value=200),
)
def test_attainment_never_uses_a_quota_outside_the_period(offset: int, length: int) -> None:
    review = (date(2026, 4, 1), date(2026, 6, 30))
    row_start = review[0] + timedelta(days=offset)
    row_end = row_start + timedelta(days=length - 1)
    quotas = pl.LazyFrame(
        {"rep_id": ["A"], "period_start": [row_start], "period_end": [row_end], "amount": [1e6]}
    )
    got = window_quotas(reps(0.0), quotas, *review, Calendar()).collect().row(0, named=True)
    shared = (min(row_end, review[1]) - max(row_start, review[0])).days + 1
    assert got["table_days"] == max(shared, 0)
    assert got["quota"] == pytest.approx(1e6 * max(shared, 0) / length)
