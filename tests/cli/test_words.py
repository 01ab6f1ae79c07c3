"""Tiers and flags read as words in the table and Markdown reports; JSON and CSV keep the ids
scripts match on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.cli import cockpit
from tests.helpers.data import write_folder

# Three reps, each with a 100,000 quota for 2025 and one won deal:
#   Ann 120,000 → 120% top; Bo 30,000 → 30% at_risk; Cy 80,000 → 80% core.
# Calls on one day: Ann 10, Bo 100, Cy 50 → median 50 → activity index 0.2, 2.0, 1.0:
#   Ann outcome_over_activity (≥ 100% on ≤ 0.7), Bo activity_without_outcome (≥ 1.2, < 70%).
TEAM: dict[str, str | bytes] = {
    "reps.csv": (
        "rep_id,name,quota,hire_date\n"
        "R1,Ann Lee,100000,2020-01-01\n"
        "R2,Bo Chen,100000,2020-01-01\n"
        "R3,Cy Diaz,100000,2020-01-01\n"
    ),
    "deals.csv": (
        "deal_id,rep_id,stage,amount,created_date,close_date\n"
        "D1,R1,won,120000,2025-01-05,2025-03-01\n"
        "D2,R2,won,30000,2025-01-05,2025-03-01\n"
        "D3,R3,won,80000,2025-01-05,2025-03-01\n"
    ),
    "activities.csv": (
        "rep_id,date,calls,emails,meetings\n"
        "R1,2025-03-01,10,0,0\n"
        "R2,2025-03-01,100,0,0\n"
        "R3,2025-03-01,50,0,0\n"
    ),
}
YEAR = ("--period", "2025", "--as-of", "2025-12-31")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_folder(tmp_path_factory.mktemp("words"), TEAM)


def report(folder: Path, fmt: str) -> str:
    result = cockpit("report", str(folder), "--pane", "tiers", "--format", fmt, *YEAR)
    assert result.returncode == 0, result.stderr
    return result.stdout


def rows(text: str) -> dict[str, str]:
    """Each rep's row of a table or Markdown report (its first line naming them), by first
    name."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        for name in ("Ann", "Bo", "Cy"):
            if name in line:
                found.setdefault(name, line)
    return found


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_table_and_markdown_show_tiers_and_flags_in_words(folder: Path, fmt: str) -> None:
    text = report(folder, fmt)
    lines = rows(text)
    assert "outcome over activity" in lines["Ann"] and "120,000" in lines["Ann"]
    assert "at risk" in lines["Bo"] and "activity without outcome" in lines["Bo"]
    assert "core" in lines["Cy"]
    table = "\n".join(lines.values())
    for id_ in ("at_risk", "outcome_over_activity", "activity_without_outcome", "at\\_risk"):
        assert id_ not in table


def test_json_and_csv_keep_the_ids(folder: Path) -> None:
    by_name = {row["name"]: row for row in json.loads(report(folder, "json"))}
    assert by_name["Ann Lee"]["flags"] == ["outcome_over_activity"]
    assert by_name["Bo Chen"]["tier"] == "at_risk"
    assert by_name["Bo Chen"]["flags"] == ["activity_without_outcome"]
    csv = report(folder, "csv")
    assert ",at_risk," in csv and "outcome_over_activity" in csv
