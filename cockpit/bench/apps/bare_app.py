"""The baselines for the paint figures: a bare Textual app that paints READY, and on `enter`
pushes a screen with a header, one line and a footer (what any drill-down screen costs)."""

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class Pushed(Screen[None]):
    """A header, PUSHED, a footer."""

    def compose(self) -> ComposeResult:
        """The least a drill-down screen shows."""
        yield Header()
        yield Static("PUSHED")
        yield Footer()


class Bare(App[None]):
    """Nothing but one word on the screen; `enter` pushes another screen."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "push", "Push")]

    def compose(self) -> ComposeResult:
        """READY."""
        yield Static("READY")

    def action_push(self) -> None:
        """Push the bare screen."""
        self.push_screen(Pushed())


if __name__ == "__main__":
    Bare().run()
