"""`cockpit report` with the period language, --as-of, and what each format says beside rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.cli import assert_no_traceback, cockpit
from tests.helpers.data import DEALS, MESSY, REPS, write_folder


@pytest.fixture
def small(tmp_path: Path) -> Path:
    # The data starts on 1 January (D1 created), so a 2026 quarter starts within it.
    deals = DEALS.replace("D1,R1,won,50000,2026-01-05", "D1,R1,won,50000,2026-01-01")
    return write_folder(tmp_path / "crm", {"reps.csv": REPS, "deals.csv": deals})


def test_quarter_judged_against_the_prorated_annual_quota(small: Path) -> None:
    # The data's last event is 1 March (D2 closed), so Q1 runs past it: --as-of closes it.
    result = cockpit(
        "report",
        str(small),
        "--pane",
        "tiers",
        "--period",
        "2026Q1",
        "--as-of",
        "2026-03-31",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    ann = next(r for r in json.loads(result.stdout) if r["rep_id"] == "R1")
    # Annual 100,000 over Q1's 90 of 365 days: 24,657.53; won 50,000 → 202.7%.
    assert ann["quota"] == pytest.approx(100_000 * 90 / 365)
    assert ann["attainment"] == pytest.approx(50_000 / (100_000 * 90 / 365))
    assert ann["tier_basis"] == "attainment"
    assert ann["math"]["attainment"] == (
        "won 50,000 / quota 24,658 (annual 100,000 × 90/365 days) = 202.7%"
    )
    assert result.stderr == ""  # the period is covered: nothing to warn about


def test_running_period_warned_in_every_format(small: Path) -> None:
    for fmt in ("table", "markdown"):
        out = cockpit("report", str(small), "--period", "2026Q1", "--format", fmt).stdout
        assert "runs past the data's as-of day (2026-03-01)" in out
        assert "tiers on pace" in out
    for fmt in ("csv", "json"):
        result = cockpit("report", str(small), "--period", "2026Q1", "--format", fmt)
        assert "cockpit: note: The period runs past the data's as-of day (2026-03-01)" in (
            result.stderr
        )
    rows = json.loads(
        cockpit(
            "report", str(small), "--pane", "tiers", "--period", "2026Q1", "--format", "json"
        ).stdout
    )
    ann = next(r for r in rows if r["rep_id"] == "R1")
    # 1 Jan – 1 Mar is 60 days: quota to date 100,000 × 60/365 = 16,438.36, pace 304%.
    assert ann["tier_basis"] == "pace"
    assert ann["math"]["pace"] == (
        "won 50,000 / quota to date 16,438 (annual 100,000 × 60/365 days) = 304.1%"
    )


def test_rows_set_aside_are_said_in_every_format(tmp_path: Path) -> None:
    messy = write_folder(tmp_path / "messy", MESSY)
    table = cockpit("report", str(messy), "--pane", "tiers").stdout
    # reps: the repeated R1; deals: the negative amount, the blank row, the repeated D1 and
    # the unreadable D4 (check lists them; D5 loads).
    assert "rows were set aside while loading (reps 1, deals 4)" in table
    markdown = cockpit("report", str(messy), "--pane", "tiers", "--format", "markdown").stdout
    assert "> Note: 5 rows were set aside while loading" in markdown
    for fmt in ("csv", "json"):
        result = cockpit("report", str(messy), "--pane", "tiers", "--format", fmt)
        assert "cockpit: note: 5 rows were set aside while loading" in result.stderr


@pytest.mark.parametrize(
    ("spec", "said"),
    [
        ("2027", "starts after the data's as-of day (2026-03-01)"),
        ("2025Q1", "ends before the data's first record (2026-01-01)"),
        ("2026Q5", "expected 2026Q3, 2026-09, 2026 (fiscal year), qtd"),
    ],
)
def test_period_with_nothing_to_review_is_a_usage_error(small: Path, spec: str, said: str) -> None:
    result = cockpit("report", str(small), "--period", spec)
    assert result.returncode == 2
    assert said in result.stderr
    assert_no_traceback(result)
