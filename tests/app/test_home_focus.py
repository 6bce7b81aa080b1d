"""Enter on a home screen that is still loading opens the questions; it never logs out."""

from __future__ import annotations

import pytest
from textual.widgets import Button

from consent_app.screens.home import HomeScreen
from tests.support.pilot import SIZE, MakeApp

pytestmark = pytest.mark.anyio


async def test_the_first_focus_on_home_is_never_log_out(
    make_offline_app: MakeApp,
) -> None:
    app = make_offline_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(HomeScreen())
        await pilot.pause()
        focused = app.focused
        assert isinstance(focused, Button)
        # Here the server cannot be reached, so "Change my choices" is switched off once the
        # load fails and the focus moves on to the next harmless button; it never rests on
        # "Log out" (it used to, the whole time the record was loading).
        assert focused.id in ("change", "history")
