"""The Salesforce weekly Data Export's own spellings: 1/0 flags, `YYYY-MM-DD HH:MM:SS` stamps,
cp1252 text, and `000000000000000AAA` for an empty lookup. Counts worked out from the rows below."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cockpit.data.files.load import load_dataset
from cockpit.data.mapping import resolve_mapping
from tests.helpers.data import write_folder

USERS = "Id,Name,IsActive,UserType\n005A00000000001AAA,Zoë Müller,1,Standard\n"
OPPS = (
    "Id,OwnerId,AccountId,StageName,CloseDate,Amount,CreatedDate,IsClosed,IsWon,IsDeleted\n"
    "006A00000000001AAA,005A00000000001AAA,000000000000000AAA,Closed Won,2026-03-10,100,"
    "2026-01-05 09:30:00,1,1,0\n"
    "006A00000000002AAA,005A00000000001AAA,001A00000000001AAA,Negotiation,2026-06-30,50,"
    "2026-02-05 10:00:00,0,0,0\n"
)
ACCOUNTS = (
    "Id,Name,Industry,OwnerId,IsDeleted\n001A00000000001AAA,Acme,Retail,005A00000000001AAA,0\n"
)
LEADS = (
    "Id,OwnerId,CreatedDate,LeadSource,IsConverted,ConvertedOpportunityId,IsDeleted\n"
    "00QA00000000001AAA,005A00000000001AAA,2026-01-02 08:00:00,Web,0,000000000000000AAA,0\n"
    "00QA00000000002AAA,005A00000000001AAA,2026-01-03 08:00:00,Web,1,006A00000000001AAA,0\n"
)


def test_empty_lookups_flags_and_stamps_read_as_salesforce_meant_them(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "export",
        {
            "User.csv": USERS.encode("cp1252"),
            "Opportunity.csv": OPPS,
            "Account.csv": ACCOUNTS,
            "Lead.csv": LEADS,
        },
    )
    ds = load_dataset(folder, resolve_mapping("salesforce"))
    deals = ds.lazy("deals").sort("deal_id").collect()  # type: ignore[union-attr]
    assert deals["stage"].to_list() == ["won", "open"]
    # The all-zero AccountId is no account, not a dangling reference to one.
    assert deals["account_id"].to_list() == [None, "001A00000000001"]
    leads = ds.lazy("leads").sort("lead_id").collect()  # type: ignore[union-attr]
    assert leads["deal_id"].to_list() == [None, "006A00000000001"]
    assert ds.lazy("reps").collect()["name"].to_list() == ["Zoë Müller"]  # type: ignore[union-attr]
    dangling = ds.problems.filter(pl.col("reason").str.contains("points to no row"))
    assert dangling.is_empty(), dangling
    assert str(deals["created_date"][0]) == "2026-01-05"
