"""Textual apps the benchmark times cockpit against (a bare app, the old table pane)."""
