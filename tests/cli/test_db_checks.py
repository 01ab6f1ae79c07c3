"""Database sources: the loader's rules checked in the database, errors in one masked line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import adbc_driver_sqlite.dbapi as sqlite
import polars as pl
import pytest

from cockpit.data.source import open_dataset
from cockpit.errors import DataError
from tests.helpers.db import (
    POSTGRES,
    assert_same,
    cockpit,
    execute,
    postgres_schema,
    report,
    schema_uri,
)
from tests.helpers.messy import messy_folder

SECRET = "s3cr3t-Pa55"


def as_text_tables(folder: Path, conn: object, schema: str | None = None) -> None:
    """Each CSV as a table of text columns, as a careless export into a database would be."""
    for path in sorted(folder.glob("*.csv")):
        target = f"{schema}.{path.stem}" if schema else path.stem
        pl.read_csv(path, infer_schema=False).write_database(target, conn, engine="adbc")
    conn.commit()  # type: ignore[attr-defined]


def sqlite_text_copy(folder: Path, path: Path) -> str:
    conn = sqlite.connect(str(path))
    as_text_tables(folder, conn)
    conn.close()
    return f"sqlite:///{path}"


def test_check_names_table_and_key_for_every_bad_row(tmp_path: Path) -> None:
    uri = sqlite_text_copy(messy_folder(tmp_path / "csv", duplicate=True), tmp_path / "m.db")
    done = cockpit("check", uri)
    assert done.returncode == 1
    out = done.stdout
    for line in (
        "ERROR deals (sqlite), column amount: negative",
        "    deal_id=D3: -5.0",
        "ERROR deals (sqlite), column amount: not a number",
        "    deal_id=D7: abc",
        "ERROR deals (sqlite), column stage: unknown stage",
        "    deal_id=D5: maybe",
        "ERROR deals (sqlite), column rep_id: required value is empty",
        "    deal_id=D6: (empty)",
        "ERROR deals (sqlite), column deal_id: duplicate deal_id",
        "    deal_id=D1: 2 rows",
        "WARNING deals (sqlite), column rep_id: points to no row of reps",
        "    deal_id=D4: R9",
        "WARNING deals (sqlite), column close_date: not a date",
        "ERROR leads (sqlite), column origin: unknown origin",
        "    lead_id=L3: partner",
        "ERROR leads (sqlite), column converted: not true/false",
        "WARNING reps (sqlite), column quota: negative",
    ):
        assert line in out, line
    assert "deals: 5 set aside" in out  # D3, D5, D6, D7 and one of the two D1 rows
    deals = open_dataset(uri, period="2026-01-01:2026-12-31").tables["deals"]
    # D8 lost its unreadable close date: closed, but in no period, so not read.
    assert deals["deal_id"].is_unique().all()
    assert sorted(deals["deal_id"]) == ["D1", "D2", "D4", "D9"]


def test_rows_set_aside_in_the_database_match_the_files(tmp_path: Path) -> None:
    folder = messy_folder(tmp_path / "csv")
    with postgres_schema() as (conn, schema):
        as_text_tables(folder, conn, schema)
        period = ("--period", "2026-01-01:2026-06-30")
        assert_same(report(str(folder), *period), report(schema_uri(schema), *period))
    files, db = open_dataset(str(folder)), open_dataset(sqlite_text_copy(folder, tmp_path / "m.db"))
    for name in ("reps", "deals", "leads"):
        assert db.summaries[name].rows_read == files.summaries[name].rows_read
        assert db.summaries[name].rows_loaded == files.summaries[name].rows_loaded
    problems = {(p["table"], p["column"], p["severity"]) for p in files.problems.to_dicts()}
    found = {(p["table"], p["column"], p["severity"]) for p in db.problems.to_dicts()}
    # The folder's "no segment" note concerns its own files only; every other problem is found.
    assert problems - found == {("deals", "segment", "info")}


@pytest.mark.parametrize(
    ("uri", "says"),
    [
        (f"postgresql://postgres:{SECRET}@127.0.0.1:1/test", "cannot connect"),
        (f"postgresql://postgres:{SECRET}@127.0.0.1:5432/no_such_db_ck", "no_such_db_ck"),
        (f"postgres://nobody_ck:{SECRET}@127.0.0.1:5432/test", "nobody_ck"),
    ],
)
def test_connection_failures_are_one_line_without_the_password(uri: str, says: str) -> None:
    for command in ("check", "report"):
        done = cockpit(command, uri)
        assert done.returncode == 1
        assert SECRET not in done.stdout + done.stderr
        assert done.stderr.count("\n") == 1, done.stderr
        assert says in done.stderr and "***" in done.stderr
        assert "Traceback" not in done.stderr


def test_a_missing_table_is_named_and_the_password_never_shown(tmp_path: Path) -> None:
    with postgres_schema() as (conn, schema):
        execute(conn, f"CREATE TABLE {schema}.reps (rep_id text, name text)")
        execute(conn, f"INSERT INTO {schema}.reps VALUES ('R1', 'Ann')")
        uri = schema_uri(schema, POSTGRES.replace("postgres@", f"postgres:{SECRET}@"))
        done = cockpit("check", uri)
        assert done.returncode == 1
        assert 'table missing (no table "deals"' in done.stdout
        assert SECRET not in done.stdout + done.stderr
        assert "postgres:***@" in done.stdout


def test_a_missing_sqlite_file_is_not_created(tmp_path: Path) -> None:
    done = cockpit("report", f"sqlite:///{tmp_path}/nothing.db")
    assert done.returncode == 1
    assert "no such SQLite database file" in done.stderr
    assert not (tmp_path / "nothing.db").exists()


def test_without_the_driver_the_message_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uri = sqlite_text_copy(messy_folder(tmp_path / "csv"), tmp_path / "m.db")
    monkeypatch.setitem(sys.modules, "adbc_driver_sqlite.dbapi", None)
    with pytest.raises(DataError, match=r"pip install 'cockpit\[db\]'"):
        open_dataset(uri)


def test_mapped_table_names_columns_and_values(tmp_path: Path) -> None:
    with postgres_schema() as (conn, crm):
        mapping = tmp_path / "crm.toml"
        mapping.write_text(
            'name = "crm_db"\n'
            f'[tables.reps]\ntable = "{crm}.people"\n'
            '[tables.reps.columns]\nrep_id = "Id"\nname = "Who"\n'
            f'[tables.deals]\ntable = "{crm}.opportunities"\n'
            '[tables.deals.columns]\ndeal_id = "OppId"\nrep_id = "OwnerId"\nstage = "StageName"\n'
            'amount = "Amount"\ncreated_date = "CreatedDate"\nclose_date = "CloseDate"\n'
            '[tables.deals.values.stage]\n"Closed Won" = "won"\n"Closed Lost" = "lost"\n'
            '"*" = "open"\n',
            encoding="utf-8",
        )
        execute(
            conn,
            f'CREATE TABLE {crm}.people ("Id" text, "Who" text)',
            f"INSERT INTO {crm}.people VALUES ('R1', 'Ann Lee'), ('R2', 'Bo Chen')",
            f'CREATE TABLE {crm}.opportunities ("OppId" text, "OwnerId" text, "StageName" text, '
            '"Amount" numeric, "CreatedDate" date, "CloseDate" timestamp)',
            f"INSERT INTO {crm}.opportunities VALUES "
            "('O1', 'R1', 'Closed Won', 1200.50, '2026-01-02', '2026-02-03 10:00'),"
            "('O2', 'R1', 'Closed Lost', 10, '2026-01-02', '2026-02-04'),"
            "('O3', 'R2', 'Negotiation', 99, '2026-03-01', NULL)",
        )
        args = ("--mapping", str(mapping), "--pane", "tiers", "--format", "json")
        done = cockpit("report", POSTGRES, *args)
        assert done.returncode == 0, done.stderr
        check = cockpit("check", POSTGRES, "--mapping", str(mapping))
    tiers = {row["rep_id"]: row for row in json.loads(done.stdout)}
    assert tiers["R1"]["won_amount"] == 1200.5 and tiers["R1"]["win_rate"] == 0.5
    assert tiers["R2"]["won_amount"] == 0 and tiers["R2"]["win_rate"] is None
    deals = next(line for line in check.stdout.splitlines() if line.startswith("deals "))
    assert f"{crm}.opportunit" in deals and deals.split()[-4:] == ["3", "3", "0", "loaded"]
    assert check.returncode == 0, check.stdout


def test_info_and_usage_errors_never_show_the_password() -> None:
    uri = f"postgresql://postgres:{SECRET}@127.0.0.1:5432/test"
    info = cockpit("info", uri)
    assert info.returncode == 0, info.stderr
    assert "postgresql://postgres@127.0.0.1/test" in info.stdout  # no credential at all
    usage = cockpit("notes", "add", "--subject", "rep:R1", "--text", "hi", uri)
    assert usage.returncode == 2
    for done in (info, usage):
        assert SECRET not in done.stdout + done.stderr


def test_an_unusable_optional_table_costs_only_its_pane(tmp_path: Path) -> None:
    folder = messy_folder(tmp_path / "csv")
    (folder / "accounts.csv").write_text("account_id,name\nA1,Acme\n", encoding="utf-8")
    uri = sqlite_text_copy(folder, tmp_path / "m.db")
    check = cockpit("check", uri)
    assert "ERROR accounts (sqlite), column segment: required column segment is missing" in (
        check.stdout
    )
    churn = report(uri, "--pane", "churn")
    assert [row["segment"] for row in churn] == []  # deals carry no segment, accounts unusable
