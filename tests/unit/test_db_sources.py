"""Database sources: the same numbers as the CSV folder, reduced in the database, checked there."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from cockpit.data.database.dataset import DatabaseDataset
from cockpit.data.files.load import load_dataset
from cockpit.data.source import open_dataset
from cockpit.paths import SAMPLE_DATA
from cockpit.period import resolve_period
from tests.helpers.db import (
    assert_same,
    canonical_tables,
    cockpit,
    postgres_schema,
    report,
    schema_uri,
    sqlite_copy,
    write_tables,
)


@pytest.mark.parametrize("which", ["sample", "demo"])
def test_sqlite_gives_the_numbers_of_the_csv_folder(
    which: str, demo_folder: Path, tmp_path: Path
) -> None:
    folder = SAMPLE_DATA if which == "sample" else demo_folder
    uri = sqlite_copy(canonical_tables(folder), tmp_path / "crm.db")
    expected = report(str(folder))
    assert expected["tiers"] and expected["leads"] and expected["churn"]
    assert_same(expected, report(uri))


@pytest.mark.parametrize("which", ["sample", "demo"])
def test_postgresql_gives_the_numbers_of_the_csv_folder(which: str, demo_folder: Path) -> None:
    folder = SAMPLE_DATA if which == "sample" else demo_folder
    with postgres_schema() as (conn, schema):
        write_tables(conn, canonical_tables(folder), schema)
        assert_same(report(str(folder)), report(schema_uri(schema)))


def test_an_earlier_period_is_reduced_again_and_still_matches(demo_folder: Path) -> None:
    period = ("--period", "2026-01-01:2026-03-31")
    with postgres_schema() as (conn, schema):
        write_tables(conn, canonical_tables(demo_folder), schema)
        assert_same(report(str(demo_folder), *period), report(schema_uri(schema), *period))


def test_heavy_tables_leave_the_database_reduced(demo_folder: Path, tmp_path: Path) -> None:
    tables = canonical_tables(demo_folder)
    dataset = open_dataset(sqlite_copy(tables, tmp_path / "crm.db"))
    assert isinstance(dataset, DatabaseDataset)
    period = resolve_period(dataset.tables)
    assert period == resolve_period(load_dataset(demo_folder).tables)
    reps = tables["reps"].height
    # One row per rep for activities; per rep × origin × converted × period for leads.
    assert dataset.tables["activities"].height <= reps < tables["activities"].height
    assert dataset.tables["leads"].height <= reps * 2 * 2 * 2 < tables["leads"].height
    assert (
        dataset.tables["leads"]["lead_count"].sum()
        == tables["leads"]
        .filter(pl.col("assigned_date").is_between(period.previous().start, period.end))
        .height
    )
    deals = dataset.tables["deals"]
    closed = deals["close_date"].is_between(period.start, period.end)
    assert (closed | (deals["stage"] == "open")).all()
    assert deals.height < tables["deals"].height
    assert dataset.summaries["deals"].rows_loaded == tables["deals"].height


def test_drill_down_is_a_query_with_the_rows_of_one_rep(demo_folder: Path, tmp_path: Path) -> None:
    files = load_dataset(demo_folder)
    dataset = open_dataset(sqlite_copy(canonical_tables(demo_folder), tmp_path / "crm.db"))
    rep = files.tables["reps"]["rep_id"][3]
    for table, order in (("deals", "deal_id"), ("leads", "lead_id"), ("accounts", "account_id")):
        want = files.rows_of(table, "rep_id", rep)
        got = dataset.rows_of(table, "rep_id", rep)
        assert want is not None and got is not None and want.height > 0
        columns = [c for c in want.columns if not c.startswith("_")]
        assert got.select(columns).sort(order).equals(want.select(columns).sort(order)), table


def test_panes_for_another_period_reduce_the_database_again(
    demo_folder: Path, tmp_path: Path
) -> None:
    from cockpit.config import Settings
    from cockpit.session import panes_of

    files = load_dataset(demo_folder)
    dataset = open_dataset(sqlite_copy(canonical_tables(demo_folder), tmp_path / "crm.db"))
    assert isinstance(dataset, DatabaseDataset)
    first = dataset.reduced_for
    period = resolve_period(dataset.tables, "2026-04-01:2026-06-30")
    got = panes_of(dataset, period, Settings())
    want = panes_of(files, resolve_period(files.tables, "2026-04-01:2026-06-30"), Settings())
    assert dataset.reduced_for == period != first
    for name in ("tiers", "growth", "leads", "churn", "review"):
        a, b = getattr(want, name), getattr(got, name)
        assert a.equals(b), name


def test_check_json_names_the_database_without_its_password(tmp_path: Path) -> None:
    with postgres_schema() as (conn, schema):
        write_tables(conn, canonical_tables(SAMPLE_DATA), schema)
        uri = schema_uri(schema, "postgresql://postgres:hunter2-ck@127.0.0.1:5432/test")
        done = cockpit("check", uri, "--format", "json")
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout)
    assert result["source"].startswith("postgresql://postgres:***@127.0.0.1:5432/test")
    assert result["usable"] and "hunter2-ck" not in done.stdout
    deals = next(t for t in result["tables"] if t["table"] == "deals")
    assert deals["files"] == ["deals (postgresql)"] and deals["rows_set_aside"] == 0


def test_whole_reads_every_kept_row_as_the_folder_does(demo_folder: Path, tmp_path: Path) -> None:
    files = load_dataset(demo_folder)
    dataset = open_dataset(
        sqlite_copy(canonical_tables(demo_folder), tmp_path / "crm.db"), whole=True
    )
    keys = {"deals": "deal_id", "leads": "lead_id", "activities": ["rep_id", "date"]}
    for name, key in keys.items():
        columns = [c for c in files.tables[name].columns if not c.startswith("_")]
        want = files.tables[name].select(columns).sort(key)
        assert dataset.tables[name].select(columns).sort(key).equals(want), name
    # A period of its own does not reduce a whole read, and as_of is the database's.
    period = resolve_period(dataset.lazy_tables(), "2026-04-01:2026-06-30")
    dataset.focus(period)
    assert dataset.tables["leads"].height == files.tables["leads"].height
    assert period.as_of == resolve_period(files.tables).as_of


def test_lazy_tables_keep_the_latest_date_of_the_database(
    demo_folder: Path, tmp_path: Path
) -> None:
    tables = canonical_tables(demo_folder)
    # Only the heavy tables hold dates, and no open deal carries a recent one.
    tables = {n: f for n, f in tables.items() if n not in ("accounts", "growth")}
    tables["deals"] = tables["deals"].filter(pl.col("stage") != "open")
    as_of = resolve_period(tables).as_of
    spec = "2025-01-01:2025-03-31"
    dataset = open_dataset(sqlite_copy(tables, tmp_path / "crm.db"), period=spec)
    # A plain dict of the same frames forgets what the database said.
    reduced = {name: frame.collect() for name, frame in dataset.lazy_tables().items()}
    assert resolve_period(reduced, spec).as_of < as_of
    assert resolve_period(dataset.lazy_tables(), spec).as_of == as_of


def test_a_snapshot_of_a_database_holds_every_row_and_reports_as_the_folder(
    tmp_path: Path,
) -> None:
    uri = sqlite_copy(canonical_tables(SAMPLE_DATA), tmp_path / "crm.db")
    done = cockpit("refresh", uri, "--into", str(tmp_path / "root"))
    assert done.returncode == 0, done.stderr
    assert "deals                750 rows" in done.stdout
    assert "activities         2,275 rows" in done.stdout
    assert_same(report(str(SAMPLE_DATA)), report(str(tmp_path / "root")))
