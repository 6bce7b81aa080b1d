"""Drive ``consent-app --plain`` on a pseudo-terminal with pexpect, keeping every byte it wrote."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pexpect

CONSENT_APP = str(Path(sys.executable).with_name("consent-app"))
ESC = "\x1b"


def plain_env(home: Path, **extra: str) -> dict[str, str]:
    """A private home, no keyring, a terminal that could draw (the mode comes from --plain)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONSENT_APP_")}
    return env | {
        "TERM": "xterm-256color",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        **extra,
    }


class PlainApp:
    """The running app; ``written`` is everything it wrote to the terminal so far."""

    def __init__(self, args: list[str], env: dict[str, str], *, timeout: float = 60) -> None:
        self.log = io.StringIO()
        self.child = pexpect.spawn(
            CONSENT_APP,
            args,
            env=env,
            encoding="utf-8",
            timeout=timeout,
            dimensions=(24, 80),
        )
        self.child.logfile_read = self.log

    @property
    def written(self) -> str:
        return self.log.getvalue()

    def see(self, text: str) -> None:
        self.child.expect_exact(text)

    def answer(self, after: str, reply: str) -> None:
        """Wait for ``after`` and the prompt that follows it, then type ``reply`` and Enter."""
        self.child.expect_exact(after)
        self.child.expect_exact("> ")
        self.child.sendline(reply)

    def secret(self, after: str, reply: str) -> None:
        self.child.expect_exact(after)
        self.child.sendline(reply)

    def reply(self, text: str) -> None:
        """Type at the prompt that is already on screen (after a message saying what to fix)."""
        self.child.expect_exact("> ")
        self.child.sendline(text)

    def ended(self, timeout: float = 30) -> int:
        """Wait for the end; the exit status."""
        self.child.expect(pexpect.EOF, timeout=timeout)
        self.child.close()
        status = self.child.exitstatus
        assert status is not None, f"ended by signal {self.child.signalstatus}"
        return int(status)

    def kill(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)
