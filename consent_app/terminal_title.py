"""The terminal's window title: neutral while the app runs, the previous one afterwards.

xterm and most terminals keep a stack of titles: ``CSI 22;0t`` saves the current one,
``CSI 23;0t`` brings it back. The app saves the title, sets its own neutral one (the same
"Notes" the app shows, in the current language) and restores the saved title when it ends.
Terminals without the stack ignore those two sequences.

This module does not import Textual.
"""

from __future__ import annotations

from typing import TextIO

PUSH_TITLE = "\x1b[22;0t"
POP_TITLE = "\x1b[23;0t"


def set_title_sequence(title: str) -> str:
    """OSC 2 (window title), with control characters removed so the text cannot end it."""
    clean = "".join(char for char in title if char.isprintable())
    return f"\x1b]2;{clean}\x07"


def save_and_set(stream: TextIO, title: str) -> None:
    stream.write(PUSH_TITLE + set_title_sequence(title))
    stream.flush()


def restore(stream: TextIO) -> None:
    stream.write(POP_TITLE)
    stream.flush()
