"""The engines `cockpit bench --engines` reads: the same canonical tables copied into a fresh
PostgreSQL schema, a DuckDB file and a local Spark Connect server (started here from the pyspark
wheel), each given back as the URI cockpit opens, and removed afterwards."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

POSTGRES_ENV = "COCKPIT_BENCH_POSTGRES"
POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
"""The server loaded when COCKPIT_BENCH_POSTGRES names no other (a fresh schema, dropped after)."""
SPARK_START_SECONDS = 300
"""Spark starts in ~5 s alone; two cores shared with other work take far longer."""
HEAVY = ("deals", "leads", "activities")


class EngineUnavailableError(Exception):
    """An engine this machine cannot run, and why (one line)."""


def canonical_tables(folder: Path) -> tuple[dict[str, pl.DataFrame], dict[str, int]]:
    """The folder's tables as the file loader keeps them, without its bookkeeping columns; and
    the rows each heavy table's files hold (set-aside rows too: all of them reach cockpit)."""
    from cockpit.data.files.load import load_dataset

    dataset = load_dataset(folder)
    tables = {
        name: frame.select(c for c in frame.columns if not c.startswith("_"))
        for name, frame in dataset.tables.items()
    }
    read = {name: dataset.summaries[name].rows_read for name in HEAVY if name in tables}
    return tables, read


@contextmanager
def postgres_copy(tables: dict[str, pl.DataFrame], work: Path) -> Iterator[str]:
    """`tables` in a fresh schema of the PostgreSQL server (dropped at the end); its URI."""
    base = os.environ.get(POSTGRES_ENV, POSTGRES)
    conn = postgres_connection(base)
    schema = f"ck_bench_{uuid.uuid4().hex[:12]}"
    try:
        _execute(conn, f"CREATE SCHEMA {schema}")
        try:
            for name, frame in tables.items():
                frame.write_database(f"{schema}.{name}", conn, engine="adbc")
            conn.commit()
            yield f"{base}?options=-csearch_path%3D{schema}"
        finally:
            conn.rollback()
            _execute(conn, f"DROP SCHEMA {schema} CASCADE")
    finally:
        conn.close()


def postgres_connection(base: str) -> Any:
    """An ADBC connection to `base`, or why there is none."""
    from cockpit.data.uri import mask_passwords

    try:
        import adbc_driver_postgresql.dbapi as postgresql
    except ImportError:
        raise EngineUnavailableError(
            "adbc-driver-postgresql not installed: pip install 'cockpit[db]'"
        ) from None
    try:
        return postgresql.connect(base)
    except Exception as exc:  # the driver's own error types vary by version
        first = mask_passwords(str(exc)).splitlines()[0]
        raise EngineUnavailableError(f"{mask_passwords(base)} unreachable: {first}") from None


def _execute(conn: Any, statement: str) -> None:
    cursor = conn.cursor()
    cursor.execute(statement)
    cursor.close()
    conn.commit()


@contextmanager
def duckdb_copy(tables: dict[str, pl.DataFrame], work: Path) -> Iterator[str]:
    """`tables` in a DuckDB file under `work`, with their types; its URI."""
    try:
        import duckdb  # noqa: F401  (only whether it is there; write_duckdb uses it)
    except ImportError:
        raise EngineUnavailableError(
            "duckdb not installed: pip install 'cockpit[warehouse]'"
        ) from None
    path = work / "crm.duckdb"
    write_duckdb(tables, path)
    yield f"duckdb:///{path}"


def write_duckdb(tables: dict[str, pl.DataFrame], path: Path) -> None:
    """Each frame as a table of a new DuckDB file, with its types."""
    import duckdb

    conn = duckdb.connect(str(path))
    try:
        for name, frame in tables.items():
            conn.register("ck_frame", frame.to_arrow())
            conn.execute(f'CREATE TABLE "{name}" AS SELECT * FROM ck_frame')
            conn.unregister("ck_frame")
    finally:
        conn.close()


@contextmanager
def spark_copy(tables: dict[str, pl.DataFrame], work: Path) -> Iterator[str]:
    """A local Spark Connect server with `tables` registered from Parquet; its URI."""
    with _spark_server(work) as remote:
        # pyspark warns on import about a pandas neither cockpit nor the bench uses.
        warnings.filterwarnings("ignore", message=".*PySpark does not yet fully support pandas")
        from pyspark.sql import SparkSession

        session = SparkSession.builder.remote(remote).create()
        try:
            session.sql("CREATE DATABASE crm").collect()
            for name, frame in tables.items():
                session.sql(_spark_table(name, frame, work / "tables")).collect()
        finally:
            session.stop()
        try:
            yield f"{remote}/;database=crm"
        finally:
            # The session cockpit opened in this process (counting what reached it) goes before
            # its server: left open, its client retries the dead server for minutes at exit.
            SparkSession.builder.remote(remote).getOrCreate().stop()


def _spark_table(name: str, frame: pl.DataFrame, root: Path) -> str:
    """`frame` written as Parquet under `root`; the statement registering it as crm.NAME."""
    folder = root / name
    folder.mkdir(parents=True)
    frame.write_parquet(folder / "part-0.parquet")
    location = str(folder).replace("'", "\\'")
    return f"CREATE TABLE crm.{name} USING parquet LOCATION '{location}'"


def _spark_home() -> Path:
    """pyspark's own Spark, with a Java to run it, or why not."""
    import importlib.util

    spec = importlib.util.find_spec("pyspark")
    if spec is None or spec.origin is None:
        raise EngineUnavailableError("pyspark not installed: pip install 'cockpit[spark]'")
    if shutil.which("java") is None:
        raise EngineUnavailableError(
            "no Java (17 or 21) to run Spark: apt-get install openjdk-17-jre-headless"
        )
    home = Path(spec.origin).parent
    if not (home / "bin" / "spark-submit").exists():
        raise EngineUnavailableError(
            f"{home}/bin/spark-submit missing: reinstall pyspark from its wheel"
        )
    return home


@contextmanager
def _spark_server(work: Path) -> Iterator[str]:
    """spark-submit starting a Spark Connect server on a free port (the pyspark wheel has no
    start script); its whole process group is stopped at the end."""
    home = _spark_home()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    # In local mode the driver does all the work: Spark's default 1 GB spills at demo M.
    command = spark_command(home, port, work, "cockpit-bench", ("--driver-memory", "2g"))
    env = {**os.environ, "SPARK_HOME": str(home), "SPARK_LOCAL_IP": "127.0.0.1"}
    log = work / "spark.log"
    with log.open("wb") as out:
        # Its own process group: spark-submit execs java, and the whole group is stopped.
        process = subprocess.Popen(
            command, cwd=work, env=env, stdout=out, stderr=out, start_new_session=True
        )
    try:
        _wait_started(process, log)
        yield f"sc://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def spark_command(
    home: Path,
    port: int,
    work: Path,
    name: str,
    extra: tuple[str, ...] = (),
    conf: dict[str, str] | None = None,
) -> list[str]:
    """spark-submit starting a Spark Connect server on 127.0.0.1:`port` (the pyspark wheel has
    no start script), its warehouse and metastore under `work`; `conf` adds settings."""
    settings = {
        "spark.connect.grpc.binding.address": "127.0.0.1",
        "spark.connect.grpc.binding.port": str(port),
        "spark.ui.enabled": "false",
        "spark.sql.shuffle.partitions": "2",
        "spark.sql.warehouse.dir": str(work / "warehouse"),
        "spark.driver.extraJavaOptions": f"-Dderby.system.home={work}",
        **(conf or {}),
    }
    return [
        str(home / "bin" / "spark-submit"),
        *("--master", "local[2]", "--name", name),
        *extra,
        *("--class", "org.apache.spark.sql.connect.service.SparkConnectServer"),
        *(arg for key, value in settings.items() for arg in ("--conf", f"{key}={value}")),
        "spark-internal",
    ]


def _wait_started(process: subprocess.Popen[bytes], log: Path) -> None:
    """Until Spark's log says the server listens, or why it never will."""
    deadline = time.monotonic() + SPARK_START_SECONDS
    while "Spark Connect server started at" not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            lines = log.read_text(errors="replace").strip().splitlines() or ["no output"]
            raise EngineUnavailableError(
                f"the local Spark Connect server did not start: {lines[-1]}"
            )
        time.sleep(0.5)
