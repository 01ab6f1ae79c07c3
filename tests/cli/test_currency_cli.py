"""Money in several currencies, as a user meets it: a Salesforce export of a multi-currency org
reviewed in one currency, and every way the rates can be missing said in words."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from textual.widgets import Static

from cockpit.ui.app import CockpitApp, Source
from tests.helpers.cli import assert_no_traceback, cockpit
from tests.helpers.paths import REPO
from tests.helpers.pilot import pane, ready

EXPORT = REPO / "tests" / "fixtures" / "salesforce_currency"
SUMMARY = "Amounts in USD (4 currencies converted with the data's rates: CAD, COP, MXN, PEN)."


def copy_export(tmp_path: Path, without: tuple[str, ...] = (), drop: str | None = None) -> Path:
    """The export copied; `without` files removed, CurrencyType.csv rows of `drop` removed."""
    folder = Path(shutil.copytree(EXPORT, tmp_path / "export"))
    for name in without:
        (folder / name).unlink()
    if drop:
        rates = folder / "CurrencyType.csv"
        lines = rates.read_text().splitlines(keepends=True)
        rates.write_text("".join(line for line in lines if f'"{drop}"' not in line))
    return folder


def won(folder: Path, *options: str) -> tuple[dict[str, float], str]:
    """`cockpit report --pane tiers --format json`: won amount by rep name, and stderr."""
    done = cockpit("report", str(folder), "--mapping", "salesforce", "--pane", "tiers",
                   "--format", "json", *options)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return {row["name"]: row["won_amount"] for row in json.loads(done.stdout)}, done.stderr


def raw_won_sums() -> dict[str, float]:
    """Won amounts summed as the export writes them, by owner id: what cockpit must not do."""
    with (EXPORT / "Opportunity.csv").open(newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["IsWon"] == "1"]
    sums: dict[str, float] = {}
    for row in rows:
        sums[row["OwnerId"]] = sums.get(row["OwnerId"], 0) + float(row["Amount"])
    return sums


def test_the_rep_first_by_raw_sum_falls_to_fourth_once_converted() -> None:
    raw = raw_won_sums()
    # Summed raw, Camila (COP 120,000,000) is first and Ben (USD + CAD, 156,250) last.
    assert max(raw, key=raw.__getitem__) == "0055e000001CamRAAS"
    assert min(raw, key=raw.__getitem__) == "0055e000001BenCAAS"
    amounts, stderr = won(EXPORT)
    # By hand, rates from CurrencyType.csv and DatedConversionRate.csv (units per USD):
    # Ben 125,000 USD + 31,250 CAD / 1.25 (inactive, still used) = 150,000;
    # Ana 1,000,000 MXN / 20 (from 2025-01-01) + 800,000 / 16 (from 2026-04-01) = 100,000;
    # Diego 300,000 PEN / 3.75 = 80,000; Camila 120,000,000 COP / 4,000 = 30,000.
    assert amounts == {
        "Ben Carter": 150_000,
        "Ana Ruiz": 100_000,
        "Diego Paz": 80_000,
        "Camila Rojas": 30_000,
    }
    assert sorted(amounts, key=amounts.__getitem__, reverse=True)[3] == "Camila Rojas"
    assert f"cockpit: note: {SUMMARY}" in stderr  # JSON keeps numbers only


def test_every_report_heading_names_the_currency() -> None:
    done = cockpit("report", str(EXPORT), "--mapping", "salesforce", "--pane", "churn")
    assert done.returncode == 0, done.stderr
    assert f"Note: {SUMMARY}" in done.stdout.splitlines()
    check = cockpit("check", str(EXPORT), "--mapping", "salesforce")
    assert check.returncode == 0, check.stdout
    assert (
        "WARNING Opportunity.csv, column currency: deals are in 5 currencies (MXN 3 rows, PEN 2, "
        "CAD 1, COP 1, USD 1)"
    ) in check.stdout


def test_a_currency_without_a_rate_is_an_error_naming_file_row_and_the_fix(
    tmp_path: Path,
) -> None:
    folder = copy_export(tmp_path, drop="PEN")
    check = cockpit("check", str(folder), "--mapping", "salesforce")
    assert check.returncode == 1
    assert_no_traceback(check)
    lines = check.stdout.splitlines()
    heading = lines.index(
        "ERROR Opportunity.csv, column currency: no rate for PEN in currency_rates, so the row's "
        "amounts cannot be converted: add a rate for PEN to currency_rates, or set [data] "
        "currency — 2 rows (row set aside)"
    )
    assert lines[heading + 1] == "    rows 8, 9; value 'PEN'"  # Diego's two PEN deals
    amounts, stderr = won(folder)
    assert amounts["Diego Paz"] == 0  # set aside, never added as 300,000
    assert amounts["Ben Carter"] == 150_000
    assert "2 rows were set aside while loading (deals 2)" in stderr


def test_several_currencies_and_no_rates_file_name_every_currency(tmp_path: Path) -> None:
    folder = copy_export(tmp_path, without=("CurrencyType.csv", "DatedConversionRate.csv"))
    check = cockpit("check", str(folder), "--mapping", "salesforce")
    assert check.returncode == 1
    assert (
        "ERROR Opportunity.csv, column currency: amounts in 5 currencies (MXN 3 rows, PEN 2, "
        "CAD 1, COP 1, USD 1) and no currency_rates table: only the rows in the reporting "
        "currency are counted."
    ) in check.stdout
    amounts, stderr = won(folder)
    # MXN has the most rows (3): Ana's 1,000,000 + 800,000 stay, the 5 other deals are left out.
    assert amounts == {"Ana Ruiz": 1_800_000, "Ben Carter": 0, "Diego Paz": 0, "Camila Rojas": 0}
    assert "Amounts in MXN." in stderr
    assert "only the MXN rows (the most common currency) are counted (5 deals left out)" in stderr


def test_the_config_names_the_reporting_currency(tmp_path: Path) -> None:
    config = tmp_path / "cockpit.toml"
    config.write_text('[data]\ncurrency = "mxn"\n')
    amounts, stderr = won(EXPORT, "--config", str(config))
    # Each deal to USD, then to MXN at MXN's rate on the deal's day:
    # Ben 125,000 USD × 16 (2026-04-20) + 31,250 CAD / 1.25 × 20 (2026-01-25) = 2,500,000;
    # Ana's MXN stay as written: 1,800,000; Diego 300,000 / 3.75 × 16 (2026-04-05) = 1,280,000;
    # Camila 120,000,000 / 4,000 × 20 (2026-03-01) = 600,000.
    assert amounts == {
        "Ben Carter": 2_500_000,
        "Ana Ruiz": 1_800_000,
        "Diego Paz": 1_280_000,
        "Camila Rojas": 600_000,
    }
    assert "Amounts in MXN (4 currencies converted with the data's rates: CAD, COP, PEN, USD)." in (
        stderr
    )
    config.write_text('[data]\ncurrency = "pesos"\n')
    done = cockpit("report", str(EXPORT), "--mapping", "salesforce", "--config", str(config))
    assert done.returncode == 2
    assert "not an ISO 4217 currency code" in done.stderr
    assert_no_traceback(done)


async def test_the_pane_note_line_names_the_currency(tmp_path: Path) -> None:
    source = Source(str(EXPORT), "salesforce", notes=str(tmp_path / "notes"))
    app = CockpitApp(source)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        notes = str(pane(app, "tiers").query_one(".missing", Static).render())
        assert SUMMARY in notes
