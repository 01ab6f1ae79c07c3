"""Several processes writing one workspace: nothing lost, nothing torn, even under SIGKILL."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cockpit.notes.store import NoteStore

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and flock")

WRITER = """
import os, sys, time
from pathlib import Path
from cockpit.notes.store import NoteStore

workspace, author, count, go = sys.argv[1:5]
store = NoteStore(Path(workspace), author=author)
while not os.path.exists(go):
    time.sleep(0.001)
for i in range(int(count)):
    print(store.add("rep:R1", f"{author} note {i}").id, flush=True)
"""

# Writes notes to two subjects forever, printing each id once add() has returned. Writes go out
# in 1 KiB pieces with a pause (a slow disk), so random kills often land in the middle of a save.
ENDLESS = """
import itertools, os, sys, time
from pathlib import Path
from cockpit.notes.store import NoteStore

real_write = os.write
def slow_write(fd, data):
    time.sleep(0.001)
    return real_write(fd, bytes(data[:1024]))
os.write = slow_write

store = NoteStore(Path(sys.argv[1]), author="killed")
body = "Ünïcode [b]text[/b]\\r\\n" * 100
for i in itertools.count():
    note = store.add(f"rep:R{i % 2}", f"{i} {body}")
    print(note.id, flush=True)
"""

# Dies by SIGKILL at one chosen point of a save.
CRASH_AT = """
import os, signal, sys
from pathlib import Path
import cockpit.notes.atomic as atomic
from cockpit.notes.store import NoteStore

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

point = sys.argv[2]
if point == "mid-write":
    real_write = os.write
    def half_then_die(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))
        die()
    atomic.os.write = half_then_die
elif point == "before-replace":
    Path.replace = die
elif point == "before-dir-fsync":
    atomic.fsync_dir = die
NoteStore(Path(sys.argv[1]), author="doomed").add("rep:R1", "the doomed note")
"""


def spawn(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_adding_60_notes_each_keep_all_120(tmp_path: Path) -> None:
    workspace, go = tmp_path / "ws", tmp_path / "go"
    writers = [spawn(WRITER, str(workspace), who, "60", str(go)) for who in ("ann", "bo")]
    time.sleep(0.5)  # let both import and wait at the start line
    go.touch()
    outputs = [w.communicate(timeout=60) for w in writers]
    for writer, (_, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err

    store = NoteStore(workspace)
    notes = store.notes("rep:R1")
    assert store.problems == []
    assert len(notes) == 120
    assert len({n.id for n in notes}) == 120
    assert {n.text for n in notes} == {
        f"{who} note {i}" for who in ("ann", "bo") for i in range(60)
    }
    printed = {line for out, _ in outputs for line in out.split()}
    assert printed == {n.id for n in notes}


def test_writer_killed_at_random_moments_loses_nothing(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    rng = random.Random(20260314)
    committed: set[str] = set()
    seen_before: set[str] = set()
    mid_save = 0
    for _ in range(12):
        writer = spawn(ENDLESS, str(workspace))
        assert writer.stdout is not None
        first = writer.stdout.readline()  # started and saved at least once
        assert first, writer.stderr.read() if writer.stderr else ""
        time.sleep(rng.uniform(0.0, 0.08))
        writer.send_signal(signal.SIGKILL)
        rest, _ = writer.communicate(timeout=30)
        assert writer.returncode == -signal.SIGKILL
        committed |= {first.strip(), *rest.split()}
        mid_save += bool(list(workspace.glob("rep/.*.tmp")))

        store = NoteStore(workspace, lock_timeout=5)
        ids = {n.id for n in store.notes()}
        assert store.problems == [], [str(p) for p in store.problems]
        assert committed <= ids  # every add that returned is on disk
        assert seen_before <= ids  # and nothing saved earlier went missing
        seen_before = ids

    print("kills inside a save:", mid_save)
    assert mid_save >= 1, "too few kills landed inside a save to prove anything"
    # The killed writers' lock is free and their temp files are cleaned by the next save.
    NoteStore(workspace, lock_timeout=2).add("rep:R0", "after the storm")
    NoteStore(workspace, lock_timeout=2).add("rep:R1", "after the storm")
    assert not list(workspace.glob("rep/.*.tmp"))
    assert len(NoteStore(workspace).notes()) == len(seen_before) + 2


@pytest.mark.parametrize(
    ("point", "doomed_saved"),
    [("mid-write", False), ("before-replace", False), ("before-dir-fsync", True)],
)
def test_kill_at_each_step_of_a_save_leaves_a_whole_file(
    tmp_path: Path, point: str, doomed_saved: bool
) -> None:
    store = NoteStore(tmp_path, author="ann")
    earlier = [store.add("rep:R1", f"earlier {i}\n" * 50) for i in range(3)]
    path = tmp_path / "rep" / "R1.toml"
    before = path.read_bytes()

    crasher = spawn(CRASH_AT, str(tmp_path), point)
    crasher.communicate(timeout=30)
    assert crasher.returncode == -signal.SIGKILL

    after = NoteStore(tmp_path, lock_timeout=2)
    notes = after.notes()
    assert after.problems == []
    assert notes[:3] == earlier
    assert ("the doomed note" in {n.text for n in notes}) is doomed_saved
    if not doomed_saved:
        assert path.read_bytes() == before
    after.add("rep:R1", "next save works: the lock died with its holder")
    assert not list(path.parent.glob(".*.tmp"))


def test_threads_of_one_process_do_not_lose_notes(tmp_path: Path) -> None:
    import threading

    def write(author: str) -> None:
        store = NoteStore(tmp_path, author=author)
        for i in range(25):
            store.add("rep:R1", f"{author} {i}")

    threads = [threading.Thread(target=write, args=(name,)) for name in ("ui", "worker", "sync")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(NoteStore(tmp_path).notes()) == 75


def test_a_save_waits_for_another_writer_and_says_so(tmp_path: Path) -> None:
    NoteStore(tmp_path).add("rep:R1", "first")
    holder = (  # another process holds the lock for 3 s, as a slow writer would
        "import filelock, sys, time; lock = filelock.FileLock(sys.argv[1]); lock.acquire(); "
        "print('held', flush=True); time.sleep(3)"
    )
    other = subprocess.Popen(
        [sys.executable, "-c", holder, str(tmp_path / ".lock")], stdout=subprocess.PIPE, text=True
    )
    assert other.stdout is not None and other.stdout.readline().strip() == "held"
    waited: list[float] = []
    NoteStore(tmp_path, on_wait=waited.append).add("rep:R1", "second, after the wait")
    other.wait(timeout=10)
    assert len(waited) >= 2 and waited == sorted(waited) and waited[-1] < 4
    assert [n.text for n in NoteStore(tmp_path).notes("rep:R1")] == [
        "first",
        "second, after the wait",
    ]
