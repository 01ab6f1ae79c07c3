"""The baseline for first paint: a bare Textual app that paints READY."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    """Nothing but one word on the screen."""

    def compose(self) -> ComposeResult:
        """READY."""
        yield Static("READY")


if __name__ == "__main__":
    Bare().run()
