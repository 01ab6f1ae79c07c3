"""What fits through the terminal clipboard (OSC 52), and what to say when it does not."""

from __future__ import annotations

import base64

# Textual sends ESC ] 52 ; c ; <base64> BEL. Terminals cap that sequence: hterm (ChromeOS,
# the Secure Shell extension) drops any OSC 52 longer than 100,000 bytes, and the common
# clipboard plugins (vim-oscyank, nvim's osc52) use the same cap, which is why "about 74,994
# bytes of text" is quoted as the portable limit. Above it most terminals drop the copy
# silently, so cockpit refuses it and says what to do instead.
OSC52_MAX_SEQUENCE = 100_000
OSC52_FRAME = len("\x1b]52;c;\x07")
# Nothing comes back from the terminal to say the copy arrived: cockpit says "sent", never
# "copied". tmux drops the sequence unless set-clipboard is on (its default, `external`, keeps
# applications out); allow-passthrough is only for sequences wrapped in DCS, which Textual's
# plain OSC 52 is not.
HOW_COPY_WORKS = (
    "Copy sends the text to the terminal's clipboard (OSC 52, works over SSH); whether it "
    "arrives is the terminal's choice. In tmux put `set -g set-clipboard on` in ~/.tmux.conf "
    "(allow-passthrough is not needed)."
)


def osc52_length(text: str) -> int:
    """Bytes of the OSC 52 sequence that copies `text`."""
    return OSC52_FRAME + len(base64.b64encode(text.encode("utf-8")))


def fits_osc52(text: str) -> bool:
    """True when terminals accept a copy of `text` through OSC 52."""
    return osc52_length(text) <= OSC52_MAX_SEQUENCE


def too_large_message(text: str, what: str) -> str:
    """The notification shown instead of a copy that terminals would drop."""
    size_kb = len(text.encode("utf-8")) / 1000
    return (
        f"The {what} is {size_kb:,.0f} KB, too large to copy through the terminal "
        f"(about {max_text_bytes() / 1000:,.0f} KB at most); press e to export it to CSV."
    )


def max_text_bytes() -> int:
    """The largest UTF-8 text, in bytes, whose OSC 52 sequence fits (74,994)."""
    return (OSC52_MAX_SEQUENCE - OSC52_FRAME) // 4 * 3
