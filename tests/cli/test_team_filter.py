"""--team reviews one team: its reps, and the deals, leads and accounts they own."""

from __future__ import annotations

import csv
import json

from tests.helpers.cli import assert_no_traceback, cockpit
from tests.helpers.paths import TESTS

SAMPLE = TESTS.parent / "sample_data"


def _report(pane: str, *more: str) -> list[dict[str, object]]:
    done = cockpit("report", str(SAMPLE), "--pane", pane, "--format", "json", *more)
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, object]] = json.loads(done.stdout)
    return rows


def _east() -> set[str]:
    with (SAMPLE / "reps.csv").open() as handle:
        return {r["rep_id"] for r in csv.DictReader(handle) if r["team"] == "East"}


def test_team_tiers_are_the_teams_reps_with_the_same_outcomes() -> None:
    everyone = {r["rep_id"]: r for r in _report("tiers")}
    east = {r["rep_id"]: r for r in _report("tiers", "--team", "east")}
    assert set(east) == _east() & set(everyone)
    for rep_id, row in east.items():
        # Won amount and win rate are the rep's own: the same in both views.
        assert row["won_amount"] == everyone[rep_id]["won_amount"]
        assert row["win_rate"] == everyone[rep_id]["win_rate"]


def test_team_churn_counts_the_accounts_its_reps_sold() -> None:
    east = _east()
    with (SAMPLE / "accounts.csv").open() as handle:
        accounts = [r for r in csv.DictReader(handle) if r["rep_id"] in east]
    # Accounts at the start of 2026: started before it, not churned before it.
    start = "2026-01-01"
    at_start = [
        r for r in accounts
        if r["start_date"] < start and not (r["churn_date"] and r["churn_date"] < start)
    ]  # fmt: skip
    rows = _report("churn", "--team", "East", "--period", "2026")
    assert sum(int(r["accounts"]) for r in rows) == len(at_start)  # type: ignore[call-overload]


def test_an_unknown_team_names_the_teams() -> None:
    done = cockpit("report", str(SAMPLE), "--team", "Nowhere")
    assert done.returncode == 2
    assert "no team 'Nowhere' in the data (teams: Central, East, West)" in done.stderr
    assert_no_traceback(done)


def test_the_heading_names_the_team() -> None:
    done = cockpit("report", str(SAMPLE), "--pane", "review", "--team", "west")
    assert done.stdout.splitlines()[0].endswith("· team West")
