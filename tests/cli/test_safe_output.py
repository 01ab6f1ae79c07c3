"""What cockpit prints and copies carries whole values, with nothing invisible left raw."""

from __future__ import annotations

import json
from pathlib import Path

from cockpit.text import safe_json
from tests.helpers.cli import run_cockpit
from tests.helpers.paths import HOSTILE
from tests.helpers.pilot import ready

INVISIBLE = "\u202e\u200b\u2028\u2029\x9b\ufeff"


def test_json_escapes_bidi_zero_width_separators_and_c1_and_parses_back() -> None:
    value = {"name": f"Ann{INVISIBLE}Lee 山田 é"}
    text = safe_json(value)
    assert not any(char in text for char in INVISIBLE)
    assert "山田 é" in text  # readable Unicode stays readable
    assert json.loads(text) == value


def test_report_json_of_hostile_names_has_no_raw_invisible_characters(tmp_path: Path) -> None:
    (tmp_path / "reps.csv").write_text(
        f"rep_id,name,quota\nR1,Ann{INVISIBLE}Lee,100\n", encoding="utf-8"
    )
    (tmp_path / "deals.csv").write_text(
        "deal_id,rep_id,stage,amount,created_date,close_date\nD1,R1,won,50,2026-01-05,2026-02-01\n",
        encoding="utf-8",
    )
    done = run_cockpit("report", str(tmp_path), "--pane", "tiers", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert not any(char in done.stdout for char in INVISIBLE)
    [row] = json.loads(done.stdout)
    assert row["name"] == f"Ann{INVISIBLE}Lee"


async def test_copy_carries_the_whole_value_not_the_cut_display() -> None:
    from cockpit.ui.app import CockpitApp, Source
    from cockpit.ui.widgets.pane_view import PaneView

    app = CockpitApp(Source(str(HOSTILE)))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        view = app.query_one("#pane-tiers", PaneView)
        names = [view.table.cells(i)[0] for i in range(view.table.row_count)]
        long_row = next(i for i, name in enumerate(names) if name.startswith("LLLL"))
        view.table.move_cursor(row=long_row)
        await pilot.press("y")
        assert app.clipboard.split("\t")[0] == "L" * 5000  # the screen shows it cut to 40
