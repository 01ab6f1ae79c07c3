"""The core (data, analytics, notes, report) runs without a terminal: it never imports Textual."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.helpers.paths import REPO

CORE = [
    "cockpit.cli",
    "cockpit.data.files.load",
    "cockpit.report.check",
    "cockpit.data.source",
    "cockpit.data.copies.validated_copy",
    "cockpit.session",
    "cockpit.report.panes",
    "cockpit.bench.run",
]


def test_core_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules), "
        "sorted(m for m in sys.modules if m.startswith('textual'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_only_cockpit_ui_and_the_benchmark_apps_import_textual() -> None:
    package = REPO / "cockpit"
    importing = re.compile(r"^\s*(from|import)\s+textual\b", re.MULTILINE)
    allowed = (("ui",), ("bench", "apps"))
    outside = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if not any(path.relative_to(package).parts[: len(a)] == a for a in allowed)
        and importing.search(path.read_text())
    ]
    assert outside == []


def test_the_command_line_starts_without_polars_pydantic_or_textual() -> None:
    """The TUI paints its first frame before the heavy imports: the CLI must not pull them in."""
    code = (
        "import sys, cockpit.cli\n"
        "heavy = [m for m in ('polars', 'pydantic', 'textual') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_growth_options_of_the_command_line_are_the_schema_s() -> None:
    from cockpit.cli.args import GROWTH_OPTIONS
    from cockpit.data.schema import GROWTH_PLAN_FIELDS

    assert GROWTH_OPTIONS == GROWTH_PLAN_FIELDS


def test_every_pane_is_defined_once_and_shown_by_every_surface() -> None:
    """One spec per pane; the screen's look, the report's columns and the keys follow it."""
    from cockpit.analytics.pane_specs import PANES
    from cockpit.cli.args import report_parser
    from cockpit.ui.panes import LOOKS

    names = [spec.name for spec in PANES]
    assert [spec.number for spec in PANES] == [1, 2, 3, 4, 5]
    assert set(LOOKS) == set(names)
    for spec in PANES:
        assert spec.key_column in spec.columns, spec.name
        assert {key for key, _ in LOOKS[spec.name].columns} - {"changes", "new"} <= {
            *spec.columns,
            "subject_name",
        }, spec.name
    choices = next(a for a in report_parser()._actions if a.dest == "pane").choices
    assert list(choices or []) == [*names, "all"]
