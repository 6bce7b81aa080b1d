"""Ctrl+Q leaves the app from the very first moment.

A terminal in its normal (cooked) mode treats Ctrl+Q as XON, a flow-control byte it keeps
to itself: the program never sees it. Textual switches flow control off only when it draws
its first screen, which can be a second or more after the command was typed, so leaving at
once would not work in that moment. :func:`pass_ctrl_q_through` is therefore the first
thing ``consent-app`` does: it switches XON/XOFF off on the terminal straight away, so an
early Ctrl+Q waits in the terminal's input until the app reads it, and puts the terminal's
own settings back when the process ends.

Imports nothing slow (``termios`` is built in); does not import Textual.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from typing import Any

try:
    import termios
except ImportError:  # not a POSIX system: there is no XON to swallow Ctrl+Q
    termios = None  # type: ignore[assignment]

_IFLAG = 0  # the input modes in termios' attribute list


def pass_ctrl_q_through() -> None:
    """Switch XON/XOFF flow control off on standard input's terminal, if it is one, until
    the process ends."""
    if termios is None:
        return
    try:
        fd = sys.stdin.fileno()
        if not os.isatty(fd):
            return
        before = termios.tcgetattr(fd)
    except (OSError, ValueError, termios.error):  # no usable standard input
        return
    after = list(before)
    after[_IFLAG] = before[_IFLAG] & ~(termios.IXON | termios.IXOFF)
    if after[_IFLAG] == before[_IFLAG]:
        return
    with contextlib.suppress(termios.error):
        # TCSANOW: keys typed already stay in the input; none is dropped.
        termios.tcsetattr(fd, termios.TCSANOW, after)
        atexit.register(_restore, fd, before)


def _restore(fd: int, settings: list[Any]) -> None:
    with contextlib.suppress(OSError, termios.error):
        termios.tcsetattr(fd, termios.TCSANOW, settings)
