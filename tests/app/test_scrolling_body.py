"""The scrolling body of a screen is no Tab stop (Tab never lands on nothing visible), and
the keyboard still scrolls it."""

from __future__ import annotations

import pytest
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from consent_app.i18n import Msg
from consent_app.screens.base import AppScreen
from consent_app.widgets.translatable import TranslatedButton
from tests.support.pilot import SIZE, MakeApp

pytestmark = pytest.mark.anyio


class LongScreen(AppScreen):
    """A screen whose text is longer than 24 lines, with or without a button on top."""

    def __init__(self, *, with_button: bool) -> None:
        super().__init__()
        self.with_button = with_button

    def compose_body(self) -> ComposeResult:
        if self.with_button:
            yield TranslatedButton(Msg("Back"), id="back", compact=True)
        for number in range(60):
            yield Static(f"line {number}")


async def test_tab_never_lands_on_the_scrolling_body(make_offline_app: MakeApp) -> None:
    app = make_offline_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        landed = []
        for _ in range(12):
            await pilot.press("tab")
            landed.append(app.focused)
        assert all(widget is not None for widget in landed)
        assert not [w for w in landed if isinstance(w, VerticalScroll)]
        assert app.screen.query_one("#body").can_focus is False


@pytest.mark.parametrize("with_button", [True, False])
async def test_page_down_and_down_scroll_the_body(
    make_offline_app: MakeApp, with_button: bool
) -> None:
    app = make_offline_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = LongScreen(with_button=with_button)
        await app.push_screen(screen)
        await pilot.pause()
        if with_button:
            assert app.focused is screen.query_one("#back")
        else:
            screen.set_focus(None)
        body = screen.query_one("#body", VerticalScroll)
        assert body.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        paged = body.scroll_y
        assert paged > 10
        await pilot.press("down")
        await pilot.pause()
        assert body.scroll_y == paged + 1
        await pilot.press("pageup", "up")
        await pilot.pause()
        assert body.scroll_y == 0
