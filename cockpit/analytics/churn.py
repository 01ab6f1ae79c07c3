"""Segment churn: bookings beside logo churn, GRR/NRR and adoption, per segment and per rep."""

from __future__ import annotations

import math

import polars as pl

from cockpit.analytics.tiers import in_period
from cockpit.config import ChurnSettings
from cockpit.period import Period

ACCOUNT_METRICS = (
    "accounts",
    "churned",
    "arr_start",
    "arr_kept",
    "arr_now",
    "churned_arr",
    "active_seats",
    "seats",
    "logo_churn",
    "grr",
    "nrr",
    "adoption",
)


def at_period_start(period: Period) -> pl.Expr:
    """Customers before the period began and not churned before it (unknown start: a customer)."""
    started = (pl.col("start_date") < pl.lit(period.start)).fill_null(True)
    alive = (pl.col("churn_date") >= pl.lit(period.start)).fill_null(True)
    return started & alive


def live_at(day: object) -> pl.Expr:
    """Not churned by `day`."""
    return (pl.col("churn_date") > pl.lit(day)).fill_null(True)


def account_metrics(accounts: pl.LazyFrame, period: Period, by: str) -> pl.LazyFrame:
    """Per `by` (segment or rep_id): accounts at start, churned, logo churn, GRR (and its
    numerator `arr_kept`, Σ min(ARR now, ARR start)), NRR, adoption."""
    start = at_period_start(period)
    churned = start & in_period("churn_date", period)
    # Adoption counts only accounts that report both seat figures: an account without
    # active_seats is unknown, not 0% adopted.
    seated = (
        live_at(period.as_of) & pl.col("seats").is_not_null() & pl.col("active_seats").is_not_null()
    )
    arr_start = pl.col("arr_start").filter(start).sum()
    return (
        accounts.group_by(by)
        .agg(
            start.sum().cast(pl.Int64).alias("accounts"),
            churned.sum().cast(pl.Int64).alias("churned"),
            arr_start.alias("arr_start"),
            pl.min_horizontal("arr_now", "arr_start").filter(start).sum().alias("arr_kept"),
            pl.col("arr_now").filter(start).sum().alias("arr_now"),
            pl.col("arr_start").filter(churned).sum().alias("churned_arr"),
            pl.col("active_seats").filter(seated).sum().alias("active_seats"),
            pl.col("seats").filter(seated).sum().alias("seats"),
        )
        .with_columns(
            _share("churned", "accounts").alias("logo_churn"),
            _share("arr_kept", "arr_start").alias("grr"),
            _share("arr_now", "arr_start").alias("nrr"),
            _share("active_seats", "seats").alias("adoption"),
        )
    )


def _share(numerator: str, denominator: str) -> pl.Expr:
    return pl.when(pl.col(denominator) > 0).then(pl.col(numerator) / pl.col(denominator))


def segment_bookings(deals: pl.LazyFrame, period: Period) -> pl.LazyFrame:
    """Per segment: won amount and win rate of deals closed in the period."""
    won = pl.col("stage") == "won"
    closed = won | (pl.col("stage") == "lost")
    return (
        deals.filter(in_period("close_date", period) & pl.col("segment").is_not_null())
        .group_by("segment")
        .agg(
            pl.col("amount").filter(won).sum().alias("bookings"),
            won.sum().cast(pl.Int64).alias("won_deals"),
            closed.sum().cast(pl.Int64).alias("closed_deals"),
        )
        .with_columns(_share("won_deals", "closed_deals").alias("win_rate"))
    )


def segment_table(
    accounts: pl.LazyFrame | None, deals: pl.LazyFrame, period: Period, settings: ChurnSettings
) -> pl.DataFrame:
    """One row per segment (from accounts and deals), with `churn_alert` and the median marker."""
    bookings = segment_bookings(deals, period)
    if accounts is None:
        frame = bookings.with_columns(
            pl.lit(None, dtype=pl.Float64).alias(c) for c in ACCOUNT_METRICS
        )
    else:
        metrics = account_metrics(accounts, period, "segment")
        frame = metrics.join(bookings, on="segment", how="full", coalesce=True)
    frame = frame.with_columns(
        pl.col("bookings").fill_null(0.0),
        (pl.col("churned_arr") * settings.replacement_cost_multiple).alias("replacement_cost"),
        pl.lit(settings.replacement_cost_multiple).alias("cost_multiple"),
    )
    alert = (
        (pl.col("logo_churn") >= settings.logo_churn_alert).fill_null(False)
        | (pl.col("grr") < settings.grr_alert).fill_null(False)
        | (pl.col("adoption") < settings.adoption_alert).fill_null(False)
    )
    above = pl.col("bookings") > pl.col("bookings").median()
    return (
        frame.with_columns(
            pl.when(alert)
            .then(pl.lit(["churn_alert"]))
            .otherwise(pl.lit([], dtype=pl.List(pl.String)))
            .alias("flags"),
            (alert & above).alias("bookings_hide_churn"),
        )
        .sort(
            ["bookings_hide_churn", "logo_churn", "segment"],
            descending=[True, True, False],
            nulls_last=True,
        )
        .collect()
    )


def rep_churn(accounts: pl.LazyFrame, period: Period) -> pl.DataFrame:
    """Per rep: accounts they sold that were customers at period start, how many churned, and
    `segment_logo_churn`, the rate their segments churned at, weighted by the rep's accounts.

    The expected rate is Σ over the rep's accounts at start of their segment's logo churn (all
    accounts of the segment, the rep's included: the rate the Churn pane shows), / accounts.
    """
    sold = accounts.filter(pl.col("rep_id").is_not_null())
    segment_rate = account_metrics(accounts, period, "segment").select(
        "segment", pl.col("logo_churn").alias("segment_logo_churn")
    )
    # Summed in segment order: the same data read in another row order gives the same bits.
    weighted = (pl.col("_accounts") * pl.col("segment_logo_churn")).sort_by("segment").sum()
    expected = (
        sold.filter(at_period_start(period))
        .group_by("rep_id", "segment")
        .agg(pl.len().alias("_accounts"))
        .join(segment_rate, on="segment", how="left")
        .group_by("rep_id")
        .agg((weighted / pl.col("_accounts").sum()).alias("segment_logo_churn"))
    )
    return (
        account_metrics(sold, period, "rep_id")
        .join(expected, on="rep_id", how="left")
        .select(
            "rep_id", "accounts", "churned", "logo_churn", "grr", "churned_arr",
            "segment_logo_churn",
        )
        .collect()
    )  # fmt: skip


SOLD_COLUMNS: dict[str, type[pl.DataType]] = {
    "sold_accounts": pl.Int64,
    "sold_churned": pl.Int64,
    "sold_logo_churn": pl.Float64,
    "sold_churned_arr": pl.Float64,
    "segment_logo_churn": pl.Float64,
    "sold_churn_chance": pl.Float64,
}
"""What the tier table gains from `with_rep_churn`: the accounts each rep sold, at period start."""


def with_rep_churn(
    tiers: pl.DataFrame, by_rep: pl.DataFrame | None, settings: ChurnSettings
) -> pl.DataFrame:
    """The tier table with the churn of the accounts each rep sold beside the tier, and the flag
    `bookings_do_not_stay` on top-tier reps whose accounts churn above their segments' rate.

    Reps who sold no account at start get 0 accounts and no rate; without an accounts table
    (`by_rep` None) the columns are null and nothing is flagged.
    """
    if by_rep is None:
        return tiers.with_columns(
            pl.lit(None, dtype=dtype).alias(name) for name, dtype in SOLD_COLUMNS.items()
        )
    sold = by_rep.select(
        "rep_id",
        pl.col("accounts").alias("sold_accounts"),
        pl.col("churned").alias("sold_churned"),
        pl.col("logo_churn").alias("sold_logo_churn"),
        pl.col("churned_arr").alias("sold_churned_arr"),
        "segment_logo_churn",
    )
    frame = tiers.join(sold, on="rep_id", how="left", maintain_order="left").with_columns(
        pl.col("sold_accounts", "sold_churned").fill_null(0),
        pl.col("sold_churned_arr").fill_null(0.0),
    )
    frame = frame.with_columns(_churn_chance(frame).alias("sold_churn_chance"))
    return frame.with_columns(pl.concat_list("flags", _do_not_stay(settings)).alias("flags"))


def _churn_chance(frame: pl.DataFrame) -> pl.Series:
    """Per rep: how likely at least that many of their accounts churn by chance, at the rate
    their segments churned (binomial upper tail); null without accounts or a rate."""
    rows = frame.select("sold_accounts", "sold_churned", "segment_logo_churn").iter_rows()
    return pl.Series(
        [
            None if rate is None or not accounts else at_least(churned, accounts, rate)
            for accounts, churned, rate in rows
        ],
        dtype=pl.Float64,
    )


def at_least(k: int, n: int, p: float) -> float:
    """P(X ≥ k) for X ~ Binomial(n, p)."""
    below = sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k))
    return max(0.0, 1.0 - below)


def _do_not_stay(settings: ChurnSettings) -> pl.Expr:
    """`bookings_do_not_stay`: a top rep with enough accounts, enough of them churned, a logo
    churn above `rep_churn_ratio` × the segments' expected rate (compared at 9 decimals: 5/6 is
    not "above" 1.25 × 4/6, though 5/6 computes a last bit higher), and unlikely by chance."""
    above = pl.col("sold_logo_churn").round(9) > (
        pl.col("segment_logo_churn") * settings.rep_churn_ratio
    ).round(9)
    flagged = (
        (pl.col("tier") == "top")
        & (pl.col("sold_accounts") >= settings.rep_churn_min_accounts)
        & (pl.col("sold_churned") >= settings.rep_churn_min_churned)
        & above
        & (pl.col("sold_churn_chance") <= settings.rep_churn_max_chance)
    ).fill_null(False)
    return (
        pl.when(flagged)
        .then(pl.lit(["bookings_do_not_stay"]))
        .otherwise(pl.lit([], dtype=pl.List(pl.String)))
    )
