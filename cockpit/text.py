"""Making untrusted text (from data files and notes) safe to show in a terminal."""

from __future__ import annotations

import json
import re

ELLIPSIS = "…"

# C0/C1 controls and DEL would let data move the cursor or start escape sequences; bidi
# overrides and isolates can make a name read backwards. Tab and newline are shown as escapes
# too so one value stays on one line of a table.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(value: object, limit: int | None = None) -> str:
    """`value` as one line of plain text: control and bidi characters escaped, cut to `limit`."""
    text = "" if value is None else str(value)
    text = _UNSAFE.sub(_escape, text)
    if limit is not None and len(text) > limit:
        return text[: max(limit - 1, 0)] + ELLIPSIS
    return text


def safe_lines(value: object) -> str:
    """Multi-line text with each line made safe (for messages that are laid out in lines)."""
    return "\n".join(safe_text(line) for line in str(value).splitlines())


# In JSON, the standard library escapes C0 controls but leaves these raw: C1 controls (a CSI to
# some terminals), bidi controls, zero-width characters, and the line and paragraph separators.
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)


def safe_json(value: object, indent: int | None = 2) -> str:
    """`value` as JSON that is safe to print: readable Unicode kept, every invisible or
    direction-changing character written as a \\u escape (the parsed value is unchanged)."""
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
