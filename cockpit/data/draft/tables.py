"""One canonical table drafted from one file: its columns, flags, value maps and row filter."""

from __future__ import annotations

from cockpit.data.draft import special
from cockpit.data.draft import values as vm
from cockpit.data.draft.columns import by_header, pick
from cockpit.data.draft.model import NAMED_ONLY, Choice, Keys, TableDraft
from cockpit.data.draft.profile import profile
from cockpit.data.draft.sample import Sample
from cockpit.data.draft.toml_text import shown
from cockpit.data.draft.vocab import DELETED_FLAGS, FILE_WORDS, HISTORY_FLAG, normalize
from cockpit.data.schema import ACTIVITY_COUNTS, TABLES

KEY_SHARE = 0.3
"""Share of the deals' values an id column must hold to be the one they point to."""

__all__ = ["Choice", "Keys", "TableDraft", "draft_table", "names_the_table"]


def names_the_table(sample: Sample, table: str) -> bool:
    """True when the file's name says it holds `table` (e.g. Opportunity.csv: deals)."""
    stem = normalize(sample.path.stem)
    return any(word in stem for word in FILE_WORDS[table])


def draft_table(
    sample: Sample, table: str, keys: Keys | None = None, thorough: bool = True
) -> TableDraft:
    """Table `table` as drafted from `sample`'s headers and values; `keys` chooses the id
    column whose values the deals point with. Not `thorough`, a column no header names is
    not looked for among the values (quick, to compare many files)."""
    draft = TableDraft(table, sample, names_the_table(sample, table), thorough=thorough)
    if table in NAMED_ONLY and not draft.hint:
        return draft  # not eligible whatever its columns: no need to look at them
    taken: set[str] = set()
    keyed = keys is not None and _keyed(draft, keys, taken)
    handlers = {("deals", "stage"): special.stage, ("leads", "converted"): special.converted}
    columns = sorted(TABLES[table].columns, key=lambda c: not c.required)
    for column in columns:
        if column.name not in ACTIVITY_COUNTS and column.name not in draft.choices:
            handler = handlers.get((table, column.name), _plain)
            handler(draft, column.name, taken)
    if table == "reps" and "name" not in draft.choices:
        special.rep_name(draft)
    if table == "activities":
        special.activity_counts(draft, taken)
    if table == "leads" and "origin" in draft.choices:
        special.origin_values(draft)
    _deleted_rows(draft)
    if keys is not None and not keyed and (choice := draft.choices.get(keys.column)):
        choice.note += f"; its values match none of the {keys.what} (in the rows read): check it"
    for name, choice in draft.choices.items():
        if TABLES[table].column(name).kind == "date" and choice.header:
            guess = profile(sample, choice.header).dates
            if guess is not None:
                draft.dates[choice.header] = guess
    return draft


def _keyed(draft: TableDraft, keys: Keys, taken: set[str]) -> bool:
    """The id column (no value repeats) holding most of the values the deals point with;
    False when none holds any."""
    matches = [
        (len(found.id_set() & keys.values), h)
        for h in draft.sample.headers
        if (found := profile(draft.sample, h)).unique
    ]
    count, header = max(matches, default=(0, ""))
    # A few shared values may be chance (hashed ids, small numbers): when the whole file was
    # read, a good share of them must match (the first rows of two large files may share few).
    enough = KEY_SHARE * len(keys.values) if draft.sample.complete else 1
    if count == 0 or count < enough:
        return False
    why = f"its values match {count:,} of the {len(keys.values):,} {keys.what} (in the rows read)"
    draft.choices[keys.column] = Choice(header, why, header)
    taken.add(header)
    return True


def _plain(draft: TableDraft, name: str, taken: set[str]) -> None:
    found = pick(draft.sample, draft.table, name, taken, by_values=draft.thorough)
    if found is not None:
        draft.take(name, found, taken)


def _deleted_rows(draft: TableDraft) -> None:
    """Leave out deleted records (and old versions of Fivetran history rows)."""
    deleted = by_header(draft.sample, DELETED_FLAGS, want_flag=True, empty_ok=True)
    if deleted is None:
        return
    condition = f"NOT {vm.sql_name(deleted)}"
    values = profile(draft.sample, deleted).values.str.to_lowercase()
    gone = int(values.is_in(["true", "t", "yes", "y", "1"]).sum())
    why = f"{gone:,} of {draft.sample.rows_said} are deleted records ({shown(deleted)})"
    if HISTORY_FLAG in draft.sample.headers:
        condition += f" AND ({HISTORY_FLAG} IS NULL OR LOWER({HISTORY_FLAG}) <> 'false')"
        why += "; rows with _fivetran_active false are old versions of a record"
    draft.where = (condition, why)
    draft.booleans.append(deleted)
