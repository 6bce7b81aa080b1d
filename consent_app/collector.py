"""Python's cyclic garbage collector paused while the app starts, until its first frame.

Before the first screen Python makes some hundred thousand objects: Textual's modules and
classes, the screen's widgets and their styles. Nearly all of them live as long as the app,
and none of them is garbage a cycle holds, yet the collector went over them again and
again as they were made: about 5 % of the CPU time to the first frame. So the commands that
start the app (``run_app``, and ``demo.run_headless`` that the start-up benchmark and tests
use) pause it first, and the app resumes it once its first screen is drawn, or when it ends
without one. Nothing else pauses it: a paused collector is a leak in waiting.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

_paused = False


def pause() -> None:
    """Stop the collector until :func:`resume` (if it is running at all)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Start the collector again if :func:`pause` stopped it; else change nothing."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Paused for the block, unless resumed sooner (the first frame); running again after it,
    however the block ends."""
    pause()
    try:
        yield
    finally:
        resume()
