"""How the TUI behaves (quit confirmation, mouse, animations), decided before Textual loads.

This module must not import Textual: Textual reads TEXTUAL_ANIMATIONS once, when it is first
imported, so the animation choice has to be in the environment before that.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cockpit.config import UiSettings

SSH_VARIABLES = ("SSH_CONNECTION", "SSH_TTY")


@dataclass(frozen=True)
class UiOptions:
    """Comfort options of one TUI session."""

    confirm_quit: bool = False
    """Ask y/n before quitting from the main screen."""
    mouse: bool = True
    """Mouse events on (App.run(mouse=...))."""


def resolve_options(ui: UiSettings | None, confirm_quit: bool, no_mouse: bool) -> UiOptions:
    """Command-line flags switch a comfort option on; otherwise the config's [ui] decides."""
    return UiOptions(
        confirm_quit=confirm_quit or (ui is not None and ui.confirm_quit),
        mouse=not no_mouse and (ui is None or ui.mouse),
    )


def animation_level(mode: str, environ: MutableMapping[str, str]) -> str | None:
    """The TEXTUAL_ANIMATIONS value to set for `mode` (auto|on|off), or None to leave it.

    A value the user exported wins; `auto` means none over SSH, where each animation frame is
    sent over the network and arrives late and jerky.
    """
    if "TEXTUAL_ANIMATIONS" in environ:
        return None
    if mode == "off" or (mode == "auto" and any(environ.get(v) for v in SSH_VARIABLES)):
        return "none"
    return None


def apply_animations(mode: str, environ: MutableMapping[str, str]) -> None:
    """Set TEXTUAL_ANIMATIONS in `environ` for `mode`; call before Textual is imported."""
    level = animation_level(mode, environ)
    if level is not None:
        environ["TEXTUAL_ANIMATIONS"] = level
