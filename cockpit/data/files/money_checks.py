"""Money rules across tables: rates that cannot convert, amounts in a currency without a rate,
and amounts in several currencies with no rates at all.

The loader does not know the config's reporting currency, and needs not: with a rates table
whose base is known (a currency whose every rate is 1), an amount in a currency the table lacks
cannot be converted to any reporting currency, so it is set aside here with its file and row.
Which currency needs no rate when the table names no base is the config's to say: the
conversion (`cockpit.analytics.money`) decides that, for every source alike.
"""

from __future__ import annotations

import polars as pl

from cockpit.data import problems as prob
from cockpit.data.currencies import (
    CURRENCY,
    Currencies,
    counts_in_words,
    currency_code,
    is_code,
    rate_bases,
    rows_as_written,
    usable_rates,
)
from cockpit.data.schema import FILE

WHAT_TO_DO = "add a rate for {} to currency_rates, or set [data] currency"
"""The fix for an amount without a rate: the currency goes in the braces."""


def check_rates(rates: pl.LazyFrame) -> tuple[pl.LazyFrame, list[pl.LazyFrame]]:
    """The rates with their codes upper-cased, less the rows that cannot convert (set aside,
    each reported): a code that is not three letters, a rate of 0, a second rate of one
    currency for the same day."""
    bad_code = ~is_code()
    no_rate = pl.col("rate") <= 0
    coded = rates.filter(~bad_code & ~no_rate).with_columns(currency_code())
    repeat = ~pl.struct(CURRENCY, "valid_from").is_first_distinct()
    reports = [
        prob.row_problems(
            rates.filter(bad_code),
            "currency_rates",
            CURRENCY,
            pl.col(CURRENCY),
            "not an ISO 4217 currency code (three letters, e.g. USD): the rate is not used",
            "error",
            prob.SET_ASIDE,
        ),
        prob.row_problems(
            rates.filter(no_rate),
            "currency_rates",
            "rate",
            pl.col("rate"),
            "a rate must be above 0 (units of the currency per one unit of the reporting "
            "currency): the rate is not used",
            "error",
            prob.SET_ASIDE,
        ),
        prob.row_problems(
            coded.filter(repeat),
            "currency_rates",
            "valid_from",
            pl.when(pl.col("valid_from").is_null())
            .then(pl.format("{} (undated)", CURRENCY))
            .otherwise(pl.format("{} from {}", CURRENCY, "valid_from")),
            "a second rate for the same currency and day: the first one read is used",
            "warning",
            prob.SET_ASIDE,
        ),
    ]
    return coded.filter(~repeat), reports


def check_amounts(
    name: str,
    frame: pl.LazyFrame,
    rates: pl.LazyFrame | None,
    found: list[pl.DataFrame],
) -> tuple[pl.LazyFrame, list[pl.LazyFrame]]:
    """Deals or accounts with their currency codes upper-cased, less the rows in a currency the
    rates lack (set aside, each reported); several currencies are said in `found`."""
    if CURRENCY not in frame.collect_schema().names():
        return frame, []
    written, first = pl.collect_all(
        [rows_as_written(frame), frame.select(pl.col(FILE).first().cast(pl.String))]
    )
    currencies = Currencies.read(written)
    frame, counts = currencies.coded(frame), currencies.rows
    file = first.item()
    if rates is None:
        if len(counts) > 1:
            found.append(_without_rates(name, file, counts))
        return frame, []
    known = usable_rates(rates).collect()
    if len(counts) > 1 and name == "deals":
        reason = (
            f"deals are in {len(counts)} currencies ({counts_in_words(counts)}): each amount "
            "is converted with currency_rates before any sum; `cockpit report` names the "
            "currency the amounts are in"
        )
        found.append(prob.table_problem(name, file, reason, "warning", CURRENCY))
    lacking = sorted(set(counts) - set(known[CURRENCY].to_list()))
    if not lacking or not rate_bases(known):
        return frame, []
    no_rate = pl.col(CURRENCY).is_in(lacking)
    why = pl.format(
        "no rate for {} in currency_rates, so the row's amounts cannot be converted: " + WHAT_TO_DO,
        pl.col(CURRENCY),
        pl.col(CURRENCY),
    )
    report = prob.row_problems(
        frame.filter(no_rate), name, CURRENCY, pl.col(CURRENCY), why, "error", prob.SET_ASIDE
    )
    return frame.filter(~no_rate), [report]


def _without_rates(name: str, file: str | None, counts: dict[str, int]) -> pl.DataFrame:
    """The error of amounts in several currencies and no rates to convert them with."""
    reason = (
        f"amounts in {len(counts)} currencies ({counts_in_words(counts)}) and no "
        "currency_rates table: only the rows in the reporting currency are counted. Add "
        "currency_rates (or the CRM's rate file, e.g. Salesforce CurrencyType.csv, through the "
        "mapping), or set [data] currency"
    )
    problem = prob.table_problem(name, file, reason, "error", CURRENCY)
    # The rows are kept: which of them count depends on the reporting currency.
    return problem.with_columns(pl.lit(prob.KEPT).alias("action"))
