"""The notes workspace: round trips, conflicts, shared files, broken files, growth and decisions."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from cockpit.analytics.growth_edits import merge_growth
from cockpit.errors import DataError, UsageError
from cockpit.notes import folder as folder_module
from cockpit.notes.models import Note, SubjectFile
from cockpit.notes.store import NoteStore, current_user, subject_path
from cockpit.notes.tomlio import dump_toml, load_toml
from cockpit.notes.workspace import default_workspace, describe_workspace
from cockpit.paths import SAMPLE_DATA

NOON = datetime(2026, 3, 14, 12, 0, 0, tzinfo=UTC)
TRICKY = [
    "[bold red]not markup[/]",
    "line one\r\nline two\r\n",
    "lone\rcarriage",
    "triple \"\"\" quotes\nand ''' too",
    "back\\slash at the end\\",
    "nul\x00 bell\x07 esc\x1b[31m del\x7f c1\x85",
    "bidi \u202eevil\u202c and \u2066isolate\u2069 \ufeff bom",
    "tab\there\n\n\nblank lines\n",
    "emoji 👩🏽‍💼 and wide 漢字 and combining e\u0301",
    "\u2028line separator\u2029",
    "[[note]]\nid = 'fake'\n",
    "   ",
]
texts = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=300),
)


def clock_at(start: datetime = NOON) -> object:
    """A clock that ticks one second per call, so order is deterministic."""
    ticks = iter(range(1_000_000))
    return lambda: start + timedelta(seconds=next(ticks))


def make_store(workspace: Path, author: str = "ann") -> NoteStore:
    return NoteStore(workspace, author=author, clock=clock_at())  # type: ignore[arg-type]


def test_add_and_list_round_trip(tmp_path: Path) -> None:
    store = make_store(tmp_path / "ws")
    first = store.add("rep:R01", "Asked about the manager track.")
    store.add("segment:Mid-Market", "Churn looks seasonal.")
    action = store.add("rep:R01", "Send the course link", kind="action", due=date(2026, 4, 1))

    fresh = NoteStore(tmp_path / "ws")
    assert fresh.notes("rep:R01") == [first, action]
    assert action.owner == "ann"
    assert [n.subject for n in fresh.notes()] == ["rep:R01", "segment:Mid-Market", "rep:R01"]
    text = (tmp_path / "ws" / "rep" / "R01.toml").read_text(encoding="utf-8")
    assert "[[note]]" in text
    assert "created = 2026-03-14 12:00:00+00:00" in text
    assert 'text = "Asked about the manager track."' in text


def test_long_text_is_written_as_readable_multiline_string(tmp_path: Path) -> None:
    store = make_store(tmp_path / "ws")
    store.add("rep:R01", "First paragraph.\nSecond paragraph.\n")
    text = (tmp_path / "ws" / "rep" / "R01.toml").read_text(encoding="utf-8")
    assert 'text = """\nFirst paragraph.\nSecond paragraph.\n"""' in text


@pytest.mark.parametrize(
    "subject", ["rep", "rep:", "team:R1", "rep: R1", "rep:R1\n", "review:", "REP:R1", ""]
)
def test_bad_subject_is_a_usage_error(tmp_path: Path, subject: str) -> None:
    with pytest.raises(UsageError, match="subject"):
        make_store(tmp_path).add(subject, "text")
    assert not (tmp_path / "rep").exists()


def test_subject_ids_become_safe_file_names(tmp_path: Path) -> None:
    assert subject_path(tmp_path, "rep:R1").name == "R1.toml"
    assert subject_path(tmp_path, "account:a/b").name == "a%2Fb.toml"
    assert subject_path(tmp_path, "segment:..").name == "%2E..toml"
    long = subject_path(tmp_path, "account:" + "é" * 150)
    assert len(long.name) < 140
    assert long != subject_path(tmp_path, "account:" + "é" * 151)


@settings(max_examples=300, deadline=None)
@given(text=texts)
@example(text="x" * 300_000 + "\r\n" * 1000)
def test_toml_dump_reads_back_exactly(text: str) -> None:
    note = Note(id="abc123", subject="rep:R1", author="ann", created=NOON, text=text)
    raw = dump_toml(SubjectFile(note=[note]), Path("x.toml"))
    assert load_toml(Path("x.toml"), raw, SubjectFile).note[0].text == text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, subject_id=st.text(st.characters(categories=["L", "N", "P", "S"]), min_size=1))
def test_store_round_trips_text_and_subject_exactly(text: str, subject_id: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        note = make_store(Path(folder)).add(f"account:{subject_id}", text)
        (read,) = NoteStore(Path(folder)).notes()
        assert read == note
        assert read.text == text


def test_very_long_text_round_trips(tmp_path: Path) -> None:
    text = ("Ünïcödé [b]markup[/b]\r\n\x1b\t" * 20_000)[:400_000]
    note = make_store(tmp_path).add("rep:R1", text)
    assert NoteStore(tmp_path).get(note.id).text == text


def test_lone_surrogate_is_rejected_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"lone surrogate U\+DCFF\) at character 3"):
        make_store(tmp_path).add("rep:R1", "ab\udcffcd")
    assert not (tmp_path / "rep" / "R1.toml").exists()


def test_models_dump_without_none_or_naive_times(tmp_path: Path) -> None:
    note = make_store(tmp_path).add("rep:R1", "x")
    dumped = SubjectFile(note=[note]).model_dump(exclude_none=True)
    assert None not in dumped["note"][0].values()
    assert dumped["note"][0]["created"].tzinfo is not None
    assert Note.model_validate({**note.model_dump(), "created": datetime(2026, 1, 1)}).created == (
        datetime(2026, 1, 1, tzinfo=UTC)
    )


def test_due_and_owner_only_for_actions(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="only for action items"):
        make_store(tmp_path).add("rep:R1", "x", kind="note", due=date(2026, 1, 1))


# conflicts ---------------------------------------------------------------------------------


def test_two_managers_editing_one_note_keep_both_versions(tmp_path: Path) -> None:
    ann, bo = make_store(tmp_path, "ann"), make_store(tmp_path, "bo")
    original = ann.add("rep:R1", "Plan: shadow two demos.")
    seen_by_ann, seen_by_bo = ann.get(original.id), bo.get(original.id)

    first = ann.edit(original.id, seen_by_ann.content_hash(), text="Plan: shadow three demos.")
    assert first.conflict is None
    assert first.note.revision == 2

    second = bo.edit(original.id, seen_by_bo.content_hash(), text="Plan: run one demo alone.")
    assert second.conflict is not None
    assert "last saved by ann" in second.conflict.message
    assert second.note.id in second.conflict.message
    texts = {n.id: n.text for n in NoteStore(tmp_path).notes("rep:R1")}
    assert texts == {
        original.id: "Plan: shadow three demos.",
        second.note.id: "Plan: run one demo alone.",
    }
    assert second.note.conflict_of == original.id
    assert second.note.author == "bo"


def test_conflict_is_found_by_content_not_mtime(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    note = store.add("rep:R1", "original words")
    path = tmp_path / "rep" / "R1.toml"
    before = path.stat()
    path.write_text(path.read_text().replace("original words", "hand-edited"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))

    result = store.edit(note.id, note.content_hash(), text="my edit")
    assert result.conflict is not None
    assert {n.text for n in store.notes()} == {"hand-edited", "my edit"}


def test_same_edit_twice_is_not_a_conflict(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    note = store.add("rep:R1", "a")
    store.edit(note.id, note.content_hash(), text="b")
    again = store.edit(note.id, note.content_hash(), text="b")
    assert again.conflict is None
    assert len(store.notes()) == 1


def test_done_is_idempotent_and_accepts_a_prefix(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    note = store.add("rep:R1", "do it", kind="action")
    ticked = store.done(note.id[:6])
    assert ticked.done and ticked.done_by == "ann" and ticked.revision == 2
    assert store.done(note.id) == ticked
    with pytest.raises(DataError, match="no note with id"):
        store.done("ffffffffffff")


# shared files ------------------------------------------------------------------------------


def _other_gid() -> int:
    if os.geteuid() == 0:
        return 54321
    groups = [g for g in os.getgroups() if g != os.getegid()]
    if not groups:
        pytest.skip("needs root or a second group to test group ownership")
    return groups[0]


def test_group_shared_file_keeps_mode_and_group(tmp_path: Path) -> None:
    gid = _other_gid()
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chown(shared, -1, gid)
    shared.chmod(0o2770)
    old_umask = os.umask(0o077)  # the strictest user: the recipe must not leak it into files
    try:
        store = make_store(shared)
        store.add("rep:R1", "first")
        path = shared / "rep" / "R1.toml"
        assert path.stat().st_gid == gid
        assert stat.S_IMODE(path.stat().st_mode) & 0o060 == 0o060
        assert stat.S_IMODE((shared / ".lock").stat().st_mode) & 0o060 == 0o060
        assert (shared / "rep").stat().st_mode & 0o2070 == 0o2070

        path.chmod(0o660)
        store.add("rep:R1", "second")
        assert stat.S_IMODE(path.stat().st_mode) == 0o660
        assert path.stat().st_gid == gid
    finally:
        os.umask(old_umask)


def test_plain_file_keeps_its_own_mode(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    store.add("rep:R1", "first")
    path = tmp_path / "rep" / "R1.toml"
    path.chmod(0o640)
    store.add("rep:R1", "second")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_file_group_is_kept_outside_a_setgid_folder(tmp_path: Path) -> None:
    gid = _other_gid()
    store = make_store(tmp_path)
    store.add("rep:R1", "first")
    path = tmp_path / "rep" / "R1.toml"
    os.chown(path, -1, gid)
    path.chmod(0o660)
    store.add("rep:R1", "second")
    assert (path.stat().st_gid, stat.S_IMODE(path.stat().st_mode)) == (gid, 0o660)


def test_stale_temp_files_are_cleaned_under_the_lock(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    store.add("rep:R1", "first")
    stale = tmp_path / "rep" / ".R1.toml.999.deadbeef.tmp"
    stale.write_text("half a file")
    store.add("rep:R1", "second")
    assert not stale.exists()
    assert len(store.notes()) == 2


# broken files ------------------------------------------------------------------------------

BROKEN_TOML = 'version = 1\n\n[[note]]\nid = "x1"\nsubject = "rep:R2"\ntext = "unclosed\n'


def test_broken_file_is_named_with_line_kept_and_others_load(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    good = store.add("rep:R1", "fine")
    broken = tmp_path / "rep" / "R2.toml"
    broken.write_text(BROKEN_TOML, encoding="utf-8")

    assert store.notes() == [good]
    (problem,) = store.problems
    assert problem.path == broken
    assert problem.line == 6
    assert str(problem).startswith(f"{broken}, line 6: not valid TOML")

    with pytest.raises(DataError, match=r"(?s)R2\.toml, line 6: .*never overwrites"):
        store.add("rep:R2", "new note")
    assert broken.read_text(encoding="utf-8") == BROKEN_TOML
    assert not list(broken.parent.glob(".*.tmp"))


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        (
            'version = 1\n[[note]]\nid = "a1"\nsubject = "rep:R1"\nauthor = "ann"\n'
            'created = 2026-01-01T00:00:00Z\nkind = "memo"\ntext = "x"\n',
            7,
            "[[note]] number 1, kind: Input should be 'note', 'growth' or 'action'",
        ),
        ('version = 1\ncolour = "red"\n', 2, "colour: unknown key (a typo?)"),
        (b"version = 1\n# caf\xe9\n", 2, "not UTF-8 text"),
    ],
)
def test_invalid_content_is_reported_with_its_line(
    tmp_path: Path, content: str | bytes, line: int, words: str
) -> None:
    path = tmp_path / "rep" / "R1.toml"
    path.parent.mkdir()
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    store = NoteStore(tmp_path)
    assert store.notes() == []
    (problem,) = store.problems
    assert problem.line == line
    assert words in problem.message


def test_hand_edit_during_a_save_is_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store(tmp_path)
    store.add("rep:R1", "first")
    path = tmp_path / "rep" / "R1.toml"
    real_dump = folder_module.dump_table
    calls = []

    def dump_then_hand_edit(key: str, item: Note, target: Path) -> bytes:
        data = real_dump(key, item, target)
        if not calls:  # someone saves the file in an editor while we are writing
            calls.append(1)
            path.write_text(path.read_text().replace('"first"', '"first, hand-edited"'))
        return data

    monkeypatch.setattr(folder_module, "dump_table", dump_then_hand_edit)
    store.add("rep:R1", "second")
    assert [n.text for n in store.notes()] == ["first, hand-edited", "second"]


# growth, decisions, queue ------------------------------------------------------------------


def test_growth_note_and_edits_make_overrides(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    store.edit_growth("R1", {"track": "AE → Manager", "next_skill": "Coaching"})
    store.add("rep:R1", "Talked about coaching.", kind="growth")
    store.edit_growth("R1", {"next_skill": None, "stretch_assignment": "Lead onboarding"})
    store.add("segment:SMB", "not a rep", kind="growth")

    assert store.growth_overrides() == {
        "R1": {
            "track": "AE → Manager",
            "next_skill": None,
            "stretch_assignment": "Lead onboarding",
            "last_growth_conversation": (NOON + timedelta(seconds=1)).astimezone().date(),
        }
    }
    text = (tmp_path / "rep" / "R1.toml").read_text(encoding="utf-8")
    assert 'clear = [\n    "next_skill",\n]' in text or 'clear = ["next_skill"]' in text


def test_unknown_growth_field_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown growth field"):
        make_store(tmp_path).edit_growth("R1", {"tracks": "x"})


def test_review_decisions_are_remembered(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    store.decide("stale:rep:R1", "discussed")
    store.decide("flight_risk:rep:R2", "snoozed", until=date(2026, 4, 1))
    action = store.decide(
        "churn_alert:segment:SMB", "action", owner="bo", due=date(2026, 3, 30), comment="Call them"
    )
    store.decide("stale:rep:R1", "snoozed", until=date(2026, 3, 20))

    decisions = NoteStore(tmp_path).decisions()
    assert {k: d.status for k, d in decisions.items()} == {
        "stale:rep:R1": "snoozed",
        "flight_risk:rep:R2": "snoozed",
        "churn_alert:segment:SMB": "action",
    }
    assert decisions["flight_risk:rep:R2"].status_on(date(2026, 3, 31)) == "snoozed"
    assert decisions["flight_risk:rep:R2"].status_on(date(2026, 4, 1)) == "open"
    (todo,) = store.notes("review:churn_alert:segment:SMB")
    assert (todo.id, todo.kind, todo.owner, todo.text) == (
        action.action_id,
        "action",
        "bo",
        "Call them",
    )


def test_decision_fields_must_match_status(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    with pytest.raises(UsageError, match="needs `until`"):
        store.decide("x:rep:R1", "snoozed")
    with pytest.raises(UsageError, match="owner and a due date"):
        store.decide("x:rep:R1", "action", owner="bo")


def test_author_is_the_login_user_with_a_safe_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "mara")
    assert current_user() == "mara"

    def broken() -> str:
        raise OSError("no user")

    monkeypatch.setattr("getpass.getuser", broken)
    assert current_user() == f"uid-{os.getuid()}"
    monkeypatch.setattr("getpass.getuser", lambda: "evil\x1b[2J")
    assert current_user() == f"uid-{os.getuid()}"
    monkeypatch.setattr("getpass.getuser", lambda: "caf\udce9")  # undecodable LOGNAME
    assert current_user() == f"uid-{os.getuid()}"


def test_workspace_beside_writable_data(tmp_path: Path) -> None:
    assert default_workspace(tmp_path) == tmp_path.resolve() / ".cockpit"
    data_file = tmp_path / "crm.parquet"
    data_file.write_bytes(b"")
    assert default_workspace(data_file) == tmp_path.resolve() / ".cockpit"


def test_workspace_for_read_only_data_is_per_user_and_per_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr("cockpit.notes.workspace.os.access", lambda *_: False)
    one, two = tmp_path / "one" / "data", tmp_path / "two" / "data"
    one.mkdir(parents=True)
    two.mkdir(parents=True)
    path, why = describe_workspace(one)
    assert path.is_relative_to(tmp_path / "xdg" / "cockpit")
    assert "not writable" in why
    assert path != default_workspace(two)

    (two / ".cockpit").mkdir()  # the team's existing workspace wins, writable or not
    assert default_workspace(two) == two.resolve() / ".cockpit"


def test_sample_data_workspace_is_never_inside_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    path = default_workspace(SAMPLE_DATA)
    assert not path.is_relative_to(SAMPLE_DATA.parent)
    assert path.is_relative_to(tmp_path / "xdg")


def test_notes_core_does_not_import_textual() -> None:
    code = (
        "import sys, cockpit.notes.store, cockpit.notes.workspace\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'textual']\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_merge_growth_gives_cockpit_edits_precedence() -> None:
    imported = pl.LazyFrame(
        {
            "rep_id": ["R1", "R2"],
            "track": ["AE → SE", "AE → Manager"],
            "next_skill": ["Demos", "Coaching"],
            "stretch_assignment": ["Lead a demo", None],
            "promotion_readiness": ["not yet", "ready"],
            "last_growth_conversation": [date(2026, 1, 5), date(2026, 3, 1)],
        }
    )
    overrides = {
        "R1": {"track": "AE → Manager", "stretch_assignment": None},
        "R2": {"last_growth_conversation": date(2026, 2, 1)},
        "R9": {"next_skill": "Negotiation", "last_growth_conversation": date(2026, 3, 10)},
    }
    merged = merge_growth(imported, overrides)
    assert merged is not None
    expected = pl.DataFrame(
        {
            "rep_id": ["R1", "R2", "R9"],
            "track": ["AE → Manager", "AE → Manager", None],
            "next_skill": ["Demos", "Coaching", "Negotiation"],
            "stretch_assignment": [None, None, None],
            "promotion_readiness": ["not yet", "ready", None],
            "last_growth_conversation": [date(2026, 1, 5), date(2026, 3, 1), date(2026, 3, 10)],
        },
        schema_overrides={"stretch_assignment": pl.String},
    )
    assert_frame_equal(merged.collect().sort("rep_id"), expected)
    assert merge_growth(None, {}) is None
    only_cockpit = merge_growth(None, {"R1": {"track": "x"}})
    assert only_cockpit is not None
    assert only_cockpit.collect()["track"].to_list() == ["x"]


def test_a_new_note_is_appended_and_leaves_the_others_byte_for_byte(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    store.add("rep:R1", "first")
    store.decide("churn_alert:segment:Healthcare", "discussed")  # another table, in between
    store.add("rep:R1", "second")
    path = tmp_path / "rep" / "R1.toml"
    before = path.read_bytes()
    store.add("rep:R1", "third: appended, nothing above it rewritten")
    after = path.read_bytes()
    assert after.startswith(before) and after[len(before) :].lstrip().startswith(b"[[note]]")
    assert [n.text for n in store.notes("rep:R1")][-1].startswith("third")


def test_a_broken_file_is_never_appended_to(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    store.add("rep:R1", "first")
    path = tmp_path / "rep" / "R1.toml"
    path.write_bytes(path.read_bytes() + b"[[note]\n")  # a hand edit gone wrong
    broken = path.read_bytes()
    with pytest.raises(DataError, match="not valid TOML"):
        store.add("rep:R1", "second")
    assert path.read_bytes() == broken
