"""A database password given in any form never reaches a file, a screen or another process."""

from __future__ import annotations

from pathlib import Path

from cockpit.data.uri import mask_passwords, public_uri
from cockpit.notes.workspace import database_workspace
from cockpit.paths import SAMPLE_DATA
from cockpit.ui.app import CockpitApp, Source
from cockpit.ui.screens.help import HelpScreen
from tests.helpers.cli import run_cockpit
from tests.helpers.db import canonical_tables, postgres_schema, schema_uri, write_tables
from tests.helpers.pilot import ready

PLANTED = "pl4nted-S3cret"


def every_byte(folder: Path) -> bytes:
    """The bytes of every file under `folder`."""
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_public_uri_drops_every_credential_form_and_normalises() -> None:
    forms = [
        f"postgresql://crm:{PLANTED}@DB.example:5432/sales?sslmode=require",
        f"postgres://crm@db.example/sales?password={PLANTED}&sslmode=require",
        f"postgresql://crm@db.example/sales?sslmode=require&sslpassword={PLANTED}",
        f"postgresql://crm:p%40ss@db.example/sales?sslmode=require&PASSWORD={PLANTED}",
    ]
    shown = {public_uri(form) for form in forms}
    assert shown == {"postgresql://crm@db.example/sales?sslmode=require"}
    assert public_uri(f"snowflake://me@acct/db?token={PLANTED}&warehouse=wh") == (
        "snowflake://me@acct/db?warehouse=wh"
    )
    assert len({database_workspace(form) for form in forms}) == 1


def test_spark_and_databricks_tokens_are_dropped_and_masked() -> None:
    spark = f"sc://Spark.example:15002/;token={PLANTED};database=crm"
    assert public_uri(spark) == "sc://spark.example:15002/;database=crm"
    assert mask_passwords(spark) == "sc://Spark.example:15002/;token=***;database=crm"
    databricks = f"databricks://token:{PLANTED}@adb-1.example?http_path=/sql/1.0/warehouses/w"
    assert PLANTED not in public_uri(databricks) and PLANTED not in mask_passwords(databricks)
    done = run_cockpit("info", spark)
    assert PLANTED not in done.stdout + done.stderr


def test_refresh_with_a_password_parameter_writes_it_nowhere(tmp_path: Path) -> None:
    with postgres_schema() as (conn, schema):
        write_tables(conn, canonical_tables(SAMPLE_DATA), schema)
        uri = schema_uri(schema) + f"&password={PLANTED}"
        root = tmp_path / "root"
        done = run_cockpit("refresh", uri, "--into", str(root))
        assert done.returncode == 0, done.stderr
        assert PLANTED not in done.stdout + done.stderr
    written = every_byte(root)
    assert list(root.rglob("manifest.toml"))
    assert PLANTED.encode() not in written
    assert b"postgresql://postgres@127.0.0.1/test?options=" in written  # the source, stripped


def test_info_shows_a_database_without_its_password() -> None:
    done = run_cockpit("info", f"postgresql://crm:{PLANTED}@db.example/sales")
    assert done.returncode == 0, done.stderr
    assert PLANTED not in done.stdout and "postgresql://crm@db.example/sales" in done.stdout


async def test_the_help_screen_shows_the_report_command_without_the_password() -> None:
    uri = f"postgresql://crm:{PLANTED}@db.example/sales?password={PLANTED}"
    app = CockpitApp(Source())
    async with app.run_test(size=(120, 50)) as pilot:
        await ready(pilot)
        app.source = Source(uri)  # only the help text is under test: the sample stays loaded
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert PLANTED not in app.screen.report
        assert "cockpit report postgresql://crm@db.example/sales" in app.screen.report


def test_a_connection_error_masks_every_credential_parameter() -> None:
    uri = f"postgresql://crm:{PLANTED}@127.0.0.1:1/sales?api_token={PLANTED}&sslmode=disable"
    done = run_cockpit("check", uri, timeout=60)
    assert done.returncode == 1
    assert PLANTED not in done.stdout + done.stderr
    assert "api_token=***" in done.stdout + done.stderr


def test_a_raw_at_sign_in_a_password_is_masked_whole() -> None:
    from cockpit.data.uri import mask_passwords

    shown = mask_passwords(f"cannot connect to postgresql://crm:{PLANTED}@x@db.example/sales")
    assert shown == "cannot connect to postgresql://crm:***@db.example/sales"
    assert public_uri(f"postgresql://crm:{PLANTED}@x@db.example/sales") == (
        "postgresql://crm@db.example/sales"
    )
