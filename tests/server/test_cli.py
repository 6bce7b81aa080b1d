"""The admin CLI, run as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from api_client import activation_code

PASSPHRASE = "cli staff passphrase"


def run_cli(*args: str, database_url: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONSENT_")}
    env["CONSENT_DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "consent_server.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def cli_database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'data' / 'server.sqlite3'}"


def test_migrate_creates_the_schema(cli_database: str) -> None:
    result = run_cli("migrate", database_url=cli_database)
    assert result.returncode == 0, result.stderr
    assert Path(cli_database.removeprefix("sqlite:///")).exists()


def test_staff_subject_and_code_from_the_command_line(cli_database: str) -> None:
    staff = run_cli(
        "create-staff",
        "--username",
        "desk.officer",
        database_url=cli_database,
        stdin=PASSPHRASE + "\n",
    )
    assert staff.returncode == 0, staff.stderr
    assert PASSPHRASE not in staff.stdout + staff.stderr
    subject = run_cli(
        "create-subject",
        "--reference",
        "CASE-42",
        "--date-of-birth",
        "2008-02-29",
        database_url=cli_database,
    )
    assert subject.returncode == 0, subject.stderr
    subject_id = uuid.UUID(subject.stdout.strip())
    code = run_cli(
        "issue-code", "--subject", str(subject_id), "--role", "victim", database_url=cli_database
    )
    assert code.returncode == 0, code.stderr
    printed = code.stdout.strip()
    assert activation_code.is_well_formed(printed) and printed == activation_code.grouped(printed)
    notifier = run_cli(
        "create-notifier",
        "--username",
        "notifier",
        database_url=cli_database,
        stdin="notifier machine secret\n",
    )
    assert notifier.returncode == 0, notifier.stderr


def test_passphrase_is_never_accepted_as_an_argument(cli_database: str) -> None:
    result = run_cli(
        "create-staff", "--username", "x.y", "--passphrase", PASSPHRASE, database_url=cli_database
    )
    assert result.returncode != 0
    assert "unrecognized arguments" in result.stderr


def test_errors_are_one_clear_line_without_traceback(cli_database: str) -> None:
    checks = [
        run_cli(
            "create-staff", "--username", "desk", database_url=cli_database, stdin="password1\n"
        ),
        run_cli("create-staff", "--username", "desk", database_url=cli_database, stdin=""),
        run_cli("issue-code", "--subject", "not-an-id", database_url=cli_database),
        run_cli("issue-code", "--subject", str(uuid.uuid4()), database_url=cli_database),
        run_cli("create-subject", "--reference", "bad reference!", database_url=cli_database),
        run_cli(
            "create-subject",
            "--reference",
            "OK-1",
            "--date-of-birth",
            "31-12-2001",
            database_url=cli_database,
        ),
    ]
    for result in checks:
        assert result.returncode == 1, result
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "password1" not in result.stderr
    run_cli("create-subject", "--reference", "DUP-1", database_url=cli_database)
    duplicate = run_cli("create-subject", "--reference", "DUP-1", database_url=cli_database)
    assert duplicate.returncode == 1 and "exists" in duplicate.stderr
