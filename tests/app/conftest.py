"""Fixtures for the terminal app's tests: Pilot runs under anyio on asyncio."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from textual.pilot import Pilot
from textual.worker import WorkerState

from api_client import ConsentClient
from consent_app import session_store
from consent_app.app import ConsentApp
from consent_app.i18n import set_language
from consent_app.settings import AppSettings

SIZE = (80, 24)
_BUSY = (WorkerState.PENDING, WorkerState.RUNNING)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    # The active language is process-wide; every test starts from a known one.
    set_language("en")
    yield
    set_language("en")


class MemoryKeyring(KeyringBackend):
    """A keyring backend that lives in this process: for tests of what the app stores."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@pytest.fixture(autouse=True)
def _no_system_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the keyring of the person running them."""
    monkeypatch.setattr(session_store, "default_backend", fail.Keyring)


@pytest.fixture
def closed_port() -> int:
    """A loopback port with nothing listening: connecting fails at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def offline_client(closed_port: int) -> Iterator[ConsentClient]:
    client = ConsentClient(f"http://127.0.0.1:{closed_port}", timeout=2, max_retries=0)
    yield client
    client.close()


class FakeClock:
    """A monotonic clock that moves only when a test says so (for the auto-lock)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


MakeApp = Callable[..., ConsentApp]


@pytest.fixture
def make_offline_app(offline_client: ConsentClient, fake_clock: FakeClock) -> MakeApp:
    """An app whose server is unreachable: for screens that need no answer from it.

    Its auto-lock reads ``fake_clock``: idle time passes only through ``advance()``.
    """

    def make(**settings: object) -> ConsentApp:
        settings.setdefault("language", "en")
        return ConsentApp(
            AppSettings(**settings),  # type: ignore[arg-type]
            offline_client,
            clock=fake_clock,
        )

    return make


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
