"""Untrusted text (data, notes, paths) as Textual content that is never read as markup."""

from __future__ import annotations

from textual.content import Content
from textual.fuzzy import Matcher

from cockpit.text import safe_text


def plain(value: object, limit: int | None = None) -> Content:
    """`value` as one line of literal Content: control characters escaped, markup shown as typed."""
    return Content(safe_text(value, limit))


def highlighted(matcher: Matcher, label: str) -> Content:
    """`label` as literal Content with the letters `matcher` matched highlighted.

    Textual's `Matcher.highlight` parses its candidate as markup, so a rep named
    `[@click=…]` would become a live action: the offsets are applied to plain Content instead.
    """
    content = Content(label)
    score, offsets = matcher.fuzzy_search.match(matcher.query, label)
    if not score:
        return content
    for offset in offsets:
        if not label[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
