"""With reduced motion (CONSENT_APP_REDUCE_MOTION) nothing on screen changes by itself: no
flash after a press, no message that vanishes on a timer. Without it, both do."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Button

from consent_app.app import ConsentApp
from consent_app.screens.login import LoginScreen
from tests.support.pilot import SIZE, FakeClock, MakeApp, idle_for, screen_text

pytestmark = pytest.mark.anyio

IDLE_SECONDS = 1.5
"""Longer than the press flash (0.2 s) and the lock warning's time on screen (1 s here)."""


async def _press_and_get_warned(
    app: ConsentApp, pilot: Pilot[None], clock: FakeClock
) -> tuple[Button, str]:
    """Press "Log in" with empty fields, then idle until the lock warning shows."""
    app.show_login()
    await pilot.pause()
    assert isinstance(app.screen, LoginScreen)
    submit = app.screen.query_one("#submit", Button)
    submit.focus()
    await pilot.press("enter")
    await idle_for(app, pilot, clock, 2.2)  # the warning comes 1 s before the lock at 3 s
    await pilot.pause()  # the message is drawn
    shown = screen_text(app)
    assert "lock itself" in shown
    return submit, app.export_screenshot()


async def test_with_reduced_motion_nothing_changes_while_idle(
    make_offline_app: MakeApp, fake_clock: FakeClock
) -> None:
    app = make_offline_app(auto_lock_seconds=3, reduce_motion=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        submit, before = await _press_and_get_warned(app, pilot, fake_clock)
        assert not submit.has_class("-active")  # no flash at all
        await pilot.pause(IDLE_SECONDS)  # real time: Textual's timers run; the clock stands
        assert app.export_screenshot() == before
        assert "lock itself" in screen_text(app)

        await pilot.press("a")  # the person's own key takes the message away
        await pilot.pause()
        assert "lock itself" not in screen_text(app)


async def test_without_reduced_motion_the_flash_and_the_warning_go_by_themselves(
    make_offline_app: MakeApp, fake_clock: FakeClock
) -> None:
    app = make_offline_app(auto_lock_seconds=3)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        _, before = await _press_and_get_warned(app, pilot, fake_clock)
        await pilot.pause(IDLE_SECONDS)
        assert app.export_screenshot() != before
        assert "lock itself" not in screen_text(app)
