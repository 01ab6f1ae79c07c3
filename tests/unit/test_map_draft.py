"""`cockpit map`'s drafts of real exports: which file feeds each table and which column each field
takes, read back as the mapping a user would save.

Every expected value is worked out by hand from the fixture files in tests/fixtures.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from cockpit.data.draft import draft_mapping
from cockpit.data.draft.dates import guess_dates
from cockpit.data.draft.preset import preset_draft
from cockpit.data.draft.toml_text import comment, toml_key, toml_string
from cockpit.data.files.load import load_dataset
from cockpit.data.mapping import Mapping, detect_preset, presets_tried
from cockpit.errors import DataError
from cockpit.session import no_preset_fits
from tests.helpers.data import write_folder
from tests.helpers.paths import FIXTURES, MAVEN

EXTERNAL = FIXTURES / "external"
DATALOADER = FIXTURES / "salesforce_dataloader"
REPORT = FIXTURES / "salesforce_report"
HUBSPOT = FIXTURES / "hubspot"


def drafted(folder: Path) -> tuple[dict[str, Any], str]:
    """The draft for `folder` as a user's TOML parser reads it, and its text."""
    text = draft_mapping(folder).text
    return tomllib.loads(text), text


def line_of(text: str, start: str) -> str:
    """The draft's line starting with `start`."""
    return next(line for line in text.splitlines() if line.startswith(start))


# ---------------------------------------------------------------- TOML text


@pytest.mark.parametrize(
    "text",
    [
        'Owner "the" rep',
        "back\\slash\\",
        "]] [[tables.deals]]",
        "bell\x07 escape\x1b[31m tab\t",
        "Jürgen Müller – Ærø",
        "right-to-left \u202e override \u2028 line separator",
        "",
    ],
)
def test_any_header_round_trips_as_a_toml_string_and_key(text: str) -> None:
    parsed = tomllib.loads(f"{toml_key(text or 'x')} = {toml_string(text)}\n")
    assert parsed == {text or "x": text}
    # Nothing that would move the cursor or reverse the line reaches the terminal.
    assert not any(c in toml_string(text) for c in "\x07\x1b\t\n\u202e\u2028")


def test_a_comment_stays_one_line() -> None:
    said = comment("value 'a\nb' \x1b[2J \u2028")
    assert "\n" not in said and "\x1b" not in said and "\u2028" not in said
    assert tomllib.loads(said + "\n") == {}


# ---------------------------------------------------------------- dates


def test_dates_with_a_day_above_12_in_second_place_are_month_first() -> None:
    guess = guess_dates(["03/04/2026", "03/25/2026", "12/01/2026"])
    assert guess is not None and guess.order == "month"
    assert guess.formats == ("%m/%d/%Y",)
    assert guess.evidence == "03/25/2026"


def test_dates_with_a_day_above_12_in_first_place_are_day_first() -> None:
    guess = guess_dates(["25/02/2026 14:05", "03/04/2026"])
    assert guess is not None and guess.order == "day"
    assert set(guess.formats) == {"%d/%m/%Y", "%d/%m/%Y %H:%M"}


def test_dates_no_value_decides_are_said_to_be_undecided() -> None:
    guess = guess_dates(["03/04/2026", "12/01/2026"])
    assert guess is not None and guess.order == "unknown"


def test_iso_dates_need_no_format_and_text_is_no_date() -> None:
    assert guess_dates(["2026-01-05", "2026-02-01T10:00:00.000Z"]) == guess_dates(["2026-01-05"])
    assert guess_dates(["2026-01-05"]).formats == ()  # type: ignore[union-attr]
    assert guess_dates(["2026-01-05", "next week"]) is None


def test_two_digit_years_are_not_read_as_the_year_26() -> None:
    guess = guess_dates(["3/14/26"])
    assert guess is not None and guess.formats == ("%m/%d/%y",)


# ---------------------------------------------------------------- real exports


def test_maven_deals_come_from_the_pipeline_with_every_stage_found() -> None:
    mapping, text = drafted(MAVEN)
    deals = mapping["tables"]["deals"]
    assert deals["source"] == "sales_pipeline.csv"
    assert deals["columns"] == {
        "deal_id": "opportunity_id",
        "rep_id": "sales_agent",
        "account_id": "account",
        "created_date": "engage_date",
        "close_date": "close_date",
        "stage": "deal_stage",
        "amount": "close_value",
    }
    # deal_stage over all 8,800 rows: Won 4,238, Lost 2,473, Engaging 1,589, Prospecting 500 (the
    # 500 Prospecting rows all come after row 5,000: the value list reads every row).
    assert deals["values"]["stage"] == {
        "Won": "won",
        "Lost": "lost",
        "Engaging": "open",
        "Prospecting": "open",
    }
    # Prospecting deals have no engage_date (500) and open deals no close_value (1,589 + 500).
    assert deals["allow_empty"] == ["created_date", "amount"]
    assert "500 of all 8,800 rows" in line_of(text, "allow_empty")
    assert "2,089 of all 8,800 rows" in line_of(text, "allow_empty")
    # The agents file is keyed by the names the pipeline's sales_agent holds; accounts by name.
    assert mapping["tables"]["reps"]["source"] == "sales_teams.csv"
    assert mapping["tables"]["reps"]["columns"]["rep_id"] == "sales_agent"
    assert mapping["tables"]["accounts"]["columns"]["account_id"] == "account"
    assert mapping["tables"]["accounts"]["columns"]["segment"] == "sector"
    assert "# arr_start = …  # not found" in text
    assert "# leads: not found" in text


def test_data_loader_reads_won_and_lost_from_the_flags_not_the_stage_names() -> None:
    mapping, text = drafted(DATALOADER)
    deals = mapping["tables"]["deals"]
    # Opp02's stage is "Closed - Signed" but IsClosed/IsWon say won: the flags decide.
    assert deals["columns"]["stage"] == {"join": ["IsClosed", "IsWon"]}
    assert deals["values"]["stage"] == {
        "true true": "won",
        "true false": "lost",
        "false false": "open",
    }
    assert set(deals["booleans"]) == {"IsClosed", "IsWon"}
    assert "Closed - Signed" in text  # the stage names found are shown beside the flags
    # User.csv has 15-character ids, Opportunity.csv's OwnerId 18: cut to 15 to join.
    assert "rep_id" in deals["salesforce_ids"]
    assert mapping["tables"]["reps"]["columns"]["rep_id"] == "Id"
    assert mapping["tables"]["reps"]["columns"]["name"] == {"join": ["FirstName", "LastName"]}
    # Task.csv and Event.csv are both activities, read together.
    activities = mapping["tables"]["activities"]
    assert activities["source"] == [["Event.csv", "Task.csv"]]
    assert activities["values"]["meetings"]["Event"] == "1"
    assert activities["values"]["calls"]["Call"] == "1"
    assert activities["values"]["emails"]["Email"] == "1"


def test_data_loader_draft_loads_the_won_deals_the_flags_say(tmp_path: Path) -> None:
    draft = tmp_path / "draft.toml"
    draft.write_text(draft_mapping(DATALOADER).text, encoding="utf-8")
    from cockpit.data.mapping import read_mapping

    ds = load_dataset(DATALOADER, read_mapping(draft))
    deals = ds.tables["deals"]
    won = deals.filter(deals["stage"] == "won")
    # IsClosed+IsWon true: Opp01 30,000 + Opp02 15,000 + Opp04 22,000.5 = 67,000.5.
    assert won.height == 3 and won["amount"].sum() == pytest.approx(67_000.5)
    assert (deals["stage"] == "lost").sum() == 2  # Opp03, Opp06
    # Task.csv 6 rows + Event.csv 2 rows; the 2 events are meetings.
    assert ds.tables["activities"].height == 8
    assert ds.tables["activities"]["meetings"].sum() == 2


def test_a_salesforce_report_is_cp1252_day_first_with_a_footer() -> None:
    mapping, text = drafted(REPORT)
    deals = mapping["tables"]["deals"]
    assert deals["encoding"] == "auto"  # 'Jürgen' is written in cp1252
    assert deals["stop_at_blank_row"] is True  # row 8 is blank; "Grand Totals" follows
    # Close Date has 25/02/2026: day-first.
    assert deals["date_formats"]["close_date"] == ["%d/%m/%Y"]
    assert "'25/02/2026'" in line_of(text, "close_date = [")
    assert deals["values"]["stage"] == {
        "Closed Won": "won",
        "Closed Lost": "lost",
        "Proposal/Price Quote": "open",
    }
    # Owners by name: the users report is keyed by 'Full Name', which holds them.
    assert mapping["tables"]["reps"]["columns"]["rep_id"] == "Full Name"


def test_hubspot_owners_are_keyed_by_id_not_user_id() -> None:
    mapping, text = drafted(HUBSPOT)
    # deals.hubspot_owner_id holds 52550153, 52550154, 61230001: owners.csv's id, not userId.
    reps = mapping["tables"]["reps"]["columns"]
    assert reps["rep_id"] == "id"
    assert "match 3 of the 3 owners of deals" in line_of(text, 'rep_id = "id"')
    deals = mapping["tables"]["deals"]["columns"]
    assert deals["rep_id"] == "hubspot_owner_id"
    assert deals["stage"] == {"join": ["hs_is_closed", "hs_is_closed_won"]}
    assert deals["amount"] == "amount"
    assert mapping["tables"]["leads"]["source"] == "contacts.csv"


def test_fivetran_hubspot_joins_the_stage_table_for_won_and_lost() -> None:
    mapping, _ = drafted(EXTERNAL / "fivetran_hubspot")
    deals = mapping["tables"]["deals"]
    assert deals["source"] == "deal_data.csv"
    (join,) = deals["joins"]
    assert join["file"] == "deal_pipeline_stage_data.csv"
    assert join["on"] == {"deal_pipeline_stage_id": "stage_id"}
    assert set(join["columns"]) == {"is_closed", "closed_won"}
    assert deals["columns"]["stage"] == {"join": ["is_closed", "closed_won"]}
    assert deals["columns"]["amount"] == "property_amount"
    assert deals["where"] == "NOT is_deleted"


def test_fivetran_salesforce_leaves_deleted_and_history_rows_out() -> None:
    mapping, text = drafted(EXTERNAL / "fivetran_salesforce")
    deals = mapping["tables"]["deals"]
    assert deals["source"] == "sf_opportunity_data.csv"
    assert deals["where"].startswith("NOT is_deleted AND (_fivetran_active IS NULL")
    # Every one of the 10 opportunities is is_deleted = true.
    assert "10 of all 10 rows are deleted records" in text
    assert deals["columns"]["rep_id"] == "owner_id"
    assert mapping["tables"]["activities"]["source"] == [["sf_event_data.csv", "sf_task_data.csv"]]


def test_an_org_export_without_users_drafts_no_reps() -> None:
    mapping, text = drafted(EXTERNAL / "salesforce_datacloud_workshop")
    # Contact.csv has owners and names but is not a user file: reps come from the deal owners.
    assert "reps" not in mapping["tables"]
    assert "# reps: not found" in text
    assert mapping["tables"]["deals"]["source"] == "Opportunity.csv"
    assert mapping["tables"]["leads"]["source"] == "Lead.csv"
    # Task.csv types live in Type__c (Call 17, Email 18, Meeting 12, Prep 15, Other 13).
    assert mapping["tables"]["activities"]["columns"]["calls"] == "Type__c"


def test_every_draft_is_a_valid_mapping() -> None:
    for folder in [MAVEN, DATALOADER, REPORT, HUBSPOT, *sorted(EXTERNAL.iterdir())]:
        Mapping.model_validate(drafted(folder)[0])


# ---------------------------------------------------------------- made-up folders


def test_us_dates_get_the_month_first_format(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "us",
        {
            "opps.csv": "Opportunity ID,Owner,Stage,Amount,Created,Close Date\n"
            "O1,ann,Closed Won,100,01/05/2026,03/25/2026\n"
            "O2,bob,Closed Lost,200,02/01/2026,03/02/2026\n"
        },
    )
    mapping, text = drafted(folder)
    formats = mapping["tables"]["deals"]["date_formats"]
    # 03/25/2026: 25 cannot be a month. Created has no such day: it follows the folder's order.
    assert formats == {"created_date": ["%m/%d/%Y"], "close_date": ["%m/%d/%Y"]}
    assert "month-first (US)" in line_of(text, "created_date = [")


def test_dates_nothing_decides_get_a_comment(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "amb",
        {
            "opps.csv": "Opportunity ID,Owner,Stage,Amount,Created\n"
            "O1,ann,Closed Won,100,01/05/2026\nO2,bob,Closed Lost,200,02/01/2026\n"
        },
    )
    mapping, text = drafted(folder)
    assert mapping["tables"]["deals"]["date_formats"] == {"created_date": ["%m/%d/%Y"]}
    assert "cannot tell day-first from month-first" in line_of(text, "created_date = [")


def test_a_european_excel_save_gets_its_separator_and_decimal_comma(tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "eu",
        {
            "deals_export.csv": "Deal;Owner;Stage;Amount;Created\n"
            "D1;ann;won;1.234,50;2026-01-05\nD2;bob;lost;235400,00;2026-01-06\n"
        },
    )
    deals = drafted(folder)[0]["tables"]["deals"]
    assert (deals["separator"], deals["decimal"]) == (";", ",")
    from cockpit.data.mapping import Mapping as Model

    ds = load_dataset(folder, Model.model_validate(drafted(folder)[0]))
    assert ds.tables["deals"]["amount"].to_list() == [1234.5, 235400.0]


def test_a_hostile_header_and_value_round_trip(tmp_path: Path) -> None:
    header = 'Owner "x" ]]\x07'
    value = 'odd\x1b[31m ]] "x"\u202e'
    csv_header = header.replace('"', '""')
    csv_value = value.replace('"', '""')
    folder = write_folder(
        tmp_path / "h",
        {
            "pipeline.csv": f'deal id,"{csv_header}",stage,amount,created\n'
            "D1,ann,Won,5,2026-01-01\n"
            f'D2,bob,"{csv_value}",7,2026-01-02\n'
        },
    )
    mapping, text = drafted(folder)
    deals = mapping["tables"]["deals"]
    # Polars (so the loader too) keeps a quoted header's doubled quotes as written.
    assert deals["columns"]["rep_id"] == csv_header
    assert deals["values"]["stage"][value] == "open"
    assert not any(c in text for c in "\x07\x1b\u202e")
    ds = load_dataset(folder, Mapping.model_validate(mapping))
    assert ds.tables["deals"]["rep_id"].to_list() == ["ann", "bob"]


def test_a_large_report_keeps_its_footer_out_and_lists_late_stages(tmp_path: Path) -> None:
    rows = ["Opportunity Owner,Opportunity ID,Stage,Amount,Close Date,Created Date"]
    # 6,000 deals; 'Negotiation' only from row 5,502 on, after the 5,000 rows sampled.
    for i in range(6000):
        stage = ("Closed Won", "Closed Lost", "Prospecting")[i % 3] if i < 5500 else "Negotiation"
        rows.append(f"Ann {i % 7},O{i},{stage},{i}.00,2026-01-02,2026-01-01")
    rows += ["", "Grand Totals (6000 records)", "Confidential"]
    folder = write_folder(tmp_path / "r", {"opportunities.csv": "\n".join(rows) + "\n"})
    mapping, text = drafted(folder)
    deals = mapping["tables"]["deals"]
    assert deals["stop_at_blank_row"] is True
    assert deals["values"]["stage"]["Negotiation"] == "open"
    assert "Grand Totals" not in text  # the footer is no value of any column
    ds = load_dataset(folder, Mapping.model_validate(mapping))
    assert ds.tables["deals"].height == 6000


def test_a_folder_with_no_recognisable_table_still_gets_a_valid_draft(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "j", {"x.csv": "a,b\n1,2\n"})
    mapping, text = drafted(folder)
    assert mapping["tables"] == {}
    assert "# deals: not found" in text and "files not used: x.csv" in text


def test_a_folder_without_table_files_has_nothing_to_draft(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "n", {"notes.txt": "hello"})
    with pytest.raises(DataError, match="no CSV or Parquet files"):
        draft_mapping(folder)


# ---------------------------------------------------------------- presets


def test_a_preset_draft_says_which_stages_its_map_does_not_list() -> None:
    text = preset_draft(REPORT, "salesforce").text
    Mapping.model_validate(tomllib.loads(text))
    # opportunities.csv's Stage has 'Proposal/Price Quote', which only "*" = "open" catches.
    assert "'Proposal/Price Quote'" in text
    assert "they count as 'open'" in text
    assert "# found: opportunities.csv" in text
    assert "# not found: no file of the folder matches" in text  # no currency rates file


# ---------------------------------------------------------------- detection and its message


def test_a_connector_file_with_fitting_headers_is_recognised(tmp_path: Path) -> None:
    folder = tmp_path / "fivetran"
    folder.mkdir()
    source = EXTERNAL / "fivetran_salesforce" / "sf_opportunity_data.csv"
    # The same export without the _fivetran_synced column its [detect] headers name.
    lines = source.read_text(encoding="utf-8").splitlines()
    (folder / "sf_opportunity_data.csv").write_text(
        "\n".join(line.split(",", 1)[1] for line in lines) + "\n", encoding="utf-8"
    )
    found = detect_preset(folder)
    assert found is not None and found.name == "fivetran_salesforce"


def test_a_connector_file_name_alone_is_not_enough(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "x", {"sf_opportunity_data.csv": "id,name\n1,a\n"})
    assert detect_preset(folder) is None
    tried = dict(line.split(": ", 1) for line in presets_tried(folder))
    assert tried["fivetran_salesforce"].startswith("sf_opportunity_data.csv lacks owner_id")


def test_the_no_preset_message_names_every_preset_and_the_map_command(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "crm", {"export.csv": "Id,OwnerId,Stage\n1,2,won\n"})
    said = no_preset_fits(str(folder))
    from cockpit.data.mapping import preset_names

    for name in preset_names():
        assert f"\n  {name}: " in said
    # export.csv holds Id and OwnerId of Salesforce's first header set, not StageName, CloseDate.
    assert "salesforce: closest is export.csv, which lacks StageName, CloseDate" in said
    assert f"cockpit map {folder} > my.toml" in said
    assert "--mapping my.toml" in said
