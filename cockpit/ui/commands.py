"""Command palette entries: jump to any rep or segment by name."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from cockpit.text import safe_text
from cockpit.ui.plain import highlighted, plain

if TYPE_CHECKING:
    from cockpit.analytics.panes import Panes


class Jumps(Protocol):
    """What the palette needs of the app: the panes, and a way to open a subject."""

    panes: Panes | None

    def open_subject(self, pane: str, key: str) -> None:
        """Open the screen of a rep or a segment."""


class JumpCommands(Provider):
    """'Rep: Elena Marsh', 'Segment: Healthcare' — open their screen."""

    def _targets(self) -> list[tuple[str, str, str]]:
        app = cast(Jumps, self.app)
        if app.panes is None:
            return []
        reps = [
            (f"Rep: {safe_text(name, 60)}", "tiers", str(rep_id))
            for rep_id, name in app.panes.tiers.select("rep_id", "name").iter_rows()
        ]
        segments = [
            (f"Segment: {safe_text(seg, 60)}", "churn", str(seg))
            for seg in app.panes.churn["segment"].to_list()
            if seg is not None
        ]
        return reps + segments

    async def discover(self) -> Hits:
        """Every rep and segment, before anything is typed."""
        app = cast(Jumps, self.app)
        for label, pane, key in self._targets():
            yield DiscoveryHit(plain(label), partial(app.open_subject, pane, key), text=label)

    async def search(self, query: str) -> Hits:
        """Reps and segments whose name matches what was typed."""
        app = cast(Jumps, self.app)
        matcher = self.matcher(query)
        for label, pane, key in self._targets():
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(matcher, label),
                    partial(app.open_subject, pane, key),
                    text=label,
                )
