"""Apache Spark as a source: a real local Spark Connect server runs cockpit's queries, and the
report, the checks and the rows that reach cockpit equal what the CSV folder gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from cockpit.data.database.dataset import DatabaseDataset
from cockpit.data.source import open_dataset
from cockpit.paths import SAMPLE_DATA
from tests.helpers.db import assert_same, canonical_tables, report
from tests.helpers.messy import check, messy_folder, problem_counts, row_counts
from tests.helpers.spark import Operation, SparkServer, spark, spark_copy, spark_text_copy

__all__ = ["spark"]  # the session fixture, imported so pytest finds it here
# pyspark warns about pandas 3 on import; cockpit hands Spark's Arrow to Polars, never pandas.
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas")

PERIOD = ("--period", "2026-01-01:2026-06-30")


@pytest.fixture(scope="module")
def demo_in_spark(
    demo_folder: Path, spark: SparkServer, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """Demo S registered in Spark once for the module; its URI."""
    return spark_copy(canonical_tables(demo_folder), tmp_path_factory.mktemp("demo_spark"), spark)


def test_the_sample_in_spark_reports_as_the_csv_folder(spark: SparkServer, tmp_path: Path) -> None:
    uri = spark_copy(canonical_tables(SAMPLE_DATA), tmp_path, spark)
    expected = report(str(SAMPLE_DATA))
    assert expected["tiers"] and expected["leads"] and expected["churn"]
    assert_same(expected, report(uri))


def test_demo_s_in_spark_reports_as_the_csv_folder(demo_folder: Path, demo_in_spark: str) -> None:
    assert_same(report(str(demo_folder)), report(demo_in_spark))
    assert_same(report(str(demo_folder), *PERIOD), report(demo_in_spark, *PERIOD))


def test_bad_rows_are_set_aside_in_spark_as_in_the_files(
    spark: SparkServer, tmp_path: Path
) -> None:
    folder = messy_folder(tmp_path / "csv")
    uri = spark_text_copy(folder, tmp_path, spark)
    assert_same(report(str(folder), *PERIOD), report(uri, *PERIOD))
    (files_code, files), (spark_code, found) = check(str(folder)), check(uri)
    assert spark_code == files_code == 1  # errors were found, in both
    assert row_counts(found) == row_counts(files)
    assert row_counts(found)["deals"] == (9, 5, 4, "loaded")
    assert problem_counts(found) == problem_counts(files)


def reads(op: Operation, table: str) -> bool:
    """True when the operation's SQL reads `table`."""
    return f"FROM `{table}`" in op.sql


def test_spark_runs_the_reductions_and_sends_back_only_their_rows(
    spark: SparkServer, demo_folder: Path, demo_in_spark: str
) -> None:
    tables = canonical_tables(demo_folder)
    reps = tables["reps"].height
    mark = spark.event_count()
    report(demo_in_spark, "--pane", "tiers")

    def per_rep_activity(op: Operation) -> bool:
        return reads(op, "activities") and op.sql.endswith("GROUP BY `rep_id`") and op.rows > 0

    # Spark's own log of what the report asked: the SQL each operation ran, and the rows it
    # sent back. Activities are summed per rep in Spark; only the sums reach cockpit.
    ran = spark.operations_since(mark, until=per_rep_activity)
    assert [op.rows for op in ran if per_rep_activity(op)] == [reps], [op.sql[:80] for op in ran]
    assert max(op.rows for op in ran if reads(op, "activities")) == reps
    assert reps < tables["activities"].height
    # Leads leave Spark counted per rep × origin × converted × period, never row by row.
    assert max(op.rows for op in ran if reads(op, "leads")) <= reps * 2 * 2 * 2
    assert reps * 2 * 2 * 2 < tables["leads"].height


def test_heavy_tables_leave_spark_reduced(demo_folder: Path, demo_in_spark: str) -> None:
    tables = canonical_tables(demo_folder)
    dataset = open_dataset(demo_in_spark)
    assert isinstance(dataset, DatabaseDataset)
    reps = tables["reps"].height
    # One row per rep for activities; per rep × origin × converted × period for leads.
    assert dataset.tables["activities"].height <= reps < tables["activities"].height
    assert dataset.tables["leads"].height <= reps * 2 * 2 * 2 < tables["leads"].height
    assert dataset.summaries["deals"].rows_loaded == tables["deals"].height
