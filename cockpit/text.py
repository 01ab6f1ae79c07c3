"""Making untrusted text (from data files and notes) safe to show in a terminal."""

from __future__ import annotations

import json
import math
import re
from datetime import date

import orjson

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
    direction-changing character written as a \\u escape (the parsed value is unchanged).
    Dates are written as ISO text and NaN or infinity as null."""
    text = _dumps(value, indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _dumps(value: object, indent: int | None) -> str:
    """orjson where it can (the standard library's indenting encoder is pure Python: 0.20 s
    against 0.03 s for demo M's 7 MB report); the standard library for what orjson refuses
    (an integer beyond 64 bits, an indent other than 2)."""
    if indent in (2, None):
        option = orjson.OPT_NON_STR_KEYS | (orjson.OPT_INDENT_2 if indent else 0)
        try:
            return orjson.dumps(value, option=option).decode()
        except orjson.JSONEncodeError:
            pass
    return json.dumps(_plain(value), indent=indent, ensure_ascii=False)


def _plain(value: object) -> object:
    """`value` with dates as ISO text and NaN or infinity as None, as orjson writes them."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
