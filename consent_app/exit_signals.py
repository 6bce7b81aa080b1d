"""Leave cleanly when the terminal goes away (SIGHUP) or the system asks (SIGTERM).

Python's default for both is to end the process at once, which skips every ``finally``:
the demo's database with usernames and the access log would stay behind, and the terminal
would keep the app's title. :func:`install` turns them into an orderly exit. While the app
runs, the signal asks the app to leave the same way Ctrl+Q does (its event loop keeps
running, so Textual restores the terminal); before and after, it raises ``SystemExit`` so
the surrounding clean-up still runs. It also makes sure Ctrl+C (SIGINT) raises
``KeyboardInterrupt``, also when the app was started with it ignored.

This module does not import Textual.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from types import FrameType

EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)

_leave_app: Callable[[], object] | None = None
_last_resort: list[Callable[[], object]] = []
GRACE_SECONDS = 10.0
"""How long an orderly exit after a signal may take before the last resort ends the process."""


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if _leave_app is not None:
        _leave_app()
        _watch_the_exit(128 + signum)
        return
    raise SystemExit(128 + signum)


def install() -> None:
    """Handle SIGTERM and SIGHUP from now on (main thread only), and let Ctrl+C leave.

    Ctrl+C (SIGINT) is a way out too: in plain mode, and in the app's first moment before
    it reads keys itself. A program started with SIGINT ignored (``nohup``, a shell's
    background job, some launchers) would otherwise keep it ignored: Python then turns it
    into no ``KeyboardInterrupt``.
    """
    for number in EXIT_SIGNALS:
        signal.signal(number, _on_signal)
    signal.signal(signal.SIGINT, signal.default_int_handler)


def route_to_app(leave: Callable[[], object] | None) -> None:
    """While an app runs, a signal calls ``leave`` (it must be safe to call from a signal
    handler, e.g. ``loop.call_soon_threadsafe(...)``); ``None`` goes back to ``SystemExit``."""
    global _leave_app
    _leave_app = leave


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGTERM and SIGHUP until the block ends: for clean-up that must not be cut short."""
    blocked = set(EXIT_SIGNALS)
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def on_last_resort(cleanup: Callable[[], object]) -> Callable[[], None]:
    """Run ``cleanup`` if an orderly exit after a signal hangs; returns how to undo that."""
    _last_resort.append(cleanup)
    return lambda: _last_resort.remove(cleanup)


def _watch_the_exit(code: int) -> None:
    """The terminal may be gone (SIGHUP): if leaving the orderly way hangs on it (seen once:
    Textual's output thread waiting on a terminal that no longer reads), clean up what must
    not stay behind and end the process, instead of lingering with the data on disk."""

    def last_resort() -> None:
        time.sleep(GRACE_SECONDS)
        for cleanup in list(_last_resort):
            with contextlib.suppress(Exception):
                cleanup()
        os._exit(code)

    threading.Thread(target=last_resort, name="exit-watchdog", daemon=True).start()
