"""Ctrl+Q leaves from the very first moment: before the app has switched the terminal to raw
mode, a cooked terminal would take Ctrl+Q as XON (flow control) and swallow it."""

from __future__ import annotations

import os
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.e2e.pty_run import PtyProcess

pytestmark = pytest.mark.e2e

CONSENT_APP = str(Path(sys.executable).with_name("consent-app"))
IFLAG, LFLAG = 0, 3  # places in termios' attribute list


def _wait_for_flow_control_off(app: PtyProcess, timeout: float = 30.0) -> list[int]:
    """The terminal's modes at the first moment XON/XOFF is off (read on the pty's side)."""
    assert app.fd is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        modes = termios.tcgetattr(app.fd)
        if not modes[IFLAG] & termios.IXON:
            return modes
        time.sleep(0.0005)
    raise AssertionError("flow control never switched off")


def test_ctrl_q_in_the_first_moment_leaves_and_the_terminal_is_restored(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    app = PtyProcess([CONSENT_APP, "--server", "http://127.0.0.1:9", "--language", "en"], env)
    try:
        assert app.fd is not None
        before = termios.tcgetattr(app.fd)
        assert before[IFLAG] & termios.IXON  # a fresh pty: cooked, with flow control
        modes = _wait_for_flow_control_off(app)
        assert modes[LFLAG] & termios.ICANON  # still cooked: the app has not drawn yet
        app.send(b"\x11")  # Ctrl+Q, once
        assert app.wait(timeout=60) == 0
        assert b"\x1b[?1049h" in app.output  # it did start; it left on that one key
        after = termios.tcgetattr(app.fd)
        assert after[IFLAG] & termios.IXON  # the terminal's own settings are back
        assert after[LFLAG] & termios.ICANON
    finally:
        app.kill()
