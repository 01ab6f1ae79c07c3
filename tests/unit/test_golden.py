"""Golden output of every pane on the bundled sample: any change to a number shows in review.

Regenerate after an intended change with:
    .venv/bin/cockpit report --pane all --format json > tests/golden/sample_report.json
and read the diff before committing it.
"""

from __future__ import annotations

import json

from cockpit.config import Settings
from cockpit.data.source import open_dataset
from cockpit.period import resolve_period
from cockpit.report.panes import render
from cockpit.session import panes_of
from tests.helpers.data import rounded
from tests.helpers.paths import GOLDEN


def test_sample_report_matches_golden() -> None:
    dataset = open_dataset(None)
    panes = panes_of(dataset, resolve_period(dataset.tables), Settings())
    got = json.loads(render(panes, "all", "json"))
    assert rounded(got) == rounded(json.loads(GOLDEN.read_text()))


def test_sample_stories_surface_in_the_review_queue() -> None:
    queue = json.loads(GOLDEN.read_text())["review"]
    ids = {item["item_id"] for item in queue}
    assert "outcome_over_activity:rep:R00001" in ids  # Elena: over quota, little activity
    assert "activity_without_outcome:rep:R00007" in ids  # Kevin: busy, poor results
    assert "flight_risk:rep:R00006" in ids  # Tomás: top rep, months without a growth talk
    assert "churn_alert:segment:Healthcare" in ids
    assert "underused_converter:rep:R00004" in ids  # Priya converts far above the team
    assert queue[0]["severity"] == "high"
