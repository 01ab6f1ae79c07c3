"""`cockpit check` lists exact copies of activity rows: a warning, counted once, not an error."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tests.helpers.cli import assert_no_traceback, cockpit
from tests.helpers.data import DEALS, REPS, write_folder
from tests.helpers.db import sqlite_copy

ACTIVITIES = (
    "rep_id,date,calls,emails,meetings\n"
    "R1,2026-03-02,3,1,0\n"
    "R1,2026-03-02,3,1,0\n"
    "R2,2026-03-03,4,0,0\n"
    "R1,2026-03-02,3,1,0\n"
)


def with_copies(tmp_path: Path) -> Path:
    """Rows 3 and 5 of activities.csv copy row 2."""
    files: dict[str, str | bytes] = {
        "reps.csv": REPS,
        "deals.csv": DEALS,
        "activities.csv": ACTIVITIES,
    }
    return write_folder(tmp_path / "d", files)


def test_check_lists_each_copy_with_the_row_it_copies(tmp_path: Path) -> None:
    result = cockpit("check", str(with_copies(tmp_path)))
    assert result.returncode == 0, result.stdout  # a warning: the data is usable as it is
    lines = result.stdout.splitlines()
    heading = (
        "WARNING activities.csv: exact duplicate of row 2: counted once — 2 rows (row set aside)"
    )
    assert heading in lines
    assert lines[lines.index(heading) + 1] == "    rows 3, 5; value 'rep_id=R1 date=2026-03-02'"
    assert "  activities: 2 set aside — exact duplicate (2)" in lines
    summary = next(line for line in lines if line.startswith("activities "))
    assert summary.split() == ["activities", "activities.csv", "4", "2", "2", "loaded"]
    assert "Usable: no errors." in lines
    assert_no_traceback(result)


def test_check_of_a_database_names_the_copies_by_rep_and_date(tmp_path: Path) -> None:
    folder = with_copies(tmp_path)
    tables = {p.stem: pl.read_csv(p, try_parse_dates=True) for p in folder.glob("*.csv")}
    result = cockpit("check", sqlite_copy(tables, tmp_path / "crm.db"))
    assert result.returncode == 0, result.stdout
    assert (
        "WARNING activities (sqlite): exact duplicate rows (every column alike): counted once"
        in result.stdout
    )
    assert "    rep_id=R1 date=2026-03-02: 3 rows alike" in result.stdout
    assert_no_traceback(result)
