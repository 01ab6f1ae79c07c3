"""Value maps drafted from the values found: stage names folded into open/won/lost, lead
sources into company/self, lead statuses into converted, activity types into counts."""

from __future__ import annotations

import re

_WON = re.compile(r"closed\s*[-_]?\s*won|closedwon|\bwon\b|^win$|\bgewonnen\b|\bgagn", re.I)
_LOST = re.compile(r"closed\s*[-_]?\s*lost|closedlost|\blost\b|^loss$|\bverloren\b|\bperdu", re.I)
_CLOSED = re.compile(r"clos|\bdone\b|abgeschlossen", re.I)
_SELF = re.compile(
    r"self|outbound|cold\s*call|prospecting|rep[\s_-]*sourced|sales[\s_-]*generated|"
    r"^crm_ui$|^extension$|^sales$|^offline$",
    re.I,
)
_CONVERTED = re.compile(r"convert|customer|opportunit|evangelist|\bwon\b", re.I)
_NOT = re.compile(r"\bnot\b|\bun|\bnon\b|\bno\b", re.I)
ACTIVITY_WORDS = {
    "calls": re.compile(r"call|phone|anruf|appel", re.I),
    "emails": re.compile(r"e-?mail|\bmail", re.I),
    "meetings": re.compile(r"meeting|event|demo|appointment|visit|r[ée]union|termin", re.I),
}

MappedValue = tuple[str, str, str]
"""A value found, what it maps to, and a note ('' when the name says it plainly)."""


def stage_values(found: list[str]) -> list[MappedValue]:
    """Each stage found: won or lost when its name says so, else open."""
    mapped = []
    for value in found:
        if _WON.search(value) and not _LOST.search(value):
            mapped.append((value, "won", ""))
        elif _LOST.search(value):
            mapped.append((value, "lost", ""))
        elif _CLOSED.search(value):
            mapped.append((value, "open", "says closed, but neither won nor lost: check"))
        else:
            mapped.append((value, "open", ""))
    return mapped


def origin_values(found: list[str]) -> list[MappedValue]:
    """Each lead source found: `self` when it says the rep sourced it, else `company`."""
    return [(v, "self" if _SELF.search(v) else "company", "") for v in found]


def converted_values(found: list[str]) -> list[MappedValue]:
    """Each lead status found: converted when it says so (and not 'not converted')."""
    return [
        (v, "true" if _CONVERTED.search(v) and not _NOT.search(v) else "false", "") for v in found
    ]


def activity_values(found: list[str], count: str) -> list[MappedValue]:
    """Each activity type found: 1 for the count it names (`calls`, …), else 0."""
    words = ACTIVITY_WORDS[count]
    return [(v, "1" if words.search(v) else "0", "") for v in found]


_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_KEYWORDS = {"and", "or", "not", "is", "null", "true", "false", "in", "select", "from", "where"}


def sql_name(header: str) -> str:
    """A header as a Polars SQL identifier: as it is when plain, else double-quoted."""
    if _IDENTIFIER.match(header) and header.lower() not in _KEYWORDS:
        return header
    return '"' + header.replace('"', '""') + '"'
