"""Where the tests find the repository, their fixture folders and the golden report."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
"""The checkout: `cockpit/` and `sample_data/` are found under it."""
FIXTURES = TESTS / "fixtures"
HOSTILE = FIXTURES / "hostile"
MAVEN = FIXTURES / "external" / "maven_crm"
GOLDEN = TESTS / "golden" / "sample_report.json"
"""Every pane of the bundled sample as `cockpit report --pane all --format json` wrote it."""
