"""Two rules every loader keeps (files, partitioned Parquet, SQLite, PostgreSQL): an exact copy
of a row counts once and is reported, and a date-time with a UTC offset takes its date in the
configured time zone instead of the date it was written with."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from cockpit.analytics.tiers import activity_rates
from cockpit.data.database.dataset import DatabaseDataset
from cockpit.data.dataset import Dataset
from cockpit.data.files.parse import parse_date
from cockpit.data.source import open_dataset
from cockpit.errors import UsageError
from cockpit.period import resolve_period
from tests.helpers.data import DEALS, REPS, write_folder
from tests.helpers.db import assert_same, postgres_schema, report, schema_uri, sqlite_copy
from tests.helpers.db import write_tables as write_db_tables

# Two weeks of activity. Row 3 copies row 2: R1 did 3 + 1 + 2 = 6 things in two weeks, 3.0 a
# week; counted twice the copy would make it 10, 5.0 a week. R2: 4 in two weeks, 2.0 a week.
WITH_COPY = (
    "rep_id,date,calls,emails,meetings\n"
    "R1,2026-03-02,3,1,0\n"
    "R1,2026-03-02,3,1,0\n"
    "R1,2026-03-09,2,0,0\n"
    "R2,2026-03-03,4,0,0\n"
)
PERIOD = "2026-03-01:2026-03-14"
AS_OF = date(2026, 3, 14)
COPY_REASON = "exact duplicate of row 2: counted once"

# One activity per value, told apart by its calls; expected dates worked out by hand (on
# 2026-03-31 Berlin is on summer time, UTC+2, and New York on daylight time, UTC-4).
STAMPS = {
    1: "2026-04-01T01:30:00+02:00",  # 23:30 UTC on the 31st; 01:30 in Berlin; 19:30 in New York
    2: "2026-03-31T23:30:00-05:00",  # 04:30 UTC on the 1st; 06:30 in Berlin; 00:30 in New York
    3: "2026-04-01T03:30:00.000Z",  # 03:30 UTC on the 1st; 05:30 in Berlin; 23:30 in New York
    4: "2026-03-31 22:30:00+00:00",  # 22:30 UTC on the 31st; 00:30 in Berlin; 18:30 in New York
    5: "2026-03-31T23:30:00",  # no offset: the date as written, in every zone
    6: "2026-03-31",
}
MAR31, APR1 = date(2026, 3, 31), date(2026, 4, 1)
EXPECTED = {
    "UTC": [MAR31, APR1, APR1, MAR31, MAR31, MAR31],
    "Europe/Berlin": [APR1, APR1, APR1, APR1, MAR31, MAR31],
    "America/New_York": [MAR31, APR1, MAR31, MAR31, MAR31, MAR31],
}
CUT = [APR1, MAR31, APR1, MAR31, MAR31, MAR31]
"""What cutting the text at its tenth character gave: wrong for 1 and 2 even in UTC."""
ZONES = list(EXPECTED)


def stamped_activities(numbers: list[int]) -> pl.DataFrame:
    """One activity of R1 per stamp in `numbers`, its date as text."""
    return pl.DataFrame(
        {
            "rep_id": ["R1"] * len(numbers),
            "date": [STAMPS[n] for n in numbers],
            "calls": numbers,
            "emails": [0] * len(numbers),
            "meetings": [0] * len(numbers),
        }
    )


def instants(numbers: list[int]) -> list[datetime]:
    """The stamps in `numbers` (all with an offset) as instants."""
    return [datetime.fromisoformat(STAMPS[n]).astimezone(UTC) for n in numbers]


def dates_by_calls(dataset: Dataset) -> list[date]:
    """The loaded activity dates in order of their calls (one stamp each)."""
    frame = dataset.lazy("activities")
    assert frame is not None
    return frame.sort("calls").collect()["date"].to_list()


def csv_tables(folder: Path) -> dict[str, pl.DataFrame]:
    """The folder's CSV files as they are, copies and all (what a database would hold)."""
    return {p.stem: pl.read_csv(p, try_parse_dates=True) for p in sorted(folder.glob("*.csv"))}


def activity_per_rep(dataset: Dataset) -> dict[str, int]:
    """Calls, emails and meetings per rep in PERIOD, as loaded (a database: already summed)."""
    frame = dataset.lazy("activities")
    assert frame is not None
    total = pl.sum_horizontal("calls", "emails", "meetings").sum()
    start, end = (date.fromisoformat(d) for d in PERIOD.split(":"))
    sums = (
        frame.filter(pl.col("date").is_between(start, end))
        .group_by("rep_id")
        .agg(total.alias("n"))
        .collect()
    )
    return dict(sums.iter_rows())


def copy_warnings(dataset: Dataset) -> list[dict[str, object]]:
    """The problems recorded for exact copies of activity rows."""
    found = dataset.problems.filter(
        (pl.col("table") == "activities") & pl.col("reason").str.contains("counted once")
    )
    return found.to_dicts()


@pytest.fixture
def with_copy(tmp_path: Path) -> Path:
    """A folder whose activities hold one exact copy (row 3 of row 2)."""
    files: dict[str, str | bytes] = {
        "reps.csv": REPS,
        "deals.csv": DEALS,
        "activities.csv": WITH_COPY,
    }
    return write_folder(tmp_path / "with_copy", files)


def test_an_exact_copy_is_counted_once_and_warned_about(with_copy: Path, each_store: str) -> None:
    dataset = open_dataset(str(with_copy), cached=False)
    assert dataset.summaries["activities"].rows_read == 4
    assert dataset.summaries["activities"].rows_loaded == 3
    assert copy_warnings(dataset) == [
        {
            "table": "activities",
            "file": "activities.csv",
            "row": 3,
            "column": None,
            "value": "rep_id=R1 date=2026-03-02",
            "reason": COPY_REASON,
            "severity": "warning",
            "action": "row set aside",
        }
    ]
    assert dataset.error_count == 0
    activities = dataset.lazy("activities")
    assert activities is not None
    period = resolve_period(dataset.lazy_tables(), PERIOD, as_of=AS_OF)
    rates = activity_rates(activities, period).collect()
    per_week = dict(zip(rates["rep_id"], rates["activity_per_week"], strict=True))
    assert per_week == {"R1": pytest.approx(3.0), "R2": pytest.approx(2.0)}


def test_rows_that_differ_in_any_column_are_not_copies(tmp_path: Path) -> None:
    # One row per task, as a CRM exports them: two calls of R1 on one day differ only in the
    # task's id, a column the contract does not know; both count. Row 4 repeats row 2 in
    # every column, the id too: a copy.
    activities = (
        "task_id,rep_id,date,calls,emails,meetings\n"
        "T1,R1,2026-03-02,1,0,0\n"
        "T2,R1,2026-03-02,1,0,0\n"
        "T1,R1,2026-03-02,1,0,0\n"
        "T3,R1,2026-03-02,0,0,1\n"
    )
    folder = write_folder(
        tmp_path / "d", {"reps.csv": REPS, "deals.csv": DEALS, "activities.csv": activities}
    )
    dataset = open_dataset(str(folder), cached=False)
    assert dataset.summaries["activities"].rows_loaded == 3
    assert [(w["row"], w["reason"]) for w in copy_warnings(dataset)] == [(4, COPY_REASON)]
    assert activity_per_rep(dataset) == {"R1": 3}


def test_a_copy_in_another_file_names_the_file_of_its_first_row(tmp_path: Path) -> None:
    mapping = tmp_path / "split.toml"
    mapping.write_text(
        'name = "split"\n'
        '[tables.reps]\nsource = "reps.csv"\n'
        '[tables.deals]\nsource = "deals.csv"\n'
        '[tables.activities]\nsource = "activities-*.csv"\n',
        encoding="utf-8",
    )
    header = "rep_id,date,calls,emails,meetings\n"
    folder = write_folder(
        tmp_path / "d",
        {
            "reps.csv": REPS,
            "deals.csv": DEALS,
            "activities-1.csv": header + "R1,2026-03-02,3,1,0\n",
            "activities-2.csv": header + "R2,2026-03-03,4,0,0\nR1,2026-03-02,3,1,0\n",
        },
    )
    dataset = open_dataset(str(folder), mapping=str(mapping), cached=False)
    warnings = [(w["file"], w["row"], w["reason"]) for w in copy_warnings(dataset)]
    assert warnings == [
        ("activities-2.csv", 3, "exact duplicate of row 2 of activities-1.csv: counted once")
    ]
    assert activity_per_rep(dataset) == {"R1": 4, "R2": 4}


def hive_copy(folder: Path, into: Path) -> Path:
    """`folder` with its activities as partitioned Parquet (one team, one quarter)."""
    into.mkdir()
    for path in folder.glob("*.csv"):
        if path.stem != "activities":
            (into / path.name).write_bytes(path.read_bytes())
    activities = pl.read_csv(folder / "activities.csv", infer_schema=False)
    activities = activities.with_columns(team=pl.lit("East"), period=pl.lit("2026-Q1"))
    activities.write_parquet(into / "activities", partition_by=["team", "period"])
    return into


@pytest.mark.parametrize("source", ["hive", "sqlite", "postgresql"])
def test_every_source_counts_a_copy_once(with_copy: Path, tmp_path: Path, source: str) -> None:
    if source == "hive":
        dataset = open_dataset(str(hive_copy(with_copy, tmp_path / "hive")), period=PERIOD)
        assert activity_per_rep(dataset) == {"R1": 6, "R2": 4}
        # Parquet has no header row: its rows count from 1.
        warnings = [(w["row"], w["reason"]) for w in copy_warnings(dataset)]
        assert warnings == [(2, "exact duplicate of row 1: counted once")]
        return
    if source == "sqlite":
        uri = sqlite_copy(csv_tables(with_copy), tmp_path / "crm.db")
        check_database(open_dataset(uri, period=PERIOD), "activities (sqlite)")
        return
    with postgres_schema() as (conn, schema):
        write_db_tables(conn, csv_tables(with_copy), schema)
        with closing(open_dataset(schema_uri(schema), period=PERIOD)) as dataset:
            check_database(dataset, "activities (postgresql)")


@contextmanager
def closing(dataset: Dataset) -> Iterator[Dataset]:
    """`dataset`, its database connection closed after use (an open one holds its tables, and
    the test schema could not be dropped)."""
    try:
        yield dataset
    finally:
        if isinstance(dataset, DatabaseDataset) and dataset.database is not None:
            dataset.database.close()


def check_database(dataset: Dataset, file: str) -> None:
    """The copy counted once, and named by its rep and date (a database has no row numbers)."""
    assert activity_per_rep(dataset) == {"R1": 6, "R2": 4}
    assert dataset.summaries["activities"].rows_loaded == 3
    warnings = copy_warnings(dataset)
    assert [(w["file"], w["row"], w["value"], w["severity"]) for w in warnings] == [
        (file, None, "rep_id=R1 date=2026-03-02: 2 rows alike", "warning")
    ]


def test_the_panes_agree_across_sources_with_a_copy(with_copy: Path, tmp_path: Path) -> None:
    expected = report(str(with_copy))
    assert_same(expected, report(str(hive_copy(with_copy, tmp_path / "hive"))))
    assert_same(expected, report(sqlite_copy(csv_tables(with_copy), tmp_path / "crm.db")))
    with postgres_schema() as (conn, schema):
        write_db_tables(conn, csv_tables(with_copy), schema)
        assert_same(expected, report(schema_uri(schema)))


@pytest.mark.parametrize("zone", ZONES)
def test_parse_date_converts_an_offset_to_the_zone_then_takes_the_date(zone: str) -> None:
    text = pl.DataFrame({"d": list(STAMPS.values())})
    assert text.select(parse_date(pl.col("d"), [], zone))["d"].to_list() == EXPECTED[zone]
    assert EXPECTED["UTC"] != CUT  # converting is not cutting, even in UTC


def test_mapping_formats_with_an_offset_or_a_literal_z_are_converted() -> None:
    text = pl.DataFrame({"d": ["2026-04-01T03:30:00.000Z", "2026-03-31T23:30:00.000-0500"]})
    formats = ["%Y-%m-%dT%H:%M:%S%.fZ", "%Y-%m-%dT%H:%M:%S%.f%z"]
    new_york = text.select(parse_date(pl.col("d"), formats, "America/New_York"))
    assert new_york["d"].to_list() == [MAR31, APR1]
    assert text.select(parse_date(pl.col("d"), formats))["d"].to_list() == [APR1, APR1]


@pytest.mark.parametrize("zone", ZONES)
def test_a_folder_reads_offsets_in_the_zone(tmp_path: Path, zone: str) -> None:
    folder = write_folder(tmp_path / "d", {"reps.csv": REPS, "deals.csv": DEALS})
    stamped_activities(list(STAMPS)).write_csv(folder / "activities.csv")
    dataset = open_dataset(str(folder), cached=False, timezone=zone)
    assert dates_by_calls(dataset) == EXPECTED[zone]


@pytest.mark.parametrize("zone", ZONES)
def test_zoned_parquet_timestamps_are_converted(tmp_path: Path, zone: str) -> None:
    folder = write_folder(tmp_path / "d", {"reps.csv": REPS, "deals.csv": DEALS})
    numbers = [1, 2, 3, 4]
    frame = stamped_activities(numbers).with_columns(
        pl.Series("date", instants(numbers), dtype=pl.Datetime("us", "UTC"))
    )
    frame.write_parquet(folder / "activities.parquet")
    dataset = open_dataset(str(folder), cached=False, timezone=zone)
    assert dates_by_calls(dataset) == EXPECTED[zone][:4]


@pytest.mark.parametrize("zone", ZONES)
def test_partitioned_parquet_reads_offsets_in_the_zone(tmp_path: Path, zone: str) -> None:
    folder = write_folder(tmp_path / "d", {"reps.csv": REPS, "deals.csv": DEALS})
    stamped = stamped_activities(list(STAMPS)).with_columns(team=pl.lit("E"), period=pl.lit("x"))
    stamped.write_parquet(folder / "activities", partition_by=["team", "period"])
    dataset = open_dataset(str(folder), every_partition=True, timezone=zone)
    assert dates_by_calls(dataset) == EXPECTED[zone]


@pytest.mark.parametrize("zone", ZONES)
def test_sqlite_reads_offsets_in_the_zone(tmp_path: Path, zone: str) -> None:
    tables = csv_tables(write_folder(tmp_path / "d", {"reps.csv": REPS, "deals.csv": DEALS}))
    tables["activities"] = stamped_activities(list(STAMPS))
    uri = sqlite_copy(tables, tmp_path / "crm.db")
    dataset = open_dataset(uri, whole=True, timezone=zone)
    assert dates_by_calls(dataset) == EXPECTED[zone]


@pytest.mark.parametrize("zone", ZONES)
def test_postgresql_reads_text_offsets_and_timestamptz_in_the_zone(
    tmp_path: Path, zone: str
) -> None:
    tables = csv_tables(write_folder(tmp_path / "d", {"reps.csv": REPS, "deals.csv": DEALS}))
    numbers = [1, 2, 3, 4]
    zoned = stamped_activities(numbers).with_columns(
        pl.Series("date", instants(numbers), dtype=pl.Datetime("us", "UTC"))
    )
    for activities, expected in (
        (stamped_activities(list(STAMPS)), EXPECTED[zone]),
        (zoned, EXPECTED[zone][:4]),
    ):
        with postgres_schema() as (conn, schema):
            write_db_tables(conn, {**tables, "activities": activities}, schema)
            uri = schema_uri(schema)
            with closing(open_dataset(uri, whole=True, timezone=zone)) as dataset:
                assert dates_by_calls(dataset) == expected


def test_an_offset_on_a_time_that_does_not_exist_is_not_a_date(tmp_path: Path) -> None:
    activities = "rep_id,date,calls\nR1,2026-03-31T25:30:00+02:00,1\nR1,2026-03-31,2\n"
    folder = write_folder(
        tmp_path / "d", {"reps.csv": REPS, "deals.csv": DEALS, "activities.csv": activities}
    )
    dataset = open_dataset(str(folder), cached=False, timezone="Europe/Berlin")
    bad = dataset.problems.filter(pl.col("table") == "activities").to_dicts()
    assert [(p["row"], p["column"], p["value"], p["severity"]) for p in bad] == [
        (2, "date", "2026-03-31T25:30:00+02:00", "error")
    ]
    assert str(bad[0]["reason"]).startswith("not a date")
    assert dates_by_calls(dataset) == [MAR31]


def test_a_copy_read_in_another_zone_is_not_served(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "d", {"reps.csv": REPS, "deals.csv": DEALS})
    stamped_activities(list(STAMPS)).write_csv(folder / "activities.csv")
    first = open_dataset(str(folder))
    first.finish()  # the validated copy is written once the panes would be shown
    again = open_dataset(str(folder))
    assert again.from_cache and dates_by_calls(again) == EXPECTED["UTC"]
    berlin = open_dataset(str(folder), timezone="Europe/Berlin")
    assert not berlin.from_cache
    assert dates_by_calls(berlin) == EXPECTED["Europe/Berlin"]


def test_an_unknown_zone_is_refused_by_name(minimal: Path) -> None:
    with pytest.raises(UsageError, match="'Mars/Olympus' is not an IANA time zone"):
        open_dataset(str(minimal), timezone="Mars/Olympus")


def test_a_deal_closed_after_the_latest_change_names_the_latest_change_of_any_deal(
    tmp_path: Path,
) -> None:
    deals = (
        "deal_id,rep_id,stage,amount,created_date,close_date,modified_date\n"
        "D1,R1,won,100,2026-01-05,2026-02-01,2026-03-10\n"  # the latest change of any deal
        "D2,R1,won,100,2026-01-05,2026-06-30,2026-02-01\n"  # closes after it: a planned date
        "D3,R1,lost,100,2026-01-05,2026-07-01,\n"  # no change date of its own
    )
    folder = write_folder(tmp_path / "d", {"reps.csv": REPS, "deals.csv": deals})
    found = open_dataset(str(folder)).problems.filter(
        pl.col("reason").str.starts_with("closed after the latest change")
    )
    assert found["row"].to_list() == [3, 4]
    assert set(found["reason"].to_list()) == {
        "closed after the latest change to any deal (2026-03-10): a planned date, so as_of "
        "does not move to it"
    }
