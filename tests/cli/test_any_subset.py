"""Any subset of tables opens: a churn-only data set gives the Churn pane, and adoption is
unknown (not 0%) where accounts report no active seats. Figures: tests/fixtures/churn_only."""

from __future__ import annotations

import json

from cockpit.ui.app import CockpitApp
from cockpit.ui.source import Source
from tests.helpers.cli import assert_no_traceback, cockpit
from tests.helpers.paths import FIXTURES
from tests.helpers.pilot import ready

CHURN_ONLY = FIXTURES / "churn_only"


def _churn_rows() -> dict[str, dict[str, object]]:
    done = cockpit(
        "report", str(CHURN_ONLY), "--pane", "churn", "--period", "2026", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    return {row["segment"]: row for row in json.loads(done.stdout)}


def test_a_churn_only_folder_gives_the_churn_pane_with_hand_figures() -> None:
    rows = _churn_rows()
    clinics, logistics = rows["Clinics"], rows["Logistics"]
    # Clinics: A4 was a customer at the start and churned on 2026-03-01 (A5 started later).
    assert (clinics["accounts"], clinics["churned"], clinics["logo_churn"]) == (1, 1, 1.0)
    assert clinics["grr"] == 0.0 and clinics["flags"] == ["churn_alert"]
    # Logistics: GRR (100 + 200 + 100) / 400, NRR (120 + 200 + 100) / 400.
    assert (logistics["accounts"], logistics["churned"]) == (3, 0)
    assert logistics["grr"] == 1.0 and logistics["nrr"] == 1.05
    # No deals table: bookings are unknown, not 0.
    assert clinics["bookings"] is None and logistics["bookings"] is None


def test_accounts_without_active_seats_are_left_out_of_adoption_not_counted_as_zero() -> None:
    logistics = _churn_rows()["Logistics"]
    # Only A1 reports active seats: 8 / 10. Counting A2's and A3's 30 seats as unused would
    # read 8 / 40 = 20% and raise a false churn_alert.
    assert logistics["adoption"] == 0.8
    assert logistics["flags"] == []
    table = cockpit("report", str(CHURN_ONLY), "--pane", "churn", "--period", "2026").stdout
    assert "2 accounts have seats but no active_seats" in table
    assert "No deals table" in table


def test_check_says_what_is_missing_and_calls_the_data_usable() -> None:
    done = cockpit("check", str(CHURN_ONLY))
    assert done.returncode == 0, done.stdout
    assert "WARNING deals: table missing (no deals.csv or deals.parquet" in done.stdout
    assert "Usable: no errors." in done.stdout
    assert_no_traceback(done)


def test_a_folder_with_only_reps_is_not_usable_and_says_why(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "reps.csv").write_text("rep_id,name\nR1,Ann\n")
    done = cockpit("report", str(tmp_path))
    assert done.returncode == 1
    assert "has no deals.csv" in done.stderr
    assert_no_traceback(done)


async def test_the_tui_opens_on_the_churn_pane_when_only_churn_has_rows() -> None:
    app = CockpitApp(Source(str(CHURN_ONLY), period="2026"))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.main.current().pane == "churn"
        table = app.main.current().table
        assert table.row_count == 2
