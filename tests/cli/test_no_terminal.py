"""`cockpit DATA` with no terminal to read keys from says so and exits, instead of drawing for
nobody until it is killed (it used to hold a core until `timeout` ended it)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.helpers.cli import assert_no_traceback, run_cockpit
from tests.helpers.paths import REPO


def test_input_from_dev_null_is_refused_with_the_command_that_works() -> None:
    with Path("/dev/null").open() as nothing:
        result = run_cockpit(str(REPO / "sample_data"), stdin=nothing, timeout=30)
    assert result.returncode == 2
    assert "needs a terminal, and its input is not one" in result.stderr
    assert "cockpit report DATA" in result.stderr
    assert_no_traceback(result)


def test_input_from_a_pipe_is_refused_too() -> None:
    try:
        result = run_cockpit(str(REPO / "sample_data"), input="2\nq\n", timeout=30)
    except subprocess.TimeoutExpired as exc:  # the old behaviour: it never ended
        raise AssertionError("cockpit kept running with its input from a pipe") from exc
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr
