"""Rules across tables: dangling references, deal segments from accounts, mapping lookups,
amounts in currencies without a rate (`money_checks`).

Written on LazyFrames, so a stored copy is cross-checked in the same streamed pass that
writes it, and a folder's tables checked in memory by the same code (`stage.store_table`);
a database source's tables go through `cross_check`.
"""

from __future__ import annotations

from collections.abc import Mapping as MappingOf
from pathlib import Path

import polars as pl

from cockpit.data import problems as prob
from cockpit.data.files.money_checks import check_amounts, check_rates
from cockpit.data.mapping import Lookup, Mapping
from cockpit.data.schema import CHECK_ORDER, FILE, TABLES

WHOLE_TABLE_CHECKS = ("deals", "quotas", "currency_rates")
"""Tables whose cross-checks compare rows with one another (a deal's latest change, quota
periods that overlap, rates): they cannot be cross-checked a batch at a time."""


def cross_check(
    tables: dict[str, pl.DataFrame],
    mapping: Mapping | None,
    folder: Path,
    found: list[pl.DataFrame],
) -> dict[str, pl.DataFrame]:
    """Report references that point nowhere (kept, not fatal) and fill derived values."""
    done: dict[str, pl.DataFrame] = {}
    for name in CHECK_ORDER:
        if name not in tables:
            continue
        earlier = {n: frame.lazy() for n, frame in done.items()}
        frame = tables[name].lazy()
        final, reports = check_references(name, frame, earlier, mapping, folder, found)
        done[name], *problems = pl.collect_all([final, *reports])
        found.extend(problems)
    return {name: done[name] for name in tables}


def check_references(
    name: str,
    frame: pl.LazyFrame,
    earlier: MappingOf[str, pl.LazyFrame],
    mapping: Mapping | None,
    folder: Path,
    found: list[pl.DataFrame],
) -> tuple[pl.LazyFrame, list[pl.LazyFrame]]:
    """Table `name` with derived values, and its cross-table problems still to be collected.

    `earlier` holds the tables checked before it (see `CHECK_ORDER`); problems found without
    a pass over the rows go straight into `found`.
    """
    reports: list[pl.LazyFrame] = []
    if name == "currency_rates":
        frame, reports = check_rates(frame)
    if name in ("deals", "accounts"):
        frame, reports = check_amounts(name, frame, earlier.get("currency_rates"), found)
    for column in TABLES[name].columns:
        target = column.references
        if target is not None and target in earlier:
            reports.append(_dangling(frame, name, column.name, earlier[target], target))
    if name == "deals":
        frame = _deal_segments(frame, earlier.get("accounts"), found, reports)
        reports += _deal_dates(frame)
    if name == "quotas":
        reports += _quota_periods(frame)
    if mapping is not None and name in mapping.tables:
        for lookup in mapping.tables[name].lookups:
            reports.append(_lookup(frame, name, lookup, folder, found))
    return frame, reports


def _dangling(
    frame: pl.LazyFrame, table: str, column: str, target: pl.LazyFrame, target_name: str
) -> pl.LazyFrame:
    key = TABLES[target_name].key
    assert key is not None
    keys = target.select(pl.col(key).alias(column)).filter(pl.col(column).is_not_null())
    # Neither unique keys nor row order matter here: the report is sorted when combined.
    hits = frame.filter(pl.col(column).is_not_null()).join(keys, on=column, how="anti")
    reason = f"points to no row of {target_name}: kept, but it joins to nothing there"
    return prob.row_problems(hits, table, column, pl.col(column), reason, "warning", prob.KEPT)


def _deal_segments(
    deals: pl.LazyFrame,
    accounts: pl.LazyFrame | None,
    found: list[pl.DataFrame],
    reports: list[pl.LazyFrame],
) -> pl.LazyFrame:
    """A deal without a segment takes its account's; an open deal's close date is cleared."""
    no_segment = pl.col("segment").is_null() & pl.col("account_id").is_null()
    expected = (pl.col("stage") == "open") & pl.col("close_date").is_not_null()
    from_account = pl.col("segment").is_null() & pl.col("account_id").is_not_null()
    facts = deals.select(
        no_segment.all().alias("none"),
        no_segment.sum().alias("missing"),
        expected.sum().alias("expected"),
        pl.col(FILE).first().cast(pl.String).alias("file"),
        from_account.any().alias("from_account"),
        pl.len().alias("rows"),
        pl.col("stage").is_in(["won", "lost"]).sum().alias("closed"),
    ).collect()
    none, missing, expected_count, file, any_from_account, rows, closed = facts.row(0)
    # Only deals without a segment of their own need the join (4.7 s of 10M deals at L).
    if accounts is not None and any_from_account:
        # Account ids are unique by now: repeats were set aside when accounts were checked.
        segments = accounts.select(
            pl.col("account_id"), pl.col("segment").alias("_account_segment")
        )
        deals = (
            deals.join(segments, on="account_id", how="left", maintain_order="left")
            .with_columns(pl.col("segment").fill_null(pl.col("_account_segment")))
            .drop("_account_segment")
        )
    if none:
        reason = "no segment or account_id values: bookings by segment are not available"
        found.append(prob.table_problem("deals", file, reason, "info", "segment"))
    elif missing:
        reason = "no account and no segment: the deal counts in no segment's bookings"
        reports.append(
            prob.row_problems(
                deals.filter(no_segment),
                "deals",
                "account_id",
                pl.lit(None),
                reason,
                "warning",
                prob.KEPT,
            )
        )
    if rows and not closed:
        reason = (
            "no deal is won or lost (every one reads as open): if the export has closed deals, "
            "the stage mapping does not recognise them; say which values mean won and lost"
        )
        found.append(prob.table_problem("deals", file, reason, "warning", "stage"))
    if expected_count:
        reason = (
            f"{expected_count} open deals carry a close date (an expected date): "
            "ignored until they close"
        )
        found.append(prob.table_problem("deals", file, reason, "info", "close_date"))
    # Open deals have no close date yet; a CRM's *expected* close date is not an outcome.
    return deals.with_columns(
        pl.when(expected).then(None).otherwise(pl.col("close_date")).alias("close_date")
    )


def _deal_dates(deals: pl.LazyFrame) -> list[pl.LazyFrame]:
    """Closed deals created after they closed, or closed after the latest change to any deal
    (a planned date: as_of does not move to it)."""
    closed = pl.col("stage").is_in(["won", "lost"]) & pl.col("close_date").is_not_null()
    backwards = deals.filter(closed & (pl.col("created_date") > pl.col("close_date")))
    reports = [
        prob.row_problems(
            backwards,
            "deals",
            "created_date",
            pl.format("created {} closed {}", "created_date", "close_date"),
            "created after it closed: the export's created date may be a load date; cycle "
            "lengths and created-date periods are not to be trusted",
            "warning",
            prob.KEPT,
        )
    ]
    if "modified_date" in deals.collect_schema().names():
        # The latest change over every deal, kept as a column: once the deals are filtered,
        # a max would see the flagged rows only.
        with_latest = deals.with_columns(pl.col("modified_date").max().alias("_latest_change"))
        latest = pl.col("_latest_change")
        ahead = with_latest.filter(closed & (pl.col("close_date") > latest))
        reports.append(
            prob.row_problems(
                ahead,
                "deals",
                "close_date",
                pl.col("close_date"),
                pl.format(
                    "closed after the latest change to any deal ({}): a planned date, so as_of "
                    "does not move to it",
                    latest,
                ),
                "warning",
                prob.KEPT,
            )
        )
    return reports


def _quota_periods(quotas: pl.LazyFrame) -> list[pl.LazyFrame]:
    """Quota rows that end before they start (unused), and rows of one rep that overlap (their
    days would be counted twice)."""
    backwards = quotas.filter(pl.col("period_end") < pl.col("period_start"))
    ordered = quotas.filter(pl.col("period_end") >= pl.col("period_start")).sort(
        "rep_id", "period_start"
    )
    previous_end = pl.col("period_end").shift(1).over("rep_id").alias("_previous_end")
    overlapping = ordered.with_columns(previous_end).filter(
        pl.col("period_start") <= pl.col("_previous_end")
    )
    return [
        prob.row_problems(
            backwards,
            "quotas",
            "period_end",
            pl.format("{} – {}", "period_start", "period_end"),
            "the quota period ends before it starts: not used",
            "warning",
            prob.KEPT,
        ),
        prob.row_problems(
            overlapping,
            "quotas",
            "period_start",
            pl.format("{} – {}", "period_start", "period_end"),
            pl.format(
                "overlaps the rep's quota ending {}: the shared days count both quotas (keep one "
                "period length per rep, e.g. quarters or months)",
                "_previous_end",
            ),
            "warning",
            prob.KEPT,
        ),
    ]


def _lookup(
    frame: pl.LazyFrame, table: str, lookup: Lookup, folder: Path, found: list[pl.DataFrame]
) -> pl.LazyFrame:
    """Values of a column that the export's own reference file does not know."""
    nothing = prob.empty_problems().lazy()
    path = folder / lookup.file
    try:
        valid = pl.read_csv(path, infer_schema=False)[lookup.key].str.strip_chars()
    except (OSError, pl.exceptions.PolarsError) as exc:
        reason = f"lookup file {lookup.file} (column {lookup.key}) cannot be read: {exc}"
        found.append(prob.table_problem(table, lookup.file, reason, "warning", lookup.column))
        return nothing
    if lookup.column not in frame.collect_schema().names():
        reason = f"lookup column {lookup.column} is not in the data"
        found.append(prob.table_problem(table, None, reason, "warning", lookup.column))
        return nothing
    value = pl.col(lookup.column).cast(pl.String).str.strip_chars()
    hits = frame.filter(value.is_not_null() & ~value.is_in(valid.implode()))
    why = pl.format(f"{{}} is not in {lookup.file} (column {lookup.key})", value)
    return prob.row_problems(hits, table, lookup.column, value, why, "warning", prob.KEPT)
