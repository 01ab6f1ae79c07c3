"""The shipped Salesforce and HubSpot presets on small exports in their real header formats.

Every expected value below is worked out by hand from the fixture files in tests/fixtures.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from cockpit.data.dataset import Dataset
from cockpit.data.files.load import load_dataset
from cockpit.data.mapping import Mapping, detect_preset, read_mapping, resolve_mapping
from cockpit.errors import UsageError
from tests.helpers.data import write_folder
from tests.helpers.paths import FIXTURES, MAVEN

REPORT = FIXTURES / "salesforce_report"
DATALOADER = FIXTURES / "salesforce_dataloader"
HUBSPOT = FIXTURES / "hubspot"
DANGLING = "points to no row"


def load(folder: Path, preset: str) -> Dataset:
    """`folder` loaded through the shipped preset `preset`."""
    return load_dataset(folder, resolve_mapping(preset))


def reasons(ds: Dataset, severity: str, table: str | None = None) -> list[str]:
    """Reasons of the problems of `severity` (in `table`, when given)."""
    frame = ds.problems.filter(pl.col("severity") == severity)
    if table is not None:
        frame = frame.filter(pl.col("table") == table)
    return frame["reason"].to_list()


def won_by_rep(ds: Dataset) -> dict[str, tuple[int, float]]:
    """Rep id → (won deals, won amount)."""
    won = (
        ds.tables["deals"]
        .filter(pl.col("stage") == "won")
        .group_by("rep_id")
        .agg(pl.len().alias("n"), pl.col("amount").sum().alias("total"))
    )
    return {row["rep_id"]: (row["n"], row["total"]) for row in won.iter_rows(named=True)}


def activity_totals(ds: Dataset) -> dict[str, tuple[int, int, int]]:
    """Rep id → (calls, emails, meetings) summed over all activity rows."""
    totals = (
        ds.tables["activities"].group_by("rep_id").agg(pl.col("calls", "emails", "meetings").sum())
    )
    return {
        r["rep_id"]: (r["calls"], r["emails"], r["meetings"]) for r in totals.iter_rows(named=True)
    }


def column(ds: Dataset, table: str, name: str, key: str) -> dict[str, object]:
    """`table`'s `name` values by `key`."""
    return dict(ds.tables[table].select(key, name).iter_rows())


@pytest.mark.parametrize(
    ("folder", "preset", "tables"),
    [
        (REPORT, "salesforce", {"reps", "deals", "leads", "activities", "accounts"}),
        (DATALOADER, "salesforce", {"reps", "deals", "leads", "activities", "accounts"}),
        (HUBSPOT, "hubspot", {"reps", "deals", "leads", "accounts"}),
    ],
)
def test_fixture_loads_through_its_preset_without_errors(
    folder: Path, preset: str, tables: set[str]
) -> None:
    ds = load(folder, preset)
    assert ds.error_count == 0, reasons(ds, "error")
    assert set(ds.tables) == tables
    assert not [r for r in reasons(ds, "warning") if DANGLING in r]


# ---------------------------------------------------------------- Salesforce report exports


def test_report_cp1252_names_decode_and_join_across_files() -> None:
    ds = load(REPORT, "salesforce")
    assert ds.tables["reps"]["name"].to_list() == ["Jürgen Müller", "Amélie Dubois", "Søren Ærø"]
    assert "Société Lumière SARL" in ds.tables["accounts"]["name"].to_list()
    # Without id columns the report keys owners by name: the accented names must match exactly.
    assert won_by_rep(ds) == {"Jürgen Müller": (3, 24_500.50), "Amélie Dubois": (1, 20_000.0)}


def test_report_dates_are_day_first() -> None:
    ds = load(REPORT, "salesforce")
    close = column(ds, "deals", "close_date", "deal_id")
    assert close["006Dn00000Op001"] == date(2026, 4, 3)  # 03/04/2026
    assert close["006Dn00000Op002"] == date(2026, 2, 25)  # 25/02/2026
    assert close["006Dn00000Op006"] is None  # open: its expected close date is not an outcome
    assert column(ds, "leads", "assigned_date", "lead_id")["00QDn00000Ld002"] == date(2026, 2, 14)


def test_report_footer_rows_are_skipped_and_reported_as_info() -> None:
    ds = load(REPORT, "salesforce")
    assert "7 rows from row 8 on skipped" in " ".join(reasons(ds, "info", "deals"))
    assert ds.summaries["deals"].rows_read == 13
    assert ds.summaries["deals"].rows_loaded == 6
    for table in ("reps", "leads", "activities", "accounts"):
        assert any("follow the first blank row" in r for r in reasons(ds, "info", table))


def test_report_stages_sources_and_segments() -> None:
    ds = load(REPORT, "salesforce")
    deals = ds.tables["deals"].sort("deal_id")
    assert deals["stage"].to_list() == ["won", "won", "won", "lost", "won", "open"]
    assert deals["source"].to_list() == ["self", "company", "partner", "company", None, "self"]
    assert deals["amount"].to_list() == [12_000.0, 8_500.5, 4_000.0, 5_000.0, 20_000.0, 7_000.0]
    # 15-character account ids join deals to the accounts' industries.
    assert deals["segment"][0] == "Manufacturing"


def test_report_leads_and_activities() -> None:
    ds = load(REPORT, "salesforce")
    leads = ds.tables["leads"].sort("lead_id")  # stored sorted by rep
    assert leads["origin"].to_list() == ["self", "company", "company"]  # Cold Call, Web, empty
    assert leads["converted"].to_list() == [True, False, False]
    assert activity_totals(ds) == {"Jürgen Müller": (1, 1, 1), "Søren Ærø": (0, 0, 0)}


def test_report_lacking_optional_columns_warns_and_still_loads() -> None:
    ds = load(REPORT, "salesforce")
    left_empty = [r for r in reasons(ds, "warning", "leads") if "is left empty" in r]
    assert len(left_empty) == 2  # no Industry, no ConvertedOpportunityId in a leads report
    assert ds.tables["leads"].height == 3


# ---------------------------------------------------------------- Salesforce Data Loader exports


def test_dataloader_18_char_owner_ids_join_15_char_user_ids() -> None:
    ds = load(DATALOADER, "salesforce")
    priya, lars, mei = "005Dn000001PrYa", "005Dn000001LaRs", "005Dn000001MeIc"
    assert ds.tables["reps"]["rep_id"].to_list() == [priya, lars, mei]
    assert ds.tables["reps"]["name"].to_list() == ["Priya Shah", "Lars Østergaard", "Mei Chen"]
    assert column(ds, "reps", "manager", "rep_id")[priya] == mei
    # "Closed - Signed" is no stage the preset knows: IsClosed/IsWon make it won all the same.
    assert won_by_rep(ds) == {priya: (2, 45_000.0), lars: (1, 22_000.5)}
    assert set(ds.tables["deals"]["account_id"]) == {"001Dn00000NoRtH", "001Dn00000CoNtO"}


def test_dataloader_iso_datetimes_are_cut_to_their_utc_day() -> None:
    ds = load(DATALOADER, "salesforce")
    created = column(ds, "deals", "created_date", "deal_id")
    assert created["006Dn00000Opp04"] == date(2026, 3, 1)  # 2026-03-01T23:30:00.000Z
    assert column(ds, "deals", "close_date", "deal_id")["006Dn00000Opp04"] == date(2026, 3, 31)


def test_dataloader_leads_link_to_deals_and_fold_lead_sources() -> None:
    ds = load(DATALOADER, "salesforce")
    leads = ds.tables["leads"].sort("lead_id")  # stored sorted by rep
    assert leads["origin"].to_list() == ["self", "company", "company", "company"]
    assert leads["converted"].to_list() == [True, False, False, False]
    assert leads["deal_id"][0] == "006Dn00000Opp01"


def test_dataloader_tasks_and_events_count_as_calls_emails_meetings() -> None:
    ds = load(DATALOADER, "salesforce")
    assert ds.summaries["activities"].files == [
        "Task.csv",
        "Event.csv",
    ]  # in the order the preset names them
    assert activity_totals(ds) == {"005Dn000001PrYa": (2, 1, 1), "005Dn000001LaRs": (1, 1, 1)}


def test_dataloader_all_caps_headers_load_the_same(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {}
    for path in DATALOADER.glob("*.csv"):
        header, rest = path.read_text(encoding="utf-8").split("\n", 1)
        files[path.name] = header.upper() + "\n" + rest
    caps = load(write_folder(tmp_path / "caps", files), "salesforce")
    plain = load(DATALOADER, "salesforce")
    assert caps.error_count == 0
    for name, frame in plain.tables.items():
        canonical = [c for c in frame.columns if not c[0].isupper() and not c.startswith("_")]
        assert caps.tables[name].select(canonical).equals(frame.select(canonical)), name


# ---------------------------------------------------------------- HubSpot


def test_hubspot_deals_join_owners_by_owner_id() -> None:
    ds = load(HUBSPOT, "hubspot")
    reps = column(ds, "reps", "name", "rep_id")
    assert reps == {
        "52550153": "Nora Lindqvist",
        "52550154": "Diego Ramírez",
        "61230001": "Aiko Tanaka",
    }
    # Deal 3003 sits in a custom pipeline (stage id 87654399): hs_is_closed_won makes it won.
    assert won_by_rep(ds) == {"52550153": (3, 15_000.25), "52550154": (1, 12_000.0)}
    assert column(ds, "deals", "segment", "deal_id")["3004"] == "RESTAURANTS"


def test_hubspot_reps_keyed_on_user_id_would_leave_every_deal_dangling() -> None:
    preset = resolve_mapping("hubspot")
    wrong = preset.model_copy(deep=True)
    wrong.tables["reps"].columns["rep_id"] = "userId"
    ds = load_dataset(HUBSPOT, wrong)
    dangling = ds.problems.filter(
        (pl.col("table") == "deals") & pl.col("reason").str.contains(DANGLING)
    )
    assert dangling.height == 7


def test_hubspot_without_closed_flags_folds_dealstage(tmp_path: Path) -> None:
    deals = pl.read_csv(HUBSPOT / "deals.csv", infer_schema=False).drop(
        "hs_is_closed", "hs_is_closed_won"
    )
    files: dict[str, str | bytes] = {p.name: p.read_bytes() for p in HUBSPOT.glob("*.csv")}
    files["deals.csv"] = deals.write_csv()
    ds = load(write_folder(tmp_path / "hs", files), "hubspot")
    stages = column(ds, "deals", "stage", "deal_id")
    assert [stages[d] for d in ("3001", "3005", "3006")] == ["won", "lost", "open"]
    assert stages["3003"] == "open"  # a custom pipeline's stage id: the documented limit


def test_hubspot_contacts_become_leads() -> None:
    ds = load(HUBSPOT, "hubspot")
    leads = ds.tables["leads"]
    # google, CRM_UI, IMPORT, EXTENSION, (paid search), (direct traffic)
    assert leads["origin"].to_list() == ["company", "self", "company", "self", "company", "company"]
    # customer, opportunity, lead, salesqualifiedlead, marketingqualifiedlead, (empty)
    assert leads["converted"].to_list() == [True, True, False, False, False, False]
    assert leads["assigned_date"][0] == date(2026, 1, 3)


# ---------------------------------------------------------------- detection and mapping files


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        (REPORT, "salesforce"),
        (DATALOADER, "salesforce"),
        (HUBSPOT, "hubspot"),
        (MAVEN, "maven_crm"),
    ],
)
def test_detect_preset_picks_the_export(folder: Path, expected: str) -> None:
    found = detect_preset(folder)
    assert found is not None and found.name == expected


def test_detect_preset_leaves_a_canonical_folder_alone(minimal: Path) -> None:
    assert detect_preset(minimal) is None


def test_mapping_with_a_typo_names_the_key(tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text(
        'name = "x"\n[tables.deals]\nsource = "d.csv"\ncolums = { deal_id = "Id" }\n',
        encoding="utf-8",
    )
    with pytest.raises(UsageError, match=r"tables\.deals\.colums: unknown key"):
        read_mapping(path)


def test_shipped_presets_are_valid_mappings() -> None:
    for name in ("salesforce", "hubspot", "maven_crm"):
        assert isinstance(resolve_mapping(name), Mapping)
