"""Models ↔ TOML bytes: written with tomli-w and proven to read back; read with errors in words.

Long text is written as a multi-line string so the files stay readable and diffable. tomli-w's
multi-line form turns `\\r\\n` into `\\n` (TOML normalises newlines inside multi-line strings),
so every dump is parsed back and compared; when it differs the file is written with one-line
escaped strings instead, which are exact. A file that cannot be written exactly is never written.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import tomli_w
from pydantic import BaseModel, ValidationError

from cockpit.errors import DataError

M = TypeVar("M", bound=BaseModel)
_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


@dataclass(frozen=True)
class FileProblem:
    """A workspace file that could not be read, where, and why."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


class BrokenFileError(DataError):
    """A workspace file cannot be read; it is left exactly as it is."""

    def __init__(self, problem: FileProblem) -> None:
        super().__init__(
            f"{problem}\n(the file is kept as it is: cockpit never overwrites a file it cannot "
            "read; fix it by hand or move it away)"
        )
        self.problem = problem


def _prune(value: Any) -> Any:
    """Drop empty lists from tables: TOML readers get the model's empty default back."""
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v != []}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def dump_toml(model: BaseModel, path: Path) -> bytes:
    """`model` as TOML bytes that read back to exactly the same values."""
    data = _prune(model.model_dump(exclude_none=True))
    for multiline in (True, False):
        text = tomli_w.dumps(data, multiline_strings=multiline)
        if tomllib.loads(text) == data:
            return text.encode("utf-8")
    raise DataError(f"{path}: the note cannot be saved exactly as TOML (please report this)")


def dump_table(key: str, item: BaseModel, path: Path) -> bytes:
    """One `[[key]]` table holding `item`, as TOML bytes to append to a file (read back exact)."""
    data = {key: [_prune(item.model_dump(exclude_none=True))]}
    for multiline in (True, False):
        text = tomli_w.dumps(data, multiline_strings=multiline)
        if tomllib.loads(text) == data:
            return text.encode("utf-8")
    raise DataError(f"{path}: the note cannot be saved exactly as TOML (please report this)")


def load_toml(path: Path, raw: bytes, model: type[M]) -> M:
    """Parse and validate one file; BrokenFileError names the file, the line and the problem."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BrokenFileError(
            FileProblem(path, line, f"not UTF-8 text (byte {exc.start + 1})")
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where, message = _toml_error(exc, text)
        raise BrokenFileError(FileProblem(path, where, f"not valid TOML: {message}")) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        at = locate(text, first["loc"])
        raise BrokenFileError(FileProblem(path, at, _validation_message(exc))) from None


def _toml_error(exc: tomllib.TOMLDecodeError, text: str) -> tuple[int | None, str]:
    message = str(exc)
    if match := _AT_LINE.search(message):
        return int(match.group(1)), f"{message[: match.start()]} (column {match.group(2)})"
    if match := _AT_END.search(message):
        return text.count("\n") + 1, f"{message[: match.start()]} (at the end of the file)"
    return None, message


def _validation_message(exc: ValidationError) -> str:
    missing: dict[str, list[str]] = {}
    parts = []
    for err in exc.errors():
        loc = err["loc"]
        if err["type"] == "missing" and loc:
            missing.setdefault(_describe_loc(loc[:-1]), []).append(str(loc[-1]))
            continue
        message = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown key (a typo?)"
        where = _describe_loc(loc)
        parts.append(f"{where}: {message}" if where else message)
    for where, keys in missing.items():
        listed = f"missing {', '.join(keys)}"
        parts.insert(0, f"{where}: {listed}" if where else listed)
    return "; ".join(parts)


def _describe_loc(loc: tuple[int | str, ...]) -> str:
    if len(loc) >= 2 and isinstance(loc[1], int):
        rest = ".".join(str(p) for p in loc[2:])
        return f"[[{loc[0]}]] number {loc[1] + 1}" + (f", {rest}" if rest else "")
    return ".".join(str(p) for p in loc)


def locate(text: str, loc: tuple[int | str, ...]) -> int | None:
    """Best-effort line number of a validation error's location (`("note", 2, "kind")`)."""
    lines = text.split("\n")
    start, end = 0, len(lines)
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
        header = re.compile(rf"^\s*\[\[\s*{re.escape(loc[0])}\s*\]\]")
        starts = [i for i, line in enumerate(lines) if header.match(line)]
        if loc[1] >= len(starts):
            return None
        start = starts[loc[1]]
        following = [i for i in range(start + 1, end) if lines[i].lstrip().startswith("[")]
        end = following[0] if following else end
        key = loc[2] if len(loc) >= 3 else None
    else:
        key = loc[0] if loc else None
        firsts = [i for i, line in enumerate(lines) if line.lstrip().startswith("[")]
        end = firsts[0] if firsts else end
    if isinstance(key, str):
        assign = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for i in range(start, end):
            if assign.match(lines[i]):
                return i + 1
    return start + 1 if len(loc) >= 2 else None
