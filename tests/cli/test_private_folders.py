"""What cockpit keeps for one user stays that user's on a shared server, tried with real users.

The cache (validated copies, first screens: CRM data) and the per-user notes workspace are
private; a cache folder another user owns, or links to, is never read; a group-shared notes
workspace made as the README's recipe says is the group's only. The other users are created for
the test (`useradd`, removed after) and try `ls`/`cat` with `runuser`. cockpit itself runs as the
test's user: its Python may sit where other users cannot execute it (a pyenv under /root).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

REPS = "rep_id,name,quota\nR1,Ann Lee,100000\nR2,Bo Chen,80000\n"
DEALS = (
    "deal_id,rep_id,stage,amount,created_date,close_date\n"
    "D1,R1,won,50000,2026-01-05,2026-02-01\n"
    "D2,R2,lost,20000,2026-01-10,2026-03-01\n"
)
REAL, FORGED = 50000.0, 999999.0
TOOLS = ("useradd", "userdel", "groupadd", "groupdel", "runuser", "chown")


def need_root() -> None:
    """Other users are created for these tests: root and the shadow tools are needed."""
    missing = [tool for tool in TOOLS if not shutil.which(tool)]
    if os.geteuid() == 0 and not missing:
        return
    reason = f"needs root and {', '.join(TOOLS)} (missing: {missing or 'root'})"
    if os.environ.get("COCKPIT_TEST_STRICT") == "1":
        pytest.fail(f"{reason} (COCKPIT_TEST_STRICT=1: nothing may be skipped)")
    pytest.skip(reason)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=60)


def as_user(user: str, *command: str | Path) -> subprocess.CompletedProcess[str]:
    """`command` run as `user` (what another user of the server could do)."""
    return run("runuser", "-u", user, "--", *command)


class Accounts:
    """Users and groups named `ck…` made for one test (`remove` deletes them all)."""

    def __init__(self) -> None:
        self.users: list[str] = []
        self.groups: list[str] = []

    def user(self, *groups: str) -> str:
        name = f"ck{secrets.token_hex(4)}"
        extra = ["-G", ",".join(groups)] if groups else []
        done = run("useradd", "-M", "-s", "/bin/sh", *extra, name)
        assert done.returncode == 0, done.stderr
        self.users.append(name)
        return name

    def group(self) -> str:
        name = f"ckg{secrets.token_hex(4)}"
        done = run("groupadd", name)
        assert done.returncode == 0, done.stderr
        self.groups.append(name)
        return name

    def remove(self) -> None:
        for name in self.users:
            run("userdel", name)
        for name in self.groups:
            run("groupdel", name)


@pytest.fixture
def accounts() -> Iterator[Accounts]:
    need_root()
    made = Accounts()
    try:
        yield made
    finally:
        made.remove()


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder every user of the machine can enter, like a home or /srv (pytest's own tmp is
    private to us, which would hide what cockpit gets wrong)."""
    need_root()
    folder = Path(tempfile.mkdtemp(prefix="cockpit-shared-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def data_folder(parent: Path) -> Path:
    folder = parent / "data"
    folder.mkdir()
    (folder / "reps.csv").write_text(REPS, encoding="utf-8")
    (folder / "deals.csv").write_text(DEALS, encoding="utf-8")
    return folder


def environment(home: Path) -> dict[str, str]:
    """This user's environment with its cache, data and config dirs under `home`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COCKPIT_")}
    env["XDG_CACHE_HOME"] = str(home / "xdg-cache")
    env["XDG_DATA_HOME"] = str(home / "xdg-data")
    env["XDG_CONFIG_HOME"] = str(home / "xdg-config")
    return env


def cockpit(
    *args: str | Path, env: dict[str, str], umask: int = 0o022
) -> subprocess.CompletedProcess[str]:
    """`python -m cockpit ARGS` as a user runs it, with a usual umask."""
    return subprocess.run(
        [sys.executable, "-m", "cockpit", *(str(a) for a in args)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        umask=umask,
        cwd=Path(env["XDG_CACHE_HOME"]).parent,
    )


def won_by_ann(data: Path, env: dict[str, str]) -> tuple[float, str]:
    """R1's won amount in `cockpit report` (through the cache when one is used), and stderr
    without the period's coverage notes (the data's year runs past its as-of day)."""
    done = cockpit("report", data, "--pane", "tiers", "--format", "json", env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    rows = {row["rep_id"]: row for row in json.loads(done.stdout)}
    said = [line for line in done.stderr.splitlines(True) if not line.startswith("cockpit: note:")]
    return float(rows["R1"]["won_amount"]), "".join(said)


def info_cache(env: dict[str, str]) -> str:
    """The `cache` line of `cockpit info`, after its label."""
    done = cockpit("info", env=env)
    assert "Traceback" not in done.stderr, done.stderr
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("cache ")]
    return line.removeprefix("cache").strip()


def the_copy(cache: Path) -> Path:
    """The one validated copy in the cache at `cache`."""
    (entry,) = [p for p in (cache / "data").iterdir() if not p.name.startswith(".")]
    return entry


def forge(entry: Path) -> None:
    """Rewrite the copy's deals as an attacker would: R1's deal worth FORGED."""
    deals = entry / "deals.parquet"
    frame = pl.read_parquet(deals)
    amount = pl.when(pl.col("deal_id") == "D1").then(FORGED).otherwise(pl.col("amount"))
    frame.with_columns(amount.cast(frame.schema["amount"]).alias("amount")).write_parquet(deals)


def give_to(user: str, path: Path) -> None:
    done = run("chown", "-R", f"{user}:", path)
    assert done.returncode == 0, done.stderr


# 1. The cache


def test_the_cache_one_user_makes_is_closed_to_another(shared: Path, accounts: Accounts) -> None:
    other = accounts.user()
    env = environment(shared)
    data = data_folder(shared)
    assert won_by_ann(data, env)[0] == REAL
    cache = shared / "xdg-cache" / "cockpit"
    entry = the_copy(cache)
    assert as_user(other, "ls", shared).returncode == 0  # the folder around it is open
    assert as_user(other, "ls", cache).returncode != 0
    assert as_user(other, "cat", entry / "manifest.json").returncode != 0
    for path in [cache, *cache.rglob("*")]:
        expected = 0o700 if path.is_dir() else 0o600
        assert mode(path) == expected, f"{path}: {mode(path):04o}"
    assert info_cache(env) == f"{cache}  (private)"


@pytest.mark.parametrize("how", ["owned by the other user", "a link to the other user's"])
def test_a_cache_of_another_user_is_refused_and_never_read(
    shared: Path, accounts: Accounts, how: str
) -> None:
    other = accounts.user()
    env = environment(shared)
    data = data_folder(shared)
    won_by_ann(data, env)
    cache = shared / "xdg-cache" / "cockpit"
    forge(the_copy(cache))
    if how.startswith("a link"):
        theirs = shared / "theirs"
        cache.rename(theirs)
        cache.symlink_to(theirs)
        give_to(other, theirs)
        said, state = "is a symbolic link", "a symbolic link: refused"
    else:
        give_to(other, cache)
        uid = cache.stat().st_uid
        said = f"belongs to another user (uid {uid})"
        state = f"owned by another user (uid {uid}): refused"
    run("chmod", "-R", "a+rwX", cache)  # the other user lets everyone use it

    won, stderr = won_by_ann(data, env)
    assert won == REAL  # the forged copy was not read
    assert f"not using the cache this run: {cache} {said}" in stderr
    assert "COCKPIT_CACHE_DIR" in stderr and stderr.count("cockpit:") == 1
    assert info_cache(env).startswith(f"{cache}  ({state}; cockpit runs without a cache")
    theirs_now = cache.resolve()
    assert theirs_now.stat().st_uid != os.geteuid()  # left as it was: not ours to change
    assert pl.read_parquet(the_copy(theirs_now) / "deals.parquet")["amount"].max() == FORGED


def test_a_loose_cache_of_ours_is_closed_and_a_copy_planted_in_it_is_not_read(
    shared: Path, accounts: Accounts
) -> None:
    other = accounts.user()
    env = environment(shared)
    data = data_folder(shared)
    won_by_ann(data, env)
    cache = shared / "xdg-cache" / "cockpit"
    entry = the_copy(cache)
    forge(entry)
    give_to(other, entry)  # planted while the folders were open to all
    entry.chmod(0o700)
    cache.chmod(0o777)
    (cache / "data").chmod(0o777)
    assert info_cache(env) == (
        f"{cache}  (open to others (0777): cockpit makes it 0700 on next use)"
    )

    won, stderr = won_by_ann(data, env)
    assert won == REAL
    assert f"{cache} was open to other users (0777): it is private (0700) now" in stderr
    assert (mode(cache), mode(cache / "data")) == (0o700, 0o700)
    assert info_cache(env) == f"{cache}  (private)"
    assert won_by_ann(data, env) == (REAL, "")  # the copy written instead is read, silently
    assert the_copy(cache).stat().st_uid == os.geteuid()


def test_a_first_screen_someone_else_put_in_the_cache_is_not_shown(
    shared: Path, accounts: Accounts
) -> None:
    from cockpit.runtime import EnvironmentRuntime
    from cockpit.ui.preview import read_preview, write_preview

    other = accounts.user()
    runtime = EnvironmentRuntime(cache_dir=shared / "cache")
    write_preview("k", ["Rep"], [["Ann Lee"]], [False], runtime)
    previews = shared / "cache" / "previews"
    assert (mode(shared / "cache"), mode(previews), mode(previews / "k.json")) == (
        0o700,
        0o700,
        0o600,
    )
    assert read_preview("k", runtime) == {
        "labels": ["Rep"],
        "rows": [["Ann Lee"]],
        "right": [False],
    }
    give_to(other, previews / "k.json")
    assert read_preview("k", runtime) is None
    give_to(other, previews)
    write_preview("k2", ["Rep"], [["Bo Chen"]], [False], runtime)
    assert not (previews / "k2.json").exists()  # nothing written into another user's folder


# 2. Notes workspaces


def test_the_per_user_workspace_is_private(shared: Path, accounts: Accounts) -> None:
    other = accounts.user()
    env = environment(shared)
    # The bundled sample is never written: its notes go to the per-user workspace.
    done = cockpit("notes", "add", "--subject", "rep:R00001", "--text", "PRIVATE", env=env)
    assert done.returncode == 0, done.stderr
    root = shared / "xdg-data" / "cockpit"
    (workspace,) = (root / "workspaces").iterdir()
    note = workspace / "rep" / "R00001.toml"
    assert "PRIVATE" in note.read_text(encoding="utf-8")
    assert as_user(other, "ls", shared).returncode == 0  # the folder around it is open
    assert as_user(other, "ls", root).returncode != 0
    assert as_user(other, "cat", note).returncode != 0
    folders = [root, root / "workspaces", workspace, workspace / "rep"]
    assert [mode(p) for p in folders] == [0o700] * 4
    assert (mode(note), mode(workspace / ".lock")) == (0o600, 0o600)


def test_a_per_user_workspace_made_open_is_closed_and_another_user_s_is_refused(
    shared: Path, accounts: Accounts
) -> None:
    other = accounts.user()
    env = environment(shared)
    add = ("notes", "add", "--subject", "rep:R00001", "--text", "x")
    assert cockpit(*add, env=env).returncode == 0
    root = shared / "xdg-data" / "cockpit"
    (workspace,) = (root / "workspaces").iterdir()
    for folder in (root, root / "workspaces", workspace):
        folder.chmod(0o755)  # as an earlier cockpit left them
    assert cockpit(*add, env=env).returncode == 0
    assert [mode(p) for p in (root, root / "workspaces", workspace)] == [0o700] * 3

    give_to(other, workspace)
    refused = cockpit(*add, env=env)
    assert refused.returncode == 1
    assert f"{workspace} belongs to another user" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_the_readme_recipe_keeps_notes_from_users_outside_the_group(
    shared: Path, accounts: Accounts
) -> None:
    """README, On a shared server: a setgid 2775 folder of the group, managers with umask 002."""
    group = accounts.group()
    manager = accounts.user(group)
    outsider = accounts.user()
    review = data_folder(shared)
    assert run("chgrp", "-R", group, review).returncode == 0
    review.chmod(0o2775)
    env = environment(shared)
    args = ("notes", "add", "--data", review, "--subject", "rep:R1", "--text", "PRIVATE")
    done = cockpit(*args, env=env, umask=0o002)
    assert done.returncode == 0, done.stderr
    workspace = review / ".cockpit"
    note = workspace / "rep" / "R1.toml"
    assert "PRIVATE" in note.read_text(encoding="utf-8")

    # The group keeps reading and writing, setgid keeps the group on what is new ...
    for folder in (workspace, workspace / "rep"):
        assert mode(folder) & 0o2070 == 0o2070, f"{folder}: {mode(folder):04o}"
    for path in (note, workspace / ".lock"):
        assert mode(path) & 0o060 == 0o060 and path.stat().st_gid == review.stat().st_gid
    assert as_user(manager, "cat", note).returncode == 0
    assert as_user(manager, "test", "-w", note).returncode == 0
    # ... and no one else reads or lists the notes, though the data folder is 2775.
    assert as_user(outsider, "ls", review).returncode == 0
    assert as_user(outsider, "ls", workspace).returncode != 0
    assert as_user(outsider, "cat", note).returncode != 0
    for path in [workspace, *workspace.rglob("*")]:
        assert mode(path) & 0o007 == 0, f"{path}: {mode(path):04o}"
