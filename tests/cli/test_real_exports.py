"""Real exports nobody here wrote, opened with no flag, against figures computed by hand from the
raw files (tests/fixtures/external/*/SOURCE.md says where each comes from)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.cli import assert_no_traceback, cockpit
from tests.helpers.data import write_folder
from tests.helpers.paths import FIXTURES

EXTERNAL = FIXTURES / "external"


def table_line(out: str, table: str) -> list[str]:
    """The words of `cockpit check`'s summary line for `table`."""
    return next(line.split() for line in out.splitlines() if line.startswith(f"{table} "))


def test_salesforce_org_export_gives_a_review_with_no_flag() -> None:
    folder = EXTERNAL / "salesforce_datacloud_workshop"
    result = cockpit(
        "report", str(folder), "--period", "2023", "--pane", "tiers", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    (rep,) = json.loads(result.stdout)
    # Opportunity.csv: IsClosed/IsWon are 1 or empty. Won (1, 1): 12 deals, 635,509.31 + … +
    # 626,076.05 = 10,542,562.98; lost (1, empty): 3. No User.csv: the one owner is the rep, its
    # 18-character id cut to 15.
    assert rep["rep_id"] == "005Ec000004oBPN"
    assert (rep["won_deals"], rep["lost_deals"]) == (12, 3)
    assert rep["won_amount"] == pytest.approx(10_542_562.98)
    check = cockpit("check", str(folder)).stdout
    assert "(mapping salesforce)" in check
    assert table_line(check, "deals")[2:4] == ["50", "50"]
    assert table_line(check, "leads")[2:4] == ["60", "60"]  # IsConverted empty: not converted
    assert "no user file: 1 reps derived from the deals' owners" in check
    assert table_line(check, "reps")[-4:-1] == ["1", "1", "0"]  # read, loaded, none set aside


def test_fivetran_salesforce_leaves_deleted_and_history_rows_out_and_says_so() -> None:
    folder = EXTERNAL / "fivetran_salesforce"
    check = cockpit("check", str(folder)).stdout
    assert "(mapping fivetran_salesforce)" in check
    # sf_user_data: 5 users _fivetran_deleted, 1 an old version (_fivetran_active false): 4 kept.
    assert table_line(check, "reps")[2:4] == ["10", "4"]
    # Every opportunity is is_deleted = true (as dbt_salesforce filters them): none kept.
    assert table_line(check, "deals")[2:4] == ["10", "0"]
    assert "10 rows left out by the mapping's where" in check
    assert table_line(check, "accounts")[2:4] == ["10", "1"]
    # Task + Event, one file each, read through one pattern; _fivetran_active empty: current.
    assert table_line(check, "activities")[-4:-1] == ["20", "20", "0"]
    # Any subset of tables opens: the 4 reps and their activities are shown, and every pane
    # says the deals were left out.
    report = cockpit("report", str(folder), "--pane", "tiers")
    assert report.returncode == 0, report.stderr
    assert "set aside while loading (reps 6, deals 10, accounts 9)" in report.stdout
    assert "Nothing was won in the period" in report.stdout
    assert_no_traceback(report)


def test_fivetran_hubspot_reads_stages_through_the_stage_table() -> None:
    folder = EXTERNAL / "fivetran_hubspot"
    check = cockpit("check", str(folder)).stdout
    assert "(mapping fivetran_hubspot)" in check
    assert table_line(check, "reps")[2:4] == ["100", "100"]
    # deal_data: 44 deals, none deleted, none with a stage id: all open, and check says so.
    assert table_line(check, "deals")[2:4] == ["44", "44"]
    assert "no deal is won or lost (every one reads as open)" in check
    # owner_data: all 100 are PERSON owners; 96 have no active_user_id (their user was
    # deactivated) and none of their deals closed in 2021, so 4 are reviewed.
    tiers = cockpit("report", str(folder), "--pane", "tiers").stdout
    assert "Users left out of the review: 96 inactive with no deal closed" in tiers
    assert "none of the 4 non-ramping reps is tiered" in tiers


HUBSPOT_DEALS = (
    "deal_id,is_deleted,deal_pipeline_stage_id,owner_id,property_amount,property_closedate,"
    "property_createdate\n"
    "1,false,won1,7,100,2026-02-01 00:00:00,2026-01-02 10:00:00\n"
    "2,false,lost1,7,40,2026-02-03 00:00:00,2026-01-02 10:00:00\n"
    "3,false,open1,8,70,,2026-01-05 10:00:00\n"
    "4,true,won1,8,999,2026-02-01 00:00:00,2026-01-05 10:00:00\n"
    "5,false,gone,8,5,2026-02-01 00:00:00,2026-01-05 10:00:00\n"
)
HUBSPOT_STAGES = (
    "_fivetran_deleted,is_closed,closed_won,stage_id\n"
    "FALSE,TRUE,TRUE,won1\n"
    "FALSE,TRUE,FALSE,lost1\n"
    "FALSE,FALSE,FALSE,open1\n"
    "TRUE,TRUE,TRUE,gone\n"
)
HUBSPOT_OWNERS = "owner_id,first_name,last_name,email\n7,Ann,Lee,a@x\n8,,,b@x\n"


def test_hubspot_stage_join_decides_won_and_lost(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "hs",
        {
            "deal_data.csv": HUBSPOT_DEALS,
            "deal_pipeline_stage_data.csv": HUBSPOT_STAGES,
            "owner_data.csv": HUBSPOT_OWNERS,
        },
    )
    result = cockpit("report", str(folder), "--pane", "tiers", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = {r["rep_id"]: r for r in json.loads(result.stdout)}
    # Deal 1 won (100), deal 2 lost; deal 4 deleted; deal 5's stage was deleted: open.
    assert (rows["7"]["won_deals"], rows["7"]["lost_deals"], rows["7"]["won_amount"]) == (
        1,
        1,
        100.0,
    )
    assert (rows["8"]["won_deals"], rows["8"]["lost_deals"]) == (0, 0)
    # No name: the e-mail (the preset's SQL column, per row).
    assert rows["7"]["name"] == "Ann Lee" and rows["8"]["name"] == "b@x"


DATA_EXPORT_USERS = "Id,Name,IsActive\n005A,Ann Lee,1\n005B,Bo Chen,0\n"
DATA_EXPORT_OPPS = (
    "Id,OwnerId,StageName,CloseDate,CreatedDate,Amount,IsClosed,IsWon,IsDeleted\n"
    "006A,005A,Closed Won,2023-02-07,2023-01-03 20:47:49,100.5,1,1,0\n"
    "006B,005A,Lost to Competitor,2023-02-08,2023-01-03 20:47:49,50,1,0,0\n"
    "006C,005B,Negotiation,2023-12-31,2023-01-04 09:00:00,70,0,0,0\n"
    "006D,005B,Closed Won,2023-02-09,2023-01-04 09:00:00,999,1,1,1\n"
)


@pytest.mark.parametrize(
    ("true", "false"), [("1", "0"), ("1", ""), ("TRUE", "FALSE"), ("true", "false")]
)
def test_salesforce_flags_in_every_spelling(tmp_path: Path, true: str, false: str) -> None:
    # Weekly Data Export writes 1/0, Data Loader 1/empty, an Excel re-save TRUE/FALSE; the
    # org's own stage name ("Lost to Competitor") does not matter: IsClosed/IsWon decide.
    opps = DATA_EXPORT_OPPS.replace(",1,1,0\n", f",{true},{true},{false}\n")
    opps = opps.replace(",1,0,0\n", f",{true},{false},{false}\n")
    opps = opps.replace(",0,0,0\n", f",{false},{false},{false}\n")
    opps = opps.replace(",1,1,1\n", f",{true},{true},{true}\n")
    folder = write_folder(tmp_path / "sf", {"User.csv": DATA_EXPORT_USERS, "Opportunity.csv": opps})
    result = cockpit(
        "report", str(folder), "--pane", "tiers", "--period", "2023", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    rows = {r["rep_id"]: r for r in json.loads(result.stdout)}
    assert (rows["005A"]["won_deals"], rows["005A"]["lost_deals"]) == (1, 1)
    assert rows["005A"]["won_amount"] == 100.5
    # 006D is deleted: left out, so Bo won nothing; inactive (IsActive 0) with nothing in the
    # period, he is not reviewed at all.
    assert "005B" not in rows
    check = cockpit("check", str(folder)).stdout
    assert "1 rows left out by the mapping's where (NOT IsDeleted" in check


def test_non_sellers_are_left_out_and_said(tmp_path: Path) -> None:
    # An automated-process user owns a won deal; an inactive rep sold nothing this year; an
    # inactive rep who sold in the year is still reviewed.
    users = (
        "Id,Name,IsActive,UserType\n"
        "005A,Ann Lee,1,Standard\n"
        "005B,Bo Chen,0,Standard\n"
        "005C,Cy Sold,0,Standard\n"
        "005D,Deal Close Agent,1,AutomatedProcess\n"
    )
    opps = (
        "Id,OwnerId,StageName,CloseDate,CreatedDate,Amount,IsClosed,IsWon\n"
        "006A,005A,Closed Won,2023-02-07,2023-01-03,100,1,1\n"
        "006C,005C,Closed Won,2023-03-07,2023-01-03,70,1,1\n"
        "006D,005D,Closed Won,2023-04-07,2023-01-03,50,1,1\n"
        "006B,005B,Closed Won,2022-04-07,2022-01-03,50,1,1\n"
    )
    folder = write_folder(tmp_path / "sf", {"User.csv": users, "Opportunity.csv": opps})
    result = cockpit(
        "report", str(folder), "--pane", "tiers", "--period", "2023", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    assert sorted(r["rep_id"] for r in json.loads(result.stdout)) == ["005A", "005C"]
    assert (
        "Users left out of the review: 1 not sellers (system, integration or manager users); "
        "1 inactive with no deal closed and no activity in the period."
    ) in result.stderr
    table = cockpit("report", str(folder), "--pane", "tiers", "--period", "2023").stdout
    assert "Note: Users left out of the review: 1 not sellers" in table
