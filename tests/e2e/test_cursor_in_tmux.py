"""In a real terminal the cursor stands on the focused button, where a screen reader or
braille display following it lands (issue 16)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux import TmuxSession

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not TmuxSession.available(), reason="tmux is not installed"),
]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo() -> Iterator[TmuxSession]:
    consent_app = Path(sys.executable).with_name("consent-app")
    session = TmuxSession(f"cd {ROOT} && {consent_app} --demo --language nl")
    try:
        yield session
    finally:
        session.close()


def _position_of(screen: str, text: str) -> tuple[int, int]:
    for y, line in enumerate(screen.splitlines()):
        if text in line:
            return line.index(text), y
    raise AssertionError(f"{text!r} is not on the screen:\n{screen}")


def _cursor_on(session: TmuxSession, text: str, timeout: float = 10.0) -> bool:
    """The cursor comes to ``text``'s line, at most a cell before it (a button's padding).

    Polled: on a busy machine the app may take a moment to handle the last key.
    """
    deadline = time.monotonic() + timeout
    while True:
        x, y = _position_of(session.screen(), text)
        cursor_x, cursor_y = session.cursor()
        if cursor_y == y and x - 1 <= cursor_x <= x:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)


def test_the_cursor_moves_with_focus_from_button_to_button(demo: TmuxSession) -> None:
    demo.wait_for("codes:", timeout=120)
    assert _cursor_on(demo, "Inloggen")
    demo.keys("Tab")
    assert _cursor_on(demo, "Aanmelden met een activeringscode")
    demo.keys("Enter")
    demo.wait_for("Kies een gebruikersnaam")
    demo.keys("Tab", "Tab", "Tab", "Tab")  # past the four fields, onto the first button
    assert _cursor_on(demo, "Aanmelden  ")
