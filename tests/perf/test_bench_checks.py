"""The benchmark's DuckDB references: the checks find what `cockpit check` finds, rule by rule,
and the whole-process script prints the reference's aggregates."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from cockpit.bench.checks_reference import duckdb_checks
from cockpit.bench.checks_rules import RuleKey
from cockpit.bench.reference import duckdb_aggregates
from cockpit.data.source import open_dataset
from cockpit.period import Period, resolve_period
from tests.helpers.data import write_folder
from tests.helpers.messy import check, messy_folder

# Beside messy.py's reps, deals and leads: a bad value of every other kind, a blank row, an
# exact copy that is one only once missing counts are read as 0, padded text.
MORE_TABLES = {
    "accounts.csv": (
        "account_id,name,segment,rep_id,start_date,arr_start,arr_now,churn_date,seats,"
        "active_seats\n"
        "A1,Acme,SMB,R1,2025-01-01,1000,900,,10,5\n"
        "A2,Beta, ,R2,2025-01-01,500,500,,5,5\n"
        "A3,Gamma,SMB,R9,2025-02-01,x,100,,3,1\n"
        "A4,Delta,Ent,R9,2025-02-01,100,100,2026-13-01,-2,1\n"
        "A1,Acme again,SMB,R1,2025-01-01,1,1,,1,1\n"
        ",,,,,,,,,\n"
        "A5,  Padded  , Mid ,R2,2025-03-01,2,2,,1.5,1\n"
    ),
    "activities.csv": (
        "rep_id,date,calls,emails,meetings\n"
        "R1,2026-01-05,3,2,1\nR1,2026-01-05,3,2,1\nR9,2026-01-06,1,0,0\n"
        "R2,2026-01-07,-1,0,0\nR2,not a date,1,1,1\nR2,2026-01-08,,2,\nR2,2026-01-08,0,2,0\n"
        " , , , , \n"
    ),
    "growth.csv": (
        "rep_id,track,next_skill,last_growth_conversation\n"
        "R1,AE → Strategic AE,Negotiation,2026-05-01\nR1,AE → Team Lead,Coaching,2026-06-01\n"
        "R9,AE,Discovery,2026-02-30\n"
    ),
    "quotas.csv": (
        "rep_id,period_start,period_end,amount\n"
        "R1,2026-01-01,2026-03-31,25000\nR1,2026-03-01,2026-06-30,25000\n"
        "R2,2026-06-30,2026-04-01,100\nR9,2026-01-01,2026-12-31,-1\nR9,2026-01-01,2026-12-31,5\n"
    ),
}

# Deals' own rules, currencies and rates: GBP has no rate, so D4 is set aside before the rules
# after it; D6's account is unknown.
MONEY = {
    "reps.csv": "rep_id,name\nR1,Ann Lee\nR2,Bo Chen\n",
    "accounts.csv": "account_id,segment,arr_start,arr_now\nA1,SMB,100,100\n",
    "deals.csv": (
        "deal_id,rep_id,account_id,segment,source,created_date,close_date,stage,amount,"
        "modified_date,currency\n"
        "D1,R1,A1,,company,2026-01-05,2026-02-01,won,100,2026-03-01,USD\n"
        "D2,R1,,,self,2026-01-05,2026-02-01,lost,100,2026-03-01,usd\n"
        "D3,R2,A1,SMB,self,2026-03-05,2026-02-01,won,100,2026-03-01,EUR\n"
        "D4,R2,A1,SMB,self,2026-01-05,2026-05-01,won,100,2026-03-01,GBP\n"
        "D5,R2,A1,SMB,self,2026-01-05,2026-09-01,open,100,2026-03-01,USD\n"
        "D6,R2,A9,SMB,self,2026-01-05,2026-06-01,lost,100,2026-02-01,USD\n"
    ),
    "currency_rates.csv": (
        "currency,rate,valid_from\nUSD,1,\nEUR,0.9,\nEUR,0.95,\nXX,2,\nJPY,0,\nEUR,0.9,\n"
    ),
}

# No reps file: reps are the deals' owners, and a lead of anyone else points nowhere.
DERIVED = {
    "deals.csv": (
        "deal_id,rep_id,stage,amount,created_date,close_date\n"
        "D1,R1,won,10,2026-01-05,2026-02-01\nD2,R2,open,5,2026-01-05,\n"
    ),
    "leads.csv": (
        "lead_id,rep_id,assigned_date,origin,converted\n"
        "L1,R1,2026-01-03,company,true\nL2,R7,2026-01-04,self,no\n"
    ),
}

# Values in the spellings cockpit reads (and some it does not): white space that is not a
# space, currency signs and thousands, date-times with an offset, yes/no flags.
SPELLINGS = {
    "reps.csv": 'rep_id,name,quota\n\u00a0R1\t,Ann,"$100,000"\nR2,Bo,USD 5\nR3,Cy,"1.5,0"\n',
    "deals.csv": (
        "deal_id,rep_id,stage,amount,created_date,close_date\n"
        'D1,R1,Won,"$1,234.50",2026-01-05T23:30:00-05:00,2026-02-01 10:00\n'
        "D2,\u3000R2,lost,12,2026-01-05T10:00:00Z,2026-02-31\n"
        "D3,R2 ,open,€ 7,05/01/2026,\n"
    ),
    "leads.csv": (
        "lead_id,rep_id,assigned_date,origin,converted\n"
        "L1,R1,2026-01-03,COMPANY,Yes\nL2,R2,2026-01-04, self ,N\nL3,R2,2026-01-04,self,2\n"
    ),
}

PERIOD = Period(date(2026, 1, 1), date(2026, 12, 31), date(2026, 9, 30))


def messy(root: Path) -> Path:
    """messy.py's export with its duplicate deal, and the other tables' bad values."""
    return write_folder(messy_folder(root, duplicate=True), MORE_TABLES)


FOLDERS = {
    "messy": messy,
    "money": lambda root: write_folder(root, MONEY),
    "derived reps": lambda root: write_folder(root, DERIVED),
    "spellings": lambda root: write_folder(root, SPELLINGS),
}


def as_parquet(folder: Path) -> Path:
    """Each CSV file of `folder` as Parquet with the types Polars infers (text where a bad
    value spoils a column), so typed cells are checked too."""
    for path in folder.glob("*.csv"):
        pl.read_csv(path, try_parse_dates=True).write_parquet(path.with_suffix(".parquet"))
        path.unlink()
    return folder


def cockpit_counts(result: dict[str, Any], ours: set[RuleKey]) -> dict[RuleKey, int]:
    """`cockpit check`'s problems as rule counts: a row's problem counts one, a table's note
    the number it gives (one when none). A reason is named by the longest of our rules' words
    it holds, for the same table, column and severity; missing tables are left out."""
    counts: dict[RuleKey, int] = {}
    for p in result["problems"]:
        reason = p["reason"] or ""
        if reason.startswith("table missing"):
            continue
        same = [k[3] for k in ours if k[:3] == (p["table"], p["column"], p["severity"])]
        words = max((w for w in same if w in reason), key=len, default=reason)
        key = (p["table"], p["column"], p["severity"], words)
        number = re.search(r"\d[\d,]*", reason) if p["row"] is None else None
        counts[key] = counts.get(key, 0) + (int(number[0].replace(",", "")) if number else 1)
    return counts


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("folder", list(FOLDERS))
def test_duckdb_counts_every_rule_cockpit_check_reports(
    tmp_path: Path, folder: str, fmt: str
) -> None:
    data = FOLDERS[folder](tmp_path)
    if fmt == "parquet":
        as_parquet(data)
    checked = duckdb_checks(data, PERIOD)
    _, result = check(str(data))
    assert checked.found() == cockpit_counts(result, set(checked.problems))
    loaded = {t["table"]: (t["rows_read"], t["rows_loaded"]) for t in result["tables"]}
    for table, kept in checked.rows_kept.items():
        assert (checked.rows_read.get(table, kept), kept) == loaded[table], table


def test_the_messy_folder_breaks_rules_of_every_kind(tmp_path: Path) -> None:
    found = duckdb_checks(messy(tmp_path), PERIOD).found()
    words = {key[3] for key in found}
    for rule in (
        "required value is empty",
        "not a date",
        "not a whole number",
        "negative",
        "duplicate account_id",
        "exact duplicate of row",
        "points to no row of reps",
        "blank rows skipped",
        "overlaps the rep's quota",
    ):
        assert rule in words
    # The copy of R2's 2026-01-08 row shows only once its missing calls count as 0.
    assert found[("activities", None, "warning", "exact duplicate of row")] == 2


def test_on_clean_data_no_rule_fires_and_the_aggregates_are_the_references(
    demo_folder: Path,
) -> None:
    period = resolve_period(open_dataset(str(demo_folder), cached=False).lazy_tables())
    checked = duckdb_checks(demo_folder, period)
    assert checked.found() == {}
    reps, segments = duckdb_aggregates(demo_folder, period)
    assert checked.reps is not None and checked.segments is not None
    assert_frame_equal(checked.reps.sort("rep_id"), reps.sort("rep_id"), check_dtypes=False)
    assert_frame_equal(
        checked.segments.sort("segment"), segments.sort("segment"), check_dtypes=False
    )


def test_the_duckdb_script_prints_the_references_aggregates_as_json(demo_folder: Path) -> None:
    period = resolve_period(open_dataset(str(demo_folder), cached=False).lazy_tables())
    args = [str(demo_folder), str(period.start), str(period.end), str(period.as_of)]
    done = subprocess.run(
        [sys.executable, "-m", "cockpit.bench.duckdb_script", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    reps, segments = duckdb_aggregates(demo_folder, period)
    for name, expected, key in (("reps", reps, "rep_id"), ("segments", segments, "segment")):
        got = pl.DataFrame(printed[name]).sort(key)
        assert_frame_equal(got, expected.sort(key), check_dtypes=False)
