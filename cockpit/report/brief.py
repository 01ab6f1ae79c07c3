"""A one-page brief for a 1:1 development conversation with one rep: outcomes with their formulas,
the trend over the snapshots, the growth track, open actions, recent notes and talking points
derived from the flags. Pure: rows and notes in, a page out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from cockpit.analytics.explain import leads_math, num, pct, share, tiers_math
from cockpit.analytics.subjects import Known
from cockpit.notes.models import Note
from cockpit.report.document import Document, Item, Section, Table, render
from cockpit.report.minutes import action_item, flag_words, overdue_first, subject_label, when

Row = Mapping[str, Any]
RECENT_NOTES = 5
OUTCOME_LABELS = {
    "attainment": "Attainment",
    "pace": "Pace",
    "win_rate": "Win rate",
    "activity_per_week": "Activity per week",
    "activity_index": "Activity index",
    "conversion": "Company-lead conversion",
    "shrunk_conversion": "Shrunk conversion",
    "lead_share": "Share of company leads",
}
GROWTH_LABELS = {
    "track": "Track",
    "next_skill": "Next skill",
    "stretch_assignment": "Stretch assignment",
    "promotion_readiness": "Promotion readiness",
}
# A question for each flight-risk reason (growth.py words them), by how the reason starts.
RISK_QUESTIONS = (
    ("no growth conversation on record", "What do you want to be doing a year from now, and how "
     "can I help you get there?"),
    ("no growth conversation in", "What has changed for you since we last talked about your "
     "growth?"),
    ("no growth plan", "Which role do you want next, and which skill would get you there?"),
    ("no stretch assignment", "Which bigger challenge would you like to take on this quarter?"),
    ("company-lead share down", "How has getting fewer company leads changed your quarter?"),
)  # fmt: skip
LEVEL_QUESTION = "What would make the next step feel real, and by when?"


@dataclass(frozen=True)
class RepRecord:
    """Everything the brief says about one rep."""

    rep: Row
    """The rep's row of the reps table (rep_id, name, team, role, level, level_since…)."""
    tiers: Row | None
    """The rep's Tiers row (None: not tiered, e.g. not a seller)."""
    growth: Row | None
    """The rep's Growth row."""
    leads: Row | None
    """The rep's Leads row (None without a leads table)."""
    items: Sequence[Row]
    """The review queue's items about the rep."""
    notes: Sequence[Note]
    """Every note about the rep or one of their review items."""
    history: Sequence[Row] | None
    """Per snapshot, oldest first: snapshot, as_of, tier, won_amount, score_name, score,
    win_rate, activity_index. None when the data is not a snapshot root."""
    scope: str
    """The period (and team) reviewed."""
    today: date
    """The day the brief is written: actions due before it are overdue."""
    names: Known
    """The subjects the data holds, with their names."""


def _who(rep: Row) -> str:
    parts = [
        f"team {rep['team']}" if rep.get("team") else "",
        str(rep.get("role") or ""),
        f"{rep['level']} since {rep['level_since']}" if rep.get("level") else "",
        f"manager {rep['manager']}" if rep.get("manager") else "",
    ]
    return " · ".join(p for p in parts if p)


def _outcomes(record: RepRecord) -> Section:
    tiers = record.tiers
    if tiers is None:
        return Section(
            "Outcomes", ("Not tiered in this review (not a seller, or outside the team reviewed).",)
        )
    formulas = tiers_math(dict(tiers))
    tier = formulas.pop("tier").replace(str(tiers["tier"]), flag_words(str(tiers["tier"])), 1)
    items = [
        Item("Tier", f"— {tier}"),
        Item(
            "Won",
            f"— {num(tiers['won_amount'])} in the period "
            f"({tiers['won_deals']} won, {tiers['lost_deals']} lost deals)",
        ),
    ]
    items += [
        Item(label, f"— {formulas[k]}") for k, label in OUTCOME_LABELS.items() if k in formulas
    ]
    if record.leads is not None:
        lead_formulas = leads_math(dict(record.leads))
        items += [
            Item(OUTCOME_LABELS[k], f"— {lead_formulas[k]}")
            for k in ("lead_share", "conversion", "shrunk_conversion")
        ]
    return Section("Outcomes", (), tuple(items))


def _trend(record: RepRecord) -> Section:
    title = "Trend over the snapshots"
    if record.history is None:
        return Section(
            title,
            (
                "No history: the data is not a snapshot root. Run cockpit refresh DATA --into "
                "ROOT each week and give ROOT to see the trend.",
            ),
        )
    if not record.history:
        return Section(title, ("The rep is in none of the snapshots.",))
    header = ("snapshot", "as of", "tier", "won", "attainment or pace", "win rate", "activity")
    rows = tuple(
        (
            str(row["snapshot"]),
            str(row["as_of"]),
            flag_words(str(row["tier"])) if row.get("tier") else "—",
            num(row.get("won_amount")),
            f"{row.get('score_name') or 'attainment'} {share(row.get('score'), 0)}",
            pct(row.get("win_rate")),
            "—" if row.get("activity_index") is None else f"{row['activity_index']:.2f}",
        )
        for row in record.history
    )
    return Section(title, ("Each snapshot with its own default period.",), (), Table(header, rows))


def _growth(record: RepRecord) -> Section:
    growth = record.growth
    if growth is None:
        return Section("Growth", ("No growth row for this rep.",))
    items = [
        Item(label, f"— {growth.get(field) or 'none'}") for field, label in GROWTH_LABELS.items()
    ]
    months = growth.get("months_at_level")
    if months is not None:
        items.append(Item("Time at level", f"— {months} months"))
    days = growth.get("days_since_growth_conversation")
    last = growth.get("last_growth_conversation")
    said = "none on record" if last is None else str(last)
    if days:  # 0: on or after the data's as-of day
        said += f" ({days} days before the data's as-of day)"
    items.append(Item("Last growth conversation", f"— {said}"))
    status = growth.get("status")
    if status:
        items.append(Item("Status", f"— {flag_words(str(status))}"))
    talks = [n for n in record.notes if n.kind == "growth"]
    if talks:
        latest = max(talks, key=lambda n: n.created)
        by = f"— by {latest.author}, {when(latest.created)}"
        items.append(Item("Last growth note", by, quote=latest.text))
    return Section("Growth", (), tuple(items))


def talking_points(record: RepRecord) -> list[str]:
    """What to raise in the 1:1, from the rep's flags: what to learn from an outcome-over-activity
    rep, next skill and stretch for a top rep without a current plan, strategy coaching for
    activity without outcome, and a question for each flight-risk reason."""
    tiers, growth = record.tiers or {}, record.growth or {}
    flags = {str(item["kind"]) for item in record.items}
    points = []
    if "outcome_over_activity" in flags:
        points.append(
            f"What the team can learn from them: {_outcome(tiers)} on an activity index of "
            f"{_index(tiers)}. Ask how they choose which deals to work and what they leave out, "
            "and whether they would show the team. Do not judge them on activity."
        )
    if tiers.get("tier") == "top" and flags & {"stale", "no_plan"}:
        skill = growth.get("next_skill") or "none yet: agree one"
        stretch = growth.get("stretch_assignment") or "none yet: offer one that builds the skill"
        points.append(
            f"Next skill ({skill}) and stretch assignment ({stretch}): a top performer whose "
            "growth plan is not current. Ask what would make the coming year a step up."
        )
    if "activity_without_outcome" in flags:
        points.append(
            f"Coach the strategy, not the volume: activity index {_index(tiers)} with "
            f"{_outcome(tiers)}. Take two open deals together (qualification, the buyer's "
            "problem, the next step) and agree fewer, better-qualified opportunities rather "
            "than more calls."
        )
    points += [_risk_question(reason) for reason in growth.get("flight_risk_reasons") or []]
    points += _other_points(record, flags)
    return points or ["No flags this period: ask what is working and what they want to learn next."]


def _other_points(record: RepRecord, flags: set[str]) -> list[str]:
    tiers, growth, leads = record.tiers or {}, record.growth or {}, record.leads or {}
    points = []
    if flags & {"stale", "no_plan"} and tiers.get("tier") != "top":
        points.append(
            "Growth plan: use part of this 1:1 as the growth conversation (track, next skill "
            f"{growth.get('next_skill') or 'to agree'}) and record it as a growth note."
        )
    if "underused_converter" in flags:
        points.append(
            f"They convert company leads at {pct(leads.get('shrunk_conversion'))} (team "
            f"{pct(leads.get('team_conversion'))}): ask what they do with a new lead, and "
            f"whether they have room for more (the what-if gives {leads.get('whatif_leads')})."
        )
    if "bookings_do_not_stay" in flags:
        points.append(
            f"{tiers.get('sold_churned')} of the {tiers.get('sold_accounts')} accounts they sold "
            "churned: which ones, and what happened after the handover?"
        )
    return points


def _risk_question(reason: str) -> str:
    question = next((q for start, q in RISK_QUESTIONS if reason.startswith(start)), None)
    if question is None and "months at the same level" in reason:
        question = LEVEL_QUESTION
    return f"{reason[0].upper()}{reason[1:]} — ask: {question or 'how do you see it?'}"


def _outcome(tiers: Row) -> str:
    name = tiers.get("score_name") or "attainment"
    return f"{name} {share(tiers.get('score', tiers.get('attainment')), 0)}"


def _index(tiers: Row) -> str:
    index = tiers.get("activity_index")
    return "n/a" if index is None else f"{index:.2f}"


def _actions(record: RepRecord) -> Section:
    open_actions = [n for n in record.notes if n.kind == "action" and not n.done]
    items = [
        action_item(n, record.names, record.today)
        for n in overdue_first(open_actions, record.today)
    ]
    return Section(f"Open actions ({len(items)})", () if items else ("None.",), tuple(items))


def _recent(record: RepRecord) -> Section:
    notes = [n for n in record.notes if n.kind != "action"]
    recent = sorted(notes, key=lambda n: n.created, reverse=True)[:RECENT_NOTES]
    items = [
        Item(
            when(note.created),
            f"— {'growth conversation' if note.kind == 'growth' else 'note'} by {note.author}, "
            f"about {subject_label(note.subject, record.names)}",
            quote=note.text,
        )
        for note in recent
    ]
    title = f"Recent notes ({len(items)} of {len(notes)})"
    return Section(title, () if items else ("None.",), tuple(items))


def brief_document(record: RepRecord) -> Document:
    """The brief as a page."""
    rep = record.rep
    points = tuple(Item("", p) for p in talking_points(record))
    return Document(
        f"1:1 brief — {rep['name']} ({rep['rep_id']})",
        tuple(p for p in (_who(rep), f"Review of {record.scope}.") if p),
        (
            Section("Talking points", (), points),
            _outcomes(record),
            _trend(record),
            _growth(record),
            _actions(record),
            _recent(record),
        ),
    )


def render_brief(record: RepRecord, fmt: str) -> str:
    """The brief as Markdown or as a self-contained HTML page."""
    return render(brief_document(record), fmt)
