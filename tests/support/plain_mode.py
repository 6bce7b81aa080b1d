"""Drive ``consent-app --plain`` on a pseudo-terminal with pexpect, keeping every byte it wrote."""

from __future__ import annotations

import io
import os
import signal
import sys
import uuid
from pathlib import Path

import pexpect

from api_client import ConsentClient
from api_client.models import Preferences
from consent_app.i18n import _

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

    def __init__(
        self,
        args: list[str],
        env: dict[str, str],
        *,
        timeout: float = 60,
        interrupts_ignored: bool = False,
    ) -> None:
        """``interrupts_ignored``: started with SIGINT ignored, as ``nohup`` or a shell's
        background job starts a program (and every program those start)."""
        self.log = io.StringIO()
        self.child = pexpect.spawn(
            CONSENT_APP,
            args,
            env=env,
            encoding="utf-8",
            timeout=timeout,
            dimensions=(24, 80),
            preexec_fn=_ignore_interrupts if interrupts_ignored else None,
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


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def start_plain(
    apps: list[PlainApp],
    server: str,
    home: Path,
    language: str,
    *extra: str,
    interrupts_ignored: bool = False,
) -> PlainApp:
    """``consent-app --plain`` against ``server``, in ``language``; added to ``apps``."""
    args = ["--plain", "--server", server, "--language", language, *extra]
    app = PlainApp(args, plain_env(home), interrupts_ignored=interrupts_ignored)
    apps.append(app)
    return app


def t(msgid: str, **params: object) -> str:
    """``msgid`` as the app writes it in the language set (the test reads the same catalogs)."""
    text = _(msgid)
    return text % params if params else text


def prefix(msgid: str, placeholder: str) -> str:
    """The translated text up to ``placeholder``: what stays the same whatever fills it."""
    return _(msgid).split(placeholder)[0]


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def log_in(app: PlainApp, username: str, passphrase: str, *, language: str = "") -> None:
    """From the language question to the home: ``language`` is the number typed first
    (Enter keeps the one given with --language)."""
    app.answer("Taal / Language", language)
    app.answer(t("What do you want to do?"), "1")
    app.answer(t("Username"), username)
    app.secret(t("Passphrase") + ":", passphrase)


def stored_preferences(
    server: str, username: str, passphrase: str, subject_id: uuid.UUID | None
) -> Preferences:
    """What the server holds now, read as the person."""
    assert subject_id is not None
    with ConsentClient(server, timeout=5, max_retries=0) as client:
        client.login(username, passphrase)
        return client.get_preferences(subject_id)
