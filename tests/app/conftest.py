"""Fixtures for the terminal app's tests: Pilot runs under anyio on asyncio.

Helpers for driving the app (``SIZE``, ``screen_text``, ``settle``) are in
``tests.support.pilot``; a keyring for tests of what the app stores in
``tests.support.keyrings``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from keyring.backends import fail

from api_client import ConsentClient
from consent_app import session_store, viewpoint
from consent_app.app import ConsentApp
from consent_app.i18n import set_language
from consent_app.settings import AppSettings
from tests.support.pilot import FakeClock, MakeApp
from tests.support.ports import free_port
from tests.support.roles import People


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    # The active language is process-wide; every test starts from a known one.
    set_language("en")
    yield
    set_language("en")
    viewpoint.set_viewer()  # process-wide too: the next test starts with nobody logged in


@pytest.fixture(autouse=True)
def _no_system_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the keyring of the person running them."""
    monkeypatch.setattr(session_store, "default_backend", fail.Keyring)


@pytest.fixture
def closed_port() -> int:
    """A loopback port with nothing listening: connecting fails at once."""
    return free_port()


@pytest.fixture
def offline_client(closed_port: int) -> Iterator[ConsentClient]:
    client = ConsentClient(f"http://127.0.0.1:{closed_port}", timeout=2, max_retries=0)
    yield client
    client.close()


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def people(live_server: str, live_server_database_url: str) -> People:
    """Accounts of every role on the live server, made as an administrator would."""
    return People(live_server, live_server_database_url)


@pytest.fixture
def app_client(live_server: str) -> Iterator[ConsentClient]:
    """A client of the live server, for an app under test."""
    with ConsentClient(live_server, timeout=5, max_retries=0) as client:
        yield client


@pytest.fixture
def make_offline_app(offline_client: ConsentClient, fake_clock: FakeClock) -> MakeApp:
    """An app whose server is unreachable: for screens that need no answer from it.

    Its auto-lock reads ``fake_clock``: idle time passes only through ``advance()``.
    """

    def make(**settings: Any) -> ConsentApp:
        settings.setdefault("language", "en")
        return ConsentApp(
            AppSettings(**settings),
            offline_client,
            clock=fake_clock,
        )

    return make
