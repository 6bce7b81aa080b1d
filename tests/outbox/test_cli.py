"""`consent-app status` and `consent-app sync`: counts, exit codes, a translated message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from api_client.models import Inform, PreferenceWrite
from consent_app.outbox import Outbox
from consent_app.settings import NEUTRAL_APP_NAME
from consent_app.sync import EXIT_NEWER_FORMAT, EXIT_UNREADABLE
from tests.support.keyrings import FileKeyring
from tests.support.topics import ALL_TOPICS

from . import damage


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONSENT_", "LC_", "LANG"))}
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
        PYTHON_KEYRING_BACKEND="tests.support.keyrings.FileKeyring",
        TEST_KEYRING_FILE=str(tmp_path / "keyring.json"),
        CONSENT_APP_SERVER_URL="http://127.0.0.1:9",  # nothing listens there
    )
    return env


def consent_app(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "consent_app.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_status_with_an_empty_outbox_says_everything_is_sent(cli_env: dict[str, str]) -> None:
    done = consent_app(cli_env, "--language", "en", "status")
    assert done.returncode == 0, done.stderr
    assert "Waiting to be sent: 0" in done.stdout


def test_status_counts_a_waiting_change_and_sync_explains_a_login_is_needed(
    cli_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_KEYRING_FILE", cli_env["TEST_KEYRING_FILE"])
    path = tmp_path / "data" / NEUTRAL_APP_NAME / "store.bin"
    outbox = Outbox.open(path, keyring_backend=FileKeyring())
    outbox.enqueue(uuid.uuid4(), PreferenceWrite(inform=Inform.no), base_version=0)

    status = consent_app(cli_env, "--language", "en", "status")
    assert status.returncode == 3, status.stderr
    assert "Waiting to be sent: 1" in status.stdout

    sync = consent_app(cli_env, "--language", "nl", "sync")
    assert sync.returncode == 2
    assert "log in" not in sync.stderr  # translated, not the English source text
    assert "inloggen" in sync.stderr.lower() or "log eerst in" in sync.stderr.lower()
    assert "no" not in json.loads(Path(cli_env["TEST_KEYRING_FILE"]).read_text()).values()


def test_the_sync_commands_do_not_import_textual(cli_env: dict[str, str]) -> None:
    code = (
        "import sys; from consent_app.cli import main; main(['status']); "
        "print('TEXTUAL' if 'textual' in sys.modules else 'LIGHT')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=cli_env, capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip().endswith("LIGHT"), done.stderr


def test_sync_with_nothing_waiting_says_so_and_exits_0(cli_env: dict[str, str]) -> None:
    done = consent_app(cli_env, "--language", "en", "sync")  # no remembered login either
    assert done.returncode == 0, done.stderr
    assert "Nothing is waiting to be sent." in done.stdout
    assert done.stderr == ""


@pytest.mark.parametrize("command", ["status", "sync"])
@pytest.mark.parametrize("url", ["notaurl", "http://example.org", "ftp://127.0.0.1"])
def test_a_server_address_that_cannot_be_used_is_one_translated_line_and_exit_2(
    cli_env: dict[str, str], command: str, url: str
) -> None:
    done = consent_app(cli_env, "--server", url, "--language", "nl", command)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "server" in lines[0] and "Traceback" not in done.stderr
    assert url not in done.stderr  # the address itself is never echoed
    assert done.stdout == ""


@pytest.mark.parametrize(
    ("args", "english"),
    [
        (["--demo", "--server", "http://127.0.0.1:8000"], "leave out --server"),
        (["--demo", "status"], "run status without --demo"),
        (["--demo", "sync"], "run sync without --demo"),
    ],
)
def test_demo_with_options_it_would_ignore_is_refused(
    cli_env: dict[str, str], args: list[str], english: str
) -> None:
    english_run = consent_app(cli_env, "--language", "en", *args)
    assert english_run.returncode == 2
    assert english_run.stderr.strip() == english_run.stderr.strip().splitlines()[0]
    assert english in english_run.stderr
    dutch_run = consent_app(cli_env, "--language", "nl", *args)
    assert dutch_run.returncode == 2
    assert english not in dutch_run.stderr and "--demo" in dutch_run.stderr


# --- an outbox that cannot be read (issue 10, item 2) ---------------------------------------


def _two_waiting_changes(cli_env: dict[str, str], tmp_path: Path) -> Path:
    path = tmp_path / "data" / NEUTRAL_APP_NAME / "store.bin"
    outbox = Outbox.open(path, keyring_backend=FileKeyring())
    subject = uuid.uuid4()
    outbox.enqueue(subject, PreferenceWrite(inform=Inform.no), base_version=0)
    outbox.enqueue(subject, PreferenceWrite(inform=Inform.yes, topics=ALL_TOPICS), base_version=0)
    return path


@pytest.mark.parametrize("kind", sorted(damage.UNREADABLE))
def test_changes_that_cannot_be_read_are_reported_until_acknowledged(
    kind: str, cli_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_KEYRING_FILE", cli_env["TEST_KEYRING_FILE"])
    path = _two_waiting_changes(cli_env, tmp_path)
    damage.UNREADABLE[kind](path, FileKeyring())
    damaged = path.read_bytes()

    for command in ("status", "sync", "status"):  # and again: it is not forgotten
        done = consent_app(cli_env, "--language", "en", command)
        assert done.returncode == EXIT_UNREADABLE, (command, done.stdout, done.stderr)
        assert "could not be read, so they were not sent" in done.stdout
        assert "2 changes, confirmed between" in done.stdout
        assert "consent-app discard-unreadable" in done.stdout
        assert "Traceback" not in done.stderr
    aside = list(path.parent.glob("store.bin.unreadable-*[!y]"))  # not the .summary
    assert [file.read_bytes() for file in aside] == [damaged]

    dutch = consent_app(cli_env, "--language", "nl", "status")
    assert dutch.returncode == EXIT_UNREADABLE
    assert "konden niet worden gelezen" in dutch.stdout

    done = consent_app(cli_env, "--language", "en", "discard-unreadable")
    assert done.returncode == 0, done.stdout
    assert "The unreadable copy was removed." in done.stdout
    assert not list(path.parent.glob("store.bin.unreadable-*"))
    assert consent_app(cli_env, "--language", "en", "status").returncode == 0


@pytest.mark.parametrize("kind", sorted(damage.NEWER))
def test_an_outbox_of_a_newer_app_version_is_refused_and_left_as_it_is(
    kind: str, cli_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_KEYRING_FILE", cli_env["TEST_KEYRING_FILE"])
    path = _two_waiting_changes(cli_env, tmp_path)
    damage.NEWER[kind](path, FileKeyring())
    before = path.read_bytes()

    for command in ("status", "sync"):
        done = consent_app(cli_env, "--language", "en", command)
        assert done.returncode == EXIT_NEWER_FORMAT, (command, done.stdout, done.stderr)
        assert "saved by a newer version of this app" in done.stdout
        assert "Traceback" not in done.stderr
    assert path.read_bytes() == before
    assert not list(path.parent.glob("store.bin.unreadable-*"))


def test_an_unknown_number_of_changes_is_said_so_when_the_summary_is_gone_too(
    cli_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_KEYRING_FILE", cli_env["TEST_KEYRING_FILE"])
    path = _two_waiting_changes(cli_env, tmp_path)
    damage.zero_length(path, FileKeyring())
    path.with_name("store.bin.summary").unlink()

    done = consent_app(cli_env, "--language", "en", "status")
    assert done.returncode == EXIT_UNREADABLE
    assert "How many changes could not be read is not known" in done.stdout
