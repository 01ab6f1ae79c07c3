"""Names from data reach every screen as literal text: nothing in them runs, nothing crashes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import OptionList

from cockpit.ui.app import CockpitApp, Source
from tests.helpers.paths import HOSTILE
from tests.helpers.pilot import drilled, ready

CLICK_NAME = "[@click=app.screenshot('victim.svg')]Zzqx[/]"


def palette_prompts(app: CockpitApp) -> list[str]:
    """The palette's visible options as plain text."""
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_palette_shows_markup_names_literally_and_a_click_runs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = CockpitApp(Source(str(HOSTILE)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")  # discovery lists every rep: "[/bold]" and "[/]" among them
        await pilot.pause(0.5)
        assert isinstance(app.screen, CommandPalette)
        shown = palette_prompts(app)
        assert "Rep: [/bold]" in shown and "Rep: [/]" in shown
        assert "Rep: Jane Doe [contractor]" in shown
        await pilot.press(*"Zzqx")
        await pilot.pause(0.5)
        assert palette_prompts(app) == [f"Rep: {CLICK_NAME}"]
        await pilot.click(OptionList, offset=(8, 0))  # on the name itself
        await pilot.click(OptionList, offset=(12, 0))
        await drilled(pilot)
        assert app.is_running
    assert list(tmp_path.iterdir()) == []  # the [@click=app.screenshot(…)] wrote nothing


async def test_palette_search_for_closing_tags_does_not_crash() -> None:
    app = CockpitApp(Source(str(HOSTILE)))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p", *"[/")
        await pilot.pause(0.5)
        shown = palette_prompts(app)
        assert "Rep: [/bold]" in shown and "Segment: Health\\x01[/]care" in shown
        await pilot.press("escape")
        assert app.is_running


async def test_a_note_on_a_segment_with_markup_and_control_characters_is_saved(
    tmp_path: Path,
) -> None:
    from cockpit.notes.store import NoteStore

    app = CockpitApp(Source(str(HOSTILE), notes=str(tmp_path / "ws")))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("4")
        view = app.query_one("#pane-churn")
        segments = view.frame["segment"].to_list()  # type: ignore[attr-defined]
        for _ in range(segments.index("Health\x01[/]care")):
            await pilot.press("down")
        await pilot.press("n", *"Adoption call")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
    [note] = NoteStore(tmp_path / "ws").notes("segment:Health\x01[/]care")
    assert note.text == "Adoption call"


async def test_a_workspace_note_with_a_closing_tag_subject_is_named_literally(
    tmp_path: Path,
) -> None:
    workspace = tmp_path / "ws"
    (workspace / "rep").mkdir(parents=True)
    (workspace / "rep" / "R1.toml").write_text(
        'version = 1\n\n[[note]]\nid = "abc123"\nsubject = "[/]"\nkind = "note"\ntext = "x"\n'
        'author = "ann"\ncreated = 2026-03-14 10:02:03+00:00\n',
        encoding="utf-8",
    )
    app = CockpitApp(Source(str(HOSTILE), notes=str(workspace)))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await pilot.pause(0.3)
        assert app.is_running and app.panes is not None
        [shown] = [n for n in app._notifications if "Notes file skipped" in n.message]
        assert "[[note]] number 1, subject: subject '[/]' must be one of" in shown.message
        assert shown.markup is False  # shown as typed: `[/]` is never read as a closing tag


async def test_export_never_writes_through_a_planted_link(tmp_path: Path) -> None:
    from cockpit.paths import exports_dir

    private = tmp_path / "private.txt"
    private.write_text("PRIVATE", encoding="utf-8")
    exports_dir().mkdir(parents=True)
    (exports_dir() / "cockpit-tiers-2026-09-30.csv").symlink_to(private)
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("e")
        await app.workers.wait_for_complete()
    assert private.read_text(encoding="utf-8") == "PRIVATE"
    assert (exports_dir() / "cockpit-tiers-2026-09-30-2.csv").read_text().startswith("rep_id")


async def test_export_into_a_linked_folder_is_refused_with_its_path(tmp_path: Path) -> None:
    from cockpit.paths import exports_dir

    elsewhere = tmp_path / "shared"
    elsewhere.mkdir()
    exports_dir().parent.mkdir(parents=True)
    exports_dir().symlink_to(elsewhere)
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        assert any("Not exported" in m and "symbolic link" in m for m in shown), shown
        assert app.is_running
    assert list(elsewhere.iterdir()) == []


async def test_every_screen_shows_hostile_names_wide_with_charts_and_nothing_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tables, charts (drawn from 140 columns), titles, crumbs, detail screens and help, with
    names like `[/]`, `[/bold]`, `[@click=…]` and `[link=…]`: nothing runs, nothing crashes."""
    monkeypatch.chdir(tmp_path)
    app = CockpitApp(Source(str(HOSTILE), notes=str(tmp_path / "ws")))
    async with app.run_test(size=(160, 50)) as pilot:
        await ready(pilot)
        for key in "12345":
            await pilot.press(key)
            await pilot.pause(0.2)
        await pilot.press("1")
        for _ in range(16):  # drill into every rep, markup names included
            await pilot.press("enter")
            await drilled(pilot)
            await pilot.press("question_mark", "escape", "escape", "j")
        await pilot.press("4", "enter")
        await pilot.pause(0.3)
        await pilot.press("escape")
        assert app.is_running
    assert list(tmp_path.iterdir()) == []  # no screenshot, no file written by a name
