"""A local Apache Spark for the tests: one Spark Connect server started from the pyspark wheel
(with the machine's Java), tables registered in it from Parquet, and what Spark says it ran.

The server writes Spark's event log; each Spark Connect operation there carries the SQL text it
ran and the number of rows it sent back, which is how a test shows a query ran in Spark.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from cockpit.bench.engine_copies import spark_command
from tests.helpers.needs import _missing

STARTED = "Spark Connect server started at"
START_SECONDS = 180
"""Spark starts in ~5 s alone; two busy cores shared with other test runs take far longer."""
OPERATION = "org.apache.spark.sql.connect.service.SparkListenerConnectOperation"


@dataclass(frozen=True)
class Operation:
    """One request Spark Connect finished: the SQL it ran and the rows it sent to the client."""

    sql: str
    rows: int


@dataclass
class SparkServer:
    """A running local Spark Connect server and the files it writes."""

    port: int
    events: Path
    log: Path
    _session: Any = None

    @property
    def uri(self) -> str:
        """The Spark Connect URI a client opens."""
        return f"sc://127.0.0.1:{self.port}"

    def session(self) -> Any:
        """A Spark Connect client session of the tests' own (not cockpit's)."""
        if self._session is None:
            from pyspark.sql import SparkSession

            self._session = SparkSession.builder.remote(self.uri).create()
        return self._session

    def sql(self, statement: str) -> None:
        """Run one statement in Spark."""
        self.session().sql(statement).collect()

    def event_count(self) -> int:
        """How many events Spark has logged so far (a mark for `operations_since`)."""
        return len(self._events())

    def operations_since(
        self, mark: int, until: Callable[[Operation], bool], seconds: float = 30
    ) -> list[Operation]:
        """The SQL operations finished after event `mark`, once one satisfies `until`: Spark's
        listener bus logs an operation a moment after the client has its rows."""
        deadline = time.monotonic() + seconds
        while True:
            found = _finished_operations(self._events()[mark:])
            if any(until(op) for op in found) or time.monotonic() > deadline:
                return found
            time.sleep(0.5)

    def close(self) -> None:
        """Let the tests' own client session go."""
        if self._session is not None:
            self._session.stop()
            self._session = None

    def _events(self) -> list[dict[str, Any]]:
        """Every event in Spark's log so far, one JSON object a line."""
        lines: list[str] = []
        for path in sorted(self.events.glob("*/events_*")):
            lines += path.read_text(encoding="utf-8").splitlines()
        events = []
        for line in lines:
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError:  # the last line, half written while Spark logs
                break
        return events


def _finished_operations(events: list[dict[str, Any]]) -> list[Operation]:
    """SQL operations with the row count their `Finished` event gives (0 for an analysis)."""
    statements = {
        e["operationId"]: e["statementText"] for e in events if e["Event"] == OPERATION + "Started"
    }
    return [
        Operation(_query_text(statements[e["operationId"]]), int(e["producedRowCount"]))
        for e in events
        if e["Event"] == OPERATION + "Finished"
        and e["operationId"] in statements
        and e.get("producedRowCount") is not None
        and "sql" in statements[e["operationId"]]
    ]


def _query_text(statement: str) -> str:
    """The SQL inside a Spark Connect plan printed as protobuf text (`query: "SELECT …"`)."""
    for line in statement.splitlines():
        line = line.strip()
        if line.startswith('query: "') and line.endswith('"'):
            # Protobuf's text format escapes quotes and backslashes; the SQL has nothing else.
            text = line.removeprefix('query: "').removesuffix('"')
            return re.sub(r"\\(.)", r"\1", text)
    return statement


def need_spark() -> Path:
    """pyspark's own Spark (its SPARK_HOME) and a Java to run it, or skip naming what is missing."""
    if importlib.util.find_spec("pyspark") is None:
        _missing("pyspark", "pip install 'cockpit[spark]'")
    if shutil.which("java") is None:
        _missing("Java (17 or 21) for Spark", "apt-get install openjdk-17-jre-headless")
    spec = importlib.util.find_spec("pyspark")
    assert spec is not None and spec.origin is not None
    home = Path(spec.origin).parent
    if not (home / "bin" / "spark-submit").exists():
        _missing(f"{home}/bin/spark-submit", "reinstall pyspark from its wheel")
    return home


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _command(home: Path, port: int, work: Path) -> list[str]:
    """The bench's server command, with Spark's event log kept (uncompressed) under `work`."""
    events = {
        "spark.eventLog.enabled": "true",
        "spark.eventLog.dir": (work / "events").as_uri(),
        "spark.eventLog.compress": "false",
    }
    return spark_command(home, port, work, "cockpit-test", conf=events)


def _wait_started(process: subprocess.Popen[bytes], log: Path) -> None:
    """Until the log says the server listens; fails with the log's end if Spark gives up."""
    deadline = time.monotonic() + START_SECONDS
    while STARTED not in log.read_text(encoding="utf-8", errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
            pytest.fail(f"the local Spark Connect server did not start:\n{tail}")
        time.sleep(0.5)


@contextmanager
def spark_server(work: Path) -> Iterator[SparkServer]:
    """A local Spark Connect server on a free port, its files under `work`; stopped at the end."""
    home = need_spark()
    (work / "events").mkdir(parents=True)
    port, log = _free_port(), work / "spark.log"
    env = {**os.environ, "SPARK_HOME": str(home), "SPARK_LOCAL_IP": "127.0.0.1"}
    with log.open("wb") as out:
        # Its own process group: spark-submit execs java, and the whole group is stopped.
        process = subprocess.Popen(
            _command(home, port, work),
            cwd=work,
            env=env,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    server = SparkServer(port, work / "events", log)
    try:
        _wait_started(process, log)
        yield server
    finally:
        server.close()
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkServer]:
    """One local Spark for the run, imported into a test module; a second module importing it
    would start its own, so list this module in the root conftest's `pytest_plugins` then."""
    with spark_server(tmp_path_factory.mktemp("spark")) as server:
        yield server


def spark_copy(tables: dict[str, pl.DataFrame], tmp: Path, server: SparkServer) -> str:
    """`tables` as Parquet under `tmp`, registered in a fresh Spark database; the URI cockpit
    opens to read that database."""
    database = f"ck_{uuid.uuid4().hex[:12]}"
    server.sql(f"CREATE DATABASE {database}")
    for name, frame in tables.items():
        folder = tmp / database / name
        folder.mkdir(parents=True)
        frame.write_parquet(folder / "part-0.parquet")
        location = str(folder).replace("'", "\\'")
        server.sql(f"CREATE TABLE {database}.{name} USING parquet LOCATION '{location}'")
    return f"{server.uri}/;database={database}"


def text_tables(folder: Path) -> dict[str, pl.DataFrame]:
    """Each CSV of `folder` with every column as text, as a careless export would land it."""
    return {
        path.stem: pl.read_csv(path, infer_schema=False) for path in sorted(folder.glob("*.csv"))
    }


def spark_text_copy(folder: Path, tmp: Path, server: SparkServer) -> str:
    """The CSV files of `folder` as Spark tables of text columns; the URI cockpit opens."""
    return spark_copy(text_tables(folder), tmp, server)
