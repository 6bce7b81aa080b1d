"""key_order never imports TextArea (the start screen has none), yet tells one apart: Tab
in a text area that uses it stays there."""

from __future__ import annotations

import pytest
from textual.app import ComposeResult
from textual.widgets import Input, TextArea

from consent_app.key_order import KeyOrderedApp

pytestmark = pytest.mark.anyio


class _Form(KeyOrderedApp[None]):
    def compose(self) -> ComposeResult:
        yield TextArea(id="text", tab_behavior="indent")
        yield Input(id="after")


async def test_tab_in_a_text_area_indents_instead_of_moving_on() -> None:
    app = _Form()
    async with app.run_test() as pilot:
        area = app.query_one("#text", TextArea)
        area.focus()
        await pilot.pause()
        await pilot.press("a", "tab", "b")
        await pilot.pause()
        assert app.focused is area
        assert area.text.startswith("a") and area.text.endswith("b")
        assert len(area.text) > 2  # the Tab became indentation between them
