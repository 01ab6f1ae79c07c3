"""A small CRM export with a bad value of every kind: what every source must set aside alike,
and how `cockpit check` results are compared across sources."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from tests.helpers.cli import run_cockpit
from tests.helpers.data import write_folder

REPS = (
    "rep_id,name,quota,hire_date\n"
    "R1,Ann Lee,100000,2020-01-01\nR2,Bo Chen,80000,2021-03-01\nR3,,-5,2022-01-01\n"
)
DEALS = (
    "deal_id,rep_id,stage,amount,created_date,close_date\n"
    "D1,R1,won,50000,2026-01-05,2026-02-01\n"
    "D2,R2,lost,20000,2026-01-10,2026-03-01\n"
    "D3,R1,Won,-5,2026-01-10,2026-03-01\n"
    "D4,R9,won,100,2026-01-10,2026-03-02\n"
    "D5,R2,maybe,100,2026-01-10,2026-03-02\n"
    "D6,,won,100,2026-01-10,2026-03-02\n"
    "D7,R1,won,abc,2026-01-10,2026-03-02\n"
    "D8,R1,won,300,2026-01-10,not a date\n"
    "D9,R2,WON,400,2026-02-10,2026-04-02\n"
)
LEADS = (
    "lead_id,rep_id,assigned_date,origin,converted\n"
    "L1,R1,2026-01-03,company,true\nL2,R2,2026-01-04,self,no\n"
    "L3,R1,2026-01-05,partner,true\nL4,R1,2026-01-05,company,maybe\n"
    "L5,R2,2026-02-05,Company,1\n"
)


def messy_folder(root: Path, duplicate: bool = False) -> Path:
    """CSV files with bad values of every kind (and a duplicate deal id when asked)."""
    deals = DEALS + ("D1,R2,won,7,2026-01-10,2026-03-02\n" if duplicate else "")
    return write_folder(root, {"reps.csv": REPS, "deals.csv": deals, "leads.csv": LEADS})


def check(data: str) -> tuple[int, dict[str, Any]]:
    """`cockpit check DATA --format json`: its exit code and the parsed result."""
    done = run_cockpit("check", data, "--format", "json", timeout=300)
    return done.returncode, json.loads(done.stdout)


def row_counts(result: dict[str, Any]) -> dict[str, tuple[int, int, int, str]]:
    """Table → rows read, loaded and set aside, and its status."""
    return {
        t["table"]: (t["rows_read"], t["rows_loaded"], t["rows_set_aside"], t["status"])
        for t in result["tables"]
    }


def problem_counts(result: dict[str, Any]) -> Counter[tuple[str, str | None, str, str]]:
    """How many problems of each kind: table, column, severity and the reason's first words
    (what follows ` (` or `: ` names the file's row or the database's choice, which differ by
    design: a database has no row order). The folder's "no segment" note concerns its own files
    only and is left out."""
    return Counter(
        (p["table"], p["column"], p["severity"], p["reason"].split(" (")[0].split(": ")[0])
        for p in result["problems"]
        if (p["table"], p["column"]) != ("deals", "segment")
    )
