"""Currency codes and rates as both the loader's checks and the conversion read them."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from cockpit.data.schema import CURRENCY_CODE

CURRENCY = "currency"


def currency_code(column: str = CURRENCY) -> pl.Expr:
    """A currency cell as a code: trimmed and upper-cased (`mxn ` is MXN), empty as null."""
    text = pl.col(column).cast(pl.String).str.strip_chars().str.to_uppercase()
    return pl.when(text == "").then(None).otherwise(text).alias(column)


def is_code(column: str = CURRENCY) -> pl.Expr:
    """True for a cell that reads as a three-letter code (null stays null)."""
    return currency_code(column).str.contains(CURRENCY_CODE)


def usable_rates(rates: pl.LazyFrame) -> pl.LazyFrame:
    """The rates that can convert: a three-letter code and a rate above 0 (the loader reports
    the others; a database source is read without that check, so it is repeated here)."""
    return rates.select(
        currency_code(),
        pl.col("rate").cast(pl.Float64),
        pl.col("valid_from").cast(pl.Date),
    ).filter(is_code() & (pl.col("rate") > 0))


def rate_bases(rates: pl.DataFrame) -> list[str]:
    """Currencies whose every rate is 1: what the rates are units per one of (Salesforce's
    corporate currency), sorted."""
    ones = rates.group_by(CURRENCY).agg((pl.col("rate") == 1).all().alias("_one"))
    return sorted(ones.filter(pl.col("_one"))[CURRENCY].to_list())


def rows_as_written(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Rows per currency cell as written (see `Currencies.read`).

    Grouped before anything is upper-cased: reading the codes of 10M rows costs 0.07 s this
    way, 1.2 s trimming and upper-casing every cell first.
    """
    return frame.group_by(pl.col(CURRENCY).cast(pl.String)).agg(pl.len().alias("rows"))


@dataclass(frozen=True)
class Currencies:
    """The currencies of one table: rows per code, rows naming none, cells to rewrite."""

    rows: dict[str, int]
    unnamed: int
    fixes: dict[str, str | None]
    """Cells as written → their code, for those not written as one (`mxn`)."""

    @classmethod
    def read(cls, written: pl.DataFrame) -> Currencies:
        """From `rows_as_written`'s result."""
        rows: dict[str, int] = {}
        fixes: dict[str, str | None] = {}
        unnamed = 0
        for cell, count in written.iter_rows():
            code = (cell.strip().upper() or None) if cell is not None else None
            if cell is not None and code != cell:
                fixes[cell] = code
            if code is None:
                unnamed += count
            else:
                rows[code] = rows.get(code, 0) + count
        return cls(rows, unnamed, fixes)

    def coded(self, frame: pl.LazyFrame) -> pl.LazyFrame:
        """`frame` with its currency cells as codes (untouched when all are already)."""
        if not self.fixes:
            return frame
        return frame.with_columns(pl.col(CURRENCY).cast(pl.String).replace(self.fixes))


def counts_in_words(counts: dict[str, int]) -> str:
    """`USD 12 rows, MXN 5, COP 3`: currencies with their rows, most first."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    parts = [f"{code} {rows:,}" for code, rows in ordered]
    if parts:
        parts[0] += " rows" if ordered[0][1] != 1 else " row"
    return ", ".join(parts)
