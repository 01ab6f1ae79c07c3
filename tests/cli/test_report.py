"""`cockpit report` as scripts and screen readers use it: keys, fractions, formulas, safe text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cockpit.report.panes import format_cell
from tests.helpers.cli import assert_no_traceback, cockpit
from tests.helpers.data import write_folder
from tests.helpers.paths import MAVEN

PRODUCT_KEYS = {
    "tiers": {"rep_id", "name", "tier", "won_amount", "quota", "attainment", "win_rate",
              "activity_per_week", "activity_index", "flags"},
    "growth": {"rep_id", "name", "tier", "status", "days_since_growth_conversation",
               "next_skill", "flight_risk_reasons", "flags"},
    "leads": {"rep_id", "name", "company_leads", "lead_share", "conversion",
              "shrunk_conversion", "self_leads", "self_conversion", "whatif_leads", "flags"},
    "churn": {"segment", "accounts", "churned", "logo_churn", "grr", "nrr", "adoption",
              "bookings", "win_rate", "churned_arr", "replacement_cost", "flags"},
    "review": {"kind", "subject", "reason", "severity", "status"},
}  # fmt: skip

REPS = (
    "rep_id,name,quota,hire_date\n"
    "R1,Ann Lee,1200000,2020-01-01\n"
    "R2,[bold]Bo[/bold],100000,2020-01-01\n"
)
DEALS = (
    "deal_id,rep_id,stage,amount,created_date,close_date,segment\n"
    "D1,R1,won,1992000,2026-01-05,2026-02-01,Retail\n"
    "D2,R2,won,30000,2026-01-10,2026-03-01,Bank\n"
    "D3,R2,lost,5,2026-01-10,2026-03-02,Bank\n"
)


@pytest.fixture
def team(tmp_path: Path) -> Path:
    return write_folder(tmp_path / "team", {"reps.csv": REPS, "deals.csv": DEALS})


def test_tiers_json_has_product_keys_and_fractions(team: Path) -> None:
    result = cockpit("report", str(team), "--pane", "tiers", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert PRODUCT_KEYS["tiers"] <= set(rows[0])
    ann = next(r for r in rows if r["rep_id"] == "R1")
    assert ann["attainment"] == pytest.approx(1.66)
    assert ann["tier"] == "top" and ann["flags"] == []
    # The year runs past as_of (2 March): attainment is on the year's quota, the tier on pace.
    assert ann["math"]["attainment"] == (
        "won 1,992,000 / quota 1,200,000 (annual 1,200,000 × 365/365 days) = 166.0%"
    )
    assert ann["tier_basis"] == "pace"


@pytest.mark.parametrize("pane", ["growth", "churn", "review"])
def test_every_pane_json_is_a_list_of_rows(team: Path, pane: str) -> None:
    result = cockpit("report", str(team), "--pane", pane, "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    for row in rows:
        assert PRODUCT_KEYS[pane] <= set(row)
        if "flags" in row:
            assert isinstance(row["flags"], list)


def test_markdown_escapes_data_and_shows_the_math(team: Path) -> None:
    result = cockpit("report", str(team), "--pane", "tiers", "--format", "markdown")
    out = result.stdout
    assert "## Tiers — 2026-01-01 – 2026-12-31 (as of 2026-03-02)" in out
    assert "\\[bold\\]Bo\\[/bold\\]" in out
    assert "### See the math" in out
    assert "won 1,992,000 / quota 1,200,000 (annual 1,200,000 × 365/365 days) = 166.0%" in out


def test_missing_tables_are_named_in_the_report(team: Path) -> None:
    out = cockpit("report", str(team), "--pane", "leads").stdout
    assert "Note: No leads table" in out and "leads.csv" in out


def test_csv_neutralises_spreadsheet_formulas(tmp_path: Path) -> None:
    reps = "rep_id,name,quota\nR1,=HYPERLINK(1),10\n"
    folder = write_folder(
        tmp_path / "t", {"reps.csv": reps, "deals.csv": DEALS.replace("R2", "R1")}
    )
    out = cockpit("report", str(folder), "--pane", "tiers", "--format", "csv").stdout
    assert "'=HYPERLINK(1)" in out


def test_period_option_changes_the_numbers(team: Path) -> None:
    rows = json.loads(
        cockpit("report", str(team), "--pane", "tiers", "--format", "json",
                "--period", "2026-02-15:2026-12-31").stdout
    )  # fmt: skip
    ann = next(r for r in rows if r["rep_id"] == "R1")
    assert ann["won_amount"] == 0


def test_bad_period_and_config_are_usage_errors(team: Path, tmp_path: Path) -> None:
    result = cockpit("report", str(team), "--period", "yesterday")
    assert result.returncode == 2 and "--period: 'yesterday': expected 2026Q3" in result.stderr
    config = tmp_path / "c.toml"
    config.write_text("[tiers]\ntopp = 1\n")
    result = cockpit("report", str(team), "--config", str(config))
    assert result.returncode == 2 and "tiers.topp: unknown key" in result.stderr
    assert_no_traceback(result)


def test_maven_report_gives_percentile_tiers_and_sector_bookings() -> None:
    result = cockpit("report", str(MAVEN), "--pane", "all", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    tiers = data["tiers"]
    assert len(tiers) == 35 and {r["tier_basis"] for r in tiers} == {"percentile"}
    assert tiers[0]["name"] == "Darcel Schlecht" and tiers[0]["tier"] == "top"
    sectors = {r["segment"]: r for r in data["churn"]}
    assert "technology" in sectors and "technolgy" not in sectors
    assert sectors["retail"]["bookings"] == 1_867_528
    assert sectors["retail"]["logo_churn"] is None
    assert data["leads"] == []


def test_growth_note_reaches_the_report(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    added = cockpit("notes", "add", "--notes", ws, "--subject", "rep:R00006", "--kind", "growth",
                    "--text", "Talked about the Strategic AE track")  # fmt: skip
    assert added.returncode == 0, added.stderr
    decided = cockpit("report", "--pane", "growth", "--format", "json", "--notes", ws)
    tomas = next(r for r in json.loads(decided.stdout) if r["rep_id"] == "R00006")
    # The conversation happened after the data's as_of date: it counts as 0 days ago.
    assert tomas["days_since_growth_conversation"] == 0
    assert tomas["status"] == "on_track"
    assert not any("growth conversation" in r for r in tomas["flight_risk_reasons"])
    before = cockpit("report", "--pane", "growth", "--format", "json")
    tomas_before = next(r for r in json.loads(before.stdout) if r["rep_id"] == "R00006")
    assert tomas_before["days_since_growth_conversation"] == 155


def test_growth_plan_edit_takes_precedence_over_the_import(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    # Kevin (R00007) has no next skill in the imported growth table: status no_plan.
    before = json.loads(cockpit("report", "--pane", "growth", "--format", "json").stdout)
    assert next(r for r in before if r["rep_id"] == "R00007")["status"] == "no_plan"
    edit = cockpit("notes", "growth", "R00007", "--notes", ws, "--next-skill", "Discovery calls")
    assert edit.returncode == 0, edit.stderr
    assert "next_skill = Discovery calls" in edit.stdout
    after = json.loads(
        cockpit("report", "--pane", "growth", "--format", "json", "--notes", ws).stdout
    )
    kevin = next(r for r in after if r["rep_id"] == "R00007")
    assert kevin["next_skill"] == "Discovery calls" and kevin["status"] != "no_plan"
    assert cockpit("notes", "growth", "R00007", "--notes", ws).returncode == 2


@pytest.mark.parametrize(
    ("share", "shown"),
    [(0.0005, "0.05%"), (0.00059, "0.059%"), (0.041, "4.1%"), (0.25, "25%"), (0.0, "0%")],
)
def test_a_reps_lead_share_never_reads_as_0_percent(share: float, shown: str) -> None:
    # One rep of 2,000 gets about 0.05% of the company's leads; "0%" would say none.
    assert format_cell("lead_share", share) == shown
