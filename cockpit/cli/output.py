"""Where a page a command writes goes: stdout, or `--out FILE` written whole or not at all."""

from __future__ import annotations

import sys
from pathlib import Path

from cockpit.errors import DataError, UsageError
from cockpit.notes.atomic import ChangedDuringSaveError, read_bytes, replace_atomically
from cockpit.text import safe_text


def checked_out(out: str | None) -> Path | None:
    """--out as a path, refused before any work when it cannot be a file we write."""
    if out is None:
        return None
    path = Path(out).expanduser()
    if path.is_dir():
        raise UsageError(f"--out {safe_text(out)} is a folder; give a file name")
    if not path.parent.is_dir():
        raise UsageError(
            f"--out {safe_text(out)}: the folder {safe_text(path.parent)} does not exist"
        )
    return path


def emit(text: str, out: Path | None, what: str) -> None:
    """Print `text`, or write it to `out` crash-safe (a temp file beside it, then a rename:
    a reader never sees half a page) and say where."""
    if out is None:
        sys.stdout.write(text)
        return
    try:
        replace_atomically(out, text.encode("utf-8"), expected=read_bytes(out))
    except ChangedDuringSaveError:
        raise DataError(f"{safe_text(out)} changed while it was written; run again") from None
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise DataError(f"cannot write {safe_text(out)}: {safe_text(why)}") from None
    print(f"Wrote the {what} to {safe_text(out)}")
