"""The help screen: every key, and the screen-reader path."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from cockpit.analytics.pane_specs import PANES
from cockpit.data.uri import public_uri
from cockpit.text import safe_text
from cockpit.ui.clipboard import max_text_bytes

if TYPE_CHECKING:
    from cockpit.ui.source import Source

COPY_KB = round(max_text_bytes() / 1000)
# Textual's own words for its palette key, said for what cockpit puts in it.
OWN_WORDS = {
    "command_palette": "command palette: jump to any rep or segment by name",
    "quit": "quit cockpit (on a drill-down screen, q goes back)",
}


@dataclass(frozen=True)
class KeyRow:
    """One line of the help: the section, the keys (as rebound) and what they do."""

    section: str
    keys: str
    what: str


def key_rows(screen: Screen[object]) -> list[KeyRow]:
    """Every key active on `screen`, from its bindings (so rebound keys show as rebound),
    grouped by where they are defined, one line per action."""
    app = screen.app
    grouped: dict[tuple[str, str], list[str]] = {}
    what: dict[tuple[str, str], str] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.system or not (binding.tooltip or binding.description):
            continue
        where = (_section(active.node, screen), binding.action)
        shown = app.get_key_display(binding.with_key(key))
        grouped.setdefault(where, [])
        if shown not in grouped[where]:
            grouped[where].append(shown)
        words = OWN_WORDS.get(binding.action, binding.tooltip or binding.description)
        what.setdefault(where, words)
    order = {name: rank for rank, name in enumerate(SECTIONS)}
    ranked = sorted(grouped.items(), key=lambda item: (order[item[0][0]], _pane_rank(item[0][1])))
    return [KeyRow(section, " / ".join(keys), what[(section, action)])
            for (section, action), keys in ranked]  # fmt: skip


def _pane_rank(action: str) -> int:
    """Pane keys first, in pane order (a rebound one stays in its place); the rest as bound."""
    for spec in PANES:
        if action == f"show_pane('{spec.name}')":
            return spec.number - len(PANES) - 1
    return 0


SECTIONS = ("Everywhere", "This screen", "Tables")


def _section(node: object, screen: Screen[object]) -> str:
    """Where a binding comes from, in words."""
    if node is screen.app:
        return "Everywhere"
    if node is screen:
        return "This screen"
    return "Tables"


def report_command(source: Source) -> str:
    """The exact `cockpit report` command that prints what this session shows, as Markdown."""
    words = ["cockpit", "report"]
    if source.data:
        words.append(public_uri(source.data))  # a password on screen is a password on a projector
    options = {"--mapping": source.mapping, "--period": source.period}
    options |= {"--config": source.config, "--notes": source.notes}
    for flag, value in options.items():
        if value:
            words += [flag, value]
    return shlex.join([*words, "--format", "markdown"])


class HelpScreen(ModalScreen[None]):
    """Every key active where help was opened, with what it does (rebound keys as rebound)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "app.pop_screen", "Close", id="close_help"),
    ]

    def __init__(
        self, rows: list[KeyRow], report: str = "cockpit report --format markdown"
    ) -> None:
        super().__init__()
        self.rows = rows
        self.report = report

    def compose(self) -> ComposeResult:
        """The headless alternative first (a screen reader reads from the top), then the keys."""
        text = Text("Screen readers and scripts", style="bold")
        text.append(
            ": the same numbers as plain Markdown tables, every pane with its formulas:\n  "
        )
        text.append(safe_text(self.report), style="bold")
        text.append(
            "\n(add --pane tiers|growth|leads|churn|review for one pane; `cockpit check` lists "
            "every data problem).\n"
            'Keys can be rebound in the config file\'s [keys] table (binding id = "key"); '
            "[ui] sets confirm_quit, mouse and animations.\n\n"
        )
        text.append("Keys active here\n", style="bold")
        section = None
        for row in self.rows:
            if row.section != section:
                section = row.section
                text.append(f"\n{section}\n", style="bold underline")
            text.append(f"  {safe_text(row.keys, 22):<22}", style="bold")
            text.append(f" {safe_text(row.what)}\n")
        text.append(f"  (copies over {COPY_KB} KB are refused by terminals: use e)\n")
        with VerticalScroll(id="help"):
            yield Static(text)
