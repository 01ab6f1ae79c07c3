"""The config's `[keys]` checked against every screen's bindings before the TUI starts.

Textual applies a keymap one widget at a time: a key rebound onto a key another binding of the
same screen already uses (`pane_growth = "j"`, while the table moves down with j) is accepted,
and one of the two silently does nothing. So each screen's bindings are gathered as Textual
would gather them (the focused widget first, then the screen, then the app) with the keymap
applied, and any key that ends up with two actions is a config error naming both.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.keys import key_to_character
from textual.screen import ModalScreen

from cockpit.errors import UsageError
from cockpit.text import safe_text


@dataclass(frozen=True)
class Place:
    """Where bindings are live together: the widget with the focus first, the app last."""

    name: str
    chain: tuple[type[DOMNode], ...]


@dataclass(frozen=True)
class Clash:
    """A rebound key that another binding of the same place also uses."""

    key: str
    rebound: Binding
    other: Binding
    place: str


def places() -> tuple[Place, ...]:
    """Every screen of cockpit, with the widget that has the focus on it.

    Text boxes are left out: while one has the focus it takes the printable keys (the pane keys
    too), as every text box does.
    """
    from textual.containers import VerticalScroll
    from textual.widgets import OptionList

    from cockpit.ui.app import CockpitApp as Cockpit
    from cockpit.ui.screens.actions import ActionsScreen
    from cockpit.ui.screens.confirm import ConfirmQuitScreen
    from cockpit.ui.screens.detail import AccountScreen, RepScreen, SegmentScreen
    from cockpit.ui.screens.help import HelpScreen
    from cockpit.ui.screens.main import MainScreen
    from cockpit.ui.screens.scope import PeriodScreen, TeamScreen
    from cockpit.ui.widgets.frame_table import FrameTable as Table

    return (
        Place("the main screen", (Table, MainScreen, Cockpit)),
        Place("a rep's screen", (Table, VerticalScroll, RepScreen, Cockpit)),
        Place("a segment's screen", (Table, VerticalScroll, SegmentScreen, Cockpit)),
        Place("an account's screen", (VerticalScroll, AccountScreen, Cockpit)),
        Place("the actions view", (Table, ActionsScreen, Cockpit)),
        Place("the help screen", (VerticalScroll, HelpScreen, Cockpit)),
        Place("the quit question", (ConfirmQuitScreen, Cockpit)),
        Place("the period chooser", (OptionList, PeriodScreen, Cockpit)),
        Place("the team chooser", (OptionList, TeamScreen, Cockpit)),
    )


def check_keymap(keymap: Mapping[str, str], source: str) -> None:
    """Refuse a `[keys]` table with an unknown binding id or a key that clashes on a screen
    (UsageError, exit 2), every problem on its own line; `source` names the config file."""
    problems = [*unknown_ids(keymap), *(_said(clash, keymap) for clash in clashes(keymap))]
    if problems:
        lines = "\n".join(f"  {problem}" for problem in problems)
        raise UsageError(f"{source} has errors:\n{lines}")


def clashes(keymap: Mapping[str, str]) -> list[Clash]:
    """Every rebound key that another binding uses on the same screen, once per pair."""
    normal = App._normalize_keymap(dict(keymap))  # "?" → "question_mark", as Textual reads it
    order = {binding_id: rank for rank, binding_id in enumerate(keymap)}
    found: dict[tuple[str, str, str], Clash] = {}
    for place in places():
        for clash in _clashes_in(place, normal):
            rebound, other = clash.rebound, clash.other
            if order.get(other.id or "", len(order)) < order[rebound.id or ""]:
                # Two entries of the file: said in the file's order.
                clash = Clash(clash.key, other, rebound, clash.place)
            first, second = sorted((_name(rebound), _name(other)))
            found.setdefault((clash.key, first, second), clash)
    return list(found.values())


def _clashes_in(place: Place, keymap: Mapping[str, str]) -> Iterator[Clash]:
    """Keys of one place that two actions end up on, one of them rebound by `keymap`.

    Textual's own check (`BindingsMap.apply_keymap`) looks within one widget only, and counts a
    binding the keymap does not name as rebound elsewhere, so it reports none of these.
    """
    by_key: dict[str, dict[str, Binding]] = {}
    declared: set[tuple[str, str]] = set()  # (key, binding) as the code binds them
    for bindings in _live_maps(place):
        for key, binding in bindings:
            declared.add((key, _name(binding)))
            moved = binding.id is not None and binding.id in keymap
            for live in keymap[binding.id or ""].split(",") if moved else [key]:
                by_key.setdefault(live, {}).setdefault(_name(binding), binding)
    for key, bound in by_key.items():
        for rebound in (b for b in bound.values() if b.id in keymap):
            for other in bound.values():
                if _name(other) == _name(rebound) or other.action == rebound.action:
                    continue
                # Two bindings the code itself puts on one key are meant to (q quits, and goes
                # back on a drill-down): only the keymap's doing is a clash.
                if {(key, _name(rebound)), (key, _name(other))} <= declared:
                    continue
                yield Clash(key, rebound, other, place.name)


def _live_maps(place: Place) -> Iterator[BindingsMap]:
    """The bindings of each widget of the chain as declared; past a modal screen only the
    priority ones (a modal screen keeps the app's other keys from its widgets)."""
    modal = False
    for node in place.chain:
        bindings = (node._merged_bindings or BindingsMap()).copy()  # Textual is pinned exactly
        if issubclass(node, App) and node.ENABLE_COMMAND_PALETTE:
            palette = Binding(node.COMMAND_PALETTE_BINDING, "command_palette", "Command palette")
            bindings.key_to_bindings.setdefault(palette.key, []).append(palette)
        if modal:
            bindings = BindingsMap(binding for _, binding in bindings if binding.priority)
        modal = modal or issubclass(node, ModalScreen)
        yield bindings


def unknown_ids(keymap: Mapping[str, str]) -> list[str]:
    """`keys.ID: …` for each id no binding of cockpit has (Textual would ignore it)."""
    known = _known_ids()
    problems = []
    for binding_id in keymap:
        if binding_id not in known:
            near = difflib.get_close_matches(binding_id, known, n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            problems.append(
                f"keys.{safe_text(binding_id, 40)}: no key binding has this id{hint}; "
                "the README lists the ids"
            )
    return problems


def _known_ids() -> list[str]:
    """The ids of every binding of the screens and widgets cockpit uses."""
    places()  # imports every screen, so that its classes are known
    ids = {b.id for node in _subclasses(DOMNode) for _, b in node._merged_bindings or () if b.id}
    return sorted(ids)


def _subclasses(cls: type[DOMNode]) -> Iterator[type[DOMNode]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _said(clash: Clash, keymap: Mapping[str, str]) -> str:
    """One clash in words: the config entry, what else uses the key, where; what to do."""
    entry = f"keys.{clash.rebound.id} = {_quoted(keymap, clash.rebound)}"
    other = clash.other
    if other.id in keymap:
        what = f"keys.{other.id} = {_quoted(keymap, other)}"
    else:
        words = other.description or other.tooltip or other.action
        what = f"'{_shown(clash.key)}' ({words}{f'; binding id {other.id}' if other.id else ''})"
    return f"{entry} clashes with {what} on {clash.place}; choose another key"


def _quoted(keymap: Mapping[str, str], binding: Binding) -> str:
    """The keys as the config file wrote them."""
    return repr(safe_text(keymap[binding.id or ""], 40))


def _shown(key: str) -> str:
    """A key as typed: `j`, `?`, `ctrl+p`."""
    character = key_to_character(key)
    return character if character and character.isprintable() else key


def _name(binding: Binding) -> str:
    """What identifies a binding across widgets: its id, else its action."""
    return binding.id or binding.action
