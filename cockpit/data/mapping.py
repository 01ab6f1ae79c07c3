"""Mapping files: how a CRM export's files, columns and values become the canonical tables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from cockpit.data.schema import TABLES
from cockpit.errors import UsageError
from cockpit.paths import MAPPINGS_DIR
from cockpit.tomlfile import format_validation_error, read_toml

Encoding = Literal["utf-8", "cp1252", "latin-1", "auto"]
ANY_OTHER_VALUE = "*"


class Join(BaseModel):
    """A canonical column built by joining several source columns (e.g. first and last name)."""

    model_config = ConfigDict(extra="forbid")

    join: list[str] = Field(min_length=1)
    """Source columns joined in order; empty parts are skipped."""
    sep: str = " "
    """Text placed between the parts."""


class Sql(BaseModel):
    """A canonical column computed per row by a Polars SQL expression over the source columns,
    e.g. `COALESCE(NULLIF(TRIM(CONCAT_WS(' ', first_name, last_name)), ''), email)`; the
    mapping's `booleans` are true/false in it, every other column is text."""

    model_config = ConfigDict(extra="forbid")

    sql: str = Field(min_length=1)


ColumnSource = str | list[str | Join | Sql] | Join | Sql
"""A source header, a join, an SQL expression, or a list of alternatives (the first whose
columns the file has wins)."""


class Lookup(BaseModel):
    """A check that a column's values exist in another file of the export (reported as warnings)."""

    model_config = ConfigDict(extra="forbid")

    column: str
    """Source column whose values are looked up."""
    file: str
    """File (relative to the data folder) holding the valid values."""
    key: str
    """Column of that file holding the valid values."""


class FileJoin(BaseModel):
    """Columns taken from another file of the export, matched on a key (a left join: rows
    without a match keep empty values)."""

    model_config = ConfigDict(extra="forbid")

    file: str
    """CSV file (relative to the data folder) holding the columns, e.g. `deal_stage.csv`."""
    on: dict[str, str] = Field(min_length=1)
    """This file's column → the other file's key column, e.g. `{deal_pipeline_stage_id =
    "stage_id"}`."""
    columns: list[str] = Field(min_length=1)
    """The other file's columns to bring in (they keep their names)."""
    where: str | None = None
    """Rows of the other file to use, as a Polars SQL condition (e.g. `NOT _fivetran_deleted`;
    its flags are compared as text unless listed in this table's `booleans`)."""

    @field_validator("file")
    @classmethod
    def _in_the_data_folder(cls, file: str) -> str:
        # A mapping may come from anyone: it never reads outside the data folder.
        if Path(file).name != file or file in ("", ".", ".."):
            raise ValueError(f"{file!r}: give a file name of the data folder, no directories")
        return file


class TableMapping(BaseModel):
    """How one canonical table is read from an export."""

    model_config = ConfigDict(extra="forbid")

    source: str | list[str | list[str]] = []
    """File name or glob relative to the data folder; a list of patterns is tried in order, and
    an inner list names files read together, one table (`[["Task.csv", "Event.csv"],
    "activities*.csv"]`: Task and Event, whichever of them exist, else activities files)."""
    table: str | None = None
    """For a database source: the table (or view) holding it, e.g. `crm.opportunities`."""
    encoding: Encoding = "utf-8"
    """Text encoding; `auto` reads UTF-8, else cp1252 (Excel / Salesforce on Windows)."""
    separator: str = Field(",", min_length=1, max_length=1)
    """Field separator of CSV files."""
    decimal: Literal[".", ","] = "."
    """Decimal mark of the numbers: `,` for a European Excel save (`235400,00`, `1.234,50`,
    `1 234,50`); thousands separators are then `.`, a space or `'`. A number written any other
    way is reported, never guessed."""
    money: list[str] = []
    """Amount columns written as a CRM's screen shows money (`$1,234.00 `, `1.234,50 €`, `USD
    1,234.50`): a currency sign or code before or after the number and the thousands separators
    of `decimal` are dropped, `(1,234.00)` is negative, a lone `-` after a sign is zero. Rows of
    one column marked in several currencies are set aside (unless the row has a `currency`);
    any other shape is reported."""
    columns: dict[str, ColumnSource] = {}
    """Canonical column → source column(s); unlisted columns are read by their own name."""
    values: dict[str, dict[str, str]] = {}
    """Canonical column → {source value: canonical value}; `*` maps any other value."""
    corrections: dict[str, dict[str, str]] = {}
    """Canonical column → {flawed value: fixed value}; applied, and reported as warnings."""
    date_formats: dict[str, str | list[str]] = {}
    """Canonical date column → strftime format(s), tried in order (e.g. `%d/%m/%Y`)."""
    constants: dict[str, str | int | float | bool] = {}
    """Canonical column → a value for every row (when the export has no such column)."""
    defaults: dict[str, str | int | float | bool] = {}
    """Canonical column → a value used where the export's cell is empty."""
    allow_empty: list[str] = []
    """Required columns whose empty cells are kept (with a warning): the CRM leaves them empty."""
    stop_at_blank_row: bool = False
    """The first blank row ends the data (report exports put totals and footers after it)."""
    joins: list[FileJoin] = []
    """Columns from other files of the export, joined before anything else is read."""
    booleans: list[str] = []
    """Source columns holding flags in any spelling (1/0, true/false, TRUE/FALSE, yes/no, Y/N;
    empty is false): read as true/false before joins, value maps and `where`."""
    where: str | list[str] | None = None
    """Rows to keep, as a Polars SQL condition on the source columns (after `booleans`), e.g.
    `NOT IsDeleted AND UserType = 'Standard'`; the rows it leaves out are counted and said. A
    list gives alternatives for several export variants: the first whose columns the file has
    applies (`TRUE` last keeps every row of a variant with none)."""
    salesforce_ids: list[str] = []
    """Canonical id columns with Salesforce ids: 18-character ids are cut to their 15-char form."""
    lookups: list[Lookup] = []
    """Cross-file checks reported as warnings (e.g. product names missing from the catalogue)."""

    @field_validator("money")
    @classmethod
    def _amount_columns(cls, names: list[str]) -> list[str]:
        amounts = sorted({c.name for t in TABLES.values() for c in t.columns if c.kind == "float"})
        unknown = [name for name in names if name not in amounts]
        if unknown:
            shown = ", ".join(unknown)
            raise ValueError(f"{shown}: not an amount column; money names some of {amounts}")
        return names

    @property
    def patterns(self) -> list[str]:
        """Every source pattern, in order (for messages and detection)."""
        return [pattern for group in self.pattern_groups for pattern in group]

    @property
    def pattern_groups(self) -> list[list[str]]:
        """The source as alternatives tried in order, each a group of patterns read together."""
        if isinstance(self.source, str):
            return [[self.source]]
        return [[entry] if isinstance(entry, str) else list(entry) for entry in self.source]


class Detect(BaseModel):
    """Headers that identify an export, for choosing a preset without `--mapping`."""

    model_config = ConfigDict(extra="forbid")

    any_of: list[list[str]] = []
    """Header sets; a CSV or Parquet file of the folder holding every header of any one set
    matches (a file named as the preset's deals file matches too when its headers give every
    required deals column: see `preset_misfit`)."""


class Mapping(BaseModel):
    """A whole mapping file: one entry per canonical table the export provides."""

    model_config = ConfigDict(extra="forbid")

    name: str
    """Short name shown in reports (`maven_crm`, `salesforce`)."""
    description: str = ""
    """What export this mapping reads, for people choosing one."""
    detect: Detect = Detect()
    """How to recognise the export from its headers."""
    tables: dict[str, TableMapping]
    """Canonical table name → how to read it."""

    @field_validator("tables")
    @classmethod
    def _known_tables(cls, tables: dict[str, TableMapping]) -> dict[str, TableMapping]:
        unknown = sorted(set(tables) - set(TABLES))
        if unknown:
            raise ValueError(f"unknown table(s) {unknown}; known tables: {', '.join(TABLES)}")
        return tables

    @model_validator(mode="after")
    def _known_columns(self) -> Mapping:
        for table_name, table in self.tables.items():
            canonical = set(TABLES[table_name].column_names)
            for field in ("columns", "values", "corrections", "date_formats", "constants"):
                named = set(getattr(table, field))
                extra = sorted(named - canonical)
                if extra:
                    raise ValueError(
                        f"tables.{table_name}.{field}: unknown column(s) {extra}; "
                        f"{table_name} has: {', '.join(sorted(canonical))}"
                    )
        return self


PRESETS_DIR = MAPPINGS_DIR


def preset_names() -> list[str]:
    """Names of the mapping presets shipped with cockpit."""
    return sorted(p.stem for p in PRESETS_DIR.glob("*.toml"))


def read_mapping(path: Path) -> Mapping:
    """Read and validate a mapping TOML file; every problem is a UsageError naming file and key."""
    data = read_toml(path, "mapping file")
    try:
        return Mapping.model_validate(data)
    except ValidationError as exc:
        raise UsageError(
            f"mapping file {path} has errors:\n{format_validation_error(exc)}"
        ) from None


def resolve_mapping(name_or_path: str) -> Mapping:
    """A mapping from a preset name (`maven_crm`) or a path to a TOML file."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        return read_mapping(path)
    if name_or_path in preset_names():
        return read_mapping(PRESETS_DIR / f"{name_or_path}.toml")
    raise UsageError(
        f"unknown mapping {name_or_path!r}: give a TOML file path or one of the presets "
        f"{', '.join(preset_names())}"
    )


def canonical_present(folder: Path) -> bool:
    """True when the folder holds canonical reps and deals files (no mapping needed)."""
    return all(
        any((folder / f"{name}{suffix}").is_file() for suffix in (".csv", ".parquet"))
        for name in ("reps", "deals")
    )


def detect_preset(folder: Path) -> Mapping | None:
    """The one preset that fits the folder (see `preset_misfit`); None when none does.

    Raises UsageError when several presets fit, since guessing could misread the data.
    """
    headers = folder_headers(folder)
    matches = [p for p in shipped_presets() if preset_misfit(p, folder, headers) is None]
    if len(matches) > 1:
        names = ", ".join(m.name for m in matches)
        raise UsageError(
            f"{folder} looks like several exports ({names}): choose one with --mapping NAME"
        )
    return matches[0] if matches else None


def shipped_presets() -> list[Mapping]:
    """Every preset shipped with cockpit, read and validated."""
    return [read_mapping(PRESETS_DIR / f"{name}.toml") for name in preset_names()]


def folder_headers(folder: Path) -> dict[str, set[str]]:
    """The header of each CSV and Parquet file of `folder`, by file name (headers only: a
    weekly export holds hundreds of large files)."""
    # Regular files only: opening a FIFO named like a CSV would wait for a writer forever.
    try:
        files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    except OSError:
        files = []  # an unreadable folder matches no preset; the loader says why
    found = {p.name: _csv_header(p) for p in files if p.suffix.lower() == ".csv"}
    found |= {p.name: _parquet_header(p) for p in files if p.suffix.lower() == ".parquet"}
    return found


def preset_misfit(preset: Mapping, folder: Path, headers: dict[str, set[str]]) -> str | None:
    """None when `preset` fits the folder, else why not in a few words.

    It fits when a file holds one of its `[detect]` header sets, or when a file named as its
    deals file (sf_opportunity_data.csv) has the headers its deals columns read.
    """
    groups = preset.detect.any_of
    if any(set(group) <= found for group in groups for found in headers.values()):
        return None
    deals = preset.tables.get("deals")
    named = _files_named_by(deals, folder, headers) if deals else []
    lacking = {name: _lacking_deal_headers(deals, headers, name) for name in named if deals}
    if any(not missing for missing in lacking.values()):
        return None
    if lacking:
        name, missing = min(lacking.items(), key=lambda item: len(item[1]))
        return f"{name} lacks {_some(missing)}"
    return _closest(groups, headers)


def _files_named_by(deals: TableMapping, folder: Path, headers: dict[str, set[str]]) -> list[str]:
    """Files of the folder that the preset's deals source patterns name."""
    named = {p.name for pattern in deals.patterns for p in folder.glob(pattern)}
    return sorted(name for name in named if name in headers)


def _lacking_deal_headers(
    deals: TableMapping, headers: dict[str, set[str]], name: str
) -> list[str]:
    """Headers file `name` lacks for the required deals columns (a column counts as there
    when any of its alternatives is; joined columns count when the joined file has them)."""
    found = set(headers[name])
    for join in deals.joins:
        found |= set(join.columns) & headers.get(join.file, set())
    lacking: list[str] = []
    for column in TABLES["deals"].columns:
        if not column.required or column.name in deals.constants:
            continue
        choices = _alternatives(deals.columns.get(column.name, column.name))
        needed = [_source_names(choice) for choice in choices]
        if not any(set(names) <= found for names in needed):
            lacking += [n for n in needed[0] if n not in found and n not in lacking]
    return lacking


def _alternatives(spec: ColumnSource) -> list[str | Join | Sql]:
    return list(spec) if isinstance(spec, list) else [spec]


def _source_names(choice: str | Join | Sql) -> list[str]:
    """The source headers one alternative of a column reads."""
    if isinstance(choice, str):
        return [choice]
    if isinstance(choice, Join):
        return list(choice.join)
    import polars as pl

    try:
        return list(pl.sql_expr(choice.sql).meta.root_names())
    except (pl.exceptions.PolarsError, ValueError):
        return []  # not SQL Polars reads: the loader says why when the preset is used


def _closest(groups: list[list[str]], headers: dict[str, set[str]]) -> str:
    """The `[detect]` header set a file comes closest to holding, in words."""
    near = [
        ([h for h in group if h not in found], name)
        for group in groups
        for name, found in headers.items()
        if set(group) & found
    ]
    if near:
        missing, name = min(near, key=lambda item: len(item[0]))
        return f"closest is {name}, which lacks {_some(missing)}"
    if not groups:
        return "it names no headers to recognise the export by"
    return f"no CSV has {', '.join(groups[0])}"


def _some(names: list[str], shown: int = 4) -> str:
    """A few names, and how many more (one short line per preset)."""
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def presets_tried(folder: Path) -> list[str]:
    """One line per shipped preset: why it does not fit `folder` (or that it fits)."""
    headers = folder_headers(folder)
    lines = []
    for preset in shipped_presets():
        why = preset_misfit(preset, folder, headers)
        lines.append(f"{preset.name}: {why or 'fits'}")
    return lines


def _csv_header(path: Path) -> set[str]:
    """The header cells of a CSV file (any encoding; unreadable files have none)."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(1 << 16)
    except OSError:
        return set()
    text = first.decode("utf-8-sig", errors="replace").strip()
    return {cell.strip().strip('"').strip() for cell in text.split(",")}


def _parquet_header(path: Path) -> set[str]:
    """The column names of a Parquet file, from its footer (unreadable files have none)."""
    import polars as pl

    try:
        return set(pl.read_parquet_schema(path))
    except (OSError, pl.exceptions.PolarsError):
        return set()
