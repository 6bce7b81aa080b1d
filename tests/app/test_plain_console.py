"""The plain mode's line dialogue on its own: answers by number and by word, the command
words, what is refused, and when the mode is chosen."""

from __future__ import annotations

import io

import pytest

from consent_app.i18n import Msg, set_language
from consent_app.plain.console import Back, Console, Later, Leave, number_in, word_in
from consent_app.plain.run import wanted
from consent_app.plain.wizard import numbers_in

OPTIONS = [Msg("Yes, I want to be told"), Msg("No, I do not want to be told")]


def _console(typed: str) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(io.StringIO(typed), out), out


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def test_a_bad_answer_gets_one_line_and_the_question_is_asked_again() -> None:
    console, out = _console("7\nmaybe\n2\n")
    assert console.choose(OPTIONS) == 1
    written = out.getvalue()
    assert written.count("Please type a number from 1 to 2.") == 2
    assert written.count("1. Yes, I want to be told") == 1  # the question itself once
    assert written.count("> ") == 3


def test_an_answer_may_be_its_first_words_in_the_language_shown() -> None:
    console, _ = _console("no\n")
    assert console.choose(OPTIONS) == 1
    set_language("nl")
    console, _ = _console("ja\n")
    assert console.choose(OPTIONS) == 0


def test_enter_keeps_the_current_answer() -> None:
    console, out = _console("\n")
    assert console.choose(OPTIONS, current=1) == 1
    assert "Press Enter to keep 2." in out.getvalue()


def test_question_mark_writes_why_we_ask_and_asks_again() -> None:
    console, out = _console("?\n1\n")
    assert console.choose(OPTIONS, why=Msg("Because it matters.")) == 0
    assert "Because it matters." in out.getvalue()


@pytest.mark.parametrize(
    ("typed", "raised"),
    [
        ("leave\n", Leave),
        ("stoppen\n", Leave),
        ("", Leave),  # Ctrl+D: the end of the input
        ("back\n", Back),
        ("terug\n", Back),
        ("later\n", Later),
    ],
)
def test_the_command_words(typed: str, raised: type[Exception]) -> None:
    console, _ = _console(typed)
    with pytest.raises(raised):
        console.choose(OPTIONS, later=True)


def test_back_and_later_where_they_do_not_apply_are_refused_with_a_line() -> None:
    console, out = _console("back\nlater\n1\n")
    assert console.choose(OPTIONS, back=False, later=False) == 0
    assert out.getvalue().count("This is not possible at this question.") == 2


def test_numbers_keep_their_order_and_refuse_what_is_out_of_range() -> None:
    assert numbers_in("2 1", 5) == ([1, 0], None)
    assert numbers_in("3,3, 1", 5) == ([2, 0], None)
    assert numbers_in("0", 5) == ([], None)
    values, problem = numbers_in("1 9", 5)
    assert values is None and problem is not None
    assert number_in("2.", 3) == 1
    assert number_in("0", 3) is None
    assert word_in("y", ["yes", "no"]) is None  # one letter is too little to be sure
    assert word_in("n", ["no", "never"]) is None


def test_the_plain_mode_is_chosen_for_a_dumb_terminal_or_output_that_is_not_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert not wanted(False, Terminal(), {"TERM": "xterm-256color"})
    assert wanted(True, Terminal(), {"TERM": "xterm-256color"})
    assert wanted(False, Terminal(), {"TERM": "dumb"})
    assert wanted(False, io.StringIO(), {"TERM": "xterm-256color"})
