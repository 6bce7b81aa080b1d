"""The real app on a pty: it saves the terminal's title, sets a neutral one, and restores it."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from consent_app.terminal_title import POP_TITLE, PUSH_TITLE
from tests.e2e.pty_run import PtyProcess

pytestmark = pytest.mark.e2e

CONSENT_APP = str(Path(sys.executable).with_name("consent-app"))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "TERM": "xterm-256color",
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }


@pytest.fixture
def app_factory(env: dict[str, str]) -> Iterator[list[PtyProcess]]:
    started: list[PtyProcess] = []
    yield started
    for process in started:
        process.kill()


def _leave(app: PtyProcess) -> int:
    """Ctrl+Q, once: it works from the first moment (``consent_app/flow_control.py``)."""
    app.send(b"\x11")
    return app.wait()


@pytest.mark.parametrize(("language", "title"), [("en", "Notes"), ("nl", "Notities")])
def test_the_title_is_neutral_while_running_and_restored_on_leaving(
    env: dict[str, str], app_factory: list[PtyProcess], language: str, title: str
) -> None:
    argv = [CONSENT_APP, "--server", "http://127.0.0.1:9", "--language", language]
    app = PtyProcess(argv, env)
    app_factory.append(app)
    set_title = f"\x1b]2;{title}\x07".encode()
    app.read_until(set_title)
    app.read_until(b"\x1b[?1049h")  # the app's own screen is up
    assert _leave(app) == 0  # Ctrl+Q: leave at once
    output = bytes(app.output)
    assert output.index(PUSH_TITLE.encode()) < output.index(set_title)
    assert output.count(set_title) == 1
    assert output.rstrip().endswith(POP_TITLE.encode())
    assert b"\x1b]0;" not in output  # no other title (icon name) written


def test_switching_language_changes_the_title_too(
    env: dict[str, str], app_factory: list[PtyProcess]
) -> None:
    app = PtyProcess([CONSENT_APP, "--server", "http://127.0.0.1:9", "--language", "en"], env)
    app_factory.append(app)
    app.read_until(b"\x1b[?1049h")
    app.read_until(b"Nederlands")
    app.send(b"\x1bOQ")  # F2
    app.read_until(b"\x1b]2;Notities\x07")
    assert _leave(app) == 0
    assert bytes(app.output).rstrip().endswith(POP_TITLE.encode())
