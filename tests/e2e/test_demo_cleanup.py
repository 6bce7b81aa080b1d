"""`consent-app --demo` leaves nothing behind, however its terminal ends.

The demo database holds usernames and the access log. These tests run the real demo on a
pty (or in tmux) with a private TMPDIR, end it with real signals and look at the folder.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from consent_app.demo import (
    DATABASE_FILE,
    DEMO_PREFIX,
    OWNER_FILE,
    DemoBackend,
    demo_folder,
    remove_leftovers,
)
from tests.e2e.pty_run import PtyProcess
from tests.e2e.tmux import TmuxSession

pytestmark = pytest.mark.e2e

CONSENT_APP = str(Path(sys.executable).with_name("consent-app"))


@pytest.fixture
def tmpdir_env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "tmp").mkdir()
    return {
        **os.environ,
        "TERM": "xterm-256color",
        "TMPDIR": str(tmp_path / "tmp"),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }


@pytest.fixture
def demo(tmpdir_env: dict[str, str]) -> Iterator[PtyProcess]:
    process = PtyProcess([CONSENT_APP, "--demo", "--language", "en"], tmpdir_env)
    try:
        yield process
    finally:
        process.kill()


def _dead_pid() -> int:
    done = subprocess.Popen(["true"])
    done.wait()
    return done.pid


def _demo_folders(tmpdir_env: dict[str, str]) -> list[Path]:
    return sorted(Path(tmpdir_env["TMPDIR"]).glob(f"{DEMO_PREFIX}*"))


def _assert_private(folder: Path) -> None:
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert {p.name for p in files} >= {OWNER_FILE, DATABASE_FILE, f"{DATABASE_FILE}-wal"}
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


ENDINGS: dict[str, Callable[[PtyProcess], None]] = {
    "terminal closed (SIGHUP)": PtyProcess.close_terminal,
    "SIGHUP": lambda process: os.kill(process.pid, signal.SIGHUP),
    "SIGTERM": lambda process: os.kill(process.pid, signal.SIGTERM),
    "Ctrl+Q": lambda process: process.send(b"\x11"),
}


@pytest.mark.parametrize("ending", list(ENDINGS))
def test_the_demo_folder_is_private_and_removed_on_every_ending(
    demo: PtyProcess, tmpdir_env: dict[str, str], ending: str
) -> None:
    demo.read_until(b"codes", timeout=120)
    (folder,) = _demo_folders(tmpdir_env)
    _assert_private(folder)
    ENDINGS[ending](demo)
    demo.wait(timeout=30)
    assert not folder.exists()
    assert _demo_folders(tmpdir_env) == []


def test_tmux_kill_session_removes_the_demo_folder(tmpdir_env: dict[str, str]) -> None:
    if not TmuxSession.available():
        pytest.skip("tmux is not installed")
    session = TmuxSession(f"TMPDIR={tmpdir_env['TMPDIR']} exec {CONSENT_APP} --demo")
    try:
        session.wait_for("codes:", timeout=120)
        (folder,) = _demo_folders(tmpdir_env)
        session.close()  # kills the tmux server: the pane's process gets SIGHUP
        deadline = time.monotonic() + 30
        while folder.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not folder.exists()
    finally:
        session.close()


def test_leftovers_of_a_killed_demo_are_removed_at_the_next_start(
    demo: PtyProcess, tmpdir_env: dict[str, str]
) -> None:
    # Created before the fixture's demo started? No: the fixture already started it, so
    # make the leftover now and start a second demo that must remove it.
    base = Path(tmpdir_env["TMPDIR"])
    demo.read_until(b"codes", timeout=120)
    (running,) = _demo_folders(tmpdir_env)
    leftover = base / f"{DEMO_PREFIX}old"
    leftover.mkdir(mode=0o700)
    (leftover / OWNER_FILE).write_text(str(_dead_pid()))
    (leftover / DATABASE_FILE).write_bytes(b"usernames and the access log")
    not_ours = base / f"{DEMO_PREFIX}someone-else"
    not_ours.mkdir()

    second = PtyProcess([CONSENT_APP, "--demo", "--language", "en"], tmpdir_env)
    try:
        second.read_until(b"codes", timeout=120)
        assert not leftover.exists()
        assert running.exists()  # still in use by the first demo
        assert not_ours.exists()  # no owner file: not a demo folder of ours
    finally:
        second.kill()


def test_remove_leftovers_only_takes_folders_of_ended_demos(tmp_path: Path) -> None:
    ended = tmp_path / f"{DEMO_PREFIX}ended"
    alive = tmp_path / f"{DEMO_PREFIX}alive"
    for folder, pid in ((ended, _dead_pid()), (alive, os.getppid())):
        folder.mkdir()
        (folder / OWNER_FILE).write_text(str(pid))
    (tmp_path / f"{DEMO_PREFIX}link").symlink_to(ended)
    assert remove_leftovers(tmp_path) == [ended]
    assert alive.exists()


def test_a_demo_backend_started_by_code_keeps_its_folder_private_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the benchmark and the app tests start it: ``demo_folder`` around ``DemoBackend``."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(RuntimeError, match="stopped"), demo_folder() as folder:
        backend = DemoBackend(folder)
        try:
            backend.start()
            _assert_private(folder)
        finally:
            backend.stop()
        raise RuntimeError("stopped")  # an error on the way out removes it too
    assert list(tmp_path.iterdir()) == []
