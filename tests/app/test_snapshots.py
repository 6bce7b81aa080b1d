"""How each screen looks at 80×24, in both languages, in the high-contrast theme and
without colour. Update after an intended change with ``pytest --snapshot-update``."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from api_client import ConsentClient
from consent_app.app import ConsentApp
from consent_app.settings import AppSettings
from consent_server import admin
from consent_server.settings import ServerSettings
from tests.support.pilot import SIZE, settle

SnapCompare = Callable[..., bool]


def _app(client: ConsentClient, language: str, theme: str = "default") -> ConsentApp:
    return ConsentApp(AppSettings(language=language, theme=theme), client)  # type: ignore[arg-type]


async def _open_login(pilot: Pilot[None]) -> None:
    pilot.app.show_login()  # type: ignore[attr-defined]
    await pilot.pause()


async def _open_register_with_mistakes(pilot: Pilot[None]) -> None:
    pilot.app.show_register()  # type: ignore[attr-defined]
    await pilot.pause()
    screen = pilot.app.screen
    screen.query_one("#code", Input).value = "7KQ2-M9XD-4HPA-R3TC"
    await pilot.press("tab")
    await pilot.press(*"someone@example.org", "tab")
    await pilot.press(*"short")
    await pilot.pause()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_start(snap_compare: SnapCompare, offline_client: ConsentClient, language: str) -> None:
    assert snap_compare(_app(offline_client, language), terminal_size=SIZE)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_login(snap_compare: SnapCompare, offline_client: ConsentClient, language: str) -> None:
    app = _app(offline_client, language)
    assert snap_compare(app, terminal_size=SIZE, run_before=_open_login)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_register_with_local_mistakes(
    snap_compare: SnapCompare, offline_client: ConsentClient, language: str
) -> None:
    app = _app(offline_client, language)
    assert snap_compare(app, terminal_size=SIZE, run_before=_open_register_with_mistakes)


def test_start_high_contrast(snap_compare: SnapCompare, offline_client: ConsentClient) -> None:
    app = _app(offline_client, "en", theme="high-contrast")
    assert snap_compare(app, terminal_size=SIZE)


def test_login_high_contrast_dutch(
    snap_compare: SnapCompare, offline_client: ConsentClient
) -> None:
    app = _app(offline_client, "nl", theme="high-contrast")
    assert snap_compare(app, terminal_size=SIZE, run_before=_open_login)


def test_login_without_colour(
    snap_compare: SnapCompare, offline_client: ConsentClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = _app(offline_client, "en")
    assert snap_compare(app, terminal_size=SIZE, run_before=_open_login)


@pytest.mark.parametrize(
    ("language", "theme"), [("en", "default"), ("nl", "default"), ("en", "high-contrast")]
)
def test_home_of_a_new_account(
    snap_compare: SnapCompare,
    live_server: str,
    live_server_database_url: str,
    language: str,
    theme: str,
) -> None:
    settings = ServerSettings(database_url=live_server_database_url)
    with admin.connect(settings) as db:
        subject = admin.create_subject(db, settings, f"SNAP-{uuid.uuid4().hex[:10]}")
        code = admin.issue_activation_code(db, settings, subject.id).code
    username = f"snap.{uuid.uuid4().hex[:8]}"
    with ConsentClient(live_server, timeout=5, max_retries=0) as client:
        client.register(code, username, "a calm and long passphrase")
        client.login(username, "a calm and long passphrase")
        app = _app(client, language, theme)

        async def open_home(pilot: Pilot[None]) -> None:
            app.start_session(username, remember_me=False)
            await settle(app, pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=open_home)
