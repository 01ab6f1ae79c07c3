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
from cockpit.ui.clipboard import HOW_COPY_WORKS, max_text_bytes

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


@dataclass(frozen=True)
class PaneColumns:
    """What the open pane's columns (and the words of its insight) mean, for the help."""

    title: str
    rows: tuple[tuple[str, str], ...]
    """(header as shown, what it means in one line)."""


def pane_columns(screen: Screen[object]) -> PaneColumns | None:
    """The columns of the pane open on the main screen, as shown, each explained; None on
    another screen or while the data loads."""
    from textual.css.query import NoMatches

    from cockpit.ui.screens.main import MainScreen

    if not isinstance(screen, MainScreen):
        return None
    try:
        view = screen.current()
    except NoMatches:  # the panes are mounted once the data is in
        return None
    # Polars is loaded by now (the panes are): the table's modules can be imported.
    from cockpit.ui.panes import LOOKS
    from cockpit.ui.tableview import shown_columns

    look = LOOKS[view.pane]
    meaning = dict(look.column_help)
    shown = shown_columns(view.pane, view.frame)
    rows = [(header, meaning.get(column, "")) for column, header in shown]
    return PaneColumns(look.spec.title, (*rows, *look.terms))


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
        self,
        rows: list[KeyRow],
        report: str = "cockpit report --format markdown",
        columns: PaneColumns | None = None,
    ) -> None:
        super().__init__()
        self.rows = rows
        self.report = report
        self.columns = columns
        """The open pane's columns explained (None: those of the screen help was opened on)."""

    def compose(self) -> ComposeResult:
        """The headless alternative first (a screen reader reads from the top), then what the
        open pane's columns mean, the keys, and how copying reaches the clipboard."""
        text = self._headless()
        columns = self.columns or self._columns_below()
        if columns is not None:
            text.append(f"Columns of the {columns.title} pane\n", style="bold")
            for header, meaning in columns.rows:
                text.append(f"  {safe_text(header, 14):<14}", style="bold")
                text.append(f" {safe_text(meaning)}\n")
            text.append("\n")
        text.append_text(self._keys())
        text.append(f"\n{HOW_COPY_WORKS} Copies over {COPY_KB} KB are refused: export with e.\n")
        with VerticalScroll(id="help"):
            yield Static(text)

    def _headless(self) -> Text:
        """The `cockpit report` command that prints the same numbers, and where keys are set."""
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
        return text

    def _keys(self) -> Text:
        """Every active key, by where it is bound."""
        text = Text("Keys active here\n", style="bold")
        section = None
        for row in self.rows:
            if row.section != section:
                section = row.section
                text.append(f"\n{section}\n", style="bold underline")
            text.append(f"  {safe_text(row.keys, 22):<22}", style="bold")
            text.append(f" {safe_text(row.what)}\n")
        return text

    def _columns_below(self) -> PaneColumns | None:
        """The columns of the pane open on the screen under this one."""
        stack = self.app.screen_stack
        below = stack[stack.index(self) - 1] if self in stack[1:] else stack[-1]
        return None if below is self else pane_columns(below)
