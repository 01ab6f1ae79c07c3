"""The review queue: every flag of every pane as one ranked list, each item with the reason in
words, split into the finding (what was seen, with its numbers) and the next step (what to do)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from cockpit.analytics.explain import num, share, small_pct, whatif_rank

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
QUEUE_SCHEMA: dict[str, Any] = {
    "item_id": pl.String,
    "kind": pl.String,
    "subject": pl.String,
    "subject_name": pl.String,
    "reason": pl.String,
    "finding": pl.String,
    "next_step": pl.String,
    "severity": pl.String,
    "status": pl.String,
}
Row = dict[str, Any]


def pct(value: float | None) -> str:
    """A ratio as a whole percentage, or 'n/a'."""
    return "n/a" if value is None else f"{value:.0%}"


def _flight_risk(row: Row) -> str:
    return "Top performer at risk of leaving: " + "; ".join(row["flight_risk_reasons"]) + "."


# What answers each flight-risk reason (growth.py words them): the start of the reason → a step.
RISK_STEPS = (
    ("no growth conversation", "hold a growth (not deal) conversation this week"),
    ("no growth plan", "agree a track and the next skill"),
    ("no stretch assignment", "give them a stretch assignment that builds the next skill"),
    ("company-lead share down", "check why their company leads dropped and restore the share "
     "unless it was deliberate"),
)  # fmt: skip


def _flight_risk_step(row: Row) -> str:
    steps = [_risk_step(reason) for reason in row["flight_risk_reasons"]]
    unique = list(dict.fromkeys(steps))  # two conversation reasons ask for one conversation
    return "Talk about what is next before they decide alone: " + "; ".join(unique) + "."


def _risk_step(reason: str) -> str:
    if "months at the same level" in reason:
        return "agree the path to the next level and what would get them there"
    return next((step for start, step in RISK_STEPS if reason.startswith(start)), reason)


def _churn_alert(row: Row) -> str:
    text = (
        f"Segment churn alert: logo churn {pct(row['logo_churn'])}, GRR {pct(row['grr'])}, "
        f"adoption {pct(row['adoption'])}."
    )
    if row.get("bookings_hide_churn"):
        text += " Bookings are above the median segment: strong sales hiding churn."
    return text


def _churn_alert_step(row: Row) -> str:
    first = (
        "Do not count its bookings as a win until retention is fixed. "
        if row.get("bookings_hide_churn")
        else ""
    )
    cost = row.get("replacement_cost")
    price = f" Replacing its churned ARR costs about {cost:,.0f}." if cost else ""
    return (
        f"{first}Review the segment with customer success before selling more into it: ask the "
        "churned accounts why they left, put live accounts with low adoption on an adoption "
        f"plan, and check the renewals due next quarter.{price}"
    )


def _activity_without_outcome(row: Row) -> str:
    return f"Busy without results (activity index {row['activity_index']:.2f}, {_outcome(row)})."


def _outcome_over_activity(row: Row) -> str:
    return (
        f"Over quota on little activity ({_outcome(row)}, activity index "
        f"{row['activity_index']:.2f})."
    )


def _outcome(row: Row) -> str:
    """`attainment 166%`, or `pace 222%` while the period runs: what the tier judged, cut (not
    rounded) so it never reads as the threshold it missed."""
    name = row.get("score_name") or "attainment"
    return f"{name} {share(row.get('score', row.get('attainment')), 0)}"


def _underused_converter(row: Row) -> str:
    return (
        f"Converts company leads at {pct(row['shrunk_conversion'])} (shrunk; team "
        f"{pct(row['team_conversion'])}) on {row['company_leads']} leads; the what-if gives "
        f"{row['whatif_leads']}."
    )


def _underused_converter_step(row: Row) -> str:
    return (
        f"Route more company leads to them (the what-if gives {row['whatif_leads']} instead of "
        f"{row['company_leads']}) if they have the capacity, and ask what they do with a new "
        "lead so the team can copy it."
    )


def _top_rep_loses_leads(row: Row) -> str:
    team = row["team_company_leads"]
    return (
        f"Top performer the what-if would cut from {row['company_leads']} to "
        f"{row['whatif_leads']} company leads ({small_pct(row['company_leads'] / team)} → "
        f"{small_pct(row['whatif_leads'] / team)} of them): {whatif_rank(row)}."
    )


def _top_rep_loses_leads_step(row: Row) -> str:
    return (
        "Do not move their leads on one period's numbers: losing lead share is itself a "
        "reason top reps leave, and their average won deal is "
        f"{num(row.get('avg_won_deal', row['value_per_conversion']))}"
        ". Look at their lead quality and capacity with them, and keep their share unless you "
        "agree the change together."
    )


def _no_plan(row: Row) -> str:
    return "No growth plan: next skill or track missing."


def _no_plan_step(row: Row) -> str:
    missing = [
        words for column, words in (("track", "a track"), ("next_skill", "the next skill"))
        if not row.get(column)
    ] or ["a track and the next skill"]  # fmt: skip
    return (
        f"Agree {' and '.join(missing)} in a growth conversation, with a stretch assignment "
        "that builds it, and record the plan."
    )


def _stale(row: Row) -> str:
    days = row["days_since_growth_conversation"]
    when = "none on record" if days is None else f"last one {days} days ago"
    return f"Growth conversation overdue ({when})."


def _stale_step(row: Row) -> str:
    skill, stretch = row.get("next_skill"), row.get("stretch_assignment")
    about = f"progress on {skill}" if skill else "their next skill"
    assignment = f"the stretch assignment ({stretch})" if stretch else "a stretch assignment"
    return (
        f"Book a growth (not deal) conversation in the next two weeks about {about} and "
        f"{assignment}, and record it as a growth note."
    )


def _bookings_do_not_stay(row: Row) -> str:
    return (
        f"Top performer whose bookings do not stay: {row['sold_churned']} of the "
        f"{row['sold_accounts']} accounts they sold churned ({pct(row['sold_logo_churn'])}, "
        f"{row['sold_churned_arr']:,.0f} ARR) where the same segments churned "
        f"{pct(row['segment_logo_churn'])} (that many by chance: {pct(row['sold_churn_chance'])})."
    )


def _said(text: str) -> Callable[[Row], str]:
    return lambda _row: text


# flag → (pane, severity, finding in words: what was seen, with its numbers)
FLAGS: dict[str, tuple[str, str, Callable[[Row], str]]] = {
    "flight_risk": ("growth", "high", _flight_risk),
    "churn_alert": ("churn", "high", _churn_alert),
    "activity_without_outcome": ("tiers", "medium", _activity_without_outcome),
    "outcome_over_activity": ("tiers", "medium", _outcome_over_activity),
    "underused_converter": ("leads", "medium", _underused_converter),
    "top_rep_loses_leads": ("leads", "medium", _top_rep_loses_leads),
    "no_plan": ("growth", "low", _no_plan),
    "stale": ("growth", "low", _stale),
    "bookings_do_not_stay": ("tiers", "medium", _bookings_do_not_stay),
}
# flag → what to do about it, as a sentence
NEXT_STEPS: dict[str, Callable[[Row], str]] = {
    "flight_risk": _flight_risk_step,
    "churn_alert": _churn_alert_step,
    "activity_without_outcome": _said("Coach the strategy, not the volume."),
    "outcome_over_activity": _said("Do not PIP; study and share their approach."),
    "underused_converter": _underused_converter_step,
    "top_rep_loses_leads": _top_rep_loses_leads_step,
    "no_plan": _no_plan_step,
    "stale": _stale_step,
    "bookings_do_not_stay": _said("Look at fit and handover before rewarding the bookings."),
}
assert set(NEXT_STEPS) == set(FLAGS), "every flag says what to do"
# Flags whose `reason` sentence carries the next step after a colon; the others' reason is the
# finding alone, so a reason already read, exported or compared week over week stays the same.
STEP_IN_REASON = frozenset({"activity_without_outcome", "outcome_over_activity",
                            "bookings_do_not_stay"})  # fmt: skip


def advice(flag: str, row: Row) -> dict[str, str]:
    """The reason (the whole sentence), the finding and the next step of one flag on one row."""
    finding, step = FLAGS[flag][2](row), NEXT_STEPS[flag](row)
    reason = finding
    if flag in STEP_IN_REASON:
        reason = f"{finding.removesuffix('.')}: {step[0].lower()}{step[1:]}"
    return {"reason": reason, "finding": finding, "next_step": step}


def item_id(flag: str, subject: str) -> str:
    """A stable id for one flag on one subject, so decisions saved later attach to it."""
    return f"{flag}:{subject}"


def pane_items(frame: pl.DataFrame, pane: str) -> list[Row]:
    """One item per flag raised in a pane's table (rep panes by rep_id, churn by segment)."""
    by_segment = pane == "churn"
    items = []
    for row in frame.filter(pl.col("flags").list.len() > 0).iter_rows(named=True):
        subject = f"segment:{row['segment']}" if by_segment else f"rep:{row['rep_id']}"
        name = row["segment"] if by_segment else row["name"]
        for flag in row["flags"]:
            flag_pane, severity, _ = FLAGS[flag]
            if flag_pane == pane:
                items.append(
                    {
                        "item_id": item_id(flag, subject),
                        "kind": flag,
                        "subject": subject,
                        "subject_name": name,
                        **advice(flag, row),
                        "severity": severity,
                        "status": "open",
                    }
                )
    return items


def review_queue(panes: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """All flagged items, ranked by severity, then flag, then subject (stable across runs)."""
    items = [item for pane, frame in panes.items() for item in pane_items(frame, pane)]
    queue = pl.DataFrame(items, schema=QUEUE_SCHEMA)
    return (
        queue.with_columns(pl.col("severity").replace_strict(SEVERITY_RANK).alias("_rank"))
        .sort(["_rank", "kind", "subject"])
        .drop("_rank")
        .with_columns(pl.lit(False).alias("new"))
    )


def mark_new(queue: pl.DataFrame, previous: pl.DataFrame | None) -> pl.DataFrame:
    """`new` is true for items (kind + subject) absent from the previous snapshot's queue.

    Without a previous queue nothing is marked new: there is nothing to compare with.
    """
    if previous is None:
        return queue.with_columns(pl.lit(False).alias("new"))
    before = previous.select("kind", "subject").unique().with_columns(pl.lit(True).alias("_seen"))
    return (
        queue.join(before, on=["kind", "subject"], how="left", maintain_order="left")
        .with_columns(pl.col("_seen").is_null().alias("new"))
        .drop("_seen")
    )


def apply_decisions(queue: pl.DataFrame, decisions: dict[str, str]) -> pl.DataFrame:
    """Statuses decided in earlier reviews; decided items sink below the open ones."""
    if not decisions or queue.is_empty():
        return queue
    status = pl.col("item_id").replace_strict(decisions, default=pl.col("status"))
    return (
        queue.with_columns(status.alias("status"))
        .with_row_index("_order")
        .sort([pl.col("status") != "open", "_order"])
        .drop("_order")
    )
