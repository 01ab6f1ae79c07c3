"""TOML text with comments, for drafted mappings: tomli_w writes no comments, so the text is
built here, every string quoted so that any header or value read from an export round-trips."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cockpit.text import safe_text

# Escaped inside strings although TOML allows some of them raw: a printed draft must not move
# the cursor, reverse a line (bidi) or break it (line separators) in the user's terminal.
_ESCAPED = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff"
    "\ufff9-\ufffb\ud800-\udfff]"
)
_SHORT = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_INVISIBLE = re.compile("[\u200b-\u200d\u2028\u2029\u2060]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT:
        return _SHORT[char]
    # A lone surrogate cannot be written in UTF-8, nor as a TOML escape.
    code = 0xFFFD if 0xD800 <= ord(char) <= 0xDFFF else ord(char)
    return f"\\u{code:04X}"


def toml_string(text: str) -> str:
    """`text` as a TOML basic string: quotes, backslashes and invisible characters escaped."""
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{_ESCAPED.sub(_escape, body)}"'


def toml_key(key: str) -> str:
    """A bare key when TOML allows one, else a quoted key."""
    return key if _BARE_KEY.match(key) else toml_string(key)


def toml_value(value: object) -> str:
    """A string, number, flag, list or table as an inline TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{toml_key(str(k))} = {toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def comment(text: str) -> str:
    """One comment line; text from an export cannot break out of it."""
    return "# " + _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", safe_text(text))


def shown(text: str) -> str:
    """A header or value quoted for a comment, e.g. 'Close Date'."""
    return f"'{safe_text(text, 60)}'"


@dataclass
class Entry:
    """One `key = value` line; a value of None writes the key commented out (not found)."""

    key: str
    value: object | None
    note: str = ""
    """Said after the value on the same line."""


@dataclass
class Section:
    """A `[table]` (or `[[array]]` item) with its comment lines and entries."""

    path: tuple[str, ...]
    entries: list[Entry] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    array: bool = False

    def add(self, key: str, value: object | None, note: str = "") -> None:
        """Append one entry."""
        self.entries.append(Entry(key, value, note))


def render(head: list[str], top: list[Entry], sections: list[Section]) -> str:
    """The whole file: comment lines, top-level keys, then the sections in order."""
    lines = [comment(line) if line else "#" for line in head]
    lines += [_entry_line(e) for e in top]
    for section in sections:
        lines.append("")
        lines += [comment(line) for line in section.comments]
        name = ".".join(toml_key(p) for p in section.path)
        lines.append(f"[[{name}]]" if section.array else f"[{name}]")
        lines += [_entry_line(e) for e in section.entries]
    return "\n".join(lines) + "\n"


def _entry_line(entry: Entry) -> str:
    note = f"  {comment(entry.note)}" if entry.note else ""
    if entry.value is None:
        return f"# {toml_key(entry.key)} = …{note}"
    return f"{toml_key(entry.key)} = {toml_value(entry.value)}{note}"
