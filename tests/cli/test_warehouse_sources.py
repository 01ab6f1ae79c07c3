"""DuckDB and a connector's warehouse tables: the review computed by the engine, the same numbers
as the CSV folder, the mapping language (joins, booleans, where, SQL columns) run in SQL."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from cockpit.data.database.dataset import DatabaseDataset
from cockpit.data.source import open_dataset
from cockpit.paths import SAMPLE_DATA
from tests.helpers.cli import assert_no_traceback
from tests.helpers.data import write_folder
from tests.helpers.db import (
    assert_same,
    canonical_tables,
    cockpit,
    csv_tables,
    duckdb_copy,
    postgres_schema,
    report,
    schema_uri,
    write_tables,
)
from tests.helpers.messy import check, messy_folder, problem_counts, row_counts
from tests.helpers.paths import FIXTURES

EXTERNAL = FIXTURES / "external"


@pytest.mark.parametrize("which", ["sample", "demo"])
def test_duckdb_gives_the_numbers_of_the_csv_folder(
    which: str, demo_folder: Path, tmp_path: Path
) -> None:
    folder = SAMPLE_DATA if which == "sample" else demo_folder
    uri = duckdb_copy(canonical_tables(folder), tmp_path / "crm.duckdb")
    expected = report(str(folder))
    assert expected["tiers"] and expected["leads"] and expected["churn"]
    assert_same(expected, report(uri))


def test_duckdb_reduces_in_the_engine(demo_folder: Path, tmp_path: Path) -> None:
    tables = canonical_tables(demo_folder)
    dataset = open_dataset(duckdb_copy(tables, tmp_path / "crm.duckdb"))
    assert isinstance(dataset, DatabaseDataset)
    # What reaches cockpit: one row per rep of activities, not the table's rows.
    assert dataset.tables["activities"].height <= tables["reps"].height
    assert tables["activities"].height > 10 * tables["reps"].height


DEALS = (
    "deal_id,rep_id,stage,amount,created_date,close_date\n"
    "D1,R1,won,50000,2026-01-05,2026-02-01\n"
    "D2,R2,lost,20000,2026-01-10,2026-03-01\n"
    "D3,R1,Won,-5,2026-01-10,2026-03-01\n"
    "D5,R2,maybe,100,2026-01-10,2026-03-02\n"
    "D7,R1,won,abc,2026-01-10,2026-03-02\n"
    "D8,R1,won,300,2026-01-10,2025-02-30\n"
    "D9,R2,WON,400,2026-02-10,2026-04-02\n"
)
REPS = "rep_id,name,quota,hire_date\nR1,Ann Lee,100000,2020-01-01\nR2,Bo Chen,80000,2021-03-01\n"


def test_bad_values_are_found_and_an_impossible_day_fails_no_query(tmp_path: Path) -> None:
    # 2025-02-30 used to fail the whole PostgreSQL query (the cast raised); it is no date.
    folder = write_folder(tmp_path / "csv", {"reps.csv": REPS, "deals.csv": DEALS})
    tables = csv_tables(folder)  # every column text, as a careless load would leave it
    files = open_dataset(str(folder))
    with postgres_schema() as (conn, schema):
        write_tables(conn, tables, schema)
        sources = {
            "duckdb": open_dataset(duckdb_copy(tables, tmp_path / "m.duckdb")),
            "postgresql": open_dataset(schema_uri(schema)),
        }
        for dataset in sources.values():
            close(dataset)  # an open read would keep the schema from being dropped
        for name, dataset in sources.items():
            for table in ("reps", "deals"):
                got = (dataset.summaries[table].rows_read, dataset.summaries[table].rows_loaded)
                want = (files.summaries[table].rows_read, files.summaries[table].rows_loaded)
                assert got == want, (name, table)
            said = {(p["column"], p["reason"].split(" (")[0]) for p in dataset.problems.to_dicts()}
            assert ("close_date", "not a date") in said, name
            assert ("amount", "negative") in said and ("amount", "not a number") in said, name


OWNERS = "owner_id,first_name,last_name,email,type\n7,Ann,Lee,a@x,PERSON\n8,,,b@x,PERSON\n"
HUBSPOT_DEALS = (
    "deal_id,is_deleted,deal_pipeline_stage_id,owner_id,property_amount,property_closedate,"
    "property_createdate\n"
    "1,false,won1,7,100,2026-02-01 00:00:00,2026-01-02 10:00:00\n"
    "2,false,lost1,7,40,2026-02-03 00:00:00,2026-01-02 10:00:00\n"
    "3,FALSE,open1,8,70,,2026-01-05 10:00:00\n"
    "4,true,won1,8,999,2026-02-01 00:00:00,2026-01-05 10:00:00\n"
    "5,false,gone,8,5,2026-02-01 00:00:00,2026-01-05 10:00:00\n"
)
STAGES = (
    "_fivetran_deleted,is_closed,closed_won,stage_id\n"
    "FALSE,TRUE,TRUE,won1\nFALSE,TRUE,FALSE,lost1\nFALSE,FALSE,FALSE,open1\nTRUE,TRUE,TRUE,gone\n"
)


def test_the_fivetran_hubspot_preset_runs_in_the_warehouse(tmp_path: Path) -> None:
    # Warehouse tables named as the connector's files: deal_data, owner_data, and the stage
    # table joined in for is_closed / closed_won, deleted rows left out by `where`.
    folder = write_folder(
        tmp_path / "csv",
        {
            "deal_data.csv": HUBSPOT_DEALS,
            "deal_pipeline_stage_data.csv": STAGES,
            "owner_data.csv": OWNERS,
        },
    )
    uri = duckdb_copy(csv_tables(folder), tmp_path / "warehouse.duckdb")
    mapping = ("--mapping", "fivetran_hubspot", "--period", "2026-01-01:2026-03-31")
    got = report(uri, *mapping)
    assert_same(report(str(folder), *mapping), got)
    ann = next(row for row in got["tiers"] if row["name"] == "Ann Lee")
    # Deal 1 won (stage won1: closed and won), deal 2 lost: 100 won, 1 of 2 closed.
    assert (ann["won_amount"], ann["win_rate"]) == (100, 0.5)
    dataset = open_dataset(uri, mapping="fivetran_hubspot", period="2026-01-01:2026-03-31")
    deals = dataset.tables["deals"].sort("deal_id")
    # Deal 4 is deleted (left out); 5's stage is deleted, so it matches none: open, as 3.
    assert deals.select("deal_id", "stage").rows() == [
        ("1", "won"),
        ("2", "lost"),
        ("3", "open"),
        ("5", "open"),
    ]
    assert (dataset.summaries["deals"].rows_read, dataset.summaries["deals"].rows_loaded) == (5, 4)


@pytest.mark.parametrize("preset", ["fivetran_hubspot", "fivetran_salesforce"])
def test_vendored_connector_tables_from_postgresql_match_the_files(preset: str) -> None:
    folder = EXTERNAL / preset
    with postgres_schema() as (conn, schema):
        write_tables(conn, csv_tables(folder), schema)
        uri = schema_uri(schema)
        assert_same(report(str(folder)), report(uri, "--mapping", preset))
        files, db = open_dataset(str(folder)), open_dataset(uri, mapping=preset)
        close(db)
    # Salesforce's tasks and events are read together (20 rows), as the files are.
    for table in ("reps", "deals", "accounts", "leads", "activities"):
        got = (db.summaries[table].rows_read, db.summaries[table].rows_loaded)
        assert got == (files.summaries[table].rows_read, files.summaries[table].rows_loaded)


def close(dataset: object) -> None:
    """Let a database source's connection go."""
    assert isinstance(dataset, DatabaseDataset) and dataset.database is not None
    dataset.database.close()


def test_a_where_naming_a_missing_column_is_one_line(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "csv", {"reps.csv": REPS, "deals.csv": DEALS})
    uri = duckdb_copy(csv_tables(folder), tmp_path / "m.duckdb")
    mapping = write_folder(
        tmp_path / "m",
        {"map.toml": 'name = "m"\n[tables.deals]\nwhere = "NOT is_deleted"\n'},
    )
    done = cockpit("report", uri, "--mapping", str(mapping / "map.toml"))
    assert done.returncode != 0
    assert "the mapping's where cannot apply: 'NOT is_deleted' names is_deleted" in done.stderr
    assert_no_traceback(done)


def test_a_missing_duckdb_file_is_said_and_not_created(tmp_path: Path) -> None:
    target = tmp_path / "nothing.duckdb"
    done = cockpit("report", f"duckdb:///{target}")
    assert done.returncode == 1
    assert f"no such DuckDB database file ({target})" in done.stderr
    assert not target.exists()
    assert_no_traceback(done)


def test_duckdb_tables_keep_their_types(tmp_path: Path) -> None:
    frame = pl.DataFrame({"rep_id": ["R1"], "name": ["Ann"], "quota": [100.0]})
    uri = duckdb_copy({"reps": frame}, tmp_path / "reps.duckdb")
    dataset = open_dataset(uri)
    assert dataset.tables["reps"]["quota"].to_list() == [100.0]


@pytest.mark.parametrize(
    ("uri", "says"),
    [
        ("sc://127.0.0.1:1", "cannot connect: nothing answers at 127.0.0.1:1"),
        (f"trino://me:{'pw-S3cret'}@127.0.0.1:1/hive/crm", "cannot connect"),
    ],
)
def test_an_unreachable_engine_is_one_line_at_once(uri: str, says: str) -> None:
    # Without a first query the trino client connected lazily and every table read as missing;
    # the Spark Connect client retried for minutes.
    done = cockpit("report", uri)
    assert done.returncode == 1
    assert says in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "pw-S3cret" not in done.stderr
    assert_no_traceback(done)


def test_a_missing_client_names_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from cockpit.data.database import engines
    from cockpit.errors import DataError

    def absent(name: str) -> object:
        raise ImportError(name)

    monkeypatch.setattr(importlib, "import_module", absent)
    with pytest.raises(
        DataError, match=r"the spark client is not installed; pip install 'cockpit\[spark\]'"
    ):
        engines.client("spark", "sc://host:15002")


@pytest.mark.parametrize(
    "where",
    ["TRUE; DROP TABLE deals", "rep_id IN (SELECT rep_id FROM reps)", "(SELECT TRUE)"],
)
def test_a_mapping_expression_runs_no_statement_or_query(where: str, tmp_path: Path) -> None:
    # The where runs in the user's database with the reader's rights: one expression only.
    folder = write_folder(tmp_path / "csv", {"reps.csv": REPS, "deals.csv": DEALS})
    uri = duckdb_copy(csv_tables(folder), tmp_path / "m.duckdb")
    mapping = write_folder(
        tmp_path / "m", {"map.toml": f'name = "m"\n[tables.deals]\nwhere = "{where}"\n'}
    )
    done = cockpit("report", uri, "--mapping", str(mapping / "map.toml"))
    assert done.returncode == 2
    assert "must be one expression over the table's columns" in done.stderr
    assert_no_traceback(done)
    assert open_dataset(uri).summaries["deals"].rows_read == 7  # the table is still there


def test_bad_rows_are_set_aside_in_duckdb_as_in_the_files(tmp_path: Path) -> None:
    folder = messy_folder(tmp_path / "csv", duplicate=True)
    uri = duckdb_copy(csv_tables(folder), tmp_path / "m.duckdb")
    period = ("--period", "2026-01-01:2026-06-30")
    assert_same(report(str(folder), *period), report(uri, *period))
    (files_code, files), (duck_code, found) = check(str(folder)), check(uri)
    assert duck_code == files_code == 1
    assert row_counts(found) == row_counts(files)
    # D3 (negative), D5 (unknown stage), D6 (no rep), D7 (abc) and one of the two D1 rows.
    assert row_counts(found)["deals"] == (10, 5, 5, "loaded")
    assert problem_counts(found) == problem_counts(files)


@pytest.mark.parametrize("engine", ["duckdb", "postgresql"])
def test_tables_read_together_may_type_a_column_differently(engine: str, tmp_path: Path) -> None:
    # Tasks hold calls as numbers, events as text: a union of the two must still read both.
    tables = csv_tables(write_folder(tmp_path / "csv", {"reps.csv": REPS, "deals.csv": DEALS}))
    tables["task"] = pl.DataFrame(
        {"rep_id": ["R1", "R2"], "date": ["2026-02-02"] * 2, "calls": [3, 4]}
    )
    tables["event"] = pl.DataFrame(
        {"rep_id": ["R1"], "date": ["2026-02-03"], "calls": ["5"], "meetings": ["1"]}
    )
    mapping = write_folder(
        tmp_path / "m",
        {
            "map.toml": 'name = "m"\n[tables.reps]\n[tables.deals]\n'
            '[tables.activities]\nsource = [["task.csv", "event.csv"]]\n'
        },
    )
    read = {"mapping": str(mapping / "map.toml"), "period": "2026-01-01:2026-12-31"}
    if engine == "duckdb":
        dataset = open_dataset(duckdb_copy(tables, tmp_path / "m.duckdb"), **read)
    else:  # PostgreSQL refuses a union of a number and a text column outright
        with postgres_schema() as (conn, schema):
            write_tables(conn, tables, schema)
            dataset = open_dataset(schema_uri(schema), **read)
            close(dataset)
    assert dataset.summaries["activities"].files == [f"task, event ({engine})"]
    assert (
        dataset.summaries["activities"].rows_read,
        dataset.summaries["activities"].rows_loaded,
    ) == (3, 3)
    sums = dataset.tables["activities"].sort("rep_id").select("rep_id", "calls", "meetings")
    assert sums.rows() == [("R1", 8, 1), ("R2", 4, 0)]
