"""Reading a user's TOML file (mapping or settings) with errors that name the file and key."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cockpit.errors import UsageError


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """The parsed TOML of `path`; a missing, unreadable or invalid file is a UsageError."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{what} {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{what} {path} cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{what} {path} is not valid TOML: {exc}") from None


def format_validation_error(exc: ValidationError) -> str:
    """Pydantic errors as lines of `key.path: message`, for people, not programmers."""
    lines = []
    for err in exc.errors():
        where = ".".join(str(part) for part in err["loc"]) or "(top level)"
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = "unknown key (a typo?); see the documentation for valid keys"
        lines.append(f"  {where}: {message}")
    return "\n".join(lines)
