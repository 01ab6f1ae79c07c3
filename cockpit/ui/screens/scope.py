"""What is reviewed: the period (`p`) and the team (`t`), chosen from a list or typed."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from cockpit.errors import UsageError
from cockpit.period_spec import SPEC_HELP, parse_period
from cockpit.text import safe_text

PERIODS = (
    ("this-quarter", "This quarter"),
    ("last-quarter", "Last quarter"),
    ("qtd", "Quarter to date"),
    ("ytd", "Year to date"),
    ("this-year", "This (fiscal) year"),
    ("last-year", "Last (fiscal) year"),
    ("this-month", "This month"),
    ("last-month", "Last month"),
)
EVERYONE = "\x00everyone"
"""The team choice that reviews every rep (no team name can be it: names are printable)."""


class PeriodScreen(ModalScreen[str | None]):
    """Choose a period from the list, or type one in the period language; esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel_period"),
    ]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        """Title, the common periods, a box for any other."""
        with Vertical(id="note-box"):
            yield Static(Text(f"Review period (now: {safe_text(self.current, 60)})", style="bold"))
            yield OptionList(*(Option(label, id=spec) for spec, label in PERIODS), id="periods")
            yield Input(placeholder="or type one: 2026Q3, 2026-09, START:END…", id="period-text")
            yield Static("", id="period-error")

    @on(OptionList.OptionSelected, "#periods")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Input.Submitted, "#period-text")
    def _typed(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        try:
            parse_period(text, date(2000, 1, 1))  # the spelling; the data's range is checked later
        except UsageError:
            self.query_one("#period-error", Static).update(Text(f"Give one of: {SPEC_HELP}."))
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        """Close without changing the period."""
        self.dismiss(None)


class TeamScreen(ModalScreen[str | None]):
    """Choose the team to review, or everyone; esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel_team"),
    ]

    def __init__(self, teams: list[str], current: str | None) -> None:
        super().__init__()
        self.teams, self.current = teams, current

    def compose(self) -> ComposeResult:
        """Title and the teams of the data."""
        now = safe_text(self.current, 60) if self.current else "everyone"
        with Vertical(id="note-box"):
            yield Static(Text(f"Team (now: {now})", style="bold"))
            options = [Option("Everyone", id=EVERYONE)]
            options += [Option(Text(safe_text(team, 60)), id=f"team:{team}") for team in self.teams]
            yield OptionList(*options, id="teams")
            if not self.teams:
                yield Static(Text("The reps table has no team column: everyone is reviewed."))

    @on(OptionList.OptionSelected, "#teams")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id or EVERYONE
        self.dismiss(chosen if chosen == EVERYONE else chosen.removeprefix("team:"))

    def action_cancel(self) -> None:
        """Close without changing the team."""
        self.dismiss(None)
