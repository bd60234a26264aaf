"""scripts/backup.sh and scripts/restore.sh: a backup of a real PostgreSQL database restores every row."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig

from participation import create_app
from participation.config import ROOT, TestConfig
from participation.demo import load_demo
from participation.extensions import db

SERVER = "postgresql://postgres@127.0.0.1:5432"
BACKUP = ROOT / "scripts" / "backup.sh"
RESTORE = ROOT / "scripts" / "restore.sh"


def run(command: list[str], database_url: str, **options) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DATABASE_URL": database_url, "APP_ENV": "development",
                   "SECRET_KEY": "backup-test-secret-that-is-long-enough-0123456789", "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, env=environment, cwd=ROOT, capture_output=True, text=True,  # noqa: S603
                          timeout=120, **options)


def postgres_or_skip() -> None:
    for tool in ("pg_dump", "pg_restore", "psql", "createdb", "dropdb"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed: the backup tests need PostgreSQL's client tools")
    import psycopg

    try:
        psycopg.connect(f"{SERVER}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        pytest.skip(f"PostgreSQL is not reachable at {SERVER}: the backup tests need it")


def postgres_tool(tool: str, *arguments: str) -> None:
    subprocess.run([shutil.which(tool), "-h", "127.0.0.1", "-U", "postgres", *arguments],  # noqa: S603
                   check=True, capture_output=True)


def recreate(name: str) -> None:
    """Drop the database if it exists and create it empty."""
    postgres_tool("dropdb", "--if-exists", "--force", name)
    postgres_tool("createdb", name)


def load(url: str) -> None:
    """Bring the database to the latest migration, as a deploy does, and load the demo inspection."""
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    app = create_app(config)
    with app.app_context():
        alembic = AlembicConfig(str(ROOT / "participation" / "migrations" / "alembic.ini"))
        alembic.set_main_option("script_location", str(ROOT / "participation" / "migrations"))
        command.upgrade(alembic, "head")
        load_demo(responses=12)
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def scratch_database() -> Iterator[str]:
    """A PostgreSQL database of these tests' own, migrated and holding the demo inspection.

    Each test leaves it as it found it (restoring it is what they test)."""
    postgres_or_skip()
    name = f"backup_test_{os.getpid()}"
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    recreate(name)
    try:
        load(url)
        yield url
    finally:
        postgres_tool("dropdb", "--if-exists", "--force", name)


def snapshot(url: str) -> dict[str, list]:
    """Every row of every table, in a stable order, and where each sequence stands."""
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        state: dict[str, list] = {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)  # noqa: S608
            for table in tables
        }
        state["(sequences)"] = connection.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
    return state


def test_a_backup_restores_every_row_into_a_new_database(scratch_database, tmp_path):
    before = snapshot(scratch_database)
    # The demo inspection's 12, and its past inspections' that are not purged.
    assert len(before["response"]) >= 12 and before["answer"] and before["alembic_version"]
    backup = tmp_path / "nightly.dump"

    made = run([str(BACKUP), str(backup)], scratch_database)
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600  # answers and codes: its owner's eyes only
    assert not list(tmp_path.glob("*.partial*"))

    recreate(scratch_database.rsplit("/", 1)[1])
    assert snapshot(scratch_database) == {"(sequences)": []}
    restored = run([str(RESTORE), str(backup)], scratch_database)
    assert restored.returncode == 0, restored.stderr
    assert "the database is at migration" in restored.stderr
    assert snapshot(scratch_database) == before


def test_restoring_over_data_needs_replace_and_then_puts_back_the_backup(scratch_database, tmp_path):
    before = snapshot(scratch_database)
    backup = tmp_path / "nightly.dump"
    assert run([str(BACKUP), str(backup)], scratch_database).returncode == 0

    refused = run([str(RESTORE), str(backup)], scratch_database)
    assert refused.returncode == 2
    assert refused.stderr.strip().startswith("restore.sh: the database already has")
    assert refused.stderr.strip().endswith("restore into an empty database, or pass --replace")

    import psycopg

    with psycopg.connect(scratch_database.replace("+psycopg", "")) as connection:
        connection.execute("DELETE FROM answer")  # someone's mistake, after the backup
    assert snapshot(scratch_database) != before
    # Piped, as after decrypting: `gpg --decrypt nightly.dump.gpg | scripts/restore.sh --replace -`.
    with backup.open("rb") as piped:
        replaced = run([str(RESTORE), "--replace", "-"], scratch_database, stdin=piped)
    assert replaced.returncode == 0, replaced.stderr
    assert snapshot(scratch_database) == before


@pytest.mark.parametrize("script, arguments, database_url, message", [
    (BACKUP, [], "postgresql://postgres@127.0.0.1/x",
     "backup.sh: usage: scripts/backup.sh FILE|- (DATABASE_URL names the PostgreSQL database)"),
    (BACKUP, ["a", "b"], "postgresql://postgres@127.0.0.1/x",
     "backup.sh: usage: scripts/backup.sh FILE|- (DATABASE_URL names the PostgreSQL database)"),
    (BACKUP, ["out.dump"], "", "backup.sh: DATABASE_URL is not set"),
    (BACKUP, ["out.dump"], "sqlite:///instance/participation.db",
     "backup.sh: DATABASE_URL must name a PostgreSQL database (postgresql://...)"),
    (BACKUP, ["{existing}"], "postgresql://postgres@127.0.0.1/x",
     "backup.sh: {existing} already exists: give the backup a new name"),
    (BACKUP, ["/no/such/folder/out.dump"], "postgresql://postgres@127.0.0.1/x",
     "backup.sh: cannot write into /no/such/folder"),
    (RESTORE, ["--force", "x"], "postgresql://postgres@127.0.0.1/x",
     "restore.sh: usage: scripts/restore.sh [--replace] FILE|- (DATABASE_URL names the PostgreSQL database)"),
    (RESTORE, ["/no/such.dump"], "postgresql://postgres@127.0.0.1/x",
     "restore.sh: cannot read /no/such.dump"),
    (RESTORE, ["{existing}"], "postgresql://postgres@127.0.0.1/x",
     "restore.sh: {existing} is not a backup made by scripts/backup.sh"),
])
def test_bad_arguments_get_one_line_and_status_2(tmp_path: Path, script, arguments, database_url, message):
    existing = tmp_path / "existing.txt"
    existing.write_text("not a backup\n")
    arguments = [argument.format(existing=existing) for argument in arguments]
    finished = run([str(script), *arguments], database_url, stdin=subprocess.DEVNULL)
    assert finished.returncode == 2
    assert finished.stderr == message.format(existing=existing) + "\n"
    assert finished.stdout == ""
