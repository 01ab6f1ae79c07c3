"""SVG snapshots of the panes and the rep screen at 80×24 and 120×40 (Textual pinned exactly).

Charts (side panels from 140 columns) are left out: plotext places axis ticks differently from
run to run, so they are asserted in test_ui.py by their content instead.

Update after an intended change:
    .venv/bin/python -m pytest tests/ui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from cockpit.ui.app import CockpitApp, Source
from tests.helpers.pilot import drilled, ready

SIZES = [(80, 24), (120, 40)]


async def loaded(pilot: Pilot[Any]) -> None:
    await ready(pilot)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("key", ["1", "2", "3", "4", "5"])
def test_pane(snap_compare: Any, key: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        await pilot.press(key)
        await pilot.pause()

    assert snap_compare(CockpitApp(Source()), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_rep_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        await pilot.press("enter")
        await drilled(pilot)

    assert snap_compare(CockpitApp(Source()), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("theme", ["textual-light", "ansi-light", "ansi-dark"])
def test_themes_stay_readable(snap_compare: Any, theme: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.theme = theme
        await loaded(pilot)
        await pilot.press("5")
        await pilot.pause()

    assert snap_compare(CockpitApp(Source()), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_actions_view(
    snap_compare: Any, size: tuple[int, int], tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date
    from itertools import count

    import cockpit.notes.store as store_module
    from cockpit.notes.store import NoteStore

    ids = count(1)
    monkeypatch.setattr(store_module.secrets, "token_hex", lambda n: f"a{next(ids):04d}")
    store = NoteStore(tmp_path / "ws")
    # Due dates far from any run date: the overdue one stays overdue, the other never is.
    store.add("rep:R00001", "Share the discovery deck with the team", kind="action",
              due=date(2099, 1, 15), owner="ben")  # fmt: skip
    store.add("rep:R00006", "Book the team-lead shadow day", kind="action",
              due=date(2020, 1, 10), owner="ana")  # fmt: skip
    store.decide("churn_alert:segment:Healthcare", "action", owner="cara",
                 due=date(2099, 3, 1), comment="Adoption plan for low-usage accounts")  # fmt: skip

    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        await pilot.press("A")
        for _ in range(20):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    app = CockpitApp(Source(notes=str(tmp_path / "ws")))
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("key", ["1", "2", "3", "4", "5"])
def test_pane_after_shrinking_from_150x40_to_80x24(snap_compare: Any, key: str) -> None:
    # Re-attaching tmux from a smaller window: the side chart shown at 150 columns must go and
    # the table get its priority columns back, exactly as when opened at 80×24.
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        await pilot.press(key)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()

    assert snap_compare(CockpitApp(Source()), terminal_size=(150, 40), run_before=run_before)
