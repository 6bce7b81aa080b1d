"""A tab or other control character pasted into a one-line field becomes a space, so the
server never refuses what the person entered (it refuses control characters with 422)."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.widgets.input import Selection

from consent_app.widgets.passphrase_input import PassphraseInput
from consent_app.widgets.text_field import TextField

pytestmark = pytest.mark.anyio


class _Form(App[None]):
    def compose(self) -> ComposeResult:
        yield TextField(id="identity", max_length=200)
        yield PassphraseInput(id="passphrase", max_length=512)


async def test_pasted_control_characters_become_spaces() -> None:
    app = _Form()
    async with app.run_test() as pilot:
        field = app.query_one("#identity", TextField)
        field.focus()
        field.post_message(events.Paste("passport\t4711\x00 seen\x1b"))
        await pilot.pause()
        assert field.value == "passport 4711  seen "
        field.selection = Selection(0, len(field.value))
        field.post_message(events.Paste("in\tperson"))
        await pilot.pause()
        assert field.value == "in person"


async def test_a_passphrase_keeps_what_was_pasted() -> None:
    app = _Form()
    async with app.run_test() as pilot:
        field = app.query_one("#passphrase", PassphraseInput)
        field.focus()
        field.post_message(events.Paste("tab\there"))
        await pilot.pause()
        assert field.value == "tab\there"
