"""Segment churn: bookings beside logo churn, GRR/NRR and adoption, per segment and per rep."""

from __future__ import annotations

import polars as pl

from cockpit.analytics.tiers import in_period
from cockpit.config import ChurnSettings
from cockpit.period import Period

ACCOUNT_METRICS = (
    "accounts",
    "churned",
    "arr_start",
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
    """Per `by` (segment or rep_id): accounts at start, churned, logo churn, GRR, NRR, adoption."""
    start = at_period_start(period)
    churned = start & in_period("churn_date", period)
    live = live_at(period.as_of)
    arr_start = pl.col("arr_start").filter(start).sum()
    return (
        accounts.group_by(by)
        .agg(
            start.sum().cast(pl.Int64).alias("accounts"),
            churned.sum().cast(pl.Int64).alias("churned"),
            arr_start.alias("arr_start"),
            pl.min_horizontal("arr_now", "arr_start").filter(start).sum().alias("_kept"),
            pl.col("arr_now").filter(start).sum().alias("arr_now"),
            pl.col("arr_start").filter(churned).sum().alias("churned_arr"),
            pl.col("active_seats").filter(live).sum().alias("active_seats"),
            pl.col("seats").filter(live).sum().alias("seats"),
        )
        .with_columns(
            _share("churned", "accounts").alias("logo_churn"),
            _share("_kept", "arr_start").alias("grr"),
            _share("arr_now", "arr_start").alias("nrr"),
            _share("active_seats", "seats").alias("adoption"),
        )
        .drop("_kept")
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
    """Per rep: accounts they sold that were customers at period start, and how many churned."""
    return (
        account_metrics(accounts.filter(pl.col("rep_id").is_not_null()), period, "rep_id")
        .select("rep_id", "accounts", "churned", "logo_churn", "grr", "churned_arr")
        .collect()
    )
