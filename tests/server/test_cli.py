"""The admin CLI: the main paths as real processes, the error cases in-process (faster)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from api_client import activation_code
from consent_server.cli import main

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


def test_migrate_then_staff_subject_and_code_from_the_command_line(cli_database: str) -> None:
    migrated = run_cli("migrate", database_url=cli_database)
    assert migrated.returncode == 0, migrated.stderr
    assert Path(cli_database.removeprefix("sqlite:///")).exists()
    staff = run_cli(
        "create-staff",
        "--username",
        "desk.officer",
        database_url=cli_database,
        stdin=PASSPHRASE + "\n",
    )
    assert staff.returncode == 0, staff.stderr
    assert PASSPHRASE not in staff.stdout + staff.stderr
    subject = run_cli("create-subject", database_url=cli_database, stdin="CASE-42\n2008-02-29\n")
    assert subject.returncode == 0, subject.stderr
    subject_id = uuid.UUID(subject.stdout.strip())
    code = run_cli(
        "issue-code", "--subject", str(subject_id), "--role", "victim", database_url=cli_database
    )
    assert code.returncode == 0, code.stderr
    printed = code.stdout.strip()
    assert activation_code.is_well_formed(printed) and printed == activation_code.grouped(printed)


def test_passphrase_is_never_accepted_as_an_argument(cli_database: str) -> None:
    result = run_cli(
        "create-staff", "--username", "x.y", "--passphrase", PASSPHRASE, database_url=cli_database
    )
    assert result.returncode != 0
    assert "unrecognized arguments" in result.stderr


def run_main(
    args: list[str],
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    monkeypatch.setenv("CONSENT_DATABASE_URL", database_url)
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_notifier_account_reads_its_passphrase_from_stdin(
    cli_database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run_main(
        ["create-notifier", "--username", "notifier"],
        cli_database,
        capsys,
        monkeypatch,
        "machine secret words\n",
    )
    assert code == 0
    uuid.UUID(out.strip())


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["create-staff", "--username", "desk"], "password1\n", "too common"),
        (["create-staff", "--username", "desk"], "", "no passphrase"),
        (["create-staff", "--username", "no spaces allowed"], "long enough words\n", "username"),
        (["issue-code", "--subject", "not-an-id"], "", "not a valid id"),
        (["issue-code", "--subject", str(uuid.UUID(int=7))], "", "no record"),
        (["create-subject"], "bad reference!\n", "reference"),
        (["create-subject"], "", "no reference"),
        (["create-subject"], "OK-1\n31-12-2001\n", "YYYY-MM-DD"),
    ],
)
def test_errors_are_one_clear_line_without_traceback(
    cli_database: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    stdin: str,
    message: str,
) -> None:
    code, out, err = run_main(args, cli_database, capsys, monkeypatch, stdin)
    assert code == 1
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert message in err
    assert "password1" not in out + err


def test_duplicate_reference_is_reported(
    cli_database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_main(["create-subject"], cli_database, capsys, monkeypatch, "DUP-1\n")[0] == 0
    code, _, err = run_main(["create-subject"], cli_database, capsys, monkeypatch, "DUP-1\n")
    assert code == 1 and "exists" in err


@pytest.mark.parametrize(
    ("args", "safe_way"),
    [
        (["create-subject", "--reference", "CASE-7"], "standard input"),
        (["create-subject", "--date-of-birth", "2008-02-29"], "standard input"),
        (
            ["migrate", "--database-url", "postgresql+psycopg://u:hunter2@db/x"],
            "CONSENT_DATABASE_URL",
        ),
    ],
)
def test_personal_details_and_database_passwords_are_refused_as_arguments(
    cli_database: str, args: list[str], safe_way: str
) -> None:
    result = run_cli(*args, database_url=cli_database)
    assert result.returncode == 2
    assert "no longer accepted" in result.stderr and safe_way in result.stderr
    assert "hunter2" not in result.stderr and "CASE-7" not in result.stderr


def test_help_says_where_the_details_come_from() -> None:
    result = run_cli("create-subject", "--help", database_url="sqlite://")
    text = " ".join(result.stdout.split())
    assert "standard input" in text and "CONSENT_DATABASE_URL" in text


def test_the_database_address_can_come_from_a_file(
    cli_database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    address = tmp_path / "database-address"
    address.write_text(cli_database + "\n")
    assert main(["migrate", "--database-url-file", str(address)]) == 0
    assert Path(cli_database.removeprefix("sqlite:///")).exists()
    assert main(["migrate", "--database-url-file", str(tmp_path / "missing")]) == 1
    assert "cannot be read" in capsys.readouterr().err


@pytest.mark.parametrize("port", ["99999", "0", "http"])
def test_serve_with_a_port_out_of_range_is_a_usage_error_not_a_traceback(
    cli_database: str, port: str
) -> None:
    done = run_cli("serve", "--port", port, database_url=cli_database)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "--port: must be a number from 1 to 65535" in done.stderr
