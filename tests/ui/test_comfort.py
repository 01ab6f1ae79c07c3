"""Comfort and accessibility: confirm-quit, the help's screen-reader path, copy limits, [ui]."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Static

from cockpit.config import read_settings
from cockpit.errors import UsageError
from cockpit.ui.app import CockpitApp, Source
from cockpit.ui.clipboard import fits_osc52, osc52_length
from cockpit.ui.options import UiOptions, animation_level, resolve_options
from cockpit.ui.screens.confirm import ConfirmQuitScreen
from cockpit.ui.screens.help import HelpScreen, report_command
from tests.helpers.data import DEALS, write_folder
from tests.helpers.pilot import ready
from tests.helpers.terminal import run_on_pty

SSH = {"SSH_CONNECTION": "10.0.0.9 52100 10.0.0.1 22"}


async def test_confirm_quit_asks_and_n_stays() -> None:
    app = CockpitApp(Source(), UiOptions(confirm_quit=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmQuitScreen)
        assert "Quit cockpit?" in str(app.screen.query_one(Static).render())
        await pilot.press("n")
        assert not isinstance(app.screen, ConfirmQuitScreen)
        await pilot.press("ctrl+c")
        assert isinstance(app.screen, ConfirmQuitScreen)
        await pilot.press("escape")
        assert app.return_code is None and len(app.screen_stack) == 1
        await pilot.press("q", "y")
        await pilot.pause()
        assert app.return_code == 0


async def test_without_confirm_q_quits_at_once() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0
        assert not isinstance(app.screen, ConfirmQuitScreen)


async def test_without_confirm_ctrl_c_quits_with_130() -> None:
    app = CockpitApp(Source())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+c")  # even while the data is still loading
        await pilot.pause()
        assert app.return_code == 130


async def test_help_names_the_exact_markdown_report_command(tmp_path: Path) -> None:
    data = write_folder(tmp_path / "team data", {"reps.csv": REPS_FEW, "deals.csv": DEALS})
    source = Source(str(data), period="2026-01-01:2026-06-30", notes=str(tmp_path / "n"))
    app = CockpitApp(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one(Static).render())
    expected = (
        f"cockpit report '{data}' --period 2026-01-01:2026-06-30 --notes {tmp_path / 'n'} "
        "--format markdown"
    )
    assert "Screen readers and scripts" in text
    assert expected in text


def test_report_command_of_the_sample_is_the_plain_one() -> None:
    assert report_command(Source()) == "cockpit report --format markdown"


REPS_FEW = "rep_id,name,quota\nR1,Ann Lee,100000\nR2,Bo Chen,80000\n"


def big_team(root: Path, reps: int) -> Path:
    """A team with long rep names, so the tiers table is larger than OSC 52 can carry."""
    lines = ["rep_id,name,quota"]
    lines += [
        f"R{i:05d},Representative {i:05d} of a very large sales team,100000" for i in range(reps)
    ]
    deals = DEALS.replace(",R1,", ",R00001,").replace(",R2,", ",R00002,")
    return write_folder(root, {"reps.csv": "\n".join(lines) + "\n", "deals.csv": deals})


async def test_oversize_table_copy_says_to_export(tmp_path: Path) -> None:
    app = CockpitApp(Source(str(big_team(tmp_path / "big", 1500))))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        table_tsv = app._current().as_tsv(True)
        assert not fits_osc52(table_tsv)
        await pilot.press("Y")
        messages = [n.message for n in app._notifications]
        size_kb = round(len(table_tsv.encode()) / 1000)
        assert messages[-1].startswith(
            f"The table is {size_kb:,} KB, too large to copy through the terminal"
        )
        assert messages[-1].endswith("press e to export it to CSV.")
        assert app.clipboard == ""  # nothing half-sent to the terminal
        await pilot.press("y")  # one row still fits
        assert app.clipboard.startswith("Representative ")


def test_osc52_limit_is_the_100000_byte_sequence() -> None:
    assert osc52_length("a" * 74_994) == 100_000
    assert fits_osc52("a" * 74_994) and not fits_osc52("a" * 74_995)
    assert not fits_osc52("é" * 40_000)  # counted in UTF-8 bytes, not characters


@pytest.mark.parametrize(
    ("mode", "environ", "expected"),
    [
        ("auto", SSH, "none"),
        ("auto", {"SSH_TTY": "/dev/pts/3"}, "none"),
        ("auto", {}, None),
        ("auto", SSH | {"TEXTUAL_ANIMATIONS": "full"}, None),  # the user's own choice wins
        ("on", SSH, None),
        ("off", {}, "none"),
    ],
)
def test_animation_level(mode: str, environ: dict[str, str], expected: str | None) -> None:
    assert animation_level(mode, dict(environ)) == expected


def run_prepared_app(environ: dict[str, str], *cli_args: str) -> str:
    """Prepare the TUI as `cockpit` does, then report the animation level the app got."""
    code = (
        "import sys\n"
        "from cockpit.cli import open as cli\nfrom cockpit.cli.args import open_parser\n"
        f"settings, options = cli.prepare_tui(open_parser().parse_args({list(cli_args)!r}))\n"
        "assert 'textual' not in sys.modules, 'Textual was imported before the choice'\n"
        "from cockpit.ui.app import CockpitApp, Source\n"
        "print(CockpitApp(Source(), options).animation_level)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("SSH_CONNECTION", "SSH_TTY")}
    env.pop("TEXTUAL_ANIMATIONS", None)
    result = subprocess.run(
        [sys.executable, "-c", code], env=env | environ, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_animations_are_off_over_ssh_unless_the_user_chose(tmp_path: Path) -> None:
    assert run_prepared_app(SSH) == "none"
    assert run_prepared_app({}) == "full"
    assert run_prepared_app(SSH | {"TEXTUAL_ANIMATIONS": "basic"}) == "basic"
    config = tmp_path / "c.toml"
    config.write_text('[ui]\nanimations = "off"\n')
    assert run_prepared_app({}, "--config", str(config)) == "none"


def test_ui_settings_from_config_and_flags(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[ui]\nconfirm_quit = true\nmouse = false\nanimations = "on"\n')
    ui = read_settings(config).ui
    assert (ui.confirm_quit, ui.mouse, ui.animations) == (True, False, "on")
    assert resolve_options(ui, confirm_quit=False, no_mouse=False) == UiOptions(True, False)
    assert resolve_options(None, confirm_quit=False, no_mouse=True) == UiOptions(False, False)
    assert resolve_options(None, confirm_quit=True, no_mouse=False) == UiOptions(True, True)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[ui]\nconfirm_quitt = true\n", "ui.confirm_quitt"),
        ('[ui]\nanimations = "sometimes"\n', "ui.animations"),
        ('[ui]\nmouse = "maybe"\n', "ui.mouse"),
    ],
)
def test_ui_settings_are_validated(tmp_path: Path, toml: str, message: str) -> None:
    config = tmp_path / "c.toml"
    config.write_text(toml)
    with pytest.raises(UsageError, match=message):
        read_settings(config)


def test_no_mouse_leaves_mouse_reporting_off_in_the_real_terminal() -> None:
    mouse_on = b"\x1b[?1000h"  # the request a terminal needs to send mouse clicks to cockpit
    assert mouse_on in run_on_pty([], {}, b"Elena Marsh")
    assert mouse_on not in run_on_pty(["--no-mouse"], {}, b"Elena Marsh")
