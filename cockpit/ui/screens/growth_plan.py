"""The growth-plan form of the rep screen (`P`): track, next skill, stretch assignment and
promotion readiness, edited in place; an emptied field is cleared, an unchanged one left alone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from cockpit.text import safe_text

FIELDS = (
    ("track", "Track (e.g. AE → Team Lead)"),
    ("next_skill", "Next skill"),
    ("stretch_assignment", "Stretch assignment"),
    ("promotion_readiness", "Promotion readiness (ready, 6-12 months, not yet)"),
)


@dataclass(frozen=True)
class PlanEdit:
    """The fields the manager changed: field → new text, or None to clear it."""

    rep_id: str
    changes: dict[str, str | None]


class GrowthPlanScreen(ModalScreen[PlanEdit | None]):
    """Edit one rep's growth plan; enter in any box saves, esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel_plan"),
    ]

    def __init__(self, rep_id: str, name: str, plan: dict[str, str | None]) -> None:
        super().__init__()
        self.rep_id, self.name_, self.plan = rep_id, name, plan

    def compose(self) -> ComposeResult:
        """Title, one box per field, hint."""
        with Vertical(id="note-box"):
            title = f"Growth plan — {safe_text(self.name_, 60)}"
            yield Static(Text(title, style="bold"))
            for field, label in FIELDS:
                yield Label(label)
                # Escaped: a value imported with an ESC or BEL must not reach the terminal.
                yield Input(safe_text(self.plan.get(field) or ""), id=f"plan-{field}")
            yield Static(Text("Enter saves · esc cancels · an emptied box clears the field"))

    @on(Input.Submitted)
    def _save(self) -> None:
        changes: dict[str, str | None] = {}
        for field, _ in FIELDS:
            typed = self.query_one(f"#plan-{field}", Input).value.strip()
            if typed != safe_text(self.plan.get(field) or "").strip():
                changes[field] = typed or None
        self.dismiss(PlanEdit(self.rep_id, changes) if changes else None)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
