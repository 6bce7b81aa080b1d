"""Keys typed in a burst (a password manager, a paste, an assistive tool) land in key order.

Textual applies a Tab's or an Enter's focus move after the keys that follow it are already
on their way to the old field; ``consent_app.key_order`` holds them until the move is done.
These tests type a whole registration in one tmux command against the real demo.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux import TmuxSession

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not TmuxSession.available(), reason="tmux is not installed"),
]

ROOT = Path(__file__).resolve().parents[2]
USERNAME = "marieke-test-12345"
PASSPHRASE = "a calm and private passphrase"


@pytest.fixture
def demo() -> Iterator[TmuxSession]:
    consent_app = Path(sys.executable).with_name("consent-app")
    session = TmuxSession(f"cd {ROOT} && {consent_app} --demo --language en; sleep 60")
    try:
        yield session
    finally:
        session.close()


def _open_register(demo: TmuxSession) -> str:
    start = demo.wait_for("codes:", timeout=120)
    code = re.search(r"codes: (\S+)", start).group(1)  # type: ignore[union-attr]
    demo.keys("Tab", "Enter")  # "Register with an activation code"
    demo.wait_for("Choose a username")
    return code


@pytest.mark.parametrize("separator", ["Tab", "Enter"])
def test_a_whole_registration_typed_in_one_burst_lands_field_by_field(
    demo: TmuxSession, separator: str
) -> None:
    code = _open_register(demo)
    demo.burst(code, separator, USERNAME, separator, PASSPHRASE, separator, PASSPHRASE, "Enter")
    screen = demo.wait_for("Change my choices", timeout=30)
    assert "not correct" not in screen


def test_a_burst_that_starts_on_the_start_screen_reaches_the_register_screen(
    demo: TmuxSession,
) -> None:
    start = demo.wait_for("codes:", timeout=120)
    code = re.search(r"codes: (\S+)", start).group(1)  # type: ignore[union-attr]
    # Enter on "Register" opens a new screen; what follows must land in its fields.
    demo.burst("Tab", "Enter", code, "Tab", USERNAME, "Tab", PASSPHRASE, "Tab", PASSPHRASE, "Enter")
    screen = demo.wait_for("Change my choices", timeout=30)
    assert "not correct" not in screen


def test_text_after_a_tab_goes_to_the_next_field(demo: TmuxSession) -> None:
    code = _open_register(demo)
    demo.burst(code, "Tab", USERNAME, "Tab")
    screen = demo.wait_for(USERNAME, timeout=15)
    code_line = next(line for line in screen.splitlines() if "Activation code" in line)
    username_line = next(line for line in screen.splitlines() if "Choose a username" in line)
    assert USERNAME not in code_line
    assert USERNAME in username_line


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (["wrong-name", "C-u", USERNAME], USERNAME),  # Ctrl+U: everything left of the cursor
        (["marieke-tesx", "BSpace", "t-12345"], USERNAME),
        (["marieke-12345", "Left", "Left", "Left", "Left", "Left", "test-"], USERNAME),
    ],
)
def test_editing_keys_in_a_burst_edit_where_they_were_typed(
    demo: TmuxSession, typed: list[str], expected: str
) -> None:
    _open_register(demo)
    demo.burst("Tab", *typed, "Tab")  # the code field is left empty; the username is typed
    screen = demo.wait_for(expected, timeout=15)
    username_line = next(line for line in screen.splitlines() if "Choose a username" in line)
    assert username_line.split()[-1] == expected, username_line
