"""Every amount in one currency before any sum: a deal at the rate of its day, an account's ARR
at the rate of as_of. Pure Polars: the tables in, the converted tables and what was done out.

A rate is units of a currency per one unit of the rates' base (as Salesforce's ConversionRate
is, against the corporate currency), so an amount in C becomes amount / rate(C) × rate(reporting).
The reporting currency's own rate is 1 when it is the base, or when the table does not list it
(the contract: rates per one unit of the reporting currency). The rate in force on a day is the
latest dated one on or before it, else the undated one, else the earliest dated one.

Conversion runs here, at the start of the panes, so that files, partitioned Parquet and
databases convert alike, and a change of `[data] currency` needs no new validated copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from cockpit.data.currencies import (
    CURRENCY,
    Currencies,
    counts_in_words,
    rate_bases,
    rows_as_written,
    usable_rates,
)

ORIGINAL = "_original"
"""Suffix of the columns keeping an amount as the data wrote it (`amount_original`), beside the
`currency` it was in, so a drill-down can show `MXN 1,000,000 → USD 58,824`."""
AMOUNTS: dict[str, tuple[str, ...]] = {"deals": ("amount",), "accounts": ("arr_start", "arr_now")}
SINGULAR = {"deals": "deal", "accounts": "account"}
DAY, RATE_FROM, RATE_TO = "_ck_day", "_ck_rate_from", "_ck_rate_to"
RATES_SCHEMA = {CURRENCY: pl.String(), "rate": pl.Float64(), "valid_from": pl.Date()}


@dataclass(frozen=True)
class Money:
    """What converting did: the reporting currency, the currencies converted, and what a reader
    of every pane must know (rows not counted, a currency chosen for them)."""

    currency: str | None = None
    converted: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()
    not_counted: dict[str, int] = field(default_factory=dict)
    """Table → rows left out because their currency cannot be converted."""

    @property
    def summary(self) -> str | None:
        """`Amounts in USD (3 currencies converted with the data's rates: COP, MXN, PEN).`"""
        if self.currency is None:
            return None
        if not self.converted:
            return f"Amounts in {self.currency}."
        count = len(self.converted)
        which = "currency" if count == 1 else "currencies"
        return (
            f"Amounts in {self.currency} ({count} {which} converted with the data's rates: "
            f"{', '.join(self.converted)})."
        )


def convert_money(
    tables: Mapping[str, pl.LazyFrame], configured: str | None, as_of: date
) -> tuple[dict[str, pl.LazyFrame], Money]:
    """The tables with every amount in the reporting currency (`configured`, else the data's,
    see `reporting_currency`), rows that cannot be converted left out, and what was done."""
    converted = dict(tables)
    priced = {
        name: frame
        for name in AMOUNTS
        if (frame := tables.get(name)) is not None and CURRENCY in frame.collect_schema().names()
    }
    rate_table = tables.get("currency_rates")
    given = rate_table if rate_table is not None else pl.LazyFrame(schema=RATES_SCHEMA)
    *written, rates = pl.collect_all(
        [*(rows_as_written(f) for f in priced.values()), usable_rates(given)]
    )
    found = {name: Currencies.read(w) for name, w in zip(priced, written, strict=True)}
    present = _totals(found)
    if not present:
        return converted, Money(configured)
    currency, chosen = reporting_currency(configured, present, rates)
    lacking, why = _unconvertible(currency, present, rates, configured)
    for name, frame in priced.items():
        converted[name] = _in_currency(name, frame, found[name], currency, rates, lacking, as_of)
    not_counted = {
        name: total
        for name, currencies in found.items()
        if (total := sum(n for c, n in currencies.rows.items() if c in lacking))
    }
    notices = [
        *_not_counted_notice(why, currency, present, lacking, not_counted, rates, configured),
        *([chosen] if chosen else []),
        *_unnamed_notice(found, currency),
    ]
    kept = sorted(c for c in present if c != currency and c not in lacking)
    return converted, Money(currency, tuple(kept), tuple(notices), not_counted)


def reporting_currency(
    configured: str | None, present: Mapping[str, int], rates: pl.DataFrame
) -> tuple[str, str | None]:
    """The currency amounts are reported in, and a sentence when it was a guess.

    `[data] currency`, else the rates' base (a currency whose every rate is 1; of several, the
    one most rows are in), else the one currency of the data the rates do not list (the rates
    are per one unit of it), else the data's only currency, else its most common one.
    """
    if configured:
        return configured, None
    bases = rate_bases(rates)
    if bases:
        return _most_common(bases, present), None
    listed = set(rates[CURRENCY].to_list())
    unlisted = [c for c in present if c not in listed]
    if listed and len(unlisted) == 1:
        return unlisted[0], None
    top = _most_common(list(present), present)
    if len(present) == 1 or not listed:
        return top, None
    return top, (
        f"No [data] currency is set and currency_rates names no base (a currency whose rate "
        f"is 1): amounts are in {top}, the data's most common currency; set [data] currency "
        "to choose another."
    )


def _most_common(codes: list[str], present: Mapping[str, int]) -> str:
    """Of `codes`, the one most rows are in (ties: alphabetical)."""
    return sorted(codes, key=lambda code: (-present.get(code, 0), code))[0]


def _totals(found: Mapping[str, Currencies]) -> dict[str, int]:
    """Rows per currency over every table (rows naming none left out)."""
    totals: dict[str, int] = {}
    for currencies in found.values():
        for code, rows in currencies.rows.items():
            totals[code] = totals.get(code, 0) + rows
    return totals


def _unconvertible(
    currency: str, present: Mapping[str, int], rates: pl.DataFrame, configured: str | None
) -> tuple[list[str], str]:
    """The data's currencies that cannot be converted to `currency`, and why in one word:
    `no_rates` (no usable rate at all), `other_base` (the rates are per one unit of another
    currency and do not list the reporting one), `no_rate` (some currencies lack a rate)."""
    others = sorted(c for c in present if c != currency)
    listed = set(rates[CURRENCY].to_list())
    if not listed:
        return others, "no_rates"
    if configured and currency not in listed and rate_bases(rates):
        return others, "other_base"
    return [c for c in others if c not in listed], "no_rate"


def _deal_day(as_of: date) -> pl.Expr:
    """The day a deal's amount is converted on: its close date, else (open) its created date."""
    return pl.coalesce(pl.col("close_date"), pl.col("created_date"), pl.lit(as_of))


def _in_currency(
    name: str,
    frame: pl.LazyFrame,
    currencies: Currencies,
    currency: str,
    rates: pl.DataFrame,
    lacking: list[str],
    as_of: date,
) -> pl.LazyFrame:
    """Table `name` without its rows in a `lacking` currency, its amounts in `currency` (a
    deal's at the rate of its day, an account's at as_of's) and kept as written."""
    coded = currencies.coded(frame).filter(~pl.col(CURRENCY).is_in(lacking).fill_null(False))
    if set(currencies.rows) <= {currency, *lacking}:
        return coded.with_columns(_as_written(AMOUNTS[name]))  # nothing to convert: no joins
    day = _deal_day(as_of) if name == "deals" else pl.lit(as_of)
    return _converted(coded, AMOUNTS[name], currency, rates, day)


def _as_written(amounts: tuple[str, ...]) -> list[pl.Expr]:
    """The `amounts` kept as the data wrote them, in `<amount>_original`."""
    return [pl.col(a).alias(f"{a}{ORIGINAL}") for a in amounts]


def _converted(
    frame: pl.LazyFrame,
    amounts: tuple[str, ...],
    currency: str,
    rates: pl.DataFrame,
    day: pl.Expr,
) -> pl.LazyFrame:
    """`frame` (its currencies as codes, each with a rate) with its `amounts` in `currency`,
    and kept as written."""
    frame = frame.with_columns(day.alias(DAY))
    keys = frame.select(CURRENCY, DAY).unique()
    wanted = pl.concat([keys, keys.select(pl.lit(currency).alias(CURRENCY), DAY)]).unique()
    on_day = rate_on_day(wanted.filter(pl.col(CURRENCY).is_not_null()), rates)
    to_reporting = on_day.filter(pl.col(CURRENCY) == currency).select(
        DAY, pl.col("rate").alias(RATE_TO)
    )
    frame = frame.join(
        on_day.rename({"rate": RATE_FROM}), on=[CURRENCY, DAY], how="left", maintain_order="left"
    ).join(to_reporting, on=DAY, how="left", maintain_order="left")
    same = pl.col(CURRENCY).is_null() | (pl.col(CURRENCY) == currency)
    # Rates not listing the reporting currency are per one unit of it (its rate is 1).
    to_rate = pl.col(RATE_TO).fill_null(1.0)
    return frame.with_columns(
        *_as_written(amounts),
        *(
            pl.when(same)
            .then(pl.col(a))
            .otherwise(pl.col(a) / pl.col(RATE_FROM) * to_rate)
            .alias(a)
            for a in amounts
        ),
    ).drop(DAY, RATE_FROM, RATE_TO)


def rate_on_day(keys: pl.LazyFrame, rates: pl.DataFrame) -> pl.LazyFrame:
    """For each (currency, day) of `keys`: the rate in force, the latest dated one on or before
    the day, else the undated one, else the earliest dated one (null: no rate at all)."""
    dated = rates.filter(pl.col("valid_from").is_not_null()).sort("valid_from")
    undated = (
        rates.filter(pl.col("valid_from").is_null())
        .group_by(CURRENCY)
        .agg(pl.col("rate").first().alias("_undated"))
    )
    earliest = dated.group_by(CURRENCY).agg(pl.col("rate").first().alias("_earliest"))
    by_date = dated.select(CURRENCY, "valid_from", pl.col("rate").alias("_dated")).lazy()
    # Both sides are sorted on the day just before: Polars cannot check it within groups.
    on_day = keys.sort(DAY).join_asof(
        by_date,
        left_on=DAY,
        right_on="valid_from",
        by=CURRENCY,
        strategy="backward",
        check_sortedness=False,
    )
    return (
        on_day.join(undated.lazy(), on=CURRENCY, how="left")
        .join(earliest.lazy(), on=CURRENCY, how="left")
        .select(CURRENCY, DAY, pl.coalesce("_dated", "_undated", "_earliest").alias("rate"))
    )


def _rows_in_words(rows: Mapping[str, int]) -> str:
    """`12 deals and 3 accounts`."""
    return " and ".join(
        f"{n:,} {SINGULAR[name] if n == 1 else name}" for name, n in rows.items() if n
    )


def _not_counted_notice(
    why: str,
    currency: str,
    present: Mapping[str, int],
    lacking: list[str],
    not_counted: Mapping[str, int],
    rates: pl.DataFrame,
    configured: str | None,
) -> list[str]:
    """What was left out and what to do, in one sentence (nothing left out: none)."""
    if not lacking:
        return []
    rows = _rows_in_words(not_counted)
    are = "is" if sum(not_counted.values()) == 1 else "are"
    codes = ", ".join(lacking)
    if why == "no_rates":
        which = "[data] currency" if configured else "the most common currency"
        return [
            f"Amounts come in {len(present)} currencies ({counts_in_words(dict(present))}) and "
            f"there are no currency rates: only the {currency} rows ({which}) are counted "
            f"({rows} left out). Add currency_rates (or the CRM's rate file through the "
            "mapping), or set [data] currency."
        ]
    if why == "other_base":
        base = rate_bases(rates)[0]
        return [
            f"currency_rates has no rate for {currency} ([data] currency) and its rates are per "
            f"one {base}: {rows} in other currencies {are} not counted. Add {currency}'s rate "
            f'to currency_rates, or set [data] currency = "{base}".'
        ]
    them = "it" if len(lacking) == 1 else "them"
    return [
        f"{rows} in {codes} {are} not counted: currency_rates has no rate for {them}. Add a "
        f"rate for {codes} to currency_rates, or set [data] currency."
    ]


def _unnamed_notice(found: Mapping[str, Currencies], currency: str) -> list[str]:
    """Rows that name no currency, beside rows that do: they are read as the reporting one."""
    unnamed = {name: currencies.unnamed for name, currencies in found.items()}
    if not any(unnamed.values()):
        return []
    one = sum(unnamed.values()) == 1
    verbs = "names no currency and is" if one else "name no currency and are"
    return [f"{_rows_in_words(unnamed)} {verbs} taken as {currency}."]
