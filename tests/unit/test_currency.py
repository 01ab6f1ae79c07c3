"""Money in several currencies: converted to one before any sum, for every source alike."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from cockpit.analytics.money import convert_money
from cockpit.config import DataSettings, Settings
from cockpit.data.files.load import load_dataset
from cockpit.data.hive.partitions import period_label
from cockpit.data.source import open_dataset
from cockpit.period import resolve_period
from cockpit.session import panes_of
from tests.helpers.data import write_folder
from tests.helpers.db import canonical_tables, sqlite_copy

AS_OF = date(2026, 6, 30)
RATES = pl.LazyFrame(
    {
        "currency": ["USD", "MXN", "MXN", "MXN", "COP", "EUR"],
        "rate": [1.0, 17.0, 20.0, 16.0, 4000.0, 0.8],
        "valid_from": [None, None, date(2025, 1, 1), date(2026, 4, 1), None, date(2026, 1, 1)],
    }
)


def deals(*rows: tuple[str, str | None, float, date | None, date]) -> pl.LazyFrame:
    """Deals (id, currency, amount, close date, created date) with the columns money reads."""
    ids, codes, amounts, closes, creates = zip(*rows, strict=True)
    return pl.LazyFrame(
        {
            "deal_id": ids,
            "currency": codes,
            "amount": amounts,
            "close_date": closes,
            "created_date": creates,
        },
        schema_overrides={"currency": pl.String, "amount": pl.Float64, "close_date": pl.Date},
    )


def amounts(tables: dict[str, pl.LazyFrame]) -> dict[str, tuple[float, float]]:
    """deal_id → (amount converted, amount as written)."""
    frame = tables["deals"].collect()
    return {r["deal_id"]: (r["amount"], r["amount_original"]) for r in frame.iter_rows(named=True)}


def test_each_deal_converts_at_the_rate_in_force_on_its_day() -> None:
    given = deals(
        ("D1", "MXN", 1_000_000, date(2026, 2, 15), date(2026, 1, 10)),
        ("D2", "mxn", 800_000, date(2026, 5, 10), date(2026, 3, 2)),
        ("D3", "MXN", 170_000, date(2024, 6, 1), date(2024, 5, 1)),
        ("D4", "USD", 1_234.5, date(2026, 3, 1), date(2026, 2, 1)),
        ("D5", "COP", 8_000_000, None, date(2026, 3, 1)),
        ("D6", "EUR", 800, date(2025, 6, 1), date(2025, 5, 1)),
        ("D7", None, 500, date(2026, 3, 1), date(2026, 2, 1)),
    )
    tables, money = convert_money({"deals": given, "currency_rates": RATES}, None, AS_OF)
    assert amounts(tables) == {
        "D1": (50_000, 1_000_000),  # 1,000,000 / 20 (the MXN rate from 2025-01-01)
        "D2": (50_000, 800_000),  # 800,000 / 16 (from 2026-04-01); `mxn` reads as MXN
        "D3": (10_000, 170_000),  # before any dated MXN rate: the undated 17
        "D4": (1_234.5, 1_234.5),  # in the reporting currency: unchanged
        "D5": (2_000, 8_000_000),  # open: on its created date; COP's undated 4,000
        "D6": (1_000, 800),  # before EUR's only (dated) rate: its earliest, 0.8
        "D7": (500, 500),  # names no currency: taken as the reporting one
    }
    assert tables["deals"].collect()["currency"].to_list()[:2] == ["MXN", "MXN"]
    assert money.currency == "USD"  # the rates' base: its every rate is 1
    assert money.summary == (
        "Amounts in USD (3 currencies converted with the data's rates: COP, EUR, MXN)."
    )
    assert money.notices == ("1 deal names no currency and is taken as USD.",)


def test_accounts_convert_at_the_rate_of_as_of() -> None:
    accounts = pl.LazyFrame(
        {"account_id": ["A1"], "currency": ["MXN"], "arr_start": [1_700_000.0], "arr_now": [0.0]}
    )
    tables, _ = convert_money({"accounts": accounts, "currency_rates": RATES}, None, AS_OF)
    row = tables["accounts"].collect().row(0, named=True)
    # On 2026-06-30 the MXN rate is 16 (from 2026-04-01): 1,700,000 / 16 = 106,250.
    assert (row["arr_start"], row["arr_start_original"]) == (106_250, 1_700_000)
    assert (row["arr_now"], row["arr_now_original"]) == (0, 0)


def test_a_configured_currency_other_than_the_base_converts_through_its_own_rate() -> None:
    given = deals(
        ("D1", "USD", 1_000, date(2026, 3, 1), date(2026, 2, 1)),
        ("D2", "MXN", 1_600, date(2026, 5, 1), date(2026, 2, 1)),
        ("D3", "EUR", 50, date(2026, 3, 1), date(2026, 2, 1)),
    )
    tables, money = convert_money({"deals": given, "currency_rates": RATES}, "EUR", AS_OF)
    assert amounts(tables) == {
        "D1": (800, 1_000),  # 1,000 USD × 0.8 EUR per USD
        "D2": (80, 1_600),  # 1,600 MXN / 16 = 100 USD, × 0.8 = 80 EUR
        "D3": (50, 50),  # already EUR
    }
    assert money.currency == "EUR"


def test_rates_listing_no_base_are_per_one_unit_of_the_currency_they_leave_out() -> None:
    rates = pl.LazyFrame({"currency": ["MXN"], "rate": [17.0], "valid_from": [None]})
    given = deals(
        ("D1", "USD", 1_000, date(2026, 3, 1), date(2026, 2, 1)),
        ("D2", "MXN", 1_700, date(2026, 3, 1), date(2026, 2, 1)),
    )
    tables, money = convert_money({"deals": given, "currency_rates": rates}, None, AS_OF)
    assert money.currency == "USD"  # the one currency of the data the rates do not list
    assert amounts(tables)["D2"] == (100, 1_700)  # 1,700 / 17


def test_several_currencies_without_rates_are_never_summed_raw() -> None:
    given = deals(
        ("D1", "USD", 1_000, date(2026, 3, 1), date(2026, 2, 1)),
        ("D2", "USD", 2_000, date(2026, 3, 1), date(2026, 2, 1)),
        ("D3", "MXN", 1_000_000, date(2026, 3, 1), date(2026, 2, 1)),
    )
    tables, money = convert_money({"deals": given}, None, AS_OF)
    assert set(amounts(tables)) == {"D1", "D2"}  # the MXN deal is left out, not added as 1M
    assert money.currency == "USD" and money.not_counted == {"deals": 1}
    assert money.notices[0].startswith(
        "Amounts come in 2 currencies (USD 2 rows, MXN 1) and there are no currency rates: "
        "only the USD rows (the most common currency) are counted (1 deal left out)."
    )


def test_rates_per_another_base_cannot_convert_to_the_configured_currency() -> None:
    given = deals(
        ("D1", "USD", 1_000, date(2026, 3, 1), date(2026, 2, 1)),
        ("D2", "GBP", 700, date(2026, 3, 1), date(2026, 2, 1)),
    )
    tables, money = convert_money({"deals": given, "currency_rates": RATES}, "GBP", AS_OF)
    assert set(amounts(tables)) == {"D2"}
    assert "its rates are per one USD" in money.notices[0]
    assert 'set [data] currency = "USD"' in money.notices[0]


def test_data_naming_no_currency_is_left_as_it_is() -> None:
    given = deals(("D1", None, 1_000, date(2026, 3, 1), date(2026, 2, 1)))
    tables, money = convert_money({"deals": given}, None, AS_OF)
    assert tables["deals"] is given and money.summary is None and money.notices == ()


def test_the_reporting_currency_must_be_a_three_letter_code() -> None:
    assert DataSettings(currency=" eur").currency == "EUR"
    with pytest.raises(ValueError, match="not an ISO 4217 currency code"):
        DataSettings(currency="euro")


def test_a_rate_of_zero_an_unknown_code_or_a_second_rate_is_a_row_problem_of_currency_rates(
    tmp_path: Path,
) -> None:
    folder = write_folder(
        tmp_path,
        {
            "reps.csv": "rep_id,name\nR1,Ann\n",
            "deals.csv": (
                "deal_id,rep_id,stage,amount,created_date,close_date,currency\n"
                "D1,R1,won,100,2026-01-05,2026-02-01,USD\n"
            ),
            "currency_rates.csv": "currency,rate\nusd,1\nMXN,0\nUS$,2\nCOP,-4\nMXN,17\nMXN,18\n",
        },
    )
    dataset = load_dataset(folder)
    problems = dataset.problems.filter(pl.col("table") == "currency_rates")
    by_row = {r["row"]: r for r in problems.iter_rows(named=True)}
    assert by_row[3]["column"] == "rate" and "above 0" in by_row[3]["reason"]
    assert by_row[4]["column"] == "currency" and by_row[4]["value"] == "US$"
    assert "ISO 4217" in by_row[4]["reason"] and by_row[4]["severity"] == "error"
    assert by_row[5]["column"] == "rate" and by_row[5]["reason"] == "negative"
    assert by_row[7]["value"] == "MXN (undated)" and by_row[7]["severity"] == "warning"
    assert "a second rate for the same currency and day" in by_row[7]["reason"]
    assert dataset.tables["currency_rates"].rows() == [("USD", 1.0, None), ("MXN", 17.0, None)]
    assert dataset.summaries["currency_rates"].rows_set_aside == 4


def canonical_folder(root: Path) -> Path:
    """A folder in the canonical layout: deals in MXN and USD, rates with two dated MXN rates."""
    return write_folder(
        root,
        {
            "reps.csv": "rep_id,name\nR1,Ana Ruiz\nR2,Ben Carter\n",
            "deals.csv": (
                "deal_id,rep_id,stage,amount,created_date,close_date,currency\n"
                "D1,R1,won,1000000,2026-01-10,2026-02-15,mxn\n"
                "D2,R1,won,800000,2026-03-02,2026-05-10,MXN\n"
                "D3,R2,won,90000,2026-02-01,2026-03-01,USD\n"
                "D4,R2,won,50000,2026-02-01,2026-03-05,USD\n"
                "D5,R2,lost,300000,2026-02-01,2026-04-05,MXN\n"
            ),
            "currency_rates.csv": (
                "currency,rate,valid_from\nUSD,1,\nMXN,17,\nMXN,20,2025-01-01\nMXN,16,2026-04-01\n"
            ),
        },
    )


def hive_folder(folder: Path, root: Path) -> Path:
    """The same data with deals as hive-partitioned Parquet (`deals/period=2026-Q1/…`)."""
    tables = canonical_tables(folder)
    root.mkdir()
    for name in ("reps", "currency_rates"):
        tables[name].write_csv(root / f"{name}.csv")
    labelled = tables["deals"].with_columns(period_label(pl.col("close_date")).alias("period"))
    for (label,), part in labelled.group_by("period"):
        (root / "deals" / f"period={label}").mkdir(parents=True)
        part.drop("period").write_parquet(root / "deals" / f"period={label}" / "part-0.parquet")
    return root


@pytest.mark.parametrize("source", ["folder", "database", "partitioned"])
def test_every_source_converts_before_it_sums(source: str, tmp_path: Path) -> None:
    folder = canonical_folder(tmp_path / "crm")
    if source == "database":
        data = sqlite_copy(canonical_tables(folder), tmp_path / "crm.db")
    elif source == "partitioned":
        data = str(hive_folder(folder, tmp_path / "hive"))
    else:
        data = str(folder)
    dataset = open_dataset(data, cached=False)
    kinds = {"folder": "Dataset", "database": "DatabaseDataset", "partitioned": "HiveDataset"}
    assert type(dataset).__name__ == kinds[source]
    period = resolve_period(dataset.lazy_tables(), "2026")
    panes = panes_of(dataset, period, Settings())
    won = dict(panes.tiers.select("name", "won_amount").iter_rows())
    # Raw sums rank Ana first (1,800,000 against 140,000). Converted (USD is the base):
    # Ana 1,000,000 / 20 (MXN on 2026-02-15) + 800,000 / 16 (on 2026-05-10) = 100,000;
    # Ben 90,000 + 50,000 = 140,000, first.
    assert won == {"Ben Carter": 140_000, "Ana Ruiz": 100_000}
    assert panes.currency == "USD"
    assert "Amounts in USD (1 currency converted with the data's rates: MXN)." in panes.warnings
