"""Leave instantly, auto-lock, neutral title, no animation, crash output without data."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from api_client.tokens import TokenPair
from consent_app.navigation import Mode
from consent_app.screens.lock import LockScreen
from consent_app.screens.login import LoginScreen
from consent_app.screens.start import StartScreen
from tests.support.pilot import SIZE, FakeClock, MakeApp, idle_for, screen_text

pytestmark = pytest.mark.anyio


def _fake_tokens() -> TokenPair:
    import datetime as dt

    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    return TokenPair("a" * 32, "r" * 32, later, later)


async def test_leave_key_exits_at_once_and_forgets_tokens(make_offline_app: MakeApp) -> None:
    app = make_offline_app()
    app.client.set_tokens(_fake_tokens())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.left_instantly
    assert app.return_code == 0
    assert app.client.tokens is None
    assert app._exit_renderables == []


async def test_leave_key_works_while_typing_a_passphrase(make_offline_app: MakeApp) -> None:
    app = make_offline_app()
    async with app.run_test(size=SIZE) as pilot:
        app.show_login()
        await pilot.pause()
        await pilot.press("tab", *"secret", "ctrl+q")
        await pilot.pause()
    assert app.left_instantly


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_every_screen_shows_the_leave_key(make_offline_app: MakeApp, language: str) -> None:
    app = make_offline_app(language=language)
    async with app.run_test(size=SIZE) as pilot:
        openers: list[Callable[[], object]] = [
            lambda: None,
            app.show_login,
            app.show_register,
            app.action_help,
        ]
        for open_screen in openers:
            open_screen()
            await pilot.pause()
            first_line = screen_text(app).splitlines()[0]
            assert "Ctrl+Q" in first_line
            assert ("leave now" if language == "en" else "direct weg") in first_line


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_a_click_on_the_leave_hint_leaves_and_on_the_title_does_not(
    make_offline_app: MakeApp, language: str
) -> None:
    app = make_offline_app(language=language)
    async with app.run_test(size=SIZE) as pilot:
        first_line = screen_text(app).splitlines()[0]
        hint_start = first_line.index("Ctrl+Q")
        for column in (2, hint_start - 2):  # the title, the space before the hint
            await pilot.click("#safety-bar", offset=(column, 0))
            await pilot.pause()
            assert not app.left_instantly
        await pilot.click("#safety-bar", offset=(hint_start, 0))
        await pilot.pause()
    assert app.left_instantly


async def test_the_safety_bar_is_one_widget(make_offline_app: MakeApp) -> None:
    """Every screen has one, and each widget costs time before a screen is drawn."""
    app = make_offline_app()
    async with app.run_test(size=SIZE):
        assert not app.screen.query_one("#safety-bar").children


async def test_on_a_narrow_line_the_title_gives_way_to_the_leave_hint(
    make_offline_app: MakeApp,
) -> None:
    app = make_offline_app()
    async with app.run_test(size=(24, 12)):
        first_line = screen_text(app).splitlines()[0]
        assert first_line.rstrip().endswith("Ctrl+Q = leave now")
        assert first_line.startswith(" No  Ctrl+Q")  # as a title of the width left, padded


async def test_title_is_neutral_and_nothing_animates(make_offline_app: MakeApp) -> None:
    app = make_offline_app()
    async with app.run_test(size=SIZE):
        assert app.title == "Notes"
        assert app.animation_level == "none"
        assert not app.use_command_palette


async def test_idle_app_without_login_drops_half_typed_forms(
    make_offline_app: MakeApp, fake_clock: FakeClock
) -> None:
    app = make_offline_app(auto_lock_seconds=2)
    async with app.run_test(size=SIZE) as pilot:
        app.show_login()
        await pilot.pause()
        await pilot.press(*"alice")
        assert isinstance(app.screen, LoginScreen)
        await idle_for(app, pilot, fake_clock, 1.5)
        assert isinstance(app.screen, LoginScreen)
        await idle_for(app, pilot, fake_clock, 1.5)
        assert isinstance(app.screen, StartScreen)
        assert "alice" not in screen_text(app)


async def test_warning_comes_before_the_lock_and_a_key_keeps_it_open(
    make_offline_app: MakeApp, fake_clock: FakeClock
) -> None:
    app = make_offline_app(auto_lock_seconds=8, auto_lock_warning_seconds=4)
    async with app.run_test(size=SIZE) as pilot:
        app.show_login()
        await pilot.press("a")
        await idle_for(app, pilot, fake_clock, 3)
        assert not app._notifications  # too early: the warning comes 8/3 s before the lock
        await idle_for(app, pilot, fake_clock, 3)
        assert isinstance(app.screen, LoginScreen)
        assert any("lock itself" in n.message for n in app._notifications)
        await pilot.press("b")
        assert not app._notifications
        await idle_for(app, pilot, fake_clock, 5)
        assert isinstance(app.screen, LoginScreen)


async def test_lock_drops_personal_screens_and_tokens(
    make_offline_app: MakeApp, fake_clock: FakeClock
) -> None:
    app = make_offline_app()
    async with app.run_test(size=SIZE) as pilot:
        app.client.set_tokens(_fake_tokens())
        app.start_session("alice", remember_me=False)
        await pilot.pause()
        await idle_for(app, pilot, fake_clock, app.settings.auto_lock_seconds)
        assert isinstance(app.screen, LockScreen)
        assert app.current_mode == Mode.locked
        assert len(app.screen_stack) == 1  # the lock alone
        assert app.client.tokens is None
        assert "alice" not in screen_text(app)


CRASHING_APP = textwrap.dedent(
    """
    import sys
    from api_client import ConsentClient
    from consent_app.app import ConsentApp
    from consent_app.settings import AppSettings

    class Crashing(ConsentApp):
        def on_mount(self) -> None:
            passphrase = "SENTINEL-" + "do-not-print"
            raise RuntimeError(passphrase)

    app = Crashing(AppSettings(language="en"), ConsentClient("http://127.0.0.1:9"))
    app.run(headless=True)
    sys.exit(app.return_code)
    """
)


def test_crash_prints_one_calm_line_and_no_data(tmp_path: Path) -> None:
    script = tmp_path / "crashing_app.py"
    script.write_text(CRASHING_APP)
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "SENTINEL" not in output
    assert "do-not-print" not in output
    assert "unexpected error (RuntimeError)" in output
    assert "Traceback" not in output
