"""The app's side of sending: one outbox per app run, one sync engine per logged-in account,
and the moments it sends (after login, after a save, on reconnect, on a timer).

The outbox and the engine do the work (see docs/outbox.md); this only schedules them. Every
blocking call (keyring, file, network) runs in a thread worker. Screens that show the sync
state handle :class:`SyncService.Changed` (``@on(SyncService.Changed)``); it is posted to
every screen on the stack after each flush.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.message import Message

from consent_app import sending
from consent_app.outbox import Outbox
from consent_app.session_store import open_default_outbox
from consent_app.sync import FlushReport, SyncEngine, SyncStatus

if TYPE_CHECKING:
    from textual.timer import Timer

    from consent_app.app import ConsentApp
    from consent_app.outbox.aside import UnreadableChanges

# Never retry faster than this, whatever the engine says: a tight loop helps nobody.
_MIN_DELAY = 0.5


class SyncService:
    class Changed(Message):
        """After a flush (``report`` is None when it could not even start): new sync state."""

        def __init__(self, report: FlushReport | None) -> None:
            super().__init__()
            self.report = report

    def __init__(self, app: ConsentApp, outbox_factory: Callable[[], Outbox] | None = None) -> None:
        self._app = app
        self._factory = outbox_factory or open_default_outbox
        self._lock = threading.Lock()
        self.outbox: Outbox | None = None
        self.engine: SyncEngine | None = None
        self._timer: Timer | None = None
        self._active = False
        self.last_seen: dict[tuple[str, uuid.UUID], int] = {}
        """Per (username, record): the newest version the person has seen. Memory only."""

    # --- blocking helpers (thread workers only) -------------------------------------------

    def open_outbox(self) -> Outbox:
        """The app's outbox, opened on first use (the keyring may block)."""
        with self._lock:
            if self.outbox is None:
                self.outbox = self._factory()
            return self.outbox

    def engine_for(self, account_id: uuid.UUID) -> SyncEngine:
        outbox = self.open_outbox()
        with self._lock:
            if self.engine is None or self.engine.account_id != account_id:
                self.engine = SyncEngine(outbox, self._app.client, account_id=account_id)
            return self.engine

    def flush_now(self, engine: SyncEngine, *, wait: float = 5.0) -> FlushReport:
        """Send what waits; when a background flush is busy, wait for it a moment."""
        return sending.flush_now(engine, wait=wait)

    # --- scheduling (UI thread) -----------------------------------------------------------

    def start(self) -> None:
        """After login (or unlock): try to send what waits from earlier."""
        self._active = True
        if self.engine is not None:
            self.engine.reconnected()
        self.flush()

    def stop(self) -> None:
        """Logout, lock or leaving: stop sending with this session (the outbox stays)."""
        self._active = False
        self.engine = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def reconnected(self) -> None:
        """A request just worked after the network was away: send now, forget the backoff."""
        engine = self.engine
        if engine is not None and engine.status().waiting:
            engine.reconnected()
            self.flush()

    def flush(self) -> None:
        if not self._active:
            return
        self._app.run_worker(
            self._flush_in_thread, thread=True, exclusive=True, group="sync", name="sync"
        )

    def _flush_in_thread(self) -> None:
        client = self._app.client
        try:
            engine = self.engine
            if engine is None:
                engine = self.engine_for(client.me().account.id)
        except Exception:  # offline or logged out: the timer or the next login tries again
            self._from_thread(self.after_flush, None)
            return
        report = self.flush_now(engine, wait=0)
        self._from_thread(self.after_flush, report)

    def after_flush(self, report: FlushReport | None) -> None:
        """Tell the screens, and plan the next try."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self._active:
            return
        engine = self.engine
        delay = engine.next_delay() if engine is not None else None
        if report is None and engine is None:
            delay = 30.0  # could not even ask who is logged in: try again later
        if delay is not None:
            self._timer = self._app.set_timer(max(delay, _MIN_DELAY), self.flush, name="sync")
        for screen in list(self._app.screen_stack):
            screen.post_message(self.Changed(report))

    def at_exit(self, *, remembered: bool) -> None:
        """The app has closed. Without "remember me", and when nothing waits, leave nothing
        of the outbox on this computer (file and key). Blocking: call after the UI is gone."""
        if not remembered and self.outbox is not None:
            with contextlib.suppress(Exception):  # never a traceback on the way out
                self.outbox.erase_if_idle()

    def unreadable_changes(self) -> tuple[list[UnreadableChanges], bool] | None:
        """What to tell about the outbox (files set aside as unreadable; whether one is of a
        newer format), or None when all is well. Blocking (keyring, files): call it from a
        thread worker."""
        try:
            outbox = self.open_outbox()
            found, newer = outbox.unreadable(), outbox.newer_format_file is not None
        except Exception:  # the outbox itself reports what it cannot keep (durable False)
            return None
        return (found, newer) if found or newer else None

    def status_or_none(self) -> SyncStatus | None:
        if self.engine is not None:
            return self.engine.status()
        return None

    def _from_thread(self, callback: Callable[..., object], *args: object) -> None:
        self._app.from_worker(callback, *args)
