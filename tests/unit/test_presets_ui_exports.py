"""The Dynamics 365 "Export to Excel" and HubSpot UI-export presets, and money as CRM screens
write it, on the fixtures in tests/fixtures/dynamics365 and tests/fixtures/hubspot_ui.

Every expected value is worked out by hand from those files (their README.md has the tables).
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from cockpit.data.dataset import Dataset
from cockpit.data.files.load import load_dataset
from cockpit.data.files.money import NOT_MONEY, DecimalMark, money_mark, money_number
from cockpit.data.mapping import detect_preset, read_mapping, resolve_mapping
from cockpit.errors import UsageError
from tests.helpers.cli import assert_no_traceback, cockpit
from tests.helpers.paths import FIXTURES

DYNAMICS = FIXTURES / "dynamics365"
HUBSPOT_UI = FIXTURES / "hubspot_ui"
OPPORTUNITIES = "All Opportunities 4-2-2026 10-15-32 AM.csv"
USERS = "Enabled Users 4-2-2026 10-22-10 AM.csv"
GUID = "5e1b0c6f-3a2e-ef11-8409-000d3a5b1c0"
"""The opportunities' GUIDs, but for their last digit (1 to 9, in file order)."""


def load(folder: Path, preset: str) -> Dataset:
    """`folder` loaded through the shipped preset `preset`."""
    return load_dataset(folder, resolve_mapping(preset))


def copy(folder: Path, tmp_path: Path, without: str | None = None) -> Path:
    """A copy of a fixture folder to change, without the file `without`."""
    target = tmp_path / folder.name
    shutil.copytree(folder, target)
    if without:
        (target / without).unlink()
    return target


def edit(path: Path, old: str, new: str, encoding: str = "utf-8-sig") -> None:
    """Replace `old` (which must be there) with `new` in the file at `path`."""
    text = path.read_text(encoding=encoding)
    assert old in text
    path.write_text(text.replace(old, new), encoding=encoding)


def tiers(folder: Path, period: str) -> dict[str, dict[str, object]]:
    """`cockpit report FOLDER --pane tiers --format json` with no --mapping, by rep id."""
    result = cockpit(
        "report", str(folder), "--pane", "tiers", "--format", "json", "--period", period
    )
    assert result.returncode == 0, result.stderr
    return {row["rep_id"]: row for row in json.loads(result.stdout)}


def by_deal(ds: Dataset, name: str) -> dict[str, object]:
    """Deal id → the deals' `name` column."""
    return dict(ds.tables["deals"].select("deal_id", name).iter_rows())


def errors(ds: Dataset, column: str) -> list[dict[str, object]]:
    """The error rows of `column`, as dicts."""
    found = ds.problems.filter((pl.col("severity") == "error") & (pl.col("column") == column))
    return found.select("file", "row", "column", "value", "reason").to_dicts()


# ---------------------------------------------------------------- Dynamics 365


def test_dynamics_export_is_detected_and_reviewed_against_its_goals() -> None:
    rows = tiers(DYNAMICS, "2026Q1")
    # Won in Q1 (Status Won, Actual Close Date in Q1), amount = Actual Revenue if won:
    # Maria …c01 11,500.00 + …c02 4,500.00 (Actual Revenue empty: Est. Revenue) = 16,000.00,
    # lost …c03; …c09 closed 4/1/2026, after Q1. Alan …c04 1,234.56, lost …c05. Renée …c08
    # 19,750.00 (its actual, not the 20,000.00 estimate). Quotas are the Q1 goals' Target (Money).
    expected = {
        "Maria Campbell": (2, 1, 16_000.00, 20_000.0, 0.8),
        "Alan Steiner": (1, 1, 1_234.56, 10_000.0, 0.123456),
        "Renée Dubois": (1, 0, 19_750.00, 25_000.0, 0.79),
    }
    got = {
        rep: (r["won_deals"], r["lost_deals"], r["won_amount"], r["quota"], r["attainment"])
        for rep, r in rows.items()
    }
    assert got == pytest.approx(expected)
    check = cockpit("check", str(DYNAMICS))
    assert "(mapping dynamics365)" in check.stdout
    assert_no_traceback(check)


def test_dynamics_users_export_leaves_non_sellers_out() -> None:
    result = cockpit(
        "report", str(DYNAMICS), "--pane", "tiers", "--format", "json", "--period", "2026Q1"
    )
    assert sorted(row["rep_id"] for row in json.loads(result.stdout)) == [
        "Alan Steiner",
        "Maria Campbell",
        "Renée Dubois",
    ]
    # SYSTEM and the integration user are Non-interactive; Veronica Quek is Disabled and sold
    # nothing: 3 of the 6 users are reviewed.
    assert (
        "Users left out of the review: 2 not sellers (system, integration or manager users); "
        "1 inactive with no deal closed and no activity in the period."
    ) in result.stderr


def test_dynamics_without_a_users_file_reviews_the_deal_owners(tmp_path: Path) -> None:
    ds = load(copy(DYNAMICS, tmp_path, without=USERS), "dynamics365")
    # The three owners of the opportunities, by full name; the goals join them by name too.
    assert sorted(ds.tables["reps"]["rep_id"]) == ["Alan Steiner", "Maria Campbell", "Renée Dubois"]
    assert ds.error_count == 0
    assert sorted(ds.tables["quotas"]["rep_id"]) == [
        "Alan Steiner",
        "Maria Campbell",
        "Renée Dubois",
    ]


def test_dynamics_reads_dates_with_and_without_a_time_in_one_column() -> None:
    ds = load(DYNAMICS, "dynamics365")
    created = by_deal(ds, "created_date")
    assert created[f"{GUID}1"] == date(2026, 1, 5)  # 1/5/2026 9:12 AM
    assert created[f"{GUID}2"] == date(2026, 1, 20)  # 1/20/2026
    assert created[f"{GUID}4"] == date(2025, 12, 15)  # 12/15/2025 4:05 PM: month first
    closed = by_deal(ds, "close_date")
    assert closed[f"{GUID}3"] == date(2026, 3, 10)  # lost 3/10/2026
    assert closed[f"{GUID}6"] is None  # open: no close date
    assert not errors(ds, "created_date") and not errors(ds, "close_date")


def test_dynamics_amount_is_actual_revenue_if_won_else_estimated() -> None:
    amounts = by_deal(load(DYNAMICS, "dynamics365"), "amount")
    # "$11,500.00 " actual of a won deal; a won deal with no actual keeps "$4,500.00 "
    # estimated; a lost one its "$30,000.00 " estimate (not the "$0.00 " actual); an open one
    # with no revenue stays empty.
    assert [amounts[f"{GUID}{n}"] for n in (1, 2, 3, 7)] == [11_500.0, 4_500.0, 30_000.0, None]


def test_dynamics_goals_become_quotas_and_count_goals_are_left_out() -> None:
    quotas = load(DYNAMICS, "dynamics365").tables["quotas"].sort("rep_id")
    # 4 goals; "Q1 2026 phone calls" has no Target (Money).
    assert quotas.select("rep_id", "period_start", "period_end", "amount").rows() == [
        ("Alan Steiner", date(2026, 1, 1), date(2026, 3, 31), 10_000.0),
        ("Maria Campbell", date(2026, 1, 1), date(2026, 3, 31), 20_000.0),
        ("Renée Dubois", date(2026, 1, 1), date(2026, 3, 31), 25_000.0),
    ]


def test_dynamics_leads_and_activities() -> None:
    ds = load(DYNAMICS, "dynamics365")
    leads = ds.tables["leads"].group_by("rep_id").agg(pl.len(), pl.col("converted").sum())
    # Maria: 2 leads, both Qualified; Alan: Open and Disqualified.
    assert sorted(leads.rows()) == [("Alan Steiner", 2, 0), ("Maria Campbell", 2, 2)]
    acts = (
        ds.tables["activities"].group_by("rep_id").agg(pl.col("calls", "emails", "meetings").sum())
    )
    # Maria: Phone Call, Email, Appointment; Alan: an open Phone Call, a Task (none), and a
    # Canceled call left out.
    assert sorted(acts.rows()) == [("Alan Steiner", 1, 0, 0), ("Maria Campbell", 1, 1, 1)]


def test_a_money_cell_in_another_shape_is_reported_with_file_row_and_column(
    tmp_path: Path,
) -> None:
    folder = copy(DYNAMICS, tmp_path)
    # …c04 (row 5) is won: its Actual Revenue written the European way in a US-dollar view.
    edit(folder / OPPORTUNITIES, '"$1,234.56 ","$1,234.56 "', '"$1,234.56 ","1.234,56 $"')
    ds = load(folder, "dynamics365")
    assert errors(ds, "amount") == [
        {
            "file": OPPORTUNITIES,
            "row": 5,
            "column": "amount",
            "value": "1.234,56 $",
            "reason": (
                "not an amount (expected e.g. 1,234.50, $1,234.50, 1,234.50 USD or (1,234.50); "
                "the mapping's decimal is '.')"
            ),
        }
    ]
    assert f"{GUID}4" not in by_deal(ds, "amount")  # set aside, not read as 1.234


def test_an_amount_whose_code_is_not_the_rows_currency_is_an_error(tmp_path: Path) -> None:
    folder = copy(DYNAMICS, tmp_path)
    # …c02's currency stays "US Dollar" (USD) while its estimate is written in euros.
    edit(folder / OPPORTUNITIES, '"$4,500.00 "', '"EUR 4,500.00"')
    ds = load(folder, "dynamics365")
    assert [e["reason"] for e in errors(ds, "amount")] == [
        "the amount says EUR but the row's currency is USD"
    ]


def test_several_currencies_without_a_currency_column_are_errors_not_a_sum(
    tmp_path: Path,
) -> None:
    folder = copy(DYNAMICS, tmp_path)
    path = folder / OPPORTUNITIES
    text = path.read_text(encoding="utf-8-sig").replace(",Currency\r\n", "\r\n")
    path.write_text(text.replace(',"US Dollar"', "").replace(",US Dollar", ""), "utf-8-sig")
    edit(path, '"$4,500.00 "', '"€4,500.00"')
    ds = load(folder, "dynamics365")
    found = errors(ds, "amount")
    # Every deal with an amount carries a mark ($ on 7, € on …c02); …c07 has none. None of
    # them is summed: all 8 are set aside, each with the marks found.
    assert len(found) == 8
    assert {e["reason"] for e in found} == {
        "several currencies in amount ($, €): map the currency column"
    }
    assert by_deal(ds, "amount") == {f"{GUID}7": None}


@pytest.mark.parametrize(
    ("cell", "decimal", "number", "mark"),
    [
        ("$1,234.00 ", ".", "1234.00", "$"),  # Dynamics: sign, thousands, trailing space
        ("USD 1,234.50", ".", "1234.50", "USD"),
        ("1,234.50 USD", ".", "1234.50", "USD"),
        ("(1,234.00)", ".", "-1234.00", None),  # an accounting negative
        ("($1,234.00)", ".", "-1234.00", "$"),
        ("$ -  ", ".", "0", "$"),  # Excel's accounting zero
        ("€1.234,50", ",", "1234.50", "€"),
        ("1 234,50", ",", "1234.50", None),
        ("1\u00a0234,50 €", ",", "1234.50", "€"),  # French Excel: no-break space, sign after
        ("CHF 1'234.50", ".", "1234.50", "CHF"),
        ("12,34", ".", NOT_MONEY, None),  # a decimal comma in a point file: not guessed
        ("1.5", ",", NOT_MONEY, None),
        ("-", ".", NOT_MONEY, None),  # a dash alone is not an amount
        ("$1,234 USD", ".", NOT_MONEY, "$"),  # two marks
        ("kr 100", ".", NOT_MONEY, None),
    ],
)
def test_money_shapes(cell: str, decimal: DecimalMark, number: str, mark: str | None) -> None:
    got = pl.select(
        money_number(pl.lit(cell), decimal).alias("n"),
        money_mark(pl.lit(cell)).alias("m"),
    ).row(0)
    assert got == (number, mark)


def test_money_names_amount_columns_only(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text('name = "x"\n[tables.deals]\nsource = "d.csv"\nmoney = ["amout"]\n', "utf-8")
    with pytest.raises(UsageError, match=r"tables\.deals\.money.*amout: not an amount column"):
        read_mapping(path)


# ---------------------------------------------------------------- HubSpot UI exports


def test_hubspot_ui_export_is_detected_and_reviewed() -> None:
    rows = tiers(HUBSPOT_UI, "2026")
    # Deal Stage labels: Lena 1001 12,000 + 1002 3,500.50 won, 1003 lost; Omar 1004 20,000 won,
    # 1005 Contract Sent open; kim@example.com (a user with no name) 1008 2,750 won, 1007 lost;
    # Ivar Berg owns nothing.
    got = {rep: (r["won_deals"], r["lost_deals"], r["won_amount"]) for rep, r in rows.items()}
    assert got == {
        "Lena Holm": (2, 1, 15_500.5),
        "Omar Haddad": (1, 0, 20_000.0),
        "kim@example.com": (1, 1, 2_750.0),
        "Ivar Berg": (0, 0, 0.0),
    }
    assert "(mapping hubspot)" in cockpit("check", str(HUBSPOT_UI)).stdout


def test_hubspot_ui_users_are_keyed_by_name_so_every_owner_joins() -> None:
    ds = load(HUBSPOT_UI, "hubspot")
    assert ds.error_count == 0
    assert not ds.problems.filter(pl.col("reason").str.contains("points to no row")).height
    assert sorted(ds.tables["reps"]["rep_id"]) == [
        "Ivar Berg",
        "Lena Holm",
        "Omar Haddad",
        "kim@example.com",
    ]
    assert by_deal(ds, "account_id")["1004"] == "5003"


def test_hubspot_ui_contacts_read_labels() -> None:
    leads = load(HUBSPOT_UI, "hubspot").tables["leads"].sort("lead_id")
    # Drill-down google, CRM_UI, IMPORT, (empty: Original Source Paid Search is not read then)
    assert leads["origin"].to_list() == ["company", "self", "company", "company"]
    # Customer, Opportunity, Lead, Marketing Qualified Lead
    assert leads["converted"].to_list() == [True, True, False, False]


def test_hubspot_ui_closed_flags_decide_in_a_custom_pipeline(tmp_path: Path) -> None:
    folder = copy(HUBSPOT_UI, tmp_path)
    path = folder / "hubspot-crm-exports-all-deals-2026-03-25.csv"
    # The view exported with HubSpot's closed flags; 1005 and 1006 moved to a pipeline whose
    # closed stages have the portal's own labels, which no value map knows.
    edit(path, "Contract Sent", "Signed", encoding="utf-8")
    edit(path, "Appointment Scheduled", "Parked", encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    flags = {"Closed Won": "true,true", "Signed": "true,true", "Closed Lost": "true,false"}
    flags["Parked"] = "true,false"
    lines = [lines[0] + ",Is Deal Closed?,Is Closed Won"] + [
        line + "," + flags[line.split(",")[2]] for line in lines[1:]
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stages = by_deal(load(folder, "hubspot"), "stage")
    # Closed Won 1001, 1002, 1004, 1008 and Signed 1005 won; Closed Lost 1003, 1007 and Parked
    # 1006 lost.
    assert (stages["1005"], stages["1006"]) == ("won", "lost")
    assert list(stages.values()).count("won") == 5
    assert list(stages.values()).count("lost") == 3


def test_hubspot_ui_without_users_derives_reps_from_deal_owners(tmp_path: Path) -> None:
    ds = load(copy(HUBSPOT_UI, tmp_path, without="hubspot-users-2026-03-25.csv"), "hubspot")
    assert sorted(ds.tables["reps"]["rep_id"]) == ["Lena Holm", "Omar Haddad", "kim@example.com"]


@pytest.mark.parametrize(("folder", "preset"), [(DYNAMICS, "dynamics365"), (HUBSPOT_UI, "hubspot")])
def test_detect_preset_picks_the_ui_export(folder: Path, preset: str) -> None:
    found = detect_preset(folder)
    assert found is not None and found.name == preset
