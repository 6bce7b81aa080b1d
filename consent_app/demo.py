"""`consent-app --demo`: the whole product on one computer, in one command.

Opens the app against a free loopback port at once; behind its start screen, the reference
backend starts in a background thread on that port with a fresh SQLite database in a
temporary folder and is seeded with one staff account and a few activation codes, which the
start screen shows as soon as they exist. Importing the server stack takes longer than
drawing the first screen, so it waits until that screen is shown.

The folder holds usernames and the access log, so it is private (0700, files 0600) and is
removed on every exit that can run code: leaving the app, a crash, closing the terminal
(SIGHUP), SIGTERM. What a hard kill leaves behind is removed at the next demo start.
"""

from __future__ import annotations

import contextlib
import os
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

from consent_app import exit_signals

if TYPE_CHECKING:
    import uvicorn

    from consent_app.app import ConsentApp
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


def seed(settings: ServerSettings) -> DemoSeed:
    """One staff account, three victim records with codes, one representative code."""
    import secrets  # here, behind the first screen: it loads OpenSSL's hashes

    from consent_server import admin

    staff_passphrase = "-".join(secrets.token_hex(2) for _ in range(4))
    with admin.connect(settings) as db:
        admin.create_staff(db, settings, "staff", staff_passphrase)
        codes = []
        for number in range(1, 4):
            subject = admin.create_subject(db, settings, reference=f"DEMO-{number}")
            codes.append(admin.issue_activation_code(db, settings, subject.id, role="victim").code)
        representative_code = admin.issue_activation_code(
            db, settings, subject.id, role="representative"
        ).code
    from consent_server.notice_seed import seed_inbox

    inbox = ("victim", "-".join(secrets.token_hex(2) for _ in range(4)))
    notifier = ("notifier", "-".join(secrets.token_hex(2) for _ in range(4)))
    seed_inbox(settings, victim=inbox, notifier=notifier)
    return DemoSeed("staff", staff_passphrase, codes, representative_code, inbox, notifier)


class DemoBackend:
    """The reference backend in a background thread, started after the first screen.

    The address is known at once (the listening socket is bound here), so the app can be
    built with it; :meth:`start` imports the server, starts it and seeds it, and is meant to
    run in a worker thread while the start screen is already shown.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.chmod(0o700)  # usernames and the access log: for this user only
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self.seed: DemoSeed | None = None
        self._lock = threading.Lock()
        self._stopping = False
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 15.0) -> DemoSeed:
        """Start the server, wait until it answers, seed it; blocks (call it in a thread)."""
        import uvicorn

        from consent_server.app import create_app
        from consent_server.crypto import generate_data_key
        from consent_server.log_format import log_config
        from consent_server.settings import ServerSettings

        database = self.folder / DATABASE_FILE
        # Created empty and private first: SQLite gives its -wal and -shm files the same mode.
        os.close(os.open(database, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        settings = ServerSettings(
            database_url=f"sqlite:///{database}",
            data_key=generate_data_key(),  # type: ignore[arg-type]
        )
        config = uvicorn.Config(
            create_app(settings),
            log_level="warning",
            log_config=log_config("WARNING", only_uvicorn=True),
            access_log=False,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=partial(server.run, sockets=[self._socket]), name="demo-server", daemon=True
        )
        with self._lock:
            if self._stopping:
                raise RuntimeError("the demo is closing")
            self._server, self._thread = server, thread
            thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the embedded demo server did not start")
            time.sleep(0.01)
        self.seed = seed(settings)
        return self.seed

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            server, thread = self._server, self._thread
        if server is not None and thread is not None:
            server.should_exit = True
            thread.join(timeout=5)
        self._socket.close()

    def describe(self) -> str:
        """The start screen's demo panel: the sample codes, or that the server is starting."""
        if self.seed is not None:
            return self.seed.describe(self.base_url)
        from consent_app.i18n import _

        return "\n".join(
            [
                _("Demo  (server %(address)s)") % {"address": self.base_url},
                "  " + _("The server on this computer is starting ..."),
            ]
        )


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
    owner = os.open(folder / OWNER_FILE, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(owner, "w", encoding="ascii") as file:
        file.write(str(os.getpid()))
    return folder


@contextlib.contextmanager
def demo_folder() -> Iterator[Path]:
    """The private folder of one demo run, removed when the block ends (however it ends,
    short of a hard kill). Everything that starts a demo backend uses it: the demo itself,
    the start-up benchmark and the tests."""
    folder = make_demo_folder()
    undo = exit_signals.on_last_resort(partial(shutil.rmtree, folder, ignore_errors=True))
    try:
        yield folder
    finally:
        with exit_signals.deferred():
            shutil.rmtree(folder, ignore_errors=True)
        undo()


def run_headless(app_class: type[ConsentApp]) -> None:
    """The demo wired as ``run_demo`` wires it, headless, as ``app_class``: the start-up
    benchmark and its test measure the real wiring with a subclass that reports and exits."""
    from consent_app import collector
    from consent_app.launch import build_app

    with collector.paused(), demo_folder() as folder:  # as run_app; the first frame resumes it
        backend = DemoBackend(folder)
        app = build_app(
            {"language": "en", "server_url": backend.base_url},
            demo_info=backend.describe,
            prepare=backend.start,
            app_class=app_class,
        )
        try:
            app.run(headless=True)
        finally:
            app.close_client()
            backend.stop()


def run_demo(overrides: dict[str, object], *, plain: bool = False) -> int:
    """The demo in the app (its start screen shows first; the backend starts and is seeded
    behind it), or in the plain line mode with ``plain`` (the backend is ready first)."""
    exit_signals.install()
    with demo_folder() as folder:
        backend = DemoBackend(folder)
        try:
            merged = {**overrides, "server_url": backend.base_url}
            if plain:
                from consent_app.plain.run import run_plain

                backend.start()
                return run_plain(merged, demo_info=backend.describe)
            from consent_app.launch import run_app

            return run_app(merged, demo_info=backend.describe, prepare=backend.start)
        finally:
            backend.stop()
