"""Driving the terminal app under Textual's Pilot: its size, what it shows, waiting for it."""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Callable

from textual.pilot import Pilot
from textual.worker import WorkerState

from api_client import ConsentClient
from consent_app.app import ConsentApp
from consent_app.i18n import Language
from consent_app.session_store import SessionStore
from consent_app.settings import AppSettings

SIZE = (80, 24)
"""The terminal size every app test runs at: the smallest one the app supports."""

MakeApp = Callable[..., ConsentApp]
"""``make(**settings)``: a ``ConsentApp`` with those ``AppSettings``."""

_BUSY = (WorkerState.PENDING, WorkerState.RUNNING)


class FakeClock:
    """A monotonic clock that moves only when a test says so (for the auto-lock)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


async def idle_for(app: ConsentApp, pilot: Pilot[None], clock: FakeClock, seconds: float) -> None:
    """Let ``seconds`` pass without input, as far as the auto-lock can tell."""
    clock.advance(seconds)
    app.auto_lock.check()
    await pilot.pause()


def screen_text(app: ConsentApp) -> str:
    """What the terminal shows right now, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(app: ConsentApp, pilot: Pilot[None], timeout: float = 20) -> None:
    """Wait until no worker runs (requests answered, screens updated), then a refresh."""
    deadline = time.monotonic() + timeout
    await pilot.pause()
    while any(worker.state in _BUSY for worker in app.workers):
        if time.monotonic() > deadline:
            raise TimeoutError("workers still running")
        await pilot.pause(0.05)
    await pilot.pause()


@contextlib.asynccontextmanager
async def app_with_store(
    server: str, store: SessionStore, language: Language = "en"
) -> AsyncIterator[tuple[ConsentApp, Pilot[None], ConsentClient]]:
    """A freshly started app of the server at ``server`` that remembers logins in ``store``
    (as on a next start of the app, when ``store`` already holds one)."""
    with ConsentClient(server, max_retries=0) as client:
        app = ConsentApp(AppSettings(language=language), client, session_store=store)
        async with app.run_test(size=SIZE) as pilot:
            yield app, pilot, client


@contextlib.asynccontextmanager
async def showing(app: ConsentApp, show: Callable[[], object]) -> AsyncIterator[Pilot[None]]:
    """``app`` running at :data:`SIZE`, after ``show()`` (such as ``app.show_login``) has
    put its screen up."""
    async with app.run_test(size=SIZE) as pilot:
        show()
        await pilot.pause()
        yield pilot
