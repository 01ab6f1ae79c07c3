"""The cockpit TUI on the bundled sample with the terminal watch started as app.py will start it.

Run as a script on a pseudo-terminal by tests/ui/test_terminal_gone.py; exits with the app's code.
"""

from __future__ import annotations

import sys
from pathlib import Path

import cockpit.ui.app
from cockpit.ui.app import CockpitApp
from cockpit.ui.source import Source
from cockpit.ui.terminal_watch import watch


class WatchedApp(CockpitApp):
    """CockpitApp, watching its terminal from the first mount."""

    # Textual reads CSS_PATH beside the module that defines the class: this one is elsewhere.
    CSS_PATH = str(Path(cockpit.ui.app.__file__).with_name("app.tcss"))

    def on_mount(self) -> None:
        """The app's own mount, then the watch."""
        super().on_mount()
        watch(self)


if __name__ == "__main__":
    app = WatchedApp(Source())
    app.run()
    sys.exit(app.return_code or 0)
