"""The core (data, analytics, notes, report) runs without a terminal: it never imports Textual."""

from __future__ import annotations

import subprocess
import sys

CORE = ["cockpit.cli", "cockpit.data.load", "cockpit.data.check", "cockpit.data.source"]


def test_core_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules), "
        "sorted(m for m in sys.modules if m.startswith('textual'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
