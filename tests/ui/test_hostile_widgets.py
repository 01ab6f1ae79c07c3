"""The hostile fixture through the widgets added since test_hostile_ui.py (issue #22): the tab bar,
the side charts and their words, the line under a table, the Review agenda's finding and next
step, the actions view, the minutes and the brief, the growth-plan form and help.

What a user would notice is read from what the terminal is sent (the screen's strips): markup
from data shows as typed and never becomes a link or a click, no control character is sent,
and long text is cut or wrapped without pushing the rest of the screen away.
"""

from __future__ import annotations

import csv
import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import cast

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Footer, Static

from cockpit.notes.store import NoteStore
from cockpit.paths import exports_dir
from cockpit.ui.app import CockpitApp
from cockpit.ui.screens.actions import ActionsScreen
from cockpit.ui.screens.detail import RepScreen
from cockpit.ui.screens.growth_plan import GrowthPlanScreen
from cockpit.ui.screens.help import HelpScreen
from cockpit.ui.source import Source
from cockpit.ui.widgets.charts import PaneChart
from tests.helpers.paths import HOSTILE
from tests.helpers.pilot import drilled, pane, ready

TRACK = "[@click=app.quit]AE[/] → Lead"
SKILL = "[bold]Skill[/bold] \x1b[31mred\x1b[0m"
STRETCH = "[link='https://evil.example']Stretch[/link] \x07"
OWNER = "[@click=app.quit]boss[/]"
ACTION = "Call [bold]them[/bold] \x1b]52;c;eA==\x07 now"
PANE_NAMES = ("1 Tiers", "2 Growth", "3 Leads", "4 Churn", "5 Review")
KEYS = {"tiers": "1", "growth": "2", "leads": "3", "churn": "4", "review": "5"}
# Never sent as data: C0/C1 controls (ESC starts a sequence, BEL ends an OSC) and bidi controls.
SENT_RAW = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escaped(text: str) -> str:
    """`text` as the screen shows it: ESC as \\x1b, BEL as \\x07 (as cockpit.text does)."""
    return text.replace("\x1b", "\\x1b").replace("\x07", "\\x07")


def strips(app: App[int]) -> list[Strip]:
    """The screen as the terminal is sent it, line by line.

    The compositor's strips are what the driver writes; an SVG export would hide control
    characters, and a widget's render() misses what layout and cropping do to it.
    """
    return app.screen._compositor.render_strips()


def shown_in(app: App[int], widget: Widget) -> list[str]:
    """The screen's lines inside `widget`'s borders and padding (in cells: wide characters
    count twice)."""
    region = widget.content_region
    rows = strips(app)[region.y : region.bottom]
    return [strip.crop(region.x, region.right).text for strip in rows]


def flat(lines: list[str] | str) -> str:
    """Text without its whitespace: compares wrapped text with the sentence it wraps."""
    text = "".join(lines) if isinstance(lines, list) else lines
    return "".join(text.split())


def screen_is_safe(app: App[int]) -> list[str]:
    """Assert that no control character is sent and nothing on screen is a link or a data click
    action; return the screen's lines."""
    lines = []
    for y, strip in enumerate(strips(app)):
        assert not SENT_RAW.search(strip.text), f"line {y} sends {strip.text!r}"
        for segment in strip:
            style = segment.style
            if style is not None:
                assert not style.link, f"line {y}: {segment.text!r} links to {style.link}"
                assert "@click" not in style.meta, f"line {y}: {segment.text!r} runs {style.meta}"
        lines.append(strip.text)
    return lines


def hostile_data(tmp_path: Path) -> Path:
    """The hostile fixture copied, with every rep's growth plan hostile too and their last growth
    conversation long ago (so Growth flags them and the Review agenda lists them)."""
    data = Path(shutil.copytree(HOSTILE, tmp_path / "data"))
    with (data / "reps.csv").open(encoding="utf-8", newline="") as handle:
        reps = [row["rep_id"] for row in csv.DictReader(handle)]
    with (data / "growth.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["rep_id", "track", "next_skill", "stretch_assignment",
                         "promotion_readiness", "last_growth_conversation"])  # fmt: skip
        for rep in reps:
            writer.writerow([rep, TRACK, SKILL, STRETCH, "not yet", "2025-06-01"])
    return data


def with_action(tmp_path: Path) -> Path:
    """A notes workspace holding one overdue action, about the `[link=…]` rep, owner and text
    hostile."""
    workspace = tmp_path / "ws"
    NoteStore(workspace, author="ann").add(
        "rep:H14", ACTION, kind="action", owner=OWNER, due=date(2026, 1, 1)
    )
    return workspace


def open_app(data: Path, tmp_path: Path) -> CockpitApp:
    return CockpitApp(Source(str(data), notes=str(tmp_path / "ws")))


async def select(pilot: Pilot[int], pane_name: str, column: str, value: str) -> None:
    """Open the pane and put the cursor on the first row whose `column` is `value`; wait for the
    line under the table to say it."""
    await pilot.press(KEYS[pane_name])
    await pilot.pause()
    view = pane(cast(CockpitApp, pilot.app), pane_name)
    view.table.move_cursor(row=view.view[column].to_list().index(value))
    await pilot.pause(0.3)


def detail_lines(app: CockpitApp, pane_name: str) -> list[str]:
    line = pane(app, pane_name).query_one(".detail-line", Static)
    assert line.display, "no line under the table"
    return shown_in(app, line)


# The tab bar -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_the_tab_bar_names_every_pane_on_every_pane_of_hostile_data(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = open_app(hostile_data(tmp_path), tmp_path)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        for number, name in enumerate(KEYS):
            await pilot.press(KEYS[name])
            await pilot.pause(0.2)
            [tabs] = shown_in(app, app.main.query_one("#tabs"))
            for label in PANE_NAMES:
                assert label in tabs, f"{label!r} missing on the {name} pane: {tabs!r}"
            assert f"[{PANE_NAMES[number]}]" in tabs  # the open one, marked without colour
            screen_is_safe(app)
        await select(pilot, "review", "subject", "rep:H07")  # a 5,000-character name below
        lines = screen_is_safe(app)
        assert all(label in lines[1] for label in PANE_NAMES), lines[1]
        footer = app.main.query_one(Footer)
        assert footer.region.bottom == size[1] and "Help" in shown_in(app, footer)[0]


# Side charts and their words ---------------------------------------------------------------


async def test_side_charts_label_hostile_names_as_typed_and_cut(tmp_path: Path) -> None:
    app = open_app(hostile_data(tmp_path), tmp_path)
    async with app.run_test(size=(200, 50)) as pilot:
        await ready(pilot)
        for key, whole, cut, last in (
            ("2", "[/bold]", "\\x1b[31mRed\\x1b", "Flight risk"),  # days since the last talk
            ("4", "[/]", "Health\\x01[/]ca", "Flags"),  # bookings and logo churn by segment
        ):
            await pilot.press(key)
            await pilot.pause(0.3)
            chart = app.main.current().query_one(PaneChart)
            assert chart.display, "no side chart at 200 columns"
            drawn = shown_in(app, chart)
            assert any(whole in line for line in drawn), drawn
            assert any(cut in line for line in drawn), drawn  # escaped, then cut
            assert not any("L" * 17 in line for line in drawn)  # the long name cut at the label
            screen_is_safe(app)
            table = app.main.current().table
            assert table.region.right <= chart.region.x  # beside the table, not over it
            assert shown_in(app, table)[0].rstrip().endswith(last)  # every column still shown


async def test_a_small_chart_says_its_finding_in_words_with_names_as_typed(
    tmp_path: Path,
) -> None:
    app = open_app(hostile_data(tmp_path), tmp_path)
    async with app.run_test(size=(80, 16)) as pilot:
        await ready(pilot)
        await pilot.press("2", "c")  # the chart alone, in too few rows for a plot
        await pilot.pause(0.3)
        words = shown_in(app, app.main.current().query_one(PaneChart))
        assert words[0].startswith("Top tier: days since the last growth conversation")
        assert words[1].rstrip() == "█ [bold]Bold[/bold] Bob: 245 days ago"
        assert words[3].rstrip() == "█ [@click=app.quit]x[/]: 245 days ago"
        assert words[4].rstrip() == "█ \\x1b[31mRed\\x1b[0m Rita: 245 days ago"
        screen_is_safe(app)
        await pilot.click(PaneChart, offset=(4, 3))  # on the [@click=app.quit] name
        await pilot.pause()
        assert app.is_running


async def test_after_the_chart_the_table_has_the_keys_again(tmp_path: Path) -> None:
    app = open_app(hostile_data(tmp_path), tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("c", "c")  # the chart alone, and back to the table
        await pilot.pause()
        await pilot.press("j", "enter")  # the second rep: `[/bold]`
        await drilled(pilot)
        assert isinstance(app.screen, RepScreen), "enter did nothing after c, c"
        [crumbs] = shown_in(app, app.screen.query_one("#crumbs"))
        assert crumbs.strip() == "Tiers › [/bold]"


# The line under a table --------------------------------------------------------------------


async def test_the_line_under_growth_says_a_rep_in_full_on_one_line_each(
    tmp_path: Path,
) -> None:
    app = open_app(hostile_data(tmp_path), tmp_path)
    async with app.run_test(size=(200, 50)) as pilot:
        await ready(pilot)
        await select(pilot, "growth", "rep_id", "H04")
        [said] = detail_lines(app, "growth")
        assert said.strip() == (
            "\\x1b[31mRed\\x1b[0m Rita · flags: flight risk, stale · "
            "flight risk: no growth conversation in 245 days"
        )
        await select(pilot, "growth", "rep_id", "H10")  # a tab and a newline in the name
        lines = detail_lines(app, "growth")  # one line, as the table shows the name
        assert lines[0].startswith("Tab\\x09here\\x0aNew line · flags: flight risk, stale"), lines
        screen_is_safe(app)


async def test_the_agenda_wraps_the_finding_and_next_step_with_plan_words_as_typed(
    tmp_path: Path,
) -> None:
    app = open_app(hostile_data(tmp_path), tmp_path)
    async with app.run_test(size=(80, 30)) as pilot:
        await ready(pilot)
        await select(pilot, "review", "item_id", "stale:rep:H01")
        lines = detail_lines(app, "review")
        assert len(lines) > 2  # wrapped to the screen's width, not cut
        assert flat(lines) == flat(
            "[bold]Bold[/bold] Bob — stale: Growth conversation overdue (last one 245 days ago)."
            " Next step: Book a growth (not deal) conversation in the next two weeks about "
            f"progress on {escaped(SKILL)} and the stretch assignment ({escaped(STRETCH)}), "
            "and record it as a growth note."
        )
        screen_is_safe(app)


@pytest.mark.parametrize(
    ("pane_name", "column", "value", "words"),
    [
        ("review", "subject", "rep:H07", ("flightrisk:Topperformer", "Nextstep:")),
        ("growth", "rep_id", "H07", ("flags:flightrisk,stale", "flightrisk:nogrowth")),
    ],
)
async def test_a_very_long_name_leaves_the_rest_of_the_line_in_view(
    tmp_path: Path, pane_name: str, column: str, value: str, words: tuple[str, ...]
) -> None:
    """The 5,000-character name must not push the finding and next step (or the flags) out of
    the few lines under the table."""
    app = open_app(hostile_data(tmp_path), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await select(pilot, pane_name, column, value)
        said = flat(detail_lines(app, pane_name))
        for word in words:
            assert word in said, f"{word!r} not in view under the table: {said[-200:]!r}"
        assert all(label in screen_is_safe(app)[1] for label in PANE_NAMES)


async def test_the_agenda_shows_an_open_action_with_hostile_owner_and_text_as_typed(
    tmp_path: Path,
) -> None:
    with_action(tmp_path)
    app = open_app(hostile_data(tmp_path), tmp_path)
    async with app.run_test(size=(200, 50)) as pilot:
        await ready(pilot)
        await select(pilot, "review", "subject", "rep:H14")
        for _ in range(50):  # the notes are read once the cursor has rested on the row
            said = flat(detail_lines(app, "review"))
            if "Openactions" in said:
                break
            await pilot.pause(0.1)
        assert flat(f"Open actions (1): {OWNER} by 2026-01-01: {escaped(ACTION)}") in said
        screen_is_safe(app)


# The actions view, the minutes and the brief -----------------------------------------------


async def test_the_actions_view_shows_owner_subject_and_text_as_typed(tmp_path: Path) -> None:
    with_action(tmp_path)
    app = open_app(hostile_data(tmp_path), tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await pilot.press("A")
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, ActionsScreen)
        table = shown_in(app, screen.query_one("#actions-table"))
        [row] = [line for line in table if OWNER in line]
        assert "2026-01-01" in row and "Call [bold]them[/bold] \\x1b]52" in row
        assert "…" in row  # the columns cut the subject and the text…
        detail = shown_in(app, screen.query_one("#actions-detail"))
        assert flat(detail) == flat(  # …the line under them says them whole
            f"[link='https://evil.example']Link Lin[/link] · {OWNER} by 2026-01-01: "
            f"{escaped(ACTION)}"
        )
        screen_is_safe(app)
        await pilot.click("#actions-table", offset=(16, 1))  # on the owner's [@click=app.quit]
        await pilot.pause()
        assert app.is_running


def no_control_characters(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    sent = [c for c in text if c != "\n" and SENT_RAW.match(c)]
    assert not sent, f"{path.name} would send {sent!r} to a terminal that prints it"
    return text


async def test_minutes_and_brief_are_written_without_control_characters(tmp_path: Path) -> None:
    with_action(tmp_path)
    app = open_app(hostile_data(tmp_path), tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await pilot.press("M")
        await app.workers.wait_for_complete()
        await select(pilot, "tiers", "rep_id", "H05")  # the OSC 52 name
        await pilot.press("enter")
        await drilled(pilot)
        await pilot.press("B")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [n.message for n in app._notifications]
        screen_is_safe(app)
    today = datetime.now(UTC).date()  # the pages are named by the UTC day
    minutes = exports_dir() / f"cockpit-minutes-{today}.md"
    brief = exports_dir() / f"cockpit-brief-H05-{today}.md"
    assert f"Minutes: Written to {minutes}" in said and f"Brief: Written to {brief}" in said
    assert "boss" in no_control_characters(minutes)
    assert "Osc Olga (H05)" in no_control_characters(brief).splitlines()[0]


# The growth-plan form ----------------------------------------------------------------------


async def open_plan_form(pilot: Pilot[int]) -> GrowthPlanScreen:
    await pilot.press("enter")  # the first rep: [bold]Bold[/bold] Bob
    await drilled(pilot)
    await pilot.press("P")
    await pilot.pause(0.3)
    form = pilot.app.screen
    assert isinstance(form, GrowthPlanScreen)
    return form


async def test_the_growth_plan_form_shows_the_imported_plan_without_sending_escapes(
    tmp_path: Path,
) -> None:
    app = open_app(hostile_data(tmp_path), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        form = await open_plan_form(pilot)
        drawn = "\n".join(shown_in(app, form.query_one("#note-box")))
        assert "Growth plan — [bold]Bold[/bold] Bob" in drawn
        assert TRACK in drawn and "[link='https://evil.example']Stretch[/link]" in drawn
        screen_is_safe(app)  # the next skill's ESC and the stretch's BEL are not sent


async def test_enter_on_an_untouched_growth_plan_form_changes_nothing(tmp_path: Path) -> None:
    app = open_app(hostile_data(tmp_path), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await open_plan_form(pilot)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, RepScreen)
        assert app.panes is not None
        plan = app.panes.growth.filter(app.panes.growth["rep_id"] == "H01").row(0, named=True)
        assert (plan["next_skill"], plan["stretch_assignment"]) == (SKILL, STRETCH)
    assert NoteStore(tmp_path / "ws").growth_overrides() == {}


# Help --------------------------------------------------------------------------------------


async def test_help_names_a_hostile_data_folder_as_typed(tmp_path: Path) -> None:
    folder = tmp_path / "[@click=app.quit]Q3[/] \x1b[31m\x07"
    shutil.copytree(HOSTILE, folder)
    app = CockpitApp(Source(str(folder), notes=str(tmp_path / "ws")))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause(0.3)
        assert isinstance(app.screen, HelpScreen)
        said = flat(shown_in(app, app.screen.query_one("#help")))
        assert flat(f"cockpit report '{escaped(str(folder))}'") in said
        screen_is_safe(app)


async def test_a_data_folder_with_brackets_in_its_name_opens(tmp_path: Path) -> None:
    """`exports [final]`: a folder name, not a glob pattern."""
    folder = Path(shutil.copytree(HOSTILE, tmp_path / "exports [final]"))
    app = CockpitApp(Source(str(folder), notes=str(tmp_path / "ws")))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        [status] = shown_in(app, app.main.query_one("#status"))[:1]
        assert app.panes is not None, status
        assert app.panes.tiers.height == 15
