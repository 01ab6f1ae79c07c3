"""Tiers, flags and statuses in the words a manager reads: the one table the screen and the
table/Markdown reports use (JSON and CSV keep the ids, which scripts match on)."""

from __future__ import annotations

import re

WORDS: dict[str, str] = {
    # tiers
    "at_risk": "at risk",
    # flags
    "outcome_over_activity": "outcome over activity",
    "activity_without_outcome": "activity without outcome",
    "underused_converter": "underused converter",
    "top_rep_loses_leads": "top rep loses leads",
    "bookings_do_not_stay": "bookings do not stay",
    "flight_risk": "flight risk",
    "churn_alert": "churn alert",
    "no_plan": "no plan",
    # growth status
    "on_track": "on track",
}
"""Id → words, for every id of more than one word (one-word ids read as they are)."""
WORDED_COLUMNS = frozenset({"tier", "status", "kind", "severity", "flags"})
"""Columns whose values are ids: shown as words."""
_ID = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def words(value: str) -> str:
    """An id in words: `at_risk` → `at risk`; an id not in the table loses its underscores."""
    return WORDS.get(value, value.replace("_", " "))


def in_words(text: str) -> str:
    """Every known id inside `text` in words: `+flag outcome_over_activity` → `+flag outcome
    over activity`, `▼ core→at_risk` → `▼ core→at risk`; other text is left as it is."""
    return _ID.sub(lambda match: WORDS.get(match.group(), match.group()), text)
