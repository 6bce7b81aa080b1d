"""`consent-app --demo`: the whole product on one computer, in one command.

Starts the reference backend in a background thread on a free loopback port with a fresh
SQLite database in a temporary folder, seeds one staff account and a few activation codes,
and opens the app against it.

The folder holds usernames and the access log, so it is private (0700, files 0600) and is
removed on every exit that can run code: leaving the app, a crash, closing the terminal
(SIGHUP), SIGTERM. What a hard kill leaves behind is removed at the next demo start.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from consent_app import exit_signals

if TYPE_CHECKING:
    from consent_server.settings import ServerSettings

DEMO_PREFIX = "demo-"
OWNER_FILE = "owner.pid"  # marks a folder as ours and names the process that uses it
DATABASE_FILE = "demo.db"


@dataclass(frozen=True)
class DemoSeed:
    staff_username: str
    staff_passphrase: str
    victim_codes: list[str]
    representative_code: str
    # A victim with one notice in the inbox, and the notifier for consent-notify.
    inbox_login: tuple[str, str] | None = None
    notifier_login: tuple[str, str] | None = None

    def describe(self, base_url: str) -> str:
        """A short text with the sample codes for the demo's start screen, in the current
        language (called again when the language is switched)."""
        from consent_app.i18n import _

        lines = [
            _("Demo  (server %(address)s)") % {"address": base_url},
            "  "
            + _("staff: %(username)s / %(passphrase)s")
            % {"username": self.staff_username, "passphrase": self.staff_passphrase},
            "  " + _("codes: %(codes)s") % {"codes": "  ".join(self.victim_codes)},
            "  " + _("representative: %(code)s") % {"code": self.representative_code},
        ]
        if self.inbox_login:
            lines.append(
                "  "
                + _("victim with a message: %(username)s / %(passphrase)s")
                % dict(zip(("username", "passphrase"), self.inbox_login, strict=True))
            )
        if self.notifier_login:
            lines.append(
                "  "
                + _("notifier (consent-notify): %(username)s / %(passphrase)s")
                % dict(zip(("username", "passphrase"), self.notifier_login, strict=True))
            )
        return "\n".join(lines)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def seed(settings: ServerSettings) -> DemoSeed:
    """One staff account, three victim records with codes, one representative code."""
    from consent_server import admin

    staff_passphrase = "-".join(secrets.token_hex(2) for _ in range(4))
    with admin.connect(settings) as db:
        admin.create_staff(db, settings, "staff", staff_passphrase)
        codes = []
        for number in range(1, 4):
            subject = admin.create_subject(db, settings, reference=f"DEMO-{number}")
            codes.append(admin.issue_activation_code(db, settings, subject.id, role="victim"))
        representative_code = admin.issue_activation_code(
            db, settings, subject.id, role="representative"
        )
    from consent_server.notice_seed import seed_inbox

    inbox = ("victim", "-".join(secrets.token_hex(2) for _ in range(4)))
    notifier = ("notifier", "-".join(secrets.token_hex(2) for _ in range(4)))
    seed_inbox(settings, victim=inbox, notifier=notifier)
    return DemoSeed("staff", staff_passphrase, codes, representative_code, inbox, notifier)


@contextlib.contextmanager
def embedded_server(folder: Path) -> Iterator[tuple[str, ServerSettings]]:
    """Run the reference backend in a thread; yield its base URL and settings."""
    import uvicorn

    from consent_server.app import create_app
    from consent_server.crypto import generate_data_key
    from consent_server.settings import ServerSettings

    database = folder / DATABASE_FILE
    # Created empty and private first: SQLite gives its -wal and -shm files the same mode.
    os.close(os.open(database, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    settings = ServerSettings(
        database_url=f"sqlite:///{database}",
        data_key=generate_data_key(),  # type: ignore[arg-type]
    )
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="demo-server", daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    _wait_until_healthy(base_url)
    try:
        yield base_url, settings
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def _wait_until_healthy(base_url: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{base_url}/v1/health", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("the embedded demo server did not start")
        time.sleep(0.05)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(base: Path) -> list[Path]:
    """Remove demo folders of earlier runs whose process is gone; return what was removed.

    Only folders that carry our owner file, belong to this user and are not in use.
    """
    removed = []
    for folder in base.glob(f"{DEMO_PREFIX}*"):
        try:
            if folder.is_symlink() or folder.stat().st_uid != os.getuid():
                continue
            pid = int((folder / OWNER_FILE).read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            continue
        if pid != os.getpid() and not _process_alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def make_demo_folder() -> Path:
    base = Path(tempfile.gettempdir())
    remove_leftovers(base)
    folder = Path(tempfile.mkdtemp(prefix=DEMO_PREFIX, dir=base))  # 0700
    (folder / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
    return folder


def run_demo(overrides: dict[str, object], *, plain: bool = False) -> int:
    """The demo in the app, or in the plain line mode with ``plain``."""
    if plain:
        from consent_app.plain.run import run_plain as run_app
    else:
        from consent_app.launch import run_app

    exit_signals.install()
    folder = make_demo_folder()
    try:
        with embedded_server(folder) as (base_url, settings):
            info = seed(settings)
            return run_app(
                {**overrides, "server_url": base_url}, demo_info=partial(info.describe, base_url)
            )
    finally:
        with exit_signals.deferred():
            shutil.rmtree(folder, ignore_errors=True)
