"""Headless output: the panes as table, CSV, JSON or Markdown, and the `check` report."""
