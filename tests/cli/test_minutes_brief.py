"""`cockpit minutes` and `cockpit brief` after a scripted meeting on the bundled sample, and the
review's advice printed whole in table and Markdown reports.

The meeting is written through NoteStore with fixed authors and times, so the pages are stable;
due dates are far in the past or the future, so "overdue" does not depend on the day tests run.
Regenerate the golden pages after an intended change with
    .venv/bin/python -m tests.cli.test_minutes_brief
and read the diff before committing them.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cockpit.notes.store import NoteStore
from tests.helpers.cli import assert_no_traceback, run_cockpit
from tests.helpers.data import KEVIN_WINS, sample_copy
from tests.helpers.paths import TESTS

MINUTES_GOLDEN = TESTS / "golden" / "minutes_sample.md"
BRIEF_GOLDEN = TESTS / "golden" / "brief_sample.md"
SINCE = "2026-10-01"
EARLIER = datetime(2026, 9, 21, 8, 0, tzinfo=UTC)
MEETING = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
LONG_AGO, FAR_AHEAD = date(2020, 1, 6), date(2099, 11, 2)


def ticking(start: datetime) -> Callable[[], datetime]:
    """A clock one minute later on every call: a fixed, ordered meeting."""
    minutes: Iterator[int] = iter(range(10_000))
    return lambda: start + timedelta(minutes=next(minutes))


def scripted_meeting(workspace: Path) -> None:
    """Last week's actions by bo, then this week's meeting by ann: three decisions (one an
    action), two notes (one a growth conversation), a new action, and an old action ticked off."""
    earlier = NoteStore(workspace, author="bo", clock=ticking(EARLIER))
    earlier.add("rep:R00007", "Pipeline review with Kevin", kind="action", due=LONG_AGO)
    earlier.add(
        "segment:Healthcare",
        "Ask customer success for the churn interviews",
        kind="action",
        due=FAR_AHEAD,
        owner="cy",
    )
    deck = earlier.add("rep:R00004", "Send Priya the enablement deck", kind="action", due=LONG_AGO)
    meeting = NoteStore(workspace, author="ann", clock=ticking(MEETING))
    meeting.done(deck.id)
    meeting.decide(
        "flight_risk:rep:R00006",
        "action",
        owner="ann",
        due=FAR_AHEAD,
        comment="Book a growth conversation with Tomás",
    )
    meeting.decide("outcome_over_activity:rep:R00001", "discussed")
    meeting.decide("churn_alert:segment:Healthcare", "snoozed", until=date(2026, 10, 19))
    meeting.add(
        "rep:R00006",
        "Talked about the Strategic AE track.\nWants to mentor new AEs.",
        kind="growth",
    )
    meeting.add("rep:R00001", "Elena will run a lunch-and-learn on her *discovery* calls.")
    meeting.add(
        "rep:R00006",
        "Find a stretch assignment: the Healthcare renewal plan",
        kind="action",
        due=FAR_AHEAD,
        owner="bo",
    )


def cockpit(*args: str) -> subprocess.CompletedProcess[str]:
    """The command in its own process, in UTC (a growth note's day is the writer's local day)."""
    result = run_cockpit(*args, env={**os.environ, "TZ": "UTC"})
    assert_no_traceback(result)
    return result


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("meeting") / "ws"
    scripted_meeting(folder)
    return folder


def minutes_of(workspace: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return cockpit("minutes", "--notes", str(workspace), "--since", SINCE, *extra)


def brief_of(workspace: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return cockpit("brief", "rep:R00006", "--notes", str(workspace), *extra)


# golden pages ----------------------------------------------------------------------------------


def test_minutes_of_the_sample_meeting_match_the_golden_page(workspace: Path) -> None:
    done = minutes_of(workspace)
    assert done.returncode == 0, done.stderr
    page = done.stdout
    # Every record of the meeting is on the page, whatever the golden file says.
    for decided in (
        "**Tomás Rivera (R00006) — flight risk** — action for ann, due 2099-11-02",
        "**Elena Marsh (R00001) — outcome over activity** — discussed",
        "**Healthcare (segment) — churn alert** — snoozed until 2026-10-19",
    ):
        assert decided in page
    for text in (
        "  > Talked about the Strategic AE track.\n  > Wants to mentor new AEs.",
        "Elena will run a lunch-and-learn on her \\*discovery\\* calls.",
        "Book a growth conversation with Tomás",
        "Find a stretch assignment: the Healthcare renewal plan",
        "Send Priya the enablement deck",
    ):
        assert text in page
    new_actions = page.split("## New actions (2)")[1].split("##")[0]
    assert "- [ ] **bo** — due 2099-11-02, about Tomás Rivera (R00006)" in new_actions
    carried = page.split("## Open actions carried over (2)")[1]
    # Overdue first: Kevin's review was due 2020-01-06, the churn interviews 2099-11-02.
    assert carried.index("Pipeline review with Kevin") < carried.index("churn interviews")
    assert "due 2020-01-06 — OVERDUE, about Kevin Brandt (R00007)" in carried
    assert "the data is not a snapshot root" in page
    assert page == MINUTES_GOLDEN.read_text(encoding="utf-8")


def test_brief_of_the_sample_rep_matches_the_golden_page(workspace: Path) -> None:
    done = brief_of(workspace)
    assert done.returncode == 0, done.stderr
    page = done.stdout
    assert page.startswith("# 1:1 brief — Tomás Rivera (R00006)\n")
    # sample_data/deals.csv, R00006 closed in 2026 to 2026-09-30: won 120,100 + 89,600 + 74,100
    # = 283,800 (3 deals), 6 lost; reps.csv quota 215,000, prorated 273/365 = 160,808; pace
    # 283,800 / 160,808 = 176.4%.
    assert "won 283,800 / quota to date 160,808 (annual 215,000 × 273/365 days) = 176.4%" in page
    assert "3 won / (3 won + 6 lost) = 33%" in page
    # The growth note of 2026-10-05 is the last growth conversation now.
    assert "**Last growth conversation** — 2026-10-05\n" in page
    assert "Talked about the Strategic AE track." in page
    # Talking points from the flags: top tier, no stretch assignment (growth.csv leaves it
    # empty), 41 months at level (level_since 2023-04-01 to 2026-09-30).
    assert "- No stretch assignment — ask: Which bigger challenge" in page
    assert "- 41 months at the same level — ask:" in page
    actions = page.split("## Open actions (2)")[1].split("##")[0]
    assert "Book a growth conversation with Tomás" in actions
    assert "Find a stretch assignment" in actions
    assert "No history: the data is not a snapshot root" in page
    assert page == BRIEF_GOLDEN.read_text(encoding="utf-8")


# the pages as files, in HTML -------------------------------------------------------------------


PAGE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "ul", "li", "strong",
    "blockquote", "br", "span", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


class TagsOf(HTMLParser):
    """The tags and attribute names of a page, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.add(tag)
        self.attributes |= {name for name, _ in attrs}


def test_html_minutes_are_one_escaped_page_written_whole(workspace: Path, tmp_path: Path) -> None:
    NoteStore(workspace.parent / "hostile", author="eve", clock=ticking(MEETING)).add(
        "rep:R00001", '<script>alert("x")</script> <img src=http://evil/x.png>'
    )
    out = tmp_path / "minutes.html"
    done = cockpit(
        "minutes", "--notes", str(workspace.parent / "hostile"), "--since", SINCE,
        "--format", "html", "--out", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Wrote the minutes to {out}\n"
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and page.endswith("</html>\n")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    tags = TagsOf()
    tags.feed(page)
    assert tags.names <= PAGE_TAGS, tags.names - PAGE_TAGS  # no script, image, link or frame
    assert not {a for a in tags.attributes if a in ("src", "href") or a.startswith("on")}
    assert "url(" not in page and "@import" not in page
    assert not list(tmp_path.glob(".*.tmp"))  # the temp file was renamed over it


def test_out_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    done = cockpit("minutes", "--out", str(tmp_path / "nope" / "m.md"))
    assert done.returncode == 2
    assert f"the folder {tmp_path / 'nope'} does not exist" in done.stderr


# unknown reps ----------------------------------------------------------------------------------


def test_brief_of_an_unknown_rep_names_the_closest(tmp_path: Path) -> None:
    done = cockpit("brief", "rep:Jamal Carter", "--notes", str(tmp_path))
    assert done.returncode == 2
    # sample_data/reps.csv: "R00009,Jamal Carter,…"
    assert "rep:Jamal Carter is not in the data; did you mean rep:R00009 (Jamal Carter)?" in (
        done.stderr
    )
    assert cockpit("brief", "segment:SMB").returncode == 2


def test_team_minutes_leave_out_other_teams_reps(workspace: Path) -> None:
    done = minutes_of(workspace, "--team", "West")
    assert done.returncode == 0, done.stderr
    # sample_data/reps.csv: Tomás (R00006), Elena (R00001), Kevin (R00007) and Priya (R00004)
    # are East; segments belong to every team.
    for east in ("Tomás", "Elena", "Kevin", "Priya"):
        assert east not in done.stdout
    assert "**Healthcare (segment) — churn alert** — snoozed until 2026-10-19" in done.stdout


# week over week --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_weeks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A snapshot root: the sample, then the sample with Kevin's extra won deal."""
    folder = tmp_path_factory.mktemp("weeks")
    root = folder / "root"
    for week, extra in (("week1", ""), ("week2", KEVIN_WINS)):
        done = cockpit("refresh", str(sample_copy(folder / week, extra)), "--into", str(root))
        assert done.returncode == 0, done.stderr
    return root


def test_brief_shows_the_trend_over_the_snapshots(two_weeks: Path) -> None:
    done = cockpit("brief", "rep:R00007", str(two_weeks))
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 2026")]
    # Kevin: 81,000 won in 2026 to 2026-09-30, annual quota 176,000 prorated 273/365 = 131,638
    # → pace 61%; one more won deal of 100,000 makes 181,000 / 131,638 = 137% and tier top.
    assert [row.split(" | ")[2:5] for row in rows] == [
        ["developing", "81,000", "pace 61%"],
        ["top", "181,000", "pace 137%"],
    ]


def test_minutes_say_what_changed_since_the_previous_snapshot(
    two_weeks: Path, tmp_path: Path
) -> None:
    done = cockpit("minutes", str(two_weeks), "--notes", str(tmp_path), "--since", SINCE)
    assert done.returncode == 0, done.stderr
    changed = done.stdout.split("## What changed since last week")[1].split("##")[0]
    assert "**New: Kevin Brandt (R00007) — flight risk**" in changed
    assert "▲ developing→top, -flag activity without outcome, +flag flight risk" in changed


# the review's advice, whole --------------------------------------------------------------------

# Priya Raman (R00004): growth.csv names next skill "Executive presence", no stretch assignment,
# last growth conversation 2026-08-03, 58 days before the as-of day 2026-09-30 (over 45: stale).
PRIYA_STEP = (
    "Book a growth (not deal) conversation in the next two weeks about progress on Executive "
    "presence and a stretch assignment, and record it as a growth note."
)


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_review_reports_print_the_whole_next_step(fmt: str, tmp_path: Path) -> None:
    assert len(PRIYA_STEP) > 60
    done = cockpit("report", "--pane", "review", "--format", fmt, "--notes", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert PRIYA_STEP in done.stdout
    assert "Growth conversation overdue (last one 58 days ago)." in done.stdout
    assert "…" not in done.stdout


def write_goldens() -> None:
    """Write the golden pages from a fresh scripted meeting (run this module as a script)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder) / "ws"
        scripted_meeting(workspace)
        MINUTES_GOLDEN.write_text(minutes_of(workspace).stdout, encoding="utf-8")
        BRIEF_GOLDEN.write_text(brief_of(workspace).stdout, encoding="utf-8")


if __name__ == "__main__":
    write_goldens()
