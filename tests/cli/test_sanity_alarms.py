"""Alarms a reader must see before trusting the numbers: won deals that no reviewed rep owns."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.cli import cockpit
from tests.helpers.data import write_folder

REPS = "rep_id,name\nR1,Ann\nR2,Bo\n"
# D2 (700) belongs to R9, who is not a rep; D3 (50) has no owner; D4 is lost; D5 won last year.
DEALS = (
    "deal_id,rep_id,stage,amount,created_date,close_date\n"
    "D1,R1,won,1000,2026-01-05,2026-02-01\n"
    "D2,R9,won,700,2026-01-05,2026-02-03\n"
    "D3,,won,50,2026-01-06,2026-02-04\n"
    "D4,R9,lost,999,2026-01-06,2026-02-05\n"
    "D5,R9,won,999,2025-01-06,2025-02-05\n"
)


def test_won_deals_of_owners_who_are_not_reps_are_said_on_every_pane(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "d", {"reps.csv": REPS, "deals.csv": DEALS})
    (folder / "mapping.toml").write_text(
        'name = "t"\n[tables.deals]\nsource = "deals.csv"\nallow_empty = ["rep_id"]\n'
    )
    done = cockpit(
        "report",
        str(folder),
        "--mapping",
        str(folder / "mapping.toml"),
        "--period",
        "2026",
        "--pane",
        "all",
    )
    assert done.returncode == 0, done.stderr
    # D2 + D3 = 750, two deals; D4 is lost and D5 was won in 2025.
    sentence = "2 deals won in the period (750) have an owner who is not a reviewed rep"
    assert done.stdout.count(sentence) == 5  # on every pane
