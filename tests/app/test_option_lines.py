"""Refilling an option list: what is highlighted, and when the list shows."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from consent_app.widgets.option_lines import refill

pytestmark = pytest.mark.anyio


class OneList(App[None]):
    def compose(self) -> ComposeResult:
        yield OptionList(id="lines")


def lines(*names: str, ended: tuple[str, ...] = ()) -> list[Option]:
    usable = [Option(name, id=name) for name in names]
    return [*usable, *(Option(name, id=name, disabled=True) for name in ended)]


async def test_the_first_line_that_can_be_chosen_is_highlighted() -> None:
    async with OneList().run_test() as pilot:
        options = pilot.app.query_one(OptionList)
        assert refill(options, lines("a", "b")) is True
        assert options.highlighted == 0
        assert options.display is True


async def test_with_only_ended_lines_nothing_is_highlighted_but_the_list_shows() -> None:
    async with OneList().run_test() as pilot:
        options = pilot.app.query_one(OptionList)
        assert refill(options, lines(ended=("old",))) is False
        assert options.highlighted is None
        assert options.display is True


async def test_an_empty_list_is_hidden() -> None:
    async with OneList().run_test() as pilot:
        options = pilot.app.query_one(OptionList)
        refill(options, lines("a"))
        assert refill(options, []) is False
        assert options.display is False
        assert options.option_count == 0


async def test_refilled_without_keep_place_the_highlight_goes_back_to_the_first() -> None:
    async with OneList().run_test() as pilot:
        options = pilot.app.query_one(OptionList)
        refill(options, lines("a", "b", "c"))
        options.highlighted = 2
        refill(options, lines("a", "b", "c"))
        assert options.highlighted == 0


async def test_keep_place_keeps_the_highlighted_line_within_the_new_length() -> None:
    async with OneList().run_test() as pilot:
        options = pilot.app.query_one(OptionList)
        refill(options, lines("a", "b", "c"), keep_place=True)
        assert options.highlighted == 0  # nothing highlighted before: the first
        options.highlighted = 2
        refill(options, lines("a", "b", "c"), keep_place=True)
        assert options.highlighted == 2
        refill(options, lines("a", "b"), keep_place=True)
        assert options.highlighted == 1
