"""Auto-lock: after a quiet period the app locks itself; shortly before, it warns.

The clock is injected (``time.monotonic`` by default) so tests can move time forward
instead of waiting for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events

from consent_app.i18n import _

if TYPE_CHECKING:
    from consent_app.app import ConsentApp

Clock = Callable[[], float]

INPUT_EVENTS = (
    events.Key,
    events.MouseDown,
    events.MouseUp,
    events.MouseMove,
    events.MouseScrollDown,
    events.MouseScrollUp,
    events.Paste,
)


class AutoLock:
    """Watches for input and calls :meth:`ConsentApp.lock` when there was none for long."""

    def __init__(self, app: ConsentApp, clock: Clock = time.monotonic) -> None:
        self._app = app
        self._clock = clock
        self._last_input = clock()
        self._warned = False

    def start(self) -> None:
        """Check a few times per lock period (at most every second)."""
        self._last_input = self._clock()
        tick = min(1.0, self._app.display_settings.auto_lock_seconds / 10)
        self._app.set_interval(tick, self.check, name="auto-lock")

    def note_event(self, event: events.Event) -> None:
        if isinstance(event, INPUT_EVENTS):
            self.note_input()

    def note_input(self) -> None:
        self._last_input = self._clock()
        if self._warned:
            self._warned = False
            self._app.clear_notifications()

    def restart(self) -> None:
        """After a lock: the quiet period starts again, no warning is pending."""
        self._last_input = self._clock()
        self._warned = False

    def check(self) -> None:
        idle = self._clock() - self._last_input
        source = self._app.lock_settings()
        limit = source.auto_lock_seconds
        warning = source.warning_seconds()
        if idle >= limit:
            self._app.lock()
        elif warning and idle >= limit - warning and not self._warned and self._app.lockable():
            self._warned = True
            self._app.notify(
                _("The app will lock itself in %(seconds)s seconds. Press any key to stay.")
                % {"seconds": round(limit - idle)},
                timeout=warning,
                markup=False,
            )
