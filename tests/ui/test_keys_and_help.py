"""Keys you can discover: help explains the open pane's columns and lists the keys as rebound;
a `[keys]` entry that clashes on a screen, or names no binding, is a config error (exit 2)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Static

from cockpit.config import Settings
from cockpit.errors import UsageError
from cockpit.ui.app import CockpitApp
from cockpit.ui.keys import check_keymap, clashes, unknown_ids
from cockpit.ui.panes import LOOKS
from cockpit.ui.screens.help import HelpScreen
from cockpit.ui.source import Source
from tests.helpers.data import DEALS, REPS, write_folder
from tests.helpers.paths import REPO
from tests.helpers.pilot import ready


def help_lines(app: CockpitApp) -> dict[str, str]:
    """The help's indented lines by their first word (a key, or a column's header)."""
    assert isinstance(app.screen, HelpScreen)
    text = str(app.screen.query_one(Static).render())
    return {line.split()[0]: line for line in text.splitlines() if line.startswith("  ")}


async def test_help_explains_the_open_panes_columns_and_lists_rebound_keys() -> None:
    keys = {"pane_leads": "L", "chart": "C"}
    app = CockpitApp(Source(settings=Settings(keys=keys)))
    async with app.run_test(size=(120, 60)) as pilot:
        await ready(pilot)
        await pilot.press("L", "question_mark")  # the rebound pane key opens Leads
        lines = help_lines(app)
        text = str(app.screen.query_one(Static).render())
        await pilot.press("escape", "1", "question_mark")
        tiers = help_lines(app)
    assert "Columns of the Leads pane" in text
    assert "conversion pulled toward the team rate for small samples" in lines["Shrunk"]
    assert "Leads pane" in lines["L"] and "3" not in lines  # as rebound, not as declared
    assert "chart" in lines["C"] and "c" not in lines
    assert "Act" not in lines  # a Tiers column: not explained on Leads
    assert "meetings per week / the team's median (1.0 = typical)" in tiers["Act"]
    assert "rank correlation of activity per week with attainment" in tiers["Spearman"]
    assert "`set -g set-clipboard on`" in text  # what tmux needs for y to reach the clipboard


async def test_copy_says_sent_to_the_terminal_not_copied() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("y")
        said = [n.message for n in app._notifications]  # Textual is pinned exactly
    # Nothing tells cockpit whether the terminal (or tmux) took the OSC 52 sequence.
    assert any("to the terminal's clipboard (OSC 52)" in message for message in said), said
    assert not any(message.startswith("Copied") for message in said)


def test_every_column_of_every_pane_is_explained() -> None:
    for look in LOOKS.values():
        meaning = dict(look.column_help)
        assert [c for c, _ in look.columns if not meaning.get(c)] == [], look.spec.name


@pytest.mark.parametrize(
    ("keymap", "said"),
    [
        # The table moves down with j on every pane: the pane key would never arrive.
        (
            {"pane_growth": "j"},
            "keys.pane_growth = 'j' clashes with 'j' (Down; binding id down) on the main "
            "screen; choose another key",
        ),
        # Both bound by the main screen itself: Textual keeps one and drops the other.
        (
            {"pane_growth": "p"},
            "keys.pane_growth = 'p' clashes with 'p' (Period; binding id period) on the main "
            "screen; choose another key",
        ),
        # Two entries of the file on one key.
        (
            {"chart": "x", "sort": "x"},
            "keys.chart = 'x' clashes with keys.sort = 'x' on the main screen; choose another key",
        ),
        # Pane keys work from every screen: in the actions view, x ticks an action done.
        (
            {"pane_growth": "x"},
            "keys.pane_growth = 'x' clashes with 'x' (Done; binding id action_done) on the "
            "actions view; choose another key",
        ),
    ],
)
def test_a_clashing_key_is_a_config_error_naming_both_bindings(
    keymap: dict[str, str], said: str
) -> None:
    with pytest.raises(UsageError) as raised:
        check_keymap(keymap, "config file c.toml")
    assert str(raised.value).splitlines() == ["config file c.toml has errors:", f"  {said}"]
    assert raised.value.exit_code == 2


def test_keys_that_move_out_of_each_others_way_do_not_clash() -> None:
    assert clashes({"down": "k", "up": "j"}) == []  # swapped
    assert clashes({"pane_growth": "w", "down": "ctrl+n", "note": "N"}) == []
    # As the code binds them: q also goes back on a drill-down screen, by design.
    assert clashes({"quit": "q,ctrl+q", "help": "?"}) == []
    assert clashes({"chart": "x"}) == []  # x ticks actions done only in the actions view


def test_a_key_id_no_binding_has_is_a_config_error() -> None:
    with pytest.raises(UsageError, match=r"keys.pane_grwth: no key binding has this id \(did "
                       r"you mean pane_growth\?\)"):  # fmt: skip
        check_keymap({"pane_grwth": "w"}, "config file c.toml")


def test_the_tui_refuses_a_clashing_config_before_it_starts(tmp_path: Path) -> None:
    data = write_folder(tmp_path / "data", {"reps.csv": REPS, "deals.csv": DEALS})
    config = tmp_path / "cockpit.toml"
    config.write_text('[keys]\npane_growth = "j"\n')
    result = subprocess.run(
        [sys.executable, "-m", "cockpit", str(data), "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,  # unchecked, the TUI starts and never ends on a closed stdin
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"cockpit: config file {config} has errors:\n"
        "  keys.pane_growth = 'j' clashes with 'j' (Down; binding id down) on the main screen; "
        "choose another key\n"
    )


def test_every_id_the_readme_lists_for_keys_is_accepted() -> None:
    readme = (REPO / "README.md").read_text()
    listed = readme[readme.index("Ids: `") :].split(".\n", 1)[0]
    ids = re.findall(r"`([a-z_]+)`", listed)
    assert "pane_tiers" in ids and "last" in ids  # the list was found
    assert unknown_ids(dict.fromkeys(ids, "f12")) == []
