"""Salesforce tasks and events typed as Salesforce's own activity reports count them, also when
TaskSubtype or Type is empty: every Event a meeting, logged calls and e-mails by their subject.

Each expected count is worked out by hand from the rows written below.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cockpit.data.files.load import load_dataset
from cockpit.data.mapping import resolve_mapping
from tests.helpers.data import write_folder
from tests.helpers.paths import FIXTURES

USERS = "Id,Name,IsActive,UserType\n005A,Ann Lee,1,Standard\n005B,Bo Chan,1,Standard\n"
DEAL = (
    "Id,OwnerId,StageName,CloseDate,Amount,CreatedDate,IsClosed,IsWon,IsDeleted\n"
    "006A,005A,Closed Won,2026-03-10,100,2026-01-05,1,1,0\n"
)


def counts(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Per rep: calls, emails and meetings as the Salesforce preset reads them."""
    ds = load_dataset(folder, resolve_mapping("salesforce"))
    frame = ds.lazy("activities")
    assert frame is not None
    totals = (
        frame.group_by("rep_id")
        .agg(pl.col("calls").sum(), pl.col("emails").sum(), pl.col("meetings").sum())
        .collect()
    )
    return {r["rep_id"]: (r["calls"], r["emails"], r["meetings"]) for r in totals.to_dicts()}


def test_an_org_without_task_subtypes_is_typed_by_type_and_subject(tmp_path: Path) -> None:
    # An older org: no TaskSubtype column, Type often empty. Ann: "Call" subject (a logged
    # call), "Email: Pricing" (a logged e-mail), Type Call, Type Meeting, one plain to-do;
    # Bo: "Email: Hello", "Call back Tuesday" (a to-do named like a call: not a call).
    tasks = (
        "Id,OwnerId,Subject,ActivityDate,Type,IsDeleted\n"
        "00T1,005A,Call,2026-03-02,,0\n"
        "00T2,005A,Email: Pricing,2026-03-02,,0\n"
        "00T3,005A,Discovery,2026-03-03,Call,0\n"
        "00T4,005A,Lunch,2026-03-03,Meeting,0\n"
        "00T5,005A,Send contract,2026-03-04,,0\n"
        "00T6,005B,Email: Hello,2026-03-04,,0\n"
        "00T7,005B,Call back Tuesday,2026-03-05,,0\n"
    )
    # Events carry no subtype and no Type here: each is a meeting (Ann 1, Bo 2).
    events = (
        "Id,OwnerId,Subject,ActivityDate,DurationInMinutes,IsDeleted\n"
        "00U1,005A,Demo,2026-03-05,60,0\n"
        "00U2,005B,QBR,2026-03-06,90,0\n"
        "00U3,005B,Intro,2026-03-06,30,0\n"
    )
    folder = write_folder(
        tmp_path / "sf",
        {"User.csv": USERS, "Opportunity.csv": DEAL, "Task.csv": tasks, "Event.csv": events},
    )
    assert counts(folder) == {"005A": (2, 1, 2), "005B": (0, 1, 2)}


def test_generic_tasks_follow_type_and_events_are_meetings_whatever_their_type(
    tmp_path: Path,
) -> None:
    # TaskSubtype "Task" is a generic task: its Type decides. An Event of Type "Call" is still
    # an event, which Salesforce's activity reports count as a meeting.
    tasks = (
        "Id,OwnerId,Subject,ActivityDate,TaskSubtype,Type,IsDeleted\n"
        "00T1,005A,Follow up,2026-03-02,Task,Call,0\n"
        "00T2,005A,Newsletter,2026-03-02,ListEmail,,0\n"
        "00T3,005A,Prep deck,2026-03-03,Task,,0\n"
        "00T4,005A,Call,2026-03-03,Call,,1\n"  # deleted: left out
    )
    events = (
        "Id,OwnerId,Subject,ActivityDate,EventSubtype,Type,IsDeleted\n"
        "00U1,005A,Phone sync,2026-03-05,Event,Call,0\n"
    )
    folder = write_folder(
        tmp_path / "sf",
        {"User.csv": USERS, "Opportunity.csv": DEAL, "Task.csv": tasks, "Event.csv": events},
    )
    assert counts(folder) == {"005A": (1, 1, 1)}


def test_the_data_loader_fixture_keeps_its_counts() -> None:
    # Task.csv: Ann 2 calls + 1 e-mail + 1 to-do, Lars 1 call + 1 list e-mail; Event.csv: one
    # meeting each.
    assert counts(FIXTURES / "salesforce_dataloader") == {
        "005Dn000001PrYa": (2, 1, 1),
        "005Dn000001LaRs": (1, 1, 1),
    }
