"""`cockpit map DIR > my.toml`, then `cockpit check DIR --mapping my.toml`: what a user types for
an export cockpit does not know. Counts are worked out by hand from the fixture files."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.cli import assert_no_traceback, cockpit
from tests.helpers.data import write_folder
from tests.helpers.paths import FIXTURES, MAVEN


def draft_into(folder: Path, path: Path, *options: str) -> Path:
    """Run `cockpit map folder > path`; the saved draft."""
    result = cockpit("map", str(folder), *options)
    assert result.returncode == 0, result.stderr
    assert_no_traceback(result)
    path.write_text(result.stdout, encoding="utf-8")
    return path


def table_line(out: str, table: str) -> list[str]:
    """The words of `cockpit check`'s summary line for `table`."""
    return next(line.split() for line in out.splitlines() if line.startswith(f"{table} "))


def test_maven_draft_then_check_loads_every_deal(tmp_path: Path) -> None:
    draft = draft_into(MAVEN, tmp_path / "my.toml")
    check = cockpit("check", str(MAVEN), "--mapping", str(draft))
    assert_no_traceback(check)
    assert f"(mapping {tomllib.loads(draft.read_text())['name']})" in check.stdout
    # sales_pipeline.csv: 8,801 lines, a header and 8,800 deals; none set aside (the draft's
    # allow_empty keeps the 500 deals without engage_date and 2,089 without close_value).
    assert table_line(check.stdout, "deals")[1:5] == ["sales_pipeline.csv", "8,800", "8,800", "0"]
    # sales_teams.csv: 35 agents; accounts.csv: 85 accounts.
    assert table_line(check.stdout, "reps")[1:4] == ["sales_teams.csv", "35", "35"]
    assert table_line(check.stdout, "accounts")[1:4] == ["accounts.csv", "85", "85"]


def test_the_draft_goes_to_stdout_and_what_it_found_to_stderr(tmp_path: Path) -> None:
    result = cockpit("map", str(MAVEN))
    assert result.returncode == 0
    assert result.stdout.startswith("# Mapping drafted by `cockpit map`")
    assert "drafted deals from sales_pipeline.csv" in result.stderr
    assert "no file found for leads, activities" in result.stderr
    assert "--mapping my.toml" in result.stderr


def test_salesforce_data_loader_draft_counts_the_flags_wins(tmp_path: Path) -> None:
    folder = FIXTURES / "salesforce_dataloader"
    draft = draft_into(folder, tmp_path / "my.toml")
    report = cockpit(
        "report", str(folder), "--mapping", str(draft), "--period", "2026",
        "--pane", "tiers", "--format", "json",
    )  # fmt: skip
    assert report.returncode == 0, report.stderr
    rows = json.loads(report.stdout)
    # IsClosed+IsWon: Priya won Opp01 30,000 and Opp02 15,000 ("Closed - Signed"), Lars Opp04
    # 22,000.5; lost Opp03 (Priya) and Opp06 (Lars). Rep ids are cut to 15 characters to join.
    won = {row["name"]: (row["won_amount"], row["lost_deals"]) for row in rows}
    assert won["Priya Shah"] == (pytest.approx(45_000.0), 1)
    assert won["Lars Østergaard"] == (pytest.approx(22_000.5), 1)
    check = cockpit("check", str(folder), "--mapping", str(draft)).stdout
    # Task.csv 6 rows and Event.csv 2, read together.
    assert table_line(check, "activities")[-4:-1] == ["8", "8", "0"]


@pytest.mark.parametrize(
    ("folder", "deals"),
    [
        # 7 deal rows in deals.csv.
        (FIXTURES / "hubspot", ["deals.csv", "7", "7", "0"]),
        # 6 rows before the blank row 8; the totals and footer after it are skipped.
        (FIXTURES / "salesforce_report", ["opportunities.csv", "13", "6", "7"]),
        # 50 opportunities in Opportunity.csv.
        (
            FIXTURES / "external" / "salesforce_datacloud_workshop",
            ["Opportunity.csv", "50", "50", "0"],
        ),
        # 44 deals in deal_data.csv; their stage joined in from deal_pipeline_stage_data.csv.
        (FIXTURES / "external" / "fivetran_hubspot", ["deal_data.csv", "44", "44", "0"]),
        # 10 opportunities, every one is_deleted = true: all left out by the draft's where.
        (
            FIXTURES / "external" / "fivetran_salesforce",
            ["sf_opportunity_data.csv", "10", "0", "10"],
        ),
    ],
    ids=["hubspot", "salesforce report", "salesforce org", "fivetran hubspot", "fivetran sf"],
)
def test_real_export_drafts_load_their_deals(
    folder: Path, deals: list[str], tmp_path: Path
) -> None:
    draft = draft_into(folder, tmp_path / "my.toml")
    check = cockpit("check", str(folder), "--mapping", str(draft))
    assert_no_traceback(check)
    assert table_line(check.stdout, "deals")[1:5] == deals


def test_us_dates_draft_reads_them_month_first(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "crm",
        {
            "opps.csv": "Opportunity ID,Owner,Stage,Amount,Created,Close Date\n"
            "O1,ann,Closed Won,100,01/05/2026,03/25/2026\n"
            "O2,bob,Closed Lost,200,02/01/2026,03/02/2026\n"
            "O3,ann,Negotiation,300,02/03/2026,\n"
        },
    )
    draft = draft_into(folder, tmp_path / "my.toml")
    deals = tomllib.loads(draft.read_text())["tables"]["deals"]
    assert deals["date_formats"]["close_date"] == ["%m/%d/%Y"]
    check = cockpit("check", str(folder), "--mapping", str(draft))
    assert check.returncode == 0, check.stdout
    assert table_line(check.stdout, "deals")[1:5] == ["opps.csv", "3", "3", "0"]


def test_a_hostile_header_round_trips_through_map_and_check(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "crm",
        {
            "pipeline.csv": 'deal id,"Owner ""x"" ]]\x07",stage,amount,created\n'
            "D1,ann,Won,5,2026-01-01\n"
            'D2,bob,"odd\x1b[31m ]] ""x""",7,2026-01-02\n'
        },
    )
    draft = draft_into(folder, tmp_path / "my.toml")
    text = draft.read_text(encoding="utf-8")
    assert "\x07" not in text and "\x1b" not in text
    check = cockpit("check", str(folder), "--mapping", str(draft))
    assert table_line(check.stdout, "deals")[1:5] == ["pipeline.csv", "2", "2", "0"]


def test_a_preset_draft_loads_like_the_preset(tmp_path: Path) -> None:
    folder = FIXTURES / "salesforce_dataloader"
    draft = draft_into(folder, tmp_path / "my.toml", "--preset", "salesforce")
    assert "# found: Opportunity.csv" in draft.read_text(encoding="utf-8")
    check = cockpit("check", str(folder), "--mapping", str(draft))
    assert table_line(check.stdout, "deals")[1:5] == ["Opportunity.csv", "6", "6", "0"]


@pytest.mark.parametrize(
    ("make", "code", "said"),
    [
        (lambda p: p / "gone", 1, "no such folder"),
        (lambda p: write_folder(p, {"a.csv": "x\n"}) / "a.csv", 1, "not a folder"),
        (lambda p: write_folder(p / "n", {"notes.txt": "hi"}), 1, "no CSV or Parquet files"),
    ],
    ids=["missing", "a file", "no table files"],
)
def test_a_folder_it_cannot_draft_from_is_one_line(
    make: Callable[[Path], Path], code: int, said: str, tmp_path: Path
) -> None:
    result = cockpit("map", str(make(tmp_path)))
    assert result.returncode == code
    assert said in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_an_unknown_preset_names_the_presets() -> None:
    result = cockpit("map", str(MAVEN), "--preset", "zoho")
    assert result.returncode == 2
    assert "unknown preset 'zoho'" in result.stderr
    assert "salesforce" in result.stderr and "maven_crm" in result.stderr


def test_no_preset_fits_names_each_and_the_map_command(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "crm", {"export.csv": "Id,OwnerId,Stage\n1,2,won\n"})
    result = cockpit("report", str(folder))
    assert result.returncode == 1
    assert_no_traceback(result)
    for name in ("dynamics365", "fivetran_hubspot", "fivetran_salesforce", "hubspot", "maven_crm"):
        assert f"  {name}: " in result.stderr
    assert "salesforce: closest is export.csv, which lacks StageName, CloseDate" in result.stderr
    assert f"cockpit map {folder} > my.toml" in result.stderr
    assert f"cockpit check {folder} --mapping my.toml" in result.stderr
